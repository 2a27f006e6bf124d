//! Events through the real pipeline: every source format read from its recorded snapshot on
//! loopback, merged across sources, categorised, listed, searched, RSVP'd, exported as iCalendar.

use crate::harness::Platform;
use crate::news::{city_platform, run_kind};
use reqwest::Method;
use rouen_city::SourceKind;
use serde_json::{Value, json};

async fn all_events(p: &Platform, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..30 {
        let path = match &cursor {
            Some(c) => format!("/api/v1/events?limit=100&{query}&cursor={c}"),
            None => format!("/api/v1/events?limit=100&{query}"),
        };
        let body = p.get(&path, None).await.ok().clone();
        out.extend(body["items"].as_array().cloned().unwrap_or_default());
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    out
}

fn local_day(v: &Value) -> String {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&rouen_city::TZ)
        .date_naive()
        .to_string()
}

const SEASON: &str = "from=2026-11-25&to=2027-05-31";

fn titled<'a>(list: &'a [Value], words: &str) -> Vec<&'a Value> {
    list.iter()
        .filter(|e| {
            e["title"]
                .as_str()
                .is_some_and(|t| t.to_lowercase().contains(&words.to_lowercase()))
        })
        .collect()
}

#[tokio::test]
async fn every_format_becomes_one_merged_categorised_list() {
    let p = city_platform().await;
    let outcomes = run_kind(&p, SourceKind::Events).await;
    for o in &outcomes {
        match o.source_id.as_str() {
            // Keyed agendas without their key are "not configured", not errors.
            "openagenda-metropole" | "openagenda-ville-rouen" => {
                assert_eq!(o.result, "not_configured")
            }
            "eventbrite-rouen" => assert_eq!(o.result, "disabled"),
            _ => {
                assert_eq!(o.result, "ran", "{o:?}");
                assert!(o.items_seen >= 5, "{o:?}");
                assert_eq!(o.failed_items, 0, "{o:?}");
            }
        }
    }
    let created: u32 = outcomes.iter().map(|o| o.created).sum();
    let seen: u32 = outcomes.iter().map(|o| o.items_seen).sum();
    assert!(
        created < seen,
        "cross-source duplicates were merged ({created} of {seen})"
    );

    let list = all_events(&p, SEASON).await;
    assert_eq!(
        list.len() as u32,
        created,
        "every stored event is listed once"
    );
    // Soonest first.
    let starts: Vec<&str> = list
        .iter()
        .filter_map(|e| e["starts_at"].as_str())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);

    // The same concert listed by the venue and by the Métropole's agenda is one event, both linked.
    let orelsan = titled(&list, "orelsan");
    assert_eq!(orelsan.len(), 1, "{orelsan:?}");
    let sources: Vec<&str> = orelsan[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["source_id"].as_str())
        .collect();
    assert!(
        sources.contains(&"kindarena") && sources.contains(&"metropole-opendata-agenda"),
        "{sources:?}"
    );
    assert_eq!(orelsan[0]["category"], "concerts");
    assert!(
        orelsan[0]["map_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://www.openstreetmap.org/"))
    );

    // A DST-crossing run of the Opéra (HTML scraping): Saturday 20:00 CET, Sunday 16:00 CEST.
    let symphonie = titled(&list, "symphonie fantastique");
    assert_eq!(symphonie.len(), 1, "{symphonie:#?}");
    let occ = symphonie[0]["occurrences"].as_array().unwrap();
    assert_eq!(occ[0]["starts_at"], "2027-03-27T19:00:00+00:00");
    assert_eq!(occ[1]["starts_at"], "2027-03-28T14:00:00+00:00");

    // A months-long exhibition: days only at the museum (JSON-LD dates without times), opening
    // hours in the Métropole's agenda: one event, both linked.
    let monet = titled(&list, "Monet, la cathédrale");
    assert_eq!(monet.len(), 1, "{monet:#?}");
    assert_eq!(monet[0]["sources"].as_array().unwrap().len(), 2);
    assert_eq!(monet[0]["category"], "exhibitions");
    assert_eq!(local_day(&monet[0]["starts_at"]), "2026-12-04");
    assert!(["2027-03-14", "2027-03-15"].contains(&local_day(&monet[0]["ends_at"]).as_str()));

    // Every category code is one the app knows; most events are not "other".
    let categories = p.get("/api/v1/events/categories", None).await.ok().clone();
    let codes: Vec<&str> = categories["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(codes.len(), 9);
    let other = list.iter().filter(|e| e["category"] == "other").count();
    assert!(
        other * 4 < list.len(),
        "{other} of {} events uncategorised",
        list.len()
    );

    // Filters.
    let concerts = all_events(&p, &format!("{SEASON}&category=concerts")).await;
    assert!(!concerts.is_empty() && concerts.iter().all(|e| e["category"] == "concerts"));
    let free = all_events(&p, &format!("{SEASON}&free=true")).await;
    assert!(!free.is_empty() && free.iter().all(|e| e["price"]["kind"] == "free"));
    assert!(free.len() < list.len());
    let near_kindarena =
        all_events(&p, &format!("{SEASON}&near=49.4490,1.0638&radius_km=0.3")).await;
    assert!(near_kindarena.iter().any(|e| {
        e["title"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("orelsan")
    }));
    assert!(near_kindarena.len() < list.len());
    // Text search folds accents and stems French words.
    let cathedrale = all_events(&p, &format!("{SEASON}&q=cathedrales")).await;
    assert!(!titled(&cathedrale, "Monet").is_empty(), "{cathedrale:?}");
    let search = p
        .get("/api/v1/events/search?q=cath%C3%A9drale", None)
        .await
        .ok()
        .clone();
    assert!(!search["items"].as_array().unwrap().is_empty());

    // The calendar puts a multi-day exhibition on each of its days, and nothing outside them.
    let december = p
        .get("/api/v1/events/calendar?month=2026-12", None)
        .await
        .ok()
        .clone();
    let on = |cal: &Value, date: &str| -> Vec<String> {
        cal["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .map(|d| {
                d["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|e| e["title"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(
        on(&december, "2026-12-04")
            .iter()
            .any(|t| t.contains("Monet, la cathédrale"))
    );
    assert!(
        on(&december, "2026-12-25")
            .iter()
            .any(|t| t.contains("Monet, la cathédrale"))
    );
    assert!(
        !on(&december, "2026-12-03")
            .iter()
            .any(|t| t.contains("Monet, la cathédrale"))
    );
    let march = p
        .get("/api/v1/events/calendar?month=2027-03", None)
        .await
        .ok()
        .clone();
    assert!(
        on(&march, "2027-03-28")
            .iter()
            .any(|t| t.contains("Symphonie fantastique"))
    );
}

#[tokio::test]
async fn with_its_key_the_openagenda_api_joins_and_merges_into_the_same_events() {
    let (p, _) = crate::harness::platform_on_clock(crate::harness::recorded_day(), |c| {
        c.source_keys
            .insert("OPENAGENDA_KEY".into(), "test-key".into());
    })
    .await;
    let outcomes = run_kind(&p, SourceKind::Events).await;
    let agenda = outcomes
        .iter()
        .find(|o| o.source_id == "openagenda-metropole")
        .unwrap();
    assert_eq!(agenda.result, "ran", "{agenda:?}");
    assert!(agenda.items_seen >= 10);
    let list = all_events(&p, SEASON).await;
    let orelsan = titled(&list, "orelsan");
    assert_eq!(orelsan.len(), 1, "three sources, one event");
    assert!(
        orelsan[0]["sources"].as_array().unwrap().len() >= 3,
        "{}",
        orelsan[0]
    );
}

#[tokio::test]
async fn scraping_events_twice_changes_nothing() {
    let p = city_platform().await;
    run_kind(&p, SourceKind::Events).await;
    let first = all_events(&p, SEASON).await;
    let platform = p.gw.state.engines.platform.clone();
    for source in rouen_city::registry().unwrap() {
        if let Some(mut h) = rouen_api::city::health::load(&platform, &source.id)
            .await
            .unwrap()
        {
            h.etag = None;
            h.last_modified = None;
            rouen_api::city::health::save(&platform, &h).await.unwrap();
        }
    }
    let again = run_kind(&p, SourceKind::Events).await;
    assert!(
        again.iter().all(|o| o.created == 0 && o.updated == 0),
        "{again:?}"
    );
    assert!(again.iter().any(|o| o.unchanged > 0));
    assert_eq!(first, all_events(&p, SEASON).await);

    // A broken page never deletes what its source stored.
    p.gw.state
        .sources
        .set("www.kindarena.fr/agenda/index.html", 500, "oops");
    let broken = run_kind(&p, SourceKind::Events).await;
    assert_eq!(
        broken
            .iter()
            .find(|o| o.source_id == "kindarena")
            .unwrap()
            .result,
        "failed"
    );
    assert_eq!(first.len(), all_events(&p, SEASON).await.len());
}

#[tokio::test]
async fn residents_rsvp_save_export_and_are_reminded() {
    let p = city_platform().await;
    run_kind(&p, SourceKind::Events).await;
    let list = all_events(&p, SEASON).await;
    let event = titled(&list, "orelsan")[0].clone();
    let id = event["id"].as_str().unwrap().to_owned();
    let alice = p.resident("alice_rsvp").await;
    let bob = p.resident("bob_rsvp").await;

    let going = p
        .post(
            &format!("/api/v1/events/{id}/rsvp"),
            Some(&alice.access),
            json!({"status": "going"}),
        )
        .await;
    assert_eq!(going.ok()["going_count"], 1);
    assert_eq!(going.ok()["status"], "going");
    // Saying it twice changes nothing.
    let again = p
        .post(
            &format!("/api/v1/events/{id}/rsvp"),
            Some(&alice.access),
            json!({"status": "going"}),
        )
        .await;
    assert_eq!(again.ok()["going_count"], 1);
    let bob_interested = p
        .post(
            &format!("/api/v1/events/{id}/rsvp"),
            Some(&bob.access),
            json!({"status": "interested"}),
        )
        .await;
    assert_eq!(bob_interested.ok()["interested_count"], 1);
    assert_eq!(bob_interested.ok()["going_count"], 1);
    // Bob changes his mind: the counts move.
    let bob_going = p
        .post(
            &format!("/api/v1/events/{id}/rsvp"),
            Some(&bob.access),
            json!({"status": "going"}),
        )
        .await;
    assert_eq!(bob_going.ok()["going_count"], 2);
    assert_eq!(bob_going.ok()["interested_count"], 0);
    let withdrawn = p
        .call(
            Method::DELETE,
            &format!("/api/v1/events/{id}/rsvp"),
            Some(&bob.access),
            None,
        )
        .await;
    assert_eq!(withdrawn.ok()["going_count"], 1);
    assert!(withdrawn.ok()["status"].is_null());

    let seen_by_alice = p
        .get(&format!("/api/v1/events/{id}"), Some(&alice.access))
        .await
        .ok()
        .clone();
    assert_eq!(seen_by_alice["my_rsvp"], "going");
    let anonymous = p
        .get(&format!("/api/v1/events/{id}"), None)
        .await
        .ok()
        .clone();
    assert!(anonymous["my_rsvp"].is_null());
    assert_eq!(anonymous["going_count"], 1);

    // Favourites and the resident's own lists.
    let fav_id = titled(&list, "Monet, la cathédrale")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    p.call(
        Method::PUT,
        &format!("/api/v1/events/{fav_id}/favourite"),
        Some(&alice.access),
        None,
    )
    .await
    .ok();
    let favourites = p
        .get(
            "/api/v1/users/me/events?kind=favourite",
            Some(&alice.access),
        )
        .await
        .ok()
        .clone();
    assert_eq!(favourites["items"][0]["id"], fav_id.as_str());
    assert_eq!(favourites["items"][0]["favourite"], true);
    let mine = p
        .get("/api/v1/users/me/events?kind=going", Some(&alice.access))
        .await
        .ok()
        .clone();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let my_month = p
        .get(
            "/api/v1/events/calendar?month=2026-12&mine=true",
            Some(&alice.access),
        )
        .await
        .ok()
        .clone();
    let my_titles: Vec<String> = my_month["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["items"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["title"].as_str().map(str::to_owned))
        .collect();
    assert!(
        !my_titles.is_empty()
            && my_titles
                .iter()
                .all(|t| t.contains("Monet") || t.to_lowercase().contains("orelsan")),
        "{my_titles:?}"
    );
    p.get("/api/v1/events/calendar?month=2026-12&mine=true", None)
        .await
        .problem(401, "unauthorized");

    // One event as iCalendar.
    let ics = p
        .http
        .get(p.url(&format!("/api/v1/events/{id}.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(ics.status(), 200);
    assert!(
        ics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = ics.text().await.unwrap();
    assert!(
        text.contains("BEGIN:VEVENT") && text.contains(&format!("{id}-0@rouen.social")),
        "{text}"
    );

    // The private calendar feed carries the resident's RSVPs; rotating it revokes the old URL.
    let feed = p
        .post(
            "/api/v1/users/me/calendar-feed",
            Some(&alice.access),
            json!({}),
        )
        .await;
    let url = feed.ok()["url"].as_str().unwrap().to_owned();
    let path = &url[url.find("/api/v1/").unwrap()..];
    let body = p
        .http
        .get(p.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(&format!("{id}-0@rouen.social")), "{body}");
    p.post(
        "/api/v1/users/me/calendar-feed",
        Some(&alice.access),
        json!({}),
    )
    .await
    .ok();
    assert_eq!(p.http.get(p.url(path)).send().await.unwrap().status(), 404);

    // The day before, Alice is reminded once, however often the reminder runs.
    let platform = p.gw.state.engines.platform.clone();
    let day = chrono::DateTime::parse_from_rfc3339(event["starts_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&rouen_city::TZ)
        .date_naive();
    assert_eq!(
        rouen_api::city::reminders::remind_for(&platform, day)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        rouen_api::city::reminders::remind_for(&platform, day)
            .await
            .unwrap(),
        0
    );
    let mut reminders = Vec::new();
    for _ in 0..50 {
        let items = p
            .get("/api/v1/notifications", Some(&alice.access))
            .await
            .ok()["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        reminders = items
            .into_iter()
            .filter(|n| n["kind"] == "event_reminder")
            .collect();
        if !reminders.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0]["subject"]["id"], id.as_str());
}

#[tokio::test]
async fn event_inputs_are_validated() {
    let p = city_platform().await;
    for (query, field) in [
        ("from=2026-13-01", "query.from:invalid_date"),
        ("category=opera", "query.category:unknown_category"),
        ("free=yes", "query.free:invalid_boolean"),
        ("near=north", "query.near:invalid_point"),
        ("from=2026-12-01&to=2026-11-01", "query.to:invalid_range"),
        ("from=2026-01-01&to=2027-06-01", "query.to:invalid_range"),
        (
            "neighbourhood=atlantis",
            "query.neighbourhood:unknown_neighbourhood",
        ),
    ] {
        let answer = p.get(&format!("/api/v1/events?{query}"), None).await;
        assert_eq!(answer.field_codes(), vec![field.to_owned()], "{query}");
    }
    p.get("/api/v1/events?cursor=zzz", None)
        .await
        .problem(400, "invalid_cursor");
    assert_eq!(
        p.get("/api/v1/events/calendar?month=2026-1", None)
            .await
            .field_codes(),
        vec!["query.month:invalid_month".to_owned()]
    );
    p.get("/api/v1/events/01JNOSUCHEVENT000000000000", None)
        .await
        .problem(404, "not_found");
    let s = p.resident("rsvp_tester").await;
    let bad = p
        .post(
            "/api/v1/events/01JNOSUCHEVENT000000000000/rsvp",
            Some(&s.access),
            json!({"status": "maybe"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    p.post(
        "/api/v1/events/01JNOSUCHEVENT000000000000/rsvp",
        Some(&s.access),
        json!({"status": "going"}),
    )
    .await
    .problem(404, "not_found");
    p.post(
        "/api/v1/events/01JNOSUCHEVENT000000000000/rsvp",
        None,
        json!({"status": "going"}),
    )
    .await
    .problem(401, "unauthorized");
}

#[tokio::test]
async fn erasing_an_account_withdraws_its_rsvps_and_calendar_feed() {
    let p = city_platform().await;
    run_kind(&p, SourceKind::Events).await;
    let list = all_events(&p, SEASON).await;
    let id = titled(&list, "orelsan")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let leaving = p.resident("leaving_fan").await;
    p.post(
        &format!("/api/v1/events/{id}/rsvp"),
        Some(&leaving.access),
        json!({"status": "going"}),
    )
    .await
    .ok();
    p.call(
        Method::PUT,
        &format!("/api/v1/events/{id}/favourite"),
        Some(&leaving.access),
        None,
    )
    .await
    .ok();
    let feed = p
        .post(
            "/api/v1/users/me/calendar-feed",
            Some(&leaving.access),
            json!({}),
        )
        .await;
    let url = feed.ok()["url"].as_str().unwrap().to_owned();
    let path = url[url.find("/api/v1/").unwrap()..].to_owned();
    assert_eq!(
        p.get(&format!("/api/v1/events/{id}"), None).await.ok()["going_count"],
        1
    );

    let erased = p
        .call(
            Method::DELETE,
            "/api/v1/users/me",
            Some(&leaving.access),
            Some(json!({"password": crate::harness::PASSWORD})),
        )
        .await;
    assert_eq!(erased.status, 204, "{}", erased.body);
    assert_eq!(
        p.get(&format!("/api/v1/events/{id}"), None).await.ok()["going_count"],
        0
    );
    assert_eq!(p.http.get(p.url(&path)).send().await.unwrap().status(), 404);
    let platform = p.gw.state.engines.platform.clone();
    let left = platform
        .store
        .query(&rouen_ports::Query::partition(format!("EVENT#{id}")))
        .await
        .unwrap();
    assert!(
        left.items
            .iter()
            .all(|i| !i["sk"].as_str().unwrap().ends_with(&leaving.id)),
        "an RSVP or favourite of the erased account is left"
    );
}
