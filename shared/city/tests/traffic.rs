//! Traffic parsers on the real Waze dump (tests/fixtures/traffic, copied unchanged from
//! shared/data/traffic), on the Rouen snapshots of the demo, and on broken inputs.

use rouen_city::traffic::area::WORLD;
use rouen_city::traffic::{
    self, Area, IncidentSource, IncidentType, ROUEN, parse_datex2, parse_ods_roadworks,
    parse_tomtom, parse_waze,
};
use rouen_city::{ParseError, SourceKind, registry, snapshots};

const LOUISVILLE: &[u8] = include_bytes!("fixtures/traffic/waze-ccp-feed.louisville.json");

fn snapshot(id: &str) -> &'static [u8] {
    let source = registry()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    let path = snapshots::path_of(&source.url).unwrap();
    snapshots::get(&path).unwrap_or_else(|| panic!("no snapshot at {path}"))
}

#[test]
fn every_traffic_source_parses_its_snapshot_inside_rouen() {
    let sources: Vec<_> = registry()
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == SourceKind::Traffic)
        .collect();
    assert_eq!(sources.len(), 4);
    for source in sources {
        let path = snapshots::path_of(&source.url).unwrap();
        let host = path.split('/').next().unwrap();
        assert!(
            snapshots::get(&format!("{host}/robots.txt")).is_some(),
            "{host}"
        );
        let parsed = traffic::parse(&source, snapshot(&source.id), &ROUEN).unwrap();
        assert!(!parsed.items.is_empty(), "{}", source.id);
        assert!(
            parsed.skipped.is_empty(),
            "{}: {:?}",
            source.id,
            parsed.skipped
        );
        for item in &parsed.items {
            assert!(ROUEN.contains(item.lat, item.lon), "{}", item.source_id);
            assert!(!item.title.is_empty());
            let d = item.description.as_deref().unwrap_or_default();
            assert!(
                !d.contains('<') && !d.contains("&#"),
                "{}: {d}",
                item.source_id
            );
        }
    }
}

#[test]
fn metropole_roadworks_snapshot() {
    let parsed = parse_ods_roadworks(snapshot("metropole-travaux"), &ROUEN).unwrap();
    assert_eq!(parsed.items.len(), 5);
    let quai = &parsed.items[0];
    assert_eq!(quai.source_id, "metropole:48213");
    assert_eq!(quai.kind, IncidentType::Roadworks);
    assert_eq!(quai.source, IncidentSource::Metropole);
    assert_eq!((quai.lat, quai.lon), (49.4379, 1.0958));
    assert_eq!(quai.street.as_deref(), Some("Quai de Paris"));
    // Dates are Rouen days; the last day is included.
    assert_eq!(
        quai.starts_at.unwrap().to_rfc3339(),
        "2026-11-02T23:00:00+00:00"
    );
    assert_eq!(
        quai.ends_at.unwrap().to_rfc3339(),
        "2026-12-19T23:00:00+00:00"
    );
    // No geo_point_2d: the commune's centre, the body's HTML made text, the relative link made absolute.
    let sotteville = &parsed.items[1];
    assert_eq!(sotteville.commune.as_deref(), Some("Sotteville-lès-Rouen"));
    assert_eq!((sotteville.lat, sotteville.lon), (49.41, 1.09));
    assert!(
        sotteville
            .description
            .as_deref()
            .unwrap()
            .contains("La rue est barrée")
    );
    assert_eq!(
        sotteville.source_url.as_deref(),
        Some(
            "https://www.metropole-rouen-normandie.fr/actualite/travaux-rue-de-la-republique-sotteville"
        )
    );
    let night = &parsed.items[3];
    assert_eq!(
        night.starts_at.unwrap().to_rfc3339(),
        "2026-11-23T20:00:00+00:00"
    );
}

#[test]
fn roadworks_without_title_or_place_are_skipped_and_far_ones_counted() {
    let doc = r#"{"results":[
        {"nid":1,"title":"","field_commune":"Rouen"},
        {"nid":2,"title":"Travaux à Yvetot","field_commune":"Yvetot"},
        {"nid":3,"title":"Travaux au Havre","geo_point_2d":{"lat":49.4944,"lon":0.1079}},
        {"nid":4,"title":"Travaux rue Jeanne-d'Arc","field_commune":"ROUEN","field_date_debut_1":"pas une date"}
    ]}"#;
    let parsed = parse_ods_roadworks(doc.as_bytes(), &ROUEN).unwrap();
    assert_eq!(parsed.items.len(), 1);
    assert_eq!(parsed.items[0].starts_at, None);
    assert_eq!(parsed.skipped.len(), 2);
    assert_eq!(parsed.outside_area, 1);
}

