//! Road traffic: official incidents from the recorded Métropole and Bison Futé answers, residents'
//! reports with confirm/gone votes, expiry, rate limits and moderation.

use crate::harness::{PASSWORD, Platform};
use crate::news::{admin, run_kind};
use chrono::Duration;
use reqwest::Method;
use rouen_city::SourceKind;
use rouen_ports::ManualClock;
use serde_json::{Value, json};
use std::sync::Arc;

const ROADWORKS: &str =
    "data.metropole-rouen-normandie.fr/api/explore/v2.1/catalog/datasets/travaux-json/records";

async fn traffic_platform() -> (Platform, Arc<ManualClock>) {
    crate::harness::platform_on_clock(crate::harness::recorded_day(), |_| {}).await
}

async fn incidents(p: &Platform, query: &str, token: Option<&str>) -> Vec<Value> {
    p.get(&format!("/api/v1/traffic/incidents{query}"), token)
        .await
        .ok()["incidents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn report(kind: &str) -> Value {
    json!({"type": kind, "description": "Voiture en panne, voie de droite", "lat": 49.4406, "lon": 1.0937, "street": "Quai de la Bourse"})
}

#[tokio::test]
async fn official_incidents_are_scraped_idempotently_and_survive_a_broken_source() {
    let (p, _) = traffic_platform().await;
    let outcomes = run_kind(&p, SourceKind::Traffic).await;
    let of = |id: &str| {
        outcomes
            .iter()
            .find(|o| o.source_id == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(of("metropole-travaux").result, "ran", "{outcomes:?}");
    assert_eq!(of("bison-fute-rrn").result, "ran", "{outcomes:?}");
    assert_eq!(of("waze-ccp").result, "disabled");
    let first = incidents(&p, "?source=official", None).await;
    assert!(first.len() >= 3, "{first:?}");
    assert!(
        first
            .iter()
            .any(|i| i["type"] == "roadworks" && i["source"] == "metropole-travaux")
    );
    assert!(first.iter().all(|i| i["reported_by"].is_null()));
    // Inside the Rouen area only.
    for i in &first {
        let (lat, lon) = (i["lat"].as_f64().unwrap(), i["lon"].as_f64().unwrap());
        assert!(
            (49.25..=49.60).contains(&lat) && (0.85..=1.35).contains(&lon),
            "{i}"
        );
    }

    // Running again changes nothing; a broken source keeps what was stored.
    run_kind(&p, SourceKind::Traffic).await;
    assert_eq!(
        incidents(&p, "?source=official", None).await.len(),
        first.len()
    );
    p.gw.state.sources.set(ROADWORKS, 200, "{\"results\": [");
    let outcomes = run_kind(&p, SourceKind::Traffic).await;
    assert!(
        outcomes
            .iter()
            .any(|o| o.source_id == "metropole-travaux" && o.result == "failed")
    );
    assert_eq!(
        incidents(&p, "?source=official", None).await.len(),
        first.len()
    );

    // Filters.
    let works = incidents(&p, "?type=roadworks", None).await;
    assert!(!works.is_empty() && works.iter().all(|i| i["type"] == "roadworks"));
    let nowhere = incidents(&p, "?bbox=0.86,49.26,0.87,49.27", None).await;
    assert!(nowhere.is_empty());
    p.get("/api/v1/traffic/incidents?bbox=1,2,3", None)
        .await
        .problem(422, "validation_failed");
    p.get("/api/v1/traffic/incidents?type=meteor", None)
        .await
        .problem(422, "validation_failed");
    let summary = p.get("/api/v1/traffic/current", None).await;
    assert!(summary.ok()["roadworks_count"].as_u64().unwrap() >= 1);
    assert_eq!(summary.ok()["reports_count"], 0);
}

#[tokio::test]
async fn residents_report_confirm_and_end_incidents() {
    let (p, clock) = traffic_platform().await;
    let alice = p.resident("alice").await;
    let bob = p.resident("bob").await;
    let carol = p.resident("carol").await;

    p.post("/api/v1/traffic/incidents", None, report("accident"))
        .await
        .problem(401, "unauthorized");
    let bad = p
        .post(
            "/api/v1/traffic/incidents",
            Some(&alice.access),
            json!({"type": "meteor", "lat": 48.8566, "lon": 2.3522, "description": "x".repeat(501)}),
        )
        .await;
    assert_eq!(
        bad.field_codes(),
        [
            "body.type:invalid_type",
            "body.description:too_long",
            "body.lat:outside_area"
        ]
    );

    let created = p
        .post(
            "/api/v1/traffic/incidents",
            Some(&alice.access),
            report("accident"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["source"], "resident");
    assert_eq!(created.body["reported_by"]["username"], "alice");
    assert_eq!(created.body["mine"], true);
    let expires = created.body["expires_at"].as_str().unwrap().to_owned();

    // One cannot vote on one's own report; others confirm, which keeps it up longer.
    p.post(
        &format!("/api/v1/traffic/incidents/{id}/votes"),
        Some(&alice.access),
        json!({"vote": "confirm"}),
    )
    .await
    .problem(409, "own_report");
    clock.advance(Duration::hours(1));
    // Access tokens last 15 minutes: sign in again after the jump.
    let alice = p.sign_in(&alice.email, PASSWORD).await;
    let bob = p.sign_in(&bob.email, PASSWORD).await;
    let carol = p.sign_in(&carol.email, PASSWORD).await;
    let confirmed = p
        .post(
            &format!("/api/v1/traffic/incidents/{id}/votes"),
            Some(&bob.access),
            json!({"vote": "confirm"}),
        )
        .await;
    assert_eq!(confirmed.ok()["confirmations"], 1);
    assert_eq!(confirmed.ok()["my_vote"], "confirm");
    assert!(confirmed.ok()["expires_at"].as_str().unwrap() > expires.as_str());
    // Voting the same again changes nothing; changing one's mind moves the counts.
    let again = p
        .post(
            &format!("/api/v1/traffic/incidents/{id}/votes"),
            Some(&bob.access),
            json!({"vote": "confirm"}),
        )
        .await;
    assert_eq!(again.ok()["confirmations"], 1);
    let gone = p
        .post(
            &format!("/api/v1/traffic/incidents/{id}/votes"),
            Some(&bob.access),
            json!({"vote": "gone"}),
        )
        .await;
    assert_eq!(gone.ok()["confirmations"], 0);
    assert_eq!(gone.ok()["gone_votes"], 1);
    // A second "gone" ends it.
    p.post(
        &format!("/api/v1/traffic/incidents/{id}/votes"),
        Some(&carol.access),
        json!({"vote": "gone"}),
    )
    .await
    .ok();
    assert!(incidents(&p, "?source=resident", None).await.is_empty());

    // Without confirmation a report expires by itself.
    let short = p
        .post(
            "/api/v1/traffic/incidents",
            Some(&alice.access),
            report("hazard"),
        )
        .await;
    let short_id = short.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(incidents(&p, "?source=resident", None).await.len(), 1);
    clock.advance(Duration::hours(3) + Duration::minutes(1));
    assert!(incidents(&p, "?source=resident", None).await.is_empty());
    let bob = p.sign_in(&bob.email, PASSWORD).await;
    p.post(
        &format!("/api/v1/traffic/incidents/{short_id}/votes"),
        Some(&bob.access),
        json!({"vote": "confirm"}),
    )
    .await
    .problem(404, "not_found");
}

#[tokio::test]
async fn a_report_may_carry_a_photo_which_goes_with_it() {
    let (p, _) = traffic_platform().await;
    let alice = p.resident("alice").await;
    let upload = p.upload_photo(&alice, crate::images::phone_photo()).await;
    let mut body = report("hazard");
    body["photo_upload_id"] = upload.clone();
    let created = p
        .post(
            "/api/v1/traffic/incidents",
            Some(&alice.access),
            body.clone(),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let url = created.body["photo_url"].as_str().unwrap().to_owned();
    let photo = p.http.get(&url).send().await.unwrap();
    assert!(photo.status().is_success());
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    // The upload is spent: it cannot be attached twice.
    let again = p
        .post("/api/v1/traffic/incidents", Some(&alice.access), body)
        .await;
    assert_eq!(again.field_codes(), ["body.photo_upload_id:unknown"]);
    // Removing the report removes its photo.
    let id = created.body["id"].as_str().unwrap();
    let removed = p
        .call(
            Method::DELETE,
            &format!("/api/v1/traffic/incidents/{id}"),
            Some(&alice.access),
            None,
        )
        .await;
    assert_eq!(removed.status, 204);
    let gone = p.http.get(&url).send().await.unwrap();
    assert_eq!(gone.status(), 404);
}

#[tokio::test]
async fn reports_are_rate_limited_and_moderated() {
    let (p, _) = traffic_platform().await;
    let alice = p.resident("alice").await;
    let bob = p.resident("bob").await;
    let mut ids = Vec::new();
    for _ in 0..6 {
        let r = p
            .post(
                "/api/v1/traffic/incidents",
                Some(&alice.access),
                report("roadworks"),
            )
            .await;
        ids.push(r.ok()["id"].as_str().unwrap().to_owned());
    }
    p.post(
        "/api/v1/traffic/incidents",
        Some(&alice.access),
        report("roadworks"),
    )
    .await
    .problem(429, "rate_limited");

    // Someone else's report cannot be removed; one's own can, and a moderator can remove any.
    p.call(
        Method::DELETE,
        &format!("/api/v1/traffic/incidents/{}", ids[0]),
        Some(&bob.access),
        None,
    )
    .await
    .problem(403, "forbidden");
    let own = p
        .call(
            Method::DELETE,
            &format!("/api/v1/traffic/incidents/{}", ids[0]),
            Some(&alice.access),
            None,
        )
        .await;
    assert_eq!(own.status, 204);
    let moderator = admin(&p, "mod").await;
    let removed = p
        .call(
            Method::DELETE,
            &format!("/api/v1/traffic/incidents/{}", ids[1]),
            Some(&moderator.access),
            None,
        )
        .await;
    assert_eq!(removed.status, 204);
    assert_eq!(incidents(&p, "?source=resident", None).await.len(), 4);

    // Erasing the account removes the resident's live reports.
    let erased = p
        .call(
            Method::DELETE,
            "/api/v1/users/me",
            Some(&alice.access),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert!(erased.status.is_success(), "{}", erased.body);
    assert!(incidents(&p, "?source=resident", None).await.is_empty());
}
