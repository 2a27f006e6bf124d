//! Conformance suite of the search index port.
//!
//! Both engines run this same function: the embedded one on a fresh tantivy directory, the AWS one on
//! an OpenSearch node that may already hold documents from earlier runs. So every document of a run has
//! an id under a fresh prefix and a kind made from it, and every query is restricted to those kinds: no
//! assertion assumes the index is empty.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};
use rouen_ports::{GeoPoint, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults};

/// The centre of Rouen (place de l'Hôtel-de-Ville).
pub const ROUEN: GeoPoint = GeoPoint {
    lat: 49.4431,
    lon: 1.0993,
};
const PARIS: GeoPoint = GeoPoint {
    lat: 48.8606,
    lon: 2.3376,
};

struct Run {
    prefix: String,
    event: String,
    news: String,
    post: String,
}

impl Run {
    fn new() -> Self {
        let prefix = ulid::Ulid::new().to_string().to_ascii_lowercase();
        Self {
            event: format!("event-{prefix}"),
            news: format!("news-{prefix}"),
            post: format!("post-{prefix}"),
            prefix,
        }
    }

    fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    fn kinds(&self) -> Vec<String> {
        vec![self.event.clone(), self.news.clone(), self.post.clone()]
    }

    /// A query for `text` over this run's documents only.
    fn query(&self, text: &str) -> SearchQuery {
        SearchQuery {
            kinds: self.kinds(),
            ..SearchQuery::text(text)
        }
    }
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("a valid date")
}

#[allow(clippy::too_many_arguments)]
fn doc(
    run: &Run,
    name: &str,
    kind: &str,
    lang: &str,
    title: &str,
    body: &str,
    category: Option<&str>,
    date: Option<DateTime<Utc>>,
    geo: Option<GeoPoint>,
) -> SearchDoc {
    SearchDoc {
        id: run.id(name),
        kind: kind.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
        lang: lang.to_owned(),
        category: category.map(str::to_owned),
        tags: vec!["conformance".to_owned(), name.to_owned()],
        date,
        geo,
    }
}

fn corpus(run: &Run) -> Vec<SearchDoc> {
    let (event, news, post) = (run.event.as_str(), run.news.as_str(), run.post.as_str());
    vec![
        doc(
            run,
            "jazz",
            event,
            "fr",
            "Concert de jazz au 106",
            "Un des plus beaux evenements musicaux de la saison sur les quais",
            Some("musique"),
            Some(at(2026, 6, 10, 20)),
            Some(GeoPoint {
                lat: 49.4359,
                lon: 1.0883,
            }),
        ),
        doc(
            run,
            "market",
            event,
            "fr",
            "Marché de Noël",
            "Chalets et vin chaud sur la place de la Cathédrale",
            Some("fete"),
            Some(at(2026, 12, 1, 10)),
            Some(GeoPoint {
                lat: 49.4404,
                lon: 1.0939,
            }),
        ),
        doc(
            run,
            "louvre",
            event,
            "fr",
            "Exposition de peinture",
            "Une grande rétrospective au musée du Louvre",
            Some("culture"),
            Some(at(2026, 7, 1, 9)),
            Some(PARIS),
        ),
        doc(
            run,
            "bridge",
            news,
            "fr",
            "Travaux sur le pont Jeanne-d'Arc",
            "La circulation est réduite sur les quais mais les concerts du week-end sont maintenus",
            Some("circulation"),
            Some(at(2026, 5, 2, 8)),
            None,
        ),
        doc(
            run,
            "club",
            news,
            "en",
            "Riverside club meets every Sunday",
            "Join us to run along the Seine quays",
            Some("sport"),
            Some(at(2026, 5, 3, 8)),
            Some(GeoPoint {
                lat: 49.4380,
                lon: 1.0990,
            }),
        ),
        doc(
            run,
            "photos",
            post,
            "en",
            "Photos of the cathedral",
            "Lovely light on the towers this evening",
            None,
            Some(at(2026, 5, 4, 18)),
            None,
        ),
        doc(
            run,
            "hello",
            post,
            "fr",
            "Bonjour Rouen",
            "Premier message sur le réseau",
            None,
            None,
            None,
        ),
    ]
}

