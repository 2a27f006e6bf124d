//! Search index engine on tantivy, in a directory of its own.
//!
//! Title and body are indexed into per-language fields (`title_fr`/`body_fr`, `title_en`/`body_en`),
//! each with its language's analyzer (words → lower case → ASCII folding → Snowball stemmer), and a
//! query is parsed against all four fields, so each field analyses the query text with the analyzer
//! that indexed it. The OpenSearch engine mirrors these analyzers; the conformance suite holds both to
//! the same results.

use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use rouen_ports::search_index::validate_query;
use rouen_ports::{
    GeoPoint, SearchDoc, SearchError, SearchHit, SearchIndex, SearchQuery, SearchResults,
};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, SegmentReader, Term,
};

/// Analyzer names as registered on the index (tokenizers are not persisted: registered at every open).
const FRENCH_ANALYZER: &str = "rouen_fr";
const ENGLISH_ANALYZER: &str = "rouen_en";

/// Titles weigh more than bodies in the ranking.
const TITLE_BOOST: f32 = 2.0;

/// One indexing thread is plenty for a local city and keeps the 2-core dev machines responsive.
const WRITER_THREADS: usize = 1;
const WRITER_MEMORY_BYTES: usize = 32_000_000;

/// Tokens longer than this are noise (base64, URLs glued together) and would bloat the term dictionary.
const MAX_TOKEN_LEN: usize = 64;

/// Kilometres per degree of latitude (and of longitude at the equator), slightly generous so that the
/// bounding box never cuts off a point the exact haversine check would keep.
const KM_PER_DEGREE: f64 = 111.0;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    kind: Field,
    title: Field,
    title_fr: Field,
    body_fr: Field,
    title_en: Field,
    body_en: Field,
    lang: Field,
    category: Field,
    tags: Field,
    date: Field,
    lat: Field,
    lon: Field,
}

/// Field names the fast-field readers look columns up by.
const DATE_FIELD: &str = "date";
const LAT_FIELD: &str = "lat";
const LON_FIELD: &str = "lon";

fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                // Positions let users quote phrases.
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        title: builder.add_text_field("title", STORED),
        title_fr: builder.add_text_field("title_fr", analysed(FRENCH_ANALYZER)),
        body_fr: builder.add_text_field("body_fr", analysed(FRENCH_ANALYZER)),
        title_en: builder.add_text_field("title_en", analysed(ENGLISH_ANALYZER)),
        body_en: builder.add_text_field("body_en", analysed(ENGLISH_ANALYZER)),
        lang: builder.add_text_field("lang", STRING | STORED),
        category: builder.add_text_field("category", STRING | STORED),
        tags: builder.add_text_field("tags", STRING | STORED),
        // Microseconds since the epoch: exact for inclusive bounds, and an i64 sorts natively.
        date: builder.add_i64_field(DATE_FIELD, INDEXED | FAST | STORED),
        lat: builder.add_f64_field(LAT_FIELD, INDEXED | FAST | STORED),
        lon: builder.add_f64_field(LON_FIELD, INDEXED | FAST | STORED),
    };
    (builder.build(), fields)
}

fn analyzer(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(language))
        .build()
}

/// The port's rule: "en" is English, anything else French.
fn is_english(lang: &str) -> bool {
    lang == "en"
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    parser: QueryParser,
    fields: Fields,
}

/// The embedded [`SearchIndex`]: tantivy in a directory, one writer, searchable as soon as a write
/// returns.
#[derive(Clone)]
pub struct TantivySearchIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for TantivySearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivySearchIndex").finish_non_exhaustive()
    }
}

