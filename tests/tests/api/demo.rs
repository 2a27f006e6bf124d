use crate::harness::platform_configured;
use rouen_local_gateway::demo::DEMO_PASSWORD;
use serde_json::Value;

fn count(page: &Value) -> usize {
    page["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_data_directory_gets_fictional_demo_residents_once() {
    let p = platform_configured(|c| c.demo = true).await;
    let local = p.get("/api/v1/feeds/local", None).await;
    let page = local.ok().clone();
    assert_eq!(count(&page), 6);
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert!(
        items
            .iter()
            .any(|p| p["photos"].as_array().is_some_and(|a| !a.is_empty())),
        "some posts have photos"
    );
    assert!(
        items
            .iter()
            .any(|p| p["counts"]["comments"].as_i64() > Some(0))
    );
    assert!(
        items
            .iter()
            .any(|p| p["counts"]["likes"].as_i64() > Some(0))
    );
    let profile = p.get("/api/v1/users/camille_demo", None).await;
    assert!(
        profile.ok()["bio"]
            .as_str()
            .is_some_and(|b| b.contains("démonstration")),
        "clearly fictional"
    );
    assert!(profile.body["counts"]["following"].as_i64() > Some(0));
    let session = p.sign_in("camille_demo", DEMO_PASSWORD).await;
    // The followed residents' posts arrive through the background fan-out.
    let mut alive = 0;
    for _ in 0..300 {
        alive = count(
            p.get("/api/v1/feeds/home", Some(&session.access))
                .await
                .ok(),
        );
        if alive >= 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        alive >= 4,
        "the demo resident's home feed has {alive} posts"
    );

    // Camille has a direct conversation with Léon and a group, with unread messages from others.
    let chats = p.get("/api/v1/conversations", Some(&session.access)).await;
    let chats = chats.ok()["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(chats.len(), 2, "{chats:?}");
    assert!(
        chats
            .iter()
            .any(|c| c["kind"] == "group" && c["unread"] == 2)
    );
    assert!(
        chats
            .iter()
            .any(|c| c["kind"] == "direct" && c["unread"] == 2)
    );

    // Seeding again (a restart with the marker present) changes nothing.
    let again = rouen_local_gateway::demo::seed(&p.gw.state.engines.platform)
        .await
        .expect("seed");
    assert!(!again, "seeded twice");
    assert_eq!(count(p.get("/api/v1/feeds/local", None).await.ok()), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_can_be_turned_off() {
    let p = platform_configured(|c| c.demo = false).await;
    assert_eq!(count(p.get("/api/v1/feeds/local", None).await.ok()), 0);
    p.get("/api/v1/users/camille_demo", None)
        .await
        .problem(404, "not_found");
}

/// `make run` on a fresh data directory: the scheduled scrapes run at start-up against the recorded
/// sources, through the real fetcher, parsers and storage, and the app has events and news at once.
#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_platform_shows_events_and_news_from_its_first_scheduled_scrapes() {
    let (p, _) = crate::harness::platform_on_clock(crate::harness::recorded_day(), |c| {
        c.city_scrape = true;
    })
    .await;
    let mut events = 0;
    let mut stories = 0;
    // Up to two minutes: the cloud shape writes to DynamoDB Local, slower than the embedded store.
    for _ in 0..600 {
        events = count(p.get("/api/v1/events?limit=100", None).await.ok());
        stories = count(p.get("/api/v1/news?limit=50", None).await.ok());
        if events >= 40 && stories >= 20 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(events >= 40, "{events} events after the first scrape");
    assert!(stories >= 20, "{stories} stories after the first scrape");

    // Weather, the network's timetable and the traffic come from their first scheduled runs too.
    let mut ready = false;
    for _ in 0..600 {
        let weather = p.get("/api/v1/weather/current", None).await;
        let feed = p.get("/api/v1/transit/feed", None).await;
        let traffic = p
            .get("/api/v1/traffic/incidents?source=official", None)
            .await;
        if weather.status == 200
            && feed.status == 200
            && traffic.status == 200
            && count(&serde_json::json!({"items": traffic.body["incidents"].clone()})) > 0
        {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(ready, "weather, timetable and traffic after the first runs");
    let lines = p.get("/api/v1/transit/lines", None).await;
    assert!(count(&serde_json::json!({"items": lines.ok()["lines"].clone()})) > 100);
}
