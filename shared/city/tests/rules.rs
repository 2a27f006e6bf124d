//! The rules through the crate's public API, as the API crate uses them: one morning of news and
//! one evening of events from several sources.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rouen_city::events::{categorise::categorise as event_category, dedup};
use rouen_city::news::gazetteer::{Gazetteer, LOCAL_THRESHOLD};
use rouen_city::news::{breaking, categorise::categorise as news_category, stories};
use rouen_city::{
    ArticleDraft, EventCategory, EventDraft, EventStatus, NewsCategory, Occurrence, Price, TZ,
    Venue,
};

fn article(source: &str, title: &str, summary: &str, at: DateTime<Utc>) -> ArticleDraft {
    ArticleDraft {
        source_id: source.into(),
        source_ref: format!("{source}:{title}"),
        url: format!("https://{source}.example/{}", title.len()),
        title: title.into(),
        summary: summary.into(),
        content: None,
        image: None,
        author: None,
        published_at: Some(at),
        source_categories: Vec::new(),
        source_breaking: false,
        lang: "fr".into(),
    }
}

#[test]
fn a_morning_of_news() {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).unwrap();
    let fire = [
        article(
            "paris-normandie",
            "Incendie dans un immeuble rue du Gros-Horloge à Rouen",
            "Les pompiers sont intervenus au petit matin.",
            t0,
        ),
        article(
            "actu-rouen",
            "Rouen : un incendie se déclare rue du Gros-Horloge, des habitants évacués",
            "Douze habitants ont été évacués.",
            t0 + Duration::minutes(12),
        ),
        article(
            "france-bleu",
            "Incendie rue du Gros-Horloge : des habitants évacués en pleine nuit",
            "",
            t0 + Duration::minutes(25),
        ),
    ];
    let market = article(
        "actu-rouen",
        "Rouen : le marché de Noël ouvre ses portes",
        "Les chalets s'installent place de la Cathédrale.",
        t0,
    );
    let national = article(
        "national",
        "Paris : la ligne 14 prolongée",
        "La RATP annonce l'ouverture de nouvelles stations.",
        t0,
    );

    for a in &fire {
        assert_eq!(news_category(a), NewsCategory::FaitsDivers, "{}", a.title);
        let local = Gazetteer::rouen().score(&a.title, &a.summary);
        assert!(local.score >= LOCAL_THRESHOLD, "{local:?}");
        assert!(local.places.contains(&"rue du Gros-Horloge".to_owned()));
    }
    assert!(stories::same_story(&fire[0], &fire[1]));
    assert!(stories::same_story(&fire[1], &fire[2]));
    assert!(!stories::same_story(&fire[0], &market));
    assert!(
        Gazetteer::rouen()
            .score(&national.title, &national.summary)
            .score
            < LOCAL_THRESHOLD
    );

    // The first report alone is not urgent; the evacuation is, and three sources within half an
    // hour make the story breaking whatever their titles.
    assert!(!breaking::breaking_by_rules(&fire[0]));
    assert!(breaking::breaking_by_rules(&fire[1]));
    let times: Vec<DateTime<Utc>> = fire.iter().filter_map(|a| a.published_at).collect();
    assert!(breaking::breaking_by_burst(
        &times,
        t0 + Duration::minutes(40)
    ));
    assert!(!breaking::breaking_by_burst(
        &times,
        t0 + breaking::breaking_window()
    ));
}

fn event(source: &str, title: &str, hour: u32, minute: u32, venue: &str) -> EventDraft {
    EventDraft {
        source_id: source.into(),
        source_ref: format!("{source}-{title}"),
        url: None,
        title: title.into(),
        description: String::new(),
        occurrences: vec![Occurrence {
            starts_at: TZ
                .with_ymd_and_hms(2026, 12, 5, hour, minute, 0)
                .unwrap()
                .to_utc(),
            ends_at: None,
            all_day: false,
        }],
        venue: Some(Venue {
            name: Some(venue.into()),
            ..Venue::default()
        }),
        price: Price::Unknown,
        image: None,
        status: EventStatus::Scheduled,
        source_categories: Vec::new(),
        lang: "fr".into(),
    }
}

#[test]
fn an_evening_of_events() {
    let mut agenda = event("openagenda", "ORELSAN", 20, 0, "Zénith de Rouen");
    agenda.source_categories = vec!["Concert".into()];
    let mut venue_site = event("zenith", "Orelsan – Civilisation Tour", 20, 30, "Zénith");
    venue_site.description = "Le rappeur revient à Rouen.".into();
    venue_site.price = Price::Paid {
        min_cents: Some(3900),
        max_cents: None,
    };
    let matinee = event("theatre", "Le Malade imaginaire", 15, 0, "Théâtre des Arts");
    let evening = event(
        "theatre",
        "Le Malade imaginaire",
        20,
        30,
        "Théâtre des Arts",
    );

    assert_eq!(dedup::match_key(&agenda), "2026-12-05");
    assert_eq!(dedup::match_key(&agenda), dedup::match_key(&venue_site));
    assert!(dedup::same_event(&agenda, &venue_site));
    assert!(!dedup::same_event(&matinee, &evening));
    assert!(!dedup::same_event(&agenda, &evening));

    let merged = dedup::merge(&agenda, &venue_site);
    assert_eq!(merged.title, "Orelsan – Civilisation Tour");
    assert_eq!(merged.price, venue_site.price);
    assert_eq!(dedup::merge(&merged, &venue_site), merged);
    assert_eq!(event_category(&merged), EventCategory::Concerts);
    assert_eq!(event_category(&matinee), EventCategory::Other);
}