impl TantivySearchIndex {
    /// Opens the index in `dir`, creating the directory and the index if needed.
    ///
    /// Only one `TantivySearchIndex` may hold a directory at a time (tantivy's writer lock); a second
    /// one fails with [`SearchError::Engine`].
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(SearchError::engine)?;
        let (schema, fields) = build_schema();
        let directory = MmapDirectory::open(dir).map_err(SearchError::engine)?;
        let index = Index::open_or_create(directory, schema).map_err(SearchError::engine)?;
        index
            .tokenizers()
            .register(FRENCH_ANALYZER, analyzer(Language::French));
        index
            .tokenizers()
            .register(ENGLISH_ANALYZER, analyzer(Language::English));

        let writer = index
            .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BYTES)
            .map_err(SearchError::engine)?;
        // Reloaded by hand after every commit, so that a write is visible when it returns.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(SearchError::engine)?;

        let mut parser = QueryParser::for_index(
            &index,
            vec![
                fields.title_fr,
                fields.body_fr,
                fields.title_en,
                fields.body_en,
            ],
        );
        parser.set_field_boost(fields.title_fr, TITLE_BOOST);
        parser.set_field_boost(fields.title_en, TITLE_BOOST);

        tracing::info!(dir = %dir.display(), docs = reader.searcher().num_docs(), "search index opened");
        Ok(Self {
            inner: Arc::new(Inner {
                index,
                reader,
                writer: Mutex::new(writer),
                parser,
                fields,
            }),
        })
    }

    /// Runs blocking tantivy work off the async runtime.
    async fn blocking<T, F>(&self, work: F) -> Result<T, SearchError>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> Result<T, SearchError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || work(&inner))
            .await
            .map_err(SearchError::engine)?
    }
}

impl Inner {
    fn to_document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let (title_field, body_field) = if is_english(&doc.lang) {
            (f.title_en, f.body_en)
        } else {
            (f.title_fr, f.body_fr)
        };
        let mut out = TantivyDocument::new();
        out.add_text(f.id, &doc.id);
        out.add_text(f.kind, &doc.kind);
        out.add_text(f.title, &doc.title);
        out.add_text(title_field, &doc.title);
        out.add_text(body_field, &doc.body);
        out.add_text(f.lang, &doc.lang);
        if let Some(category) = &doc.category {
            out.add_text(f.category, category);
        }
        for tag in &doc.tags {
            out.add_text(f.tags, tag);
        }
        if let Some(date) = doc.date {
            out.add_i64(f.date, date.timestamp_micros());
        }
        if let Some(geo) = doc.geo {
            out.add_f64(f.lat, geo.lat);
            out.add_f64(f.lon, geo.lon);
        }
        out
    }

    /// Applies queued operations, or drops them all if one failed, then makes the result visible.
    fn commit(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        queued: tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let committed = queued.and_then(|()| writer.commit().map(|_| ()));
        if let Err(err) = committed {
            if let Err(rollback) = writer.rollback() {
                tracing::error!(error = %rollback, "search index rollback failed");
            }
            return Err(SearchError::engine(err));
        }
        self.reader.reload().map_err(SearchError::engine)
    }

    fn index(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let queued = docs.iter().try_for_each(|doc| {
            // Delete first: the delete only reaches documents added before it, so the new one survives.
            writer.delete_term(Term::from_field_text(self.fields.id, &doc.id));
            writer.add_document(self.to_document(doc)).map(|_| ())
        });
        self.commit(&mut writer, queued)
    }

    fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        self.commit(&mut writer, Ok(()))
    }

    fn build_query(&self, query: &SearchQuery) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();

        let text = query.text.trim();
        if !text.is_empty() {
            let (parsed, errors) = self.parser.parse_query_lenient(text);
            if !errors.is_empty() {
                // User input is never an error: the lenient parser keeps what it could make sense of.
                tracing::debug!(
                    errors = errors.len(),
                    "search text partly unparsable, kept the rest"
                );
            }
            clauses.push((Occur::Must, parsed));
        }

        // Filters must not change the relevance score, hence the zero constant score.
        let mut filter =
            |q: Box<dyn Query>| clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));

        if !query.kinds.is_empty() {
            filter(any_of(f.kind, &query.kinds));
        }
        if !query.categories.is_empty() {
            filter(any_of(f.category, &query.categories));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |d: Option<chrono::DateTime<chrono::Utc>>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.date, d.timestamp_micros())),
                None => Bound::Unbounded,
            };
            filter(Box::new(RangeQuery::new(
                bound(query.from),
                bound(query.to),
            )));
        }
        if let Some((center, radius_km)) = query.near {
            for q in geo_filter(f, center, radius_km) {
                filter(q);
            }
        }

        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        if text.is_empty() {
            // Only filters: anchor them on every document.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let tantivy_query = self.build_query(query);
        let top = TopDocs::with_limit(query.limit as usize).and_offset(query.offset as usize);
        let newest_first = (
            SortByStaticFastValue::<i64>::for_field(DATE_FIELD),
            Order::Desc,
        );

        let (total, ranked): (usize, Vec<(f32, DocAddress)>) = if query.text.trim().is_empty() {
            let (total, docs) = searcher
                .search(&tantivy_query, &(Count, top.order_by(newest_first)))
                .map_err(SearchError::engine)?;
            (
                total,
                docs.into_iter().map(|(_, addr)| (0.0, addr)).collect(),
            )
        } else {
            let (total, docs) = searcher
                .search(
                    &tantivy_query,
                    &(Count, top.order_by((SortBySimilarityScore, newest_first))),
                )
                .map_err(SearchError::engine)?;
            (
                total,
                docs.into_iter()
                    .map(|((score, _), addr)| (score, addr))
                    .collect(),
            )
        };

        let hits = ranked
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, addr, score))
            .collect::<Result<Vec<_>, _>>()?;
        // The text itself stays out of the logs: users type names and addresses.
        tracing::debug!(
            total,
            returned = hits.len(),
            offset = query.offset,
            "search served"
        );
        Ok(SearchResults {
            hits,
            total: total as u64,
        })
    }

    fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
    ) -> Result<SearchHit, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(SearchError::engine)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Ok(SearchHit {
            id: text(self.fields.id),
            kind: text(self.fields.kind),
            title: text(self.fields.title),
            score,
        })
    }
}

