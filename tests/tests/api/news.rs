//! News through the real pipeline: the recorded feeds served on loopback by the local binary, the
//! fetcher, the parsers, storage, story grouping and the endpoints.

use crate::harness::{PASSWORD, Platform, Session};
use rouen_api::city::scrape::{self, Outcome};
use serde_json::Value;

/// The recorded feeds were captured on 2026-11-25 around midday, Rouen time.
pub async fn city_platform() -> Platform {
    crate::harness::platform_on_clock(crate::harness::recorded_day(), |_| {})
        .await
        .0
}

pub async fn run_kind(p: &Platform, kind: rouen_city::SourceKind) -> Vec<Outcome> {
    let platform = p.gw.state.engines.platform.clone();
    let mut out = Vec::new();
    for source in rouen_city::registry()
        .unwrap()
        .iter()
        .filter(|s| s.kind == kind)
    {
        out.push(scrape::run(&platform, source, true).await);
    }
    out
}

pub async fn admin(p: &Platform, username: &str) -> Session {
    let s = p.resident(username).await;
    let platform = p.gw.state.engines.platform.clone();
    platform
        .store
        .update(
            &rouen_api::accounts::keys::profile(&s.id),
            &rouen_ports::Update::new().set("role", "admin"),
            Some(rouen_ports::Condition::Exists),
        )
        .await
        .expect("role");
    p.sign_in(&s.email, PASSWORD).await
}

fn stories(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

fn find_story<'a>(list: &'a [Value], words: &str) -> Option<&'a Value> {
    list.iter().find(|s| {
        s["articles"].as_array().is_some_and(|a| {
            a.iter()
                .any(|x| x["title"].as_str().is_some_and(|t| t.contains(words)))
        })
    })
}

async fn all_stories(p: &Platform, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..20 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/news?limit=50&{query}&cursor={}", urlencode(c)),
            None => format!("/api/v1/news?limit=50&{query}"),
        };
        let page = p.get(&path, None).await;
        let body = page.ok().clone();
        out.extend(stories(&body));
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    out
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn feeds_become_stories_grouped_across_sources() {
    let p = city_platform().await;
    let outcomes = run_kind(&p, rouen_city::SourceKind::News).await;
    for o in &outcomes {
        assert!(
            matches!(o.result, "ran" | "disabled"),
            "{} did not run: {:?}",
            o.source_id,
            o
        );
    }
    let created: u32 = outcomes.iter().map(|o| o.created).sum();
    assert!(created >= 60, "only {created} articles stored");

    let list = all_stories(&p, "").await;
    // Every story appears once, each with at least one article.
    let mut ids: Vec<&str> = list.iter().filter_map(|s| s["id"].as_str()).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "a story is listed twice");
    assert!(total < created as usize, "no story groups several articles");

    // The fire of rue du Gros-Horloge is one story told by several sources.
    let fire = find_story(&list, "Gros-Horloge").expect("the fire story");
    let sources: std::collections::BTreeSet<&str> = fire["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["source_id"].as_str())
        .collect();
    assert!(sources.len() >= 2, "fire story sources: {sources:?}");
    assert_eq!(fire["local"], true);
    assert_eq!(fire["category"], "faits_divers", "{fire}");

    // The same article listed by two feeds with other tracking parameters is stored once.
    let urls: Vec<String> = list
        .iter()
        .flat_map(|s| s["articles"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a["url"].as_str().map(str::to_owned))
        .collect();
    let mut unique = urls.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), urls.len(), "an article URL is stored twice");
    assert!(
        urls.iter().all(|u| !u.contains("utm_")),
        "tracking parameters kept"
    );

    // The article page lists the other sources of its story.
    let lead = fire["lead_article_id"].as_str().unwrap();
    let article = p.get(&format!("/api/v1/news/{lead}"), None).await;
    let article = article.ok();
    assert!(!article["related"].as_array().unwrap().is_empty());
    assert!(
        article["source"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );

    // Filters: a category, a source, local only.
    let sport = all_stories(&p, "category=sport").await;
    assert!(!sport.is_empty());
    assert!(sport.iter().all(|s| s["category"] == "sport"));
    let local = all_stories(&p, "local=true").await;
    assert!(
        !local.is_empty() && local.len() < list.len(),
        "local filter: {} of {}",
        local.len(),
        list.len()
    );
    let from_astuce = all_stories(&p, "source=myastuce-disruptions").await;
    assert!(!from_astuce.is_empty());
    assert!(from_astuce.iter().all(|s| {
        s["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["source_id"] == "myastuce-disruptions")
    }));

    let categories = p.get("/api/v1/news/categories", None).await;
    let counted: u64 = categories.ok()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["count"].as_u64())
        .sum();
    assert_eq!(
        counted as usize,
        list.len(),
        "category counts cover every story"
    );
}