#[test]
fn datex2_snapshot_keeps_the_rouen_records() {
    let parsed = parse_datex2(snapshot("bison-fute-rrn"), &ROUEN).unwrap();
    let got: Vec<_> = parsed
        .items
        .iter()
        .map(|i| (i.source_id.as_str(), i.kind, i.street.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "bison-fute:DIRNO_2026_11_0412_01",
                IncidentType::Roadworks,
                None
            ),
            (
                "bison-fute:DIRNO_2026_11_0433_01",
                IncidentType::Accident,
                Some("N31")
            ),
            (
                "bison-fute:DIRNO_2026_11_0420_01",
                IncidentType::Closure,
                Some("N15")
            ),
        ]
    );
    // The N7 record near Roanne is read, then left out.
    assert_eq!(parsed.outside_area, 1);
    let works = &parsed.items[0];
    assert_eq!((works.lat, works.lon), (49.3912, 1.0714));
    assert_eq!(
        works.starts_at.unwrap().to_rfc3339(),
        "2026-11-23T20:00:00+00:00"
    );
    assert!(
        works
            .description
            .as_deref()
            .unwrap()
            .contains("bretelle d'accès")
    );
    assert_eq!(parsed.items[1].ends_at, None);
    assert_eq!(parsed.items[2].title, "Route fermée — N15");
}

#[test]
fn datex2_ids_are_stable_across_parses() {
    let a = parse_datex2(snapshot("bison-fute-rrn"), &ROUEN).unwrap();
    let b = parse_datex2(snapshot("bison-fute-rrn"), &ROUEN).unwrap();
    assert_eq!(a, b);
}