/// Matches documents whose raw `field` equals one of `values`.
fn any_of(field: Field, values: &[String]) -> Box<dyn Query> {
    let terms = values
        .iter()
        .map(|v| -> (Occur, Box<dyn Query>) {
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                )),
            )
        })
        .collect();
    Box::new(BooleanQuery::new(terms))
}

/// A bounding box on the indexed coordinates narrows the candidates cheaply; the exact haversine
/// distance then decides, inside the query so that totals and paging stay exact.
fn geo_filter(f: &Fields, center: GeoPoint, radius_km: f64) -> Vec<Box<dyn Query>> {
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    let dlat = radius_km / KM_PER_DEGREE;
    queries.push(Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(f.lat, (center.lat - dlat).max(-90.0))),
        Bound::Included(Term::from_field_f64(f.lat, (center.lat + dlat).min(90.0))),
    )));
    // Near the poles or across the antimeridian a longitude box is not one interval: let the exact
    // check alone decide there.
    let cos_lat = (center.lat.abs() + dlat).min(90.0).to_radians().cos();
    if cos_lat > 0.01 {
        let dlon = radius_km / (KM_PER_DEGREE * cos_lat);
        let (west, east) = (center.lon - dlon, center.lon + dlon);
        if west >= -180.0 && east <= 180.0 {
            queries.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(f.lon, west)),
                Bound::Included(Term::from_field_f64(f.lon, east)),
            )));
        }
    }
    let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
        let lat = segment.fast_fields().f64(LAT_FIELD)?;
        let lon = segment.fast_fields().f64(LON_FIELD)?;
        Ok(move |doc| match (lat.first(doc), lon.first(doc)) {
            (Some(lat), Some(lon)) => GeoPoint { lat, lon }.distance_km(&center) <= radius_km,
            _ => false,
        })
    });
    queries.push(Box::new(DocPredicateQuery::from(predicate)));
    queries
}