async fn search(index: &dyn SearchIndex, query: &SearchQuery) -> SearchResults {
    match index.search(query).await {
        Ok(results) => results,
        Err(err) => panic!("search {query:?} failed: {err}"),
    }
}

/// The run-local names (`jazz`, `club`...) of the hits, in order.
fn names(run: &Run, results: &SearchResults) -> Vec<String> {
    let prefix = format!("{}-", run.prefix);
    results
        .hits
        .iter()
        .map(|h| h.id.strip_prefix(&prefix).unwrap_or(&h.id).to_owned())
        .collect()
}

fn name_set(run: &Run, results: &SearchResults) -> BTreeSet<String> {
    names(run, results).into_iter().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// Runs every section of the suite; panics with a plain-words message on the first broken promise.
pub async fn run(index: &dyn SearchIndex) {
    index.ping().await.expect("the index answers a ping");
    let run = Run::new();
    index
        .index(corpus(&run))
        .await
        .expect("the corpus is indexed");

    text_is_analysed(index, &run).await;
    filters(index, &run).await;
    empty_text_is_newest_first(index, &run).await;
    paging(index, &run).await;
    reindexing_replaces(index, &run).await;
    deleting_removes(index, &run).await;
    bounds_are_checked(index, &run).await;
    user_input_never_errors(index, &run).await;
}

async fn text_is_analysed(index: &dyn SearchIndex, run: &Run) {
    let found = search(index, &run.query("évènement")).await;
    assert!(
        name_set(run, &found).contains("jazz"),
        "\"évènement\" must find a French body saying \"evenements\" (accents folded, French stemming); got {:?}",
        names(run, &found)
    );

    let found = search(index, &run.query("concerts")).await;
    let hits = name_set(run, &found);
    assert!(
        hits.contains("jazz"),
        "\"concerts\" must find the title \"Concert de jazz\"; got {hits:?}"
    );
    assert!(
        hits.contains("bridge"),
        "\"concerts\" must find a body saying \"concerts\"; got {hits:?}"
    );

    let found = search(index, &run.query("running")).await;
    assert!(
        name_set(run, &found).contains("club"),
        "\"running\" must find an English body saying \"run\" (English stemming); got {:?}",
        names(run, &found)
    );

    let found = search(index, &run.query("CATHEDRALE")).await;
    assert!(
        name_set(run, &found).contains("market"),
        "case and accents must not matter (\"CATHEDRALE\" vs \"Cathédrale\"); got {:?}",
        names(run, &found)
    );

    let found = search(index, &run.query("chalets")).await;
    assert_eq!(
        names(run, &found),
        ["market"],
        "a word found in one document finds only it"
    );
    assert_eq!(found.total, 1, "total counts the matches");
    assert_eq!(
        found.hits[0].title, "Marché de Noël",
        "a hit carries the title as indexed"
    );
    assert_eq!(found.hits[0].kind, run.event, "a hit carries its kind");

    let found = search(index, &run.query("zythogrammophone")).await;
    assert!(
        found.hits.is_empty() && found.total == 0,
        "an unknown word finds nothing"
    );
}

async fn filters(index: &dyn SearchIndex, run: &Run) {
    let news = SearchQuery {
        kinds: vec![run.news.clone()],
        ..SearchQuery::text("")
    };
    let found = search(index, &news).await;
    assert_eq!(
        name_set(run, &found),
        set(&["bridge", "club"]),
        "the kinds filter keeps only those kinds"
    );
    assert_eq!(found.total, 2, "total follows the kinds filter");

    let found = search(index, &run.query("quais")).await;
    assert_eq!(
        name_set(run, &found),
        set(&["jazz", "bridge"]),
        "\"quais\" is in an event and a news item"
    );
    let events_and_posts = SearchQuery {
        kinds: vec![run.event.clone(), run.post.clone()],
        ..SearchQuery::text("quais")
    };
    let found = search(index, &events_and_posts).await;
    assert_eq!(
        name_set(run, &found),
        set(&["jazz"]),
        "text and kinds filter combine"
    );

    let categories = SearchQuery {
        categories: vec!["musique".into(), "sport".into()],
        ..run.query("")
    };
    let found = search(index, &categories).await;
    assert_eq!(
        name_set(run, &found),
        set(&["jazz", "club"]),
        "the categories filter keeps only those categories"
    );

    let dated = SearchQuery {
        from: Some(at(2026, 5, 2, 8)),
        to: Some(at(2026, 5, 4, 18)),
        ..run.query("")
    };
    let found = search(index, &dated).await;
    assert_eq!(
        name_set(run, &found),
        set(&["bridge", "club", "photos"]),
        "the date range is inclusive at both ends and excludes undated documents"
    );

    let from_only = SearchQuery {
        from: Some(at(2026, 7, 1, 9)),
        ..run.query("")
    };
    let found = search(index, &from_only).await;
    assert_eq!(
        name_set(run, &found),
        set(&["louvre", "market"]),
        "a lone lower bound works"
    );

    let to_only = SearchQuery {
        to: Some(at(2026, 5, 3, 7)),
        ..run.query("")
    };
    let found = search(index, &to_only).await;
    assert_eq!(
        name_set(run, &found),
        set(&["bridge"]),
        "a lone upper bound works"
    );

    let near = SearchQuery {
        near: Some((ROUEN, 5.0)),
        ..run.query("")
    };
    let found = search(index, &near).await;
    assert_eq!(
        name_set(run, &found),
        set(&["jazz", "market", "club"]),
        "5 km around Rouen keeps Rouen, excludes Paris and documents without a place"
    );
    assert_eq!(found.total, 3, "total follows the geo filter");

    // The jazz venue is 0.8 km south and 0.8 km west of the centre, 1.1 km away: a 1 km circle leaves
    // it out although a box of the same half-width would not (exact distance, not a bounding box).
    let tight = SearchQuery {
        near: Some((ROUEN, 1.0)),
        ..run.query("")
    };
    let found = search(index, &tight).await;
    assert_eq!(
        name_set(run, &found),
        set(&["market", "club"]),
        "the geo filter is a circle"
    );

    let all_at_once = SearchQuery {
        categories: vec!["musique".into(), "culture".into()],
        from: Some(at(2026, 1, 1, 0)),
        near: Some((ROUEN, 50.0)),
        ..run.query("concert")
    };
    let found = search(index, &all_at_once).await;
    assert_eq!(
        name_set(run, &found),
        set(&["jazz"]),
        "text and every filter combine"
    );
}

async fn empty_text_is_newest_first(index: &dyn SearchIndex, run: &Run) {
    let found = search(index, &run.query("")).await;
    assert_eq!(
        found.total, 7,
        "empty text matches every document of the filters"
    );
    let order = names(run, &found);
    assert_eq!(
        order[..6],
        ["market", "louvre", "jazz", "photos", "club", "bridge"],
        "empty text lists newest first; got {order:?}"
    );
    assert_eq!(
        order.get(6).map(String::as_str),
        Some("hello"),
        "undated documents come last"
    );

    let blank = search(index, &run.query("   ")).await;
    assert_eq!(names(run, &blank), order, "blank text is empty text");
}

async fn paging(index: &dyn SearchIndex, run: &Run) {
    let all = search(
        index,
        &SearchQuery {
            limit: 100,
            ..run.query("")
        },
    )
    .await;
    let mut paged = Vec::new();
    for offset in (0..8).step_by(3) {
        let page = search(
            index,
            &SearchQuery {
                limit: 3,
                offset,
                ..run.query("")
            },
        )
        .await;
        assert_eq!(page.total, all.total, "every page reports the same total");
        assert!(page.hits.len() <= 3, "a page holds at most `limit` hits");
        paged.extend(names(run, &page));
    }
    assert_eq!(
        paged,
        names(run, &all),
        "pages put end to end give the whole list, in order"
    );

    let past = search(
        index,
        &SearchQuery {
            limit: 5,
            offset: 50,
            ..run.query("")
        },
    )
    .await;
    assert!(
        past.hits.is_empty(),
        "an offset past the end gives an empty page"
    );
    assert_eq!(past.total, 7, "even past the end, total counts the matches");
}

async fn reindexing_replaces(index: &dyn SearchIndex, run: &Run) {
    let mut market = corpus(run)
        .into_iter()
        .find(|d| d.id == run.id("market"))
        .expect("the market doc");
    market.title = "Marché de Noël nocturne".into();
    market.body = "Les chalets restent ouverts jusqu'à minuit".into();
    index
        .index(vec![market.clone()])
        .await
        .expect("re-indexing succeeds");
    index
        .index(vec![market])
        .await
        .expect("re-indexing the same document again succeeds");

    let events = SearchQuery {
        kinds: vec![run.event.clone()],
        ..SearchQuery::text("")
    };
    let found = search(index, &events).await;
    assert_eq!(
        found.total, 3,
        "re-indexing an id replaces, never duplicates"
    );
    let hit = found
        .hits
        .iter()
        .find(|h| h.id == run.id("market"))
        .expect("the market is still there");
    assert_eq!(
        hit.title, "Marché de Noël nocturne",
        "the new version is the one found"
    );

    let found = search(index, &run.query("minuit")).await;
    assert_eq!(names(run, &found), ["market"], "the new text is searchable");
    let found = search(index, &run.query("vin")).await;
    assert!(found.hits.is_empty(), "the old text is forgotten");
}

async fn deleting_removes(index: &dyn SearchIndex, run: &Run) {
    index
        .delete(&[run.id("hello"), run.id("never-indexed")])
        .await
        .expect("deleting (an unknown id among them) succeeds");
    let posts = SearchQuery {
        kinds: vec![run.post.clone()],
        ..SearchQuery::text("")
    };
    let found = search(index, &posts).await;
    assert_eq!(
        name_set(run, &found),
        set(&["photos"]),
        "a deleted document is gone from results"
    );
    assert_eq!(found.total, 1, "and from the total");
    let found = search(index, &run.query("bonjour")).await;
    assert!(
        found.hits.is_empty(),
        "a deleted document is not found by its words"
    );
    index.delete(&[]).await.expect("deleting nothing succeeds");
    index
        .index(Vec::new())
        .await
        .expect("indexing nothing succeeds");
}

async fn bounds_are_checked(index: &dyn SearchIndex, run: &Run) {
    for limit in [0, 101] {
        let result = index
            .search(&SearchQuery {
                limit,
                ..run.query("")
            })
            .await;
        assert!(
            matches!(result, Err(SearchError::InvalidRequest(_))),
            "limit {limit} is refused: {result:?}"
        );
    }
    let result = index
        .search(&SearchQuery {
            offset: 1001,
            ..run.query("")
        })
        .await;
    assert!(
        matches!(result, Err(SearchError::InvalidRequest(_))),
        "a too deep offset is refused: {result:?}"
    );
    let result = index
        .search(&SearchQuery {
            near: Some((ROUEN, 0.0)),
            ..run.query("")
        })
        .await;
    assert!(
        matches!(result, Err(SearchError::InvalidRequest(_))),
        "a zero radius is refused: {result:?}"
    );
}

async fn user_input_never_errors(index: &dyn SearchIndex, run: &Run) {
    let weird = [
        "\"",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "*:*",
        "*",
        "title:",
        ":",
        "concert AND (",
        "\"jazz",
        "-",
        "+",
        "\\",
        "[1 TO",
        "{",
        "~",
        "^2",
        "jazz^",
        "a:b:c",
        "id:x",
        "/regex/",
        "?",
        "!",
        "&&",
        "||",
        "é\"(à",
        "🎷 concert",
    ];
    for text in weird {
        if let Err(err) = index.search(&run.query(text)).await {
            panic!("user text {text:?} must not be an error: {err}");
        }
    }
    let found = search(index, &run.query("\"concert de jazz\"")).await;
    assert!(
        name_set(run, &found).contains("jazz"),
        "a quoted phrase finds its document"
    );
}