#[test]
fn datex2_broken_inputs() {
    let soap_fault = br#"<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">Service temporarily unavailable</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"#;
    let err = parse_datex2(soap_fault, &ROUEN).unwrap_err();
    assert!(
        err.to_string()
            .contains("SOAP fault: Service temporarily unavailable"),
        "{err}"
    );
    let cases: [(&str, &[u8]); 7] = [
        ("empty body", b""),
        ("RSS, not DATEX", br#"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>"#),
        ("DATEX 3 namespace", br#"<d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload"><d2LogicalModel xmlns="http://datex2.eu/schema/3/common"/></d2:payload>"#),
        ("truncated", br#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0"><payloadPublication>"#),
        ("mismatched tags", br#"<a><b></a></b>"#),
        ("JSON", br#"{"situations":[]}"#),
        ("another publication", br#"<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><payloadPublication xsi:type="MeasuredDataPublication"/></d2LogicalModel>"#),
    ];
    for (name, body) in cases {
        let err = parse_datex2(body, &ROUEN).expect_err(name);
        assert!(
            matches!(err, ParseError::Malformed { .. } | ParseError::Empty { .. }),
            "{name}: {err}"
        );
    }
    // A record without a position or an id is skipped, the others kept.
    let doc = br#"<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><payloadPublication xsi:type="SituationPublication"><situation id="s">
      <situationRecord xsi:type="Accident" id="r1"><groupOfLocations><pointCoordinates><latitude>49.44</latitude><longitude>1.09</longitude></pointCoordinates></groupOfLocations></situationRecord>
      <situationRecord xsi:type="Accident" id="r2"/>
      <situationRecord xsi:type="Accident"><groupOfLocations><pointCoordinates><latitude>49.44</latitude><longitude>1.09</longitude></pointCoordinates></groupOfLocations></situationRecord>
    </situation></payloadPublication></d2LogicalModel>"#;
    let parsed = parse_datex2(doc, &ROUEN).unwrap();
    assert_eq!(parsed.items.len(), 1);
    assert_eq!(parsed.skipped.len(), 2);
}

#[test]
fn waze_real_louisville_dump() {
    // 50 real jams, no alerts; all outside Rouen.
    let all = parse_waze(LOUISVILLE, &WORLD).unwrap();
    assert_eq!(all.items.len() + all.skipped.len(), 50);
    assert!(all.skipped.is_empty());
    let first = &all.items[0];
    assert_eq!(first.source_id, "waze-jam:1125557715");
    assert_eq!(first.kind, IncidentType::Congestion);
    assert_eq!(first.congestion_level, Some(5));
    assert_eq!(first.street.as_deref(), Some("S Brook St"));
    assert_eq!(first.title, "Bouchon — S Brook St");
    assert_eq!(first.commune.as_deref(), Some("Louisville, KY"));
    // Middle point of its three-point line.
    assert_eq!((first.lat, first.lon), (38.213111, -85.757455));
    assert_eq!(
        first.starts_at.unwrap().timestamp_millis(),
        1_550_646_620_000
    );
    let louisville = Area {
        min_lat: 38.0,
        max_lat: 38.4,
        min_lon: -86.0,
        max_lon: -85.4,
    };
    assert_eq!(parse_waze(LOUISVILLE, &louisville).unwrap().items.len(), 50);
    let rouen = parse_waze(LOUISVILLE, &ROUEN).unwrap();
    assert!(rouen.items.is_empty());
    assert_eq!(rouen.outside_area, 50);
}

#[test]
fn waze_rouen_snapshot_alert_types() {
    let parsed = parse_waze(snapshot("waze-ccp"), &ROUEN).unwrap();
    let got: Vec<_> = parsed
        .items
        .iter()
        .map(|i| (i.kind, i.congestion_level))
        .collect();
    assert_eq!(
        got,
        [
            (IncidentType::Accident, None),
            (IncidentType::Roadworks, None),
            (IncidentType::Hazard, None),
            (IncidentType::Police, None),
            (IncidentType::Closure, None),
            (IncidentType::Congestion, Some(4)),
            (IncidentType::Congestion, Some(3)),
            (IncidentType::Congestion, Some(2)),
        ]
    );
    assert_eq!(
        parsed.items[0].description.as_deref(),
        Some("Accrochage voie de droite")
    );
    assert_eq!(
        parsed.items[5].description.as_deref(),
        Some("Vitesse moyenne 6 km/h, retard 7 min, sur 912 m.")
    );
    let again = parse_waze(snapshot("waze-ccp"), &ROUEN).unwrap();
    assert_eq!(parsed, again);
}

#[test]
fn waze_broken_inputs() {
    let cases: [&[u8]; 6] = [
        br#"{"alerts":[{"uuid":"a","#,
        b"{}",
        b"[]",
        b"",
        br#"{"jams":{"uuid":1}}"#,
        br#"<html>Forbidden</html>"#,
    ];
    for body in cases {
        assert!(
            parse_waze(body, &ROUEN).is_err(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    // Waze leaves empty arrays out: a quiet minute is no incident, not an error.
    let quiet = parse_waze(
        br#"{"startTimeMillis":1795602840000,"endTimeMillis":1795602900000}"#,
        &ROUEN,
    )
    .unwrap();
    assert!(quiet.items.is_empty());
    let partial = parse_waze(
        br#"{"alerts":[{"uuid":"x","type":"ACCIDENT","location":{"x":"1.09","y":49.44}},{"type":"POLICE","location":{"x":1.09,"y":49.44}},{"uuid":"z","type":"HAZARD","location":{"x":0,"y":0}}]}"#,
        &ROUEN,
    )
    .unwrap();
    assert_eq!(partial.items.len(), 1);
    assert_eq!(partial.skipped.len(), 2);
}

#[test]
fn tomtom_snapshot_and_errors() {
    let parsed = parse_tomtom(snapshot("tomtom-incidents"), &ROUEN).unwrap();
    assert_eq!(parsed.items.len(), 2);
    assert_eq!(parsed.items[0].kind, IncidentType::Congestion);
    assert_eq!(parsed.items[0].congestion_level, Some(3));
    assert_eq!(
        (parsed.items[0].lat, parsed.items[0].lon),
        (49.43994, 1.08521)
    );
    assert_eq!(parsed.items[1].kind, IncidentType::Closure);
    assert_eq!(parsed.items[1].title, "Fermé — N15");
    for body in [
        &b"{}"[..],
        b"[]",
        b"",
        br#"{"incidents":"#,
        br#"{"detailedError":{"code":"InvalidKey","message":"Invalid key"}}"#,
    ] {
        assert!(parse_tomtom(body, &ROUEN).is_err());
    }
}

#[test]
fn disabled_and_keyed_sources_are_declared_as_such() {
    let all = registry().unwrap();
    let by_id = |id: &str| all.iter().find(|s| s.id == id).unwrap();
    assert!(!by_id("waze-ccp").enabled);
    assert!(!by_id("tomtom-incidents").enabled);
    let waze = by_id("waze-ccp");
    assert_eq!(waze.fetch_url(None), None);
    assert_eq!(
        waze.fetch_url(Some(" https://feed.example/partner?x=1 "))
            .as_deref(),
        Some("https://feed.example/partner?x=1")
    );
    let mf = by_id("meteo-france-vigilance");
    assert_eq!(mf.fetch_url(Some("k")).as_deref(), Some(mf.url.as_str()));
    assert_eq!(
        mf.key_header(Some("secret")),
        Some(("apikey".into(), "secret".into()))
    );
    assert_eq!(mf.key_header(None), None);
    assert!(
        by_id("openweathermap-rouen")
            .fetch_url(Some("abc"))
            .unwrap()
            .ends_with("appid=abc")
    );
    assert!(by_id("open-meteo-rouen").fetch_url(None).is_some());
}
