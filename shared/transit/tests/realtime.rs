//! GTFS-RT on the mini network, from real encoded protobuf (built with prost).

mod common;

use chrono::Duration;
use common::{mini, paris};
use rouen_transit::realtime::proto::alert::{Cause, Effect};
use rouen_transit::{FeedBuilder, RealtimeError, RealtimeState};

#[test]
fn delay_applies_at_its_stop_and_propagates_downstream() {
    let tt = mini();
    let now = paris(2026, 3, 3, 7, 58);
    // A_0800 is 2 min late from stop_sequence 2 (Gare) on.
    let bytes = FeedBuilder::new(now).delay("A_0800", 2, 120).encode();
    let rt = RealtimeState::parse(&bytes, &tt).unwrap();
    assert_eq!(rt.timestamp, Some(now));
    let at_gare = tt.departures("G1", now, 1, Some(&rt)).unwrap();
    assert_eq!(at_gare[0].expected_at, Some(paris(2026, 3, 3, 8, 7)));
    assert!(at_gare[0].realtime);
    // Charlie (sequence 3) inherits the delay: 08:10 → 08:12.
    let at_charlie = tt.departures("A3", now, 1, Some(&rt)).unwrap();
    assert_eq!(at_charlie[0].expected_at, Some(paris(2026, 3, 3, 8, 12)));
    // Alpha, before the first update, has no prediction.
    let at_alpha = tt.departures("A1", now, 1, Some(&rt)).unwrap();
    assert_eq!(
        (at_alpha[0].expected_at, at_alpha[0].realtime),
        (None, false)
    );
}

#[test]
fn absolute_time_by_stop_id_and_trip_delay() {
    let tt = mini();
    let now = paris(2026, 3, 3, 8, 0);
    let bytes = FeedBuilder::new(now)
        .departure_time("B_0812", "B2", paris(2026, 3, 3, 8, 23))
        .trip_delay("B_0822", -60)
        .encode();
    let rt = RealtimeState::parse(&bytes, &tt).unwrap();
    let deps = tt.departures("B2", now, 2, Some(&rt)).unwrap();
    assert_eq!(deps[0].expected_at, Some(paris(2026, 3, 3, 8, 23)));
    assert_eq!(deps[1].expected_at, Some(paris(2026, 3, 3, 8, 29)));
    // Without a start_date the update is for the instance running around the feed's time, not
    // for Wednesday's.
    let wednesday = tt
        .departures("B2", now + Duration::days(1), 1, Some(&rt))
        .unwrap();
    assert_eq!(
        (wednesday[0].trip_id, wednesday[0].expected_at),
        ("B_0812", None)
    );
}

#[test]
fn cancelled_trip_is_flagged() {
    let tt = mini();
    let now = paris(2026, 3, 3, 8, 0);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 3);
    let rt =
        RealtimeState::parse(&FeedBuilder::new(now).cancel("B_0812", day).encode(), &tt).unwrap();
    let deps = tt.departures("G2", now, 2, Some(&rt)).unwrap();
    assert_eq!(
        (deps[0].trip_id, deps[0].cancelled, deps[0].realtime),
        ("B_0812", true, true)
    );
    assert!(!deps[1].cancelled);
    // The cancellation names Tuesday's trip: Wednesday's runs.
    let deps = tt
        .departures("G2", now + Duration::days(1), 1, Some(&rt))
        .unwrap();
    assert!(!deps[0].cancelled);
}

#[test]
fn unknown_trips_are_skipped_and_counted() {
    let tt = mini();
    let bytes = FeedBuilder::new(paris(2026, 3, 3, 8, 0))
        .delay("GHOST-1", 1, 60)
        .cancel("GHOST-2", None)
        .delay("A_0810", 1, 30)
        .encode();
    let rt = RealtimeState::parse(&bytes, &tt).unwrap();
    assert_eq!(rt.unknown_trips, 2);
    assert_eq!(rt.trips.len(), 1);
}

