//! The search index over OpenSearch (Amazon OpenSearch Service with SigV4, or a plain local node).
//!
//! Analysis matches the embedded tantivy engine: lower-case, ASCII folding, then French Snowball or
//! English (Porter2) stemming by the document's language, in per-language fields.

use async_trait::async_trait;
use opensearch::http::request::JsonBody;
use opensearch::http::transport::{SingleNodeConnectionPool, TransportBuilder};
use opensearch::indices::{IndicesCreateParts, IndicesExistsParts};
use opensearch::params::Refresh;
use opensearch::{BulkParts, OpenSearch, SearchParts};
use rouen_ports::search_index::validate_query;
use rouen_ports::{SearchDoc, SearchError, SearchHit, SearchIndex, SearchQuery, SearchResults};
use serde_json::{Value, json};

pub struct OpenSearchIndex {
    client: OpenSearch,
    index: String,
}

fn engine(err: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(err.to_string())
}

fn is_english(lang: &str) -> bool {
    lang == "en"
}

fn index_settings() -> Value {
    json!({
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "filter": {
                    "rouen_long": {"type": "length", "max": 64},
                    "rouen_fr_stem": {"type": "stemmer", "language": "french"},
                    "rouen_en_stem": {"type": "stemmer", "language": "porter2"}
                },
                "analyzer": {
                    "rouen_fr": {"type": "custom", "tokenizer": "standard",
                                  "filter": ["rouen_long", "lowercase", "asciifolding", "rouen_fr_stem"]},
                    "rouen_en": {"type": "custom", "tokenizer": "standard",
                                  "filter": ["rouen_long", "lowercase", "asciifolding", "rouen_en_stem"]}
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "category": {"type": "keyword"},
                "tags": {"type": "keyword"},
                "lang": {"type": "keyword"},
                "title": {"type": "keyword", "index": false},
                "title_fr": {"type": "text", "analyzer": "rouen_fr"},
                "body_fr": {"type": "text", "analyzer": "rouen_fr"},
                "title_en": {"type": "text", "analyzer": "rouen_en"},
                "body_en": {"type": "text", "analyzer": "rouen_en"},
                "date": {"type": "date"},
                "geo": {"type": "geo_point"}
            }
        }
    })
}

fn document(doc: &SearchDoc) -> Value {
    let (title_field, body_field) = if is_english(&doc.lang) {
        ("title_en", "body_en")
    } else {
        ("title_fr", "body_fr")
    };
    let mut source = json!({
        "id": doc.id,
        "kind": doc.kind,
        "category": doc.category,
        "tags": doc.tags,
        "lang": doc.lang,
        "title": doc.title,
        "date": doc.date.map(|d| d.to_rfc3339()),
    });
    source[title_field] = json!(doc.title);
    source[body_field] = json!(doc.body);
    if let Some(geo) = doc.geo {
        source["geo"] = json!({"lat": geo.lat, "lon": geo.lon});
    }
    source
}

fn search_body(query: &SearchQuery) -> Value {
    let mut filters = Vec::new();
    if !query.kinds.is_empty() {
        filters.push(json!({"terms": {"kind": query.kinds}}));
    }
    if !query.categories.is_empty() {
        filters.push(json!({"terms": {"category": query.categories}}));
    }
    if query.from.is_some() || query.to.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(from) = query.from {
            range.insert("gte".into(), json!(from.to_rfc3339()));
        }
        if let Some(to) = query.to {
            range.insert("lte".into(), json!(to.to_rfc3339()));
        }
        filters.push(json!({"range": {"date": range}}));
    }
    if let Some((point, radius_km)) = query.near {
        filters.push(json!({"geo_distance": {"distance": format!("{radius_km}km"), "geo": {"lat": point.lat, "lon": point.lon}}}));
    }
    let text = query.text.trim();
    let must = if text.is_empty() {
        json!({"match_all": {}})
    } else {
        json!({"simple_query_string": {
            "query": text,
            "fields": ["title_fr^2", "body_fr", "title_en^2", "body_en"],
            "default_operator": "or",
            "lenient": true
        }})
    };
    let by_date = json!({"date": {"order": "desc", "missing": "_last"}});
    let sort = if text.is_empty() {
        json!([by_date, {"id": "asc"}])
    } else {
        json!(["_score", by_date, {"id": "asc"}])
    };
    json!({
        "from": query.offset,
        "size": query.limit,
        "track_total_hits": true,
        "query": {"bool": {"must": [must], "filter": filters}},
        "sort": sort,
        "_source": ["id", "kind", "title"]
    })
}