#[tokio::test]
async fn a_breaking_story_is_listed_and_sent_to_residents_who_opted_in() {
    let p = city_platform().await;
    let keen = p.resident("keen_reader").await;
    let quiet = p.resident("quiet_reader").await;
    let mut prefs = p
        .get("/api/v1/notifications/preferences", Some(&keen.access))
        .await
        .ok()
        .clone();
    assert_eq!(
        prefs["breaking_news"]["in_app"], false,
        "breaking news is off by default"
    );
    prefs["breaking_news"]["in_app"] = Value::Bool(true);
    p.call(
        reqwest::Method::PUT,
        "/api/v1/notifications/preferences",
        Some(&keen.access),
        Some(prefs),
    )
    .await
    .ok();

    run_kind(&p, rouen_city::SourceKind::News).await;
    let platform = p.gw.state.engines.platform.clone();
    rouen_api::city::news::announce_breaking(&platform)
        .await
        .expect("announce");
    // Announcing again sends nothing more.
    rouen_api::city::news::announce_breaking(&platform)
        .await
        .expect("announce again");

    let breaking = p.get("/api/v1/news/breaking", None).await;
    let breaking = stories(breaking.ok());
    let bridge =
        find_story(&breaking, "pont Flaubert").expect("the pont Flaubert story is breaking");
    assert_eq!(bridge["breaking"], true);
    // The source's own "ALERTE -" marker is not part of the title.
    assert!(
        bridge["articles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !a["title"].as_str().unwrap().starts_with("ALERTE"))
    );

    let mut got = Vec::new();
    for _ in 0..50 {
        let list = p.get("/api/v1/notifications", Some(&keen.access)).await;
        got = list.ok()["items"].as_array().cloned().unwrap_or_default();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let alerts: Vec<&Value> = got
        .iter()
        .filter(|n| n["kind"] == "breaking_news")
        .collect();
    assert_eq!(
        alerts.len(),
        breaking.len(),
        "one alert per breaking story: {got:?}"
    );
    let subject = &alerts[0]["subject"];
    assert_eq!(subject["kind"], "article");
    assert!(subject["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(alerts[0]["actors"].as_array().map(Vec::len), Some(0));

    let none = p.get("/api/v1/notifications", Some(&quiet.access)).await;
    assert!(
        none.ok()["items"].as_array().unwrap().is_empty(),
        "who did not opt in gets nothing"
    );
}

#[tokio::test]
async fn a_broken_feed_keeps_what_was_stored_and_does_not_stop_the_others() {
    let p = city_platform().await;
    run_kind(&p, rouen_city::SourceKind::News).await;
    let before = all_stories(&p, "source=actu-76actu").await;
    assert!(!before.is_empty());

    // The feed comes back truncated, then the next source's server fails.
    let full = rouen_city::snapshots::get("actu.fr/76actu/rss.xml").unwrap();
    p.gw.state.sources.set(
        "actu.fr/76actu/rss.xml",
        200,
        full[..full.len() / 2].to_vec(),
    );
    p.gw.state
        .sources
        .set("www.paris-normandie.fr/rss", 503, "unavailable");
    let outcomes = run_kind(&p, rouen_city::SourceKind::News).await;
    let of = |id: &str| outcomes.iter().find(|o| o.source_id == id).unwrap().clone();
    assert_eq!(of("actu-76actu").result, "failed");
    assert!(
        of("actu-76actu").error.unwrap().contains("not a valid"),
        "{:?}",
        of("actu-76actu")
    );
    assert_eq!(of("paris-normandie").result, "failed");
    // The others ran: recorded ETags answer "not modified".
    assert!(matches!(
        of("france3-normandie").result,
        "ran" | "not_modified"
    ));

    let after = all_stories(&p, "source=actu-76actu").await;
    assert_eq!(
        after.len(),
        before.len(),
        "stored stories of the broken source are kept"
    );

    // Administrators see the error on the source's health; residents may not look.
    let boss = admin(&p, "news_admin").await;
    let health = p.get("/api/v1/admin/sources", Some(&boss.access)).await;
    let items = health.ok()["items"].as_array().cloned().unwrap();
    let actu = items.iter().find(|s| s["id"] == "actu-76actu").unwrap();
    assert_eq!(actu["state"], "error");
    assert!(actu["last_error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(
        actu["last_success_at"].is_string(),
        "the earlier success is remembered"
    );
    let keyed: Vec<&Value> = items
        .iter()
        .filter(|s| s["state"] == "not_configured")
        .collect();
    let needs_key: Vec<String> = rouen_city::registry()
        .unwrap()
        .into_iter()
        .filter(|s| s.key.is_some() && s.enabled)
        .map(|s| s.id)
        .collect();
    assert!(
        keyed
            .iter()
            .all(|s| needs_key.iter().any(|id| s["id"] == id.as_str())),
        "only sources that need a key lack one here: {keyed:?}"
    );
    assert!(keyed.iter().any(|s| s["kind"] == "events"));
    assert!(keyed.iter().any(|s| s["kind"] == "weather"));
    let resident = p.resident("curious").await;
    p.get("/api/v1/admin/sources", Some(&resident.access))
        .await
        .problem(403, "forbidden");

    // Fixed at the source: the next run stores again.
    p.gw.state.sources.clear("actu.fr/76actu/rss.xml");
    let again = run_kind(&p, rouen_city::SourceKind::News).await;
    // The last good fetch's ETag still matches: "not modified" is a success too.
    assert_eq!(
        again
            .iter()
            .find(|o| o.source_id == "actu-76actu")
            .unwrap()
            .result,
        "not_modified"
    );
    let health = p.get("/api/v1/admin/sources", Some(&boss.access)).await;
    let items = health.ok()["items"].as_array().cloned().unwrap();
    let actu = items.iter().find(|s| s["id"] == "actu-76actu").unwrap();
    assert_eq!(actu["state"], "ok");
    assert!(actu["last_error"].is_null());
}

#[tokio::test]
async fn running_the_scrape_twice_changes_nothing() {
    let p = city_platform().await;
    run_kind(&p, rouen_city::SourceKind::News).await;
    let first = all_stories(&p, "").await;
    // Second run: the conditional GET answers "not modified".
    let second_run = run_kind(&p, rouen_city::SourceKind::News).await;
    assert!(
        second_run
            .iter()
            .all(|o| matches!(o.result, "not_modified" | "disabled")),
        "{second_run:?}"
    );
    // Third run with the validators gone (a server without ETags): every item is parsed again,
    // and nothing is created or changed.
    let platform = p.gw.state.engines.platform.clone();
    for source in rouen_city::registry()
        .unwrap()
        .iter()
        .filter(|s| s.kind == rouen_city::SourceKind::News)
    {
        if let Some(mut h) = rouen_api::city::health::load(&platform, &source.id)
            .await
            .unwrap()
        {
            h.etag = None;
            h.last_modified = None;
            rouen_api::city::health::save(&platform, &h).await.unwrap();
        }
    }
    let third_run = run_kind(&p, rouen_city::SourceKind::News).await;
    assert!(
        third_run.iter().all(|o| o.created == 0 && o.updated == 0),
        "{third_run:?}"
    );
    assert!(third_run.iter().any(|o| o.unchanged > 0));
    let second = all_stories(&p, "").await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn news_inputs_are_validated() {
    let p = city_platform().await;
    for (query, field) in [
        ("category=weather", "query.category:unknown_category"),
        ("source=nope", "query.source:unknown_source"),
        ("local=yes", "query.local:invalid_boolean"),
    ] {
        let answer = p.get(&format!("/api/v1/news?{query}"), None).await;
        assert_eq!(answer.field_codes(), vec![field.to_owned()], "{query}");
    }
    p.get("/api/v1/news?cursor=garbage", None)
        .await
        .problem(400, "invalid_cursor");
    p.get("/api/v1/news/01JNOSUCHARTICLE0000000000", None)
        .await
        .problem(404, "not_found");
}