fn validate_docs(docs: &[SearchDoc]) -> Result<(), SearchError> {
    if let Some(doc) = docs.iter().find(|d| d.id.is_empty()) {
        return Err(SearchError::InvalidRequest(format!(
            "a document of kind `{}` has an empty id",
            doc.kind
        )));
    }
    Ok(())
}

#[async_trait]
impl SearchIndex for TantivySearchIndex {
    async fn index(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        validate_docs(&docs)?;
        if docs.is_empty() {
            return Ok(());
        }
        let count = docs.len();
        self.blocking(move |inner| inner.index(&docs)).await?;
        tracing::debug!(count, "documents indexed");
        Ok(())
    }

    async fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids = ids.to_vec();
        let count = ids.len();
        self.blocking(move |inner| inner.delete(&ids)).await?;
        tracing::debug!(count, "documents deleted from the search index");
        Ok(())
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        validate_query(query)?;
        let query = query.clone();
        self.blocking(move |inner| inner.search(&query)).await
    }

    async fn ping(&self) -> Result<(), SearchError> {
        self.blocking(|inner| {
            // Touches the index files, not just memory.
            inner
                .index
                .searchable_segment_metas()
                .map(|_| ())
                .map_err(SearchError::engine)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(language: Language, text: &str) -> Vec<String> {
        let mut analyzer = analyzer(language);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn french_analysis_folds_accents_and_stems() {
        assert_eq!(
            tokens(Language::French, "Évènement"),
            tokens(Language::French, "evenements")
        );
        assert_eq!(
            tokens(Language::French, "concerts"),
            tokens(Language::French, "concert")
        );
    }

    #[test]
    fn english_analysis_stems() {
        assert_eq!(
            tokens(Language::English, "running"),
            tokens(Language::English, "run")
        );
    }

    fn doc(id: &str, title: &str) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            kind: "post".into(),
            title: title.into(),
            body: String::new(),
            lang: "fr".into(),
            category: None,
            tags: vec![],
            date: None,
            geo: None,
        }
    }

    #[tokio::test]
    async fn pathological_user_text_is_no_error() -> Result<(), SearchError> {
        let dir = tempfile::tempdir().map_err(SearchError::engine)?;
        let index = TantivySearchIndex::open(dir.path())?;
        index.index(vec![doc("a-1", "a a a title")]).await?;
        let texts = [
            "(".repeat(500),
            ")".repeat(500),
            "\"".repeat(500),
            "-".repeat(500),
            "a AND ".repeat(83),
            "NOT ".repeat(125),
            "[".repeat(250) + &"]".repeat(250),
            "title_fr:(".repeat(50),
        ];
        for text in texts {
            index.search(&SearchQuery::text(text)).await?;
        }
        Ok(())
    }

    #[test]
    fn reopening_keeps_documents() -> Result<(), SearchError> {
        let dir = tempfile::tempdir().map_err(SearchError::engine)?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(SearchError::engine)?;
        rt.block_on(async {
            let index = TantivySearchIndex::open(dir.path())?;
            let doc = SearchDoc {
                id: "post-1".into(),
                kind: "post".into(),
                title: "Marché de Noël".into(),
                body: "Les chalets ouvrent place de la Cathédrale".into(),
                lang: "fr".into(),
                category: None,
                tags: vec![],
                date: None,
                geo: None,
            };
            index.index(vec![doc]).await?;
            drop(index);
            let index = TantivySearchIndex::open(dir.path())?;
            let found = index.search(&SearchQuery::text("cathedrale")).await?;
            assert_eq!(found.total, 1);
            assert_eq!(found.hits[0].id, "post-1");
            assert_eq!(found.hits[0].title, "Marché de Noël");
            Ok(())
        })
    }
}