impl OpenSearchIndex {
    /// Plain HTTP for a local node; SigV4 (service `es`) with the SDK's credentials for AWS.
    /// Builds the client only: no network I/O.
    pub fn new(
        url: &str,
        index: &str,
        sigv4: Option<&aws_config::SdkConfig>,
    ) -> Result<Self, SearchError> {
        let url = url::Url::parse(url)
            .map_err(|e| SearchError::InvalidRequest(format!("search URL: {e}")))?;
        let mut builder = TransportBuilder::new(SingleNodeConnectionPool::new(url)).disable_proxy();
        if let Some(sdk) = sigv4 {
            let credentials = sdk.clone().try_into().map_err(engine)?;
            builder = builder.auth(credentials).service_name("es");
        }
        Ok(Self {
            client: OpenSearch::new(builder.build().map_err(engine)?),
            index: index.to_owned(),
        })
    }

    /// Creates the index with its analysers and mapping if it does not exist.
    pub async fn ensure_index(&self) -> Result<(), SearchError> {
        let exists = self
            .client
            .indices()
            .exists(IndicesExistsParts::Index(&[&self.index]))
            .send()
            .await
            .map_err(engine)?;
        if exists.status_code().is_success() {
            return Ok(());
        }
        let created = self
            .client
            .indices()
            .create(IndicesCreateParts::Index(&self.index))
            .body(index_settings())
            .send()
            .await
            .map_err(engine)?;
        let status = created.status_code();
        if status.is_success() {
            return Ok(());
        }
        let body: Value = created.json().await.unwrap_or_default();
        if body["error"]["type"] == "resource_already_exists_exception" {
            return Ok(());
        }
        Err(SearchError::Engine(format!(
            "creating index {}: HTTP {status}: {}",
            self.index, body["error"]
        )))
    }

    async fn bulk(&self, lines: Vec<JsonBody<Value>>) -> Result<(), SearchError> {
        let response = self
            .client
            .bulk(BulkParts::Index(&self.index))
            .refresh(Refresh::WaitFor)
            .body(lines)
            .send()
            .await
            .map_err(engine)?;
        let status = response.status_code();
        let body: Value = response.json().await.map_err(engine)?;
        if !status.is_success() {
            return Err(SearchError::Engine(format!(
                "bulk: HTTP {status}: {}",
                body["error"]
            )));
        }
        let first_error = body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item.as_object().and_then(|o| o.values().next()))
            .find_map(|result| result.get("error"));
        match first_error {
            Some(error) => Err(SearchError::Engine(format!("bulk item failed: {error}"))),
            None => Ok(()),
        }
    }
}

#[async_trait]
impl SearchIndex for OpenSearchIndex {
    async fn index(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        if docs.iter().any(|d| d.id.is_empty()) {
            return Err(SearchError::InvalidRequest("a document needs an id".into()));
        }
        let mut lines = Vec::with_capacity(docs.len() * 2);
        for doc in &docs {
            lines.push(JsonBody::new(json!({"index": {"_id": doc.id}})));
            lines.push(JsonBody::new(document(doc)));
        }
        self.bulk(lines).await
    }

    async fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        let lines: Vec<JsonBody<Value>> = ids
            .iter()
            .filter(|id| !id.is_empty())
            .map(|id| JsonBody::new(json!({"delete": {"_id": id}})))
            .collect();
        if lines.is_empty() {
            return Ok(());
        }
        self.bulk(lines).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        validate_query(query)?;
        let response = self
            .client
            .search(SearchParts::Index(&[&self.index]))
            .body(search_body(query))
            .send()
            .await
            .map_err(engine)?;
        let status = response.status_code();
        let body: Value = response.json().await.map_err(engine)?;
        if !status.is_success() {
            return Err(SearchError::Engine(format!(
                "search: HTTP {status}: {}",
                body["error"]
            )));
        }
        let hits = body["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|hit| SearchHit {
                id: hit["_source"]["id"].as_str().unwrap_or_default().to_owned(),
                kind: hit["_source"]["kind"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                title: hit["_source"]["title"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                score: hit["_score"].as_f64().unwrap_or(0.0) as f32,
            })
            .collect();
        Ok(SearchResults {
            hits,
            total: body["hits"]["total"]["value"].as_u64().unwrap_or(0),
        })
    }

    async fn ping(&self) -> Result<(), SearchError> {
        let response = self.client.ping().send().await.map_err(engine)?;
        if response.status_code().is_success() {
            Ok(())
        } else {
            Err(SearchError::Engine(format!(
                "ping: HTTP {}",
                response.status_code()
            )))
        }
    }
}