#[test]
fn garbage_is_a_typed_error() {
    let tt = mini();
    let err = RealtimeState::parse(b"\xff\xff\xff not protobuf", &tt).unwrap_err();
    assert!(matches!(err, RealtimeError::Decode(_)));
    // A valid protobuf that is not a FeedMessage (no header) fails too.
    assert!(RealtimeState::parse(&[0x10, 0x01], &tt).is_err());
}

#[test]
fn alerts_network_wide_and_per_line() {
    let tt = mini();
    let now = paris(2026, 3, 3, 8, 0);
    let bytes = FeedBuilder::new(now)
        .alert(
            "strike",
            "Grève",
            None,
            Cause::Strike,
            Effect::ReducedService,
            &[],
            &[],
            None,
        )
        .alert(
            "works",
            "Travaux sur la ligne T1",
            Some("Arrêt Écluse non desservi"),
            Cause::Construction,
            Effect::Detour,
            &["B"],
            &["B2"],
            Some((now - Duration::hours(1), now + Duration::days(2))),
        )
        .encode();
    let mut rt = RealtimeState::parse(&bytes, &tt).unwrap();
    assert_eq!(rt.alerts.len(), 2);
    let strike = &rt.alerts[0];
    assert!(strike.is_network_wide());
    assert_eq!(
        (strike.cause.as_deref(), strike.effect.as_deref()),
        (Some("strike"), Some("reduced_service"))
    );
    assert_eq!((strike.starts_at(), strike.ends_at()), (None, None));
    let works = &rt.alerts[1];
    assert!(!works.is_network_wide());
    assert_eq!(
        (works.line_ids.as_slice(), works.stop_ids.as_slice()),
        (&["B".to_owned()][..], &["B2".to_owned()][..])
    );
    assert_eq!(works.header, "Travaux sur la ligne T1");
    assert_eq!(
        works.description.as_deref(),
        Some("Arrêt Écluse non desservi")
    );
    assert_eq!(works.cause.as_deref(), Some("construction"));
    assert_eq!(works.starts_at(), Some(now - Duration::hours(1)));
    assert_eq!(
        rt.alerts_at(now + Duration::days(3)).count(),
        1,
        "works are over by then"
    );
    assert_eq!(rt.alerts_for_line("B", now).count(), 1);
    assert_eq!(
        rt.alerts_for_line("A", now).count(),
        0,
        "network-wide ones are not per line"
    );
    // Gare is served by T1 (B): strike + works; Alpha (Métro only): strike only.
    let ids = |stop: &str| {
        rt.alerts_for_stop(&tt, stop, now)
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("GARE"), ["strike", "works"]);
    assert_eq!(ids("A1"), ["strike"]);
    // Merging another operator's feed adds up.
    let other =
        RealtimeState::parse(&FeedBuilder::new(now).delay("GHOST", 1, 1).encode(), &tt).unwrap();
    rt.merge(other);
    assert_eq!((rt.alerts.len(), rt.unknown_trips), (2, 1));
}

#[test]
fn french_or_untagged_translation_is_chosen() {
    use prost::Message;
    use rouen_transit::realtime::proto;
    let tt = mini();
    let tr = |text: &str, lang: Option<&str>| proto::translated_string::Translation {
        text: text.into(),
        language: lang.map(Into::into),
    };
    let msg = proto::FeedMessage {
        header: proto::FeedHeader {
            gtfs_realtime_version: "2.0".into(),
            ..Default::default()
        },
        entity: vec![proto::FeedEntity {
            id: "a".into(),
            alert: Some(proto::Alert {
                header_text: Some(proto::TranslatedString {
                    translation: vec![tr("Works", Some("en")), tr("Travaux", Some("fr"))],
                }),
                description_text: Some(proto::TranslatedString {
                    translation: vec![tr("Works", Some("en")), tr("Sans langue", None)],
                }),
                ..Default::default()
            }),
            ..Default::default()
        }],
    };
    let rt = RealtimeState::parse(&msg.encode_to_vec(), &tt).unwrap();
    assert_eq!(rt.alerts[0].header, "Travaux");
    assert_eq!(rt.alerts[0].description.as_deref(), Some("Sans langue"));
    assert!(rt.alerts[0].is_network_wide());
}
