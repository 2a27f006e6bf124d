//! Every configured event source parsed from its snapshot with its registry config, and broken
//! inputs that must give an error or skipped items, never a panic.

use chrono::{DateTime, NaiveDate, Utc};
use rouen_city::sources::HtmlRules;
use rouen_city::{
    EventDraft, EventStatus, ParseError, Parsed, ParserConfig, Price, Source, SourceKind, events,
    registry, snapshots,
};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn source(id: &str) -> Source {
    registry()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no source {id}"))
}

fn snapshot_of(source: &Source) -> Parsed<EventDraft> {
    let url = source.url.replace("{key}", "k");
    let path = snapshots::path_of(&url).unwrap();
    let body = snapshots::get(&path).unwrap_or_else(|| panic!("no snapshot at {path}"));
    events::parse(source, body, Some(snapshots::content_type(&path)), &url)
        .unwrap_or_else(|e| panic!("{}: {e}", source.id))
}

fn parsed(id: &str) -> Parsed<EventDraft> {
    snapshot_of(&source(id))
}

fn find<'a>(parsed: &'a Parsed<EventDraft>, title: &str) -> &'a EventDraft {
    parsed
        .items
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| {
            panic!(
                "no `{title}` in {:?}",
                parsed.items.iter().map(|e| &e.title).collect::<Vec<_>>()
            )
        })
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/events/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn with_parser(id: &str, parser: ParserConfig) -> Source {
    Source {
        id: id.into(),
        name: id.into(),
        kind: SourceKind::Events,
        url: "https://www.exemple-rouen.fr/agenda/".into(),
        homepage: "https://www.exemple-rouen.fr".into(),
        every_minutes: 60,
        lang: "fr".into(),
        licence: String::new(),
        key: None,
        key_use: Default::default(),
        weight: 1.0,
        enabled: true,
        notes: String::new(),
        parser,
    }
}

#[test]
fn every_enabled_event_source_parses_its_snapshot() {
    let sources: Vec<Source> = registry()
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == SourceKind::Events && s.enabled)
        .collect();
    assert!(sources.len() >= 6, "{} sources", sources.len());
    let (mut free, mut cancelled, mut all_day) = (0, 0, 0);
    for source in &sources {
        let url = source.url.replace("{key}", "k");
        let host = url::Url::parse(&url)
            .unwrap()
            .host_str()
            .unwrap()
            .to_owned();
        assert!(
            snapshots::get(&format!("{host}/robots.txt")).is_some(),
            "{}: no robots.txt for {host}",
            source.id
        );
        let parsed = snapshot_of(source);
        let n = parsed.items.len();
        assert!((8..=25).contains(&n), "{}: {n} events", source.id);
        assert!(
            parsed.skipped.is_empty(),
            "{}: {:?}",
            source.id,
            parsed.skipped
        );
        assert_eq!(parsed.next_page, None, "{}", source.id);
        let mut refs = std::collections::HashSet::new();
        for e in &parsed.items {
            assert_eq!(e.source_id, source.id);
            assert_eq!(e.lang, source.lang);
            assert!(
                refs.insert(e.source_ref.clone()),
                "{}: {} twice",
                source.id,
                e.source_ref
            );
            assert!(
                !e.title.is_empty() && !e.title.contains('<'),
                "{}: {}",
                source.id,
                e.title
            );
            assert!(
                !e.description.contains("<p>"),
                "{}: {}",
                source.id,
                e.description
            );
            assert!(!e.occurrences.is_empty());
            assert!(
                e.occurrences
                    .windows(2)
                    .all(|w| w[0].starts_at <= w[1].starts_at)
            );
            // Every snapshot is upcoming for a demo dated 2026-11-25, within the season.
            let first = e.occurrences[0].starts_at;
            assert!(
                first >= utc("2026-11-25T00:00:00Z") && first < utc("2027-04-02T00:00:00Z"),
                "{}: {first}",
                e.title
            );
        }
        free += parsed
            .items
            .iter()
            .filter(|e| e.price == Price::Free)
            .count();
        cancelled += parsed
            .items
            .iter()
            .filter(|e| e.status == EventStatus::Cancelled)
            .count();
        all_day += parsed
            .items
            .iter()
            .filter(|e| {
                e.occurrences
                    .iter()
                    .any(|o| o.all_day && o.local_days().0 < o.local_days().1)
            })
            .count();
    }
    assert!(
        free >= 5 && cancelled >= 5 && all_day >= 3,
        "{free} free, {cancelled} cancelled, {all_day} multi-day"
    );
    // Disabled entries stay listed with their reason.
    let eventbrite = source("eventbrite-rouen");
    assert!(!eventbrite.enabled);
    assert!(eventbrite.notes.contains("2020-02-20") && eventbrite.notes.contains("Facebook"));
}

#[test]
fn metropole_openagenda_in_detail() {
    let p = parsed("openagenda-metropole");
    let orelsan = find(&p, "Orelsan");
    assert_eq!(orelsan.source_ref, "48210533");
    assert_eq!(
        orelsan.occurrences[0].starts_at,
        utc("2026-12-12T19:00:00Z")
    );
    let venue = orelsan.venue.clone().unwrap();
    assert_eq!(venue.name.as_deref(), Some("Kindarena"));
    assert_eq!((venue.lat, venue.lon), (Some(49.44897), Some(1.0638)));
    assert_eq!(
        orelsan.price,
        Price::Paid {
            min_cents: Some(3900),
            max_cents: Some(5900)
        }
    );
    assert_eq!(
        orelsan.image.as_deref(),
        Some("https://cdn.openagenda.com/main/orelsan-kindarena.48210533.base.image.jpg")
    );
    assert!(
        orelsan
            .description
            .starts_with("Après une tournée des Zéniths")
    );
    assert!(!orelsan.description.contains("**"));

    // One timing each side of the switch to summer time (2027-03-28).
    let bal = find(&p, "Bal folk du printemps");
    assert_eq!(bal.price, Price::Free);
    assert_eq!(bal.occurrences[0].starts_at, utc("2027-03-27T19:00:00Z"));
    assert_eq!(bal.occurrences[1].starts_at, utc("2027-03-28T14:00:00Z"));

    let noel = find(&p, "Marché de Noël de Rouen");
    assert_eq!(noel.occurrences.len(), 31);
    assert_eq!(
        find(&p, "Conférence « Flaubert et Rouen »").status,
        EventStatus::Cancelled
    );
    assert_eq!(
        find(&p, "Chorale de la Métropole : concert du Nouvel An").status,
        EventStatus::Postponed
    );
}

#[test]
fn ville_de_rouen_openagenda_in_detail() {
    let p = parsed("openagenda-ville-rouen");
    // The French title is missing: any language will do.
    assert_eq!(find(&p, "Christmas lights walk").source_ref, "48230007");
    assert_eq!(
        find(&p, "Loto solidaire de l'hiver").status,
        EventStatus::Cancelled
    );
    let flute = find(&p, "La Flûte enchantée");
    assert_eq!(flute.occurrences.len(), 2);
    assert_eq!(flute.occurrences[1].starts_at, utc("2026-12-13T15:00:00Z"));
}

#[test]
fn opendatasoft_mirror_matches_the_agenda() {
    let p = parsed("metropole-opendata-agenda");
    let oa = parsed("openagenda-metropole");
    for title in [
        "Orelsan",
        "Fakear",
        "Bal folk du printemps",
        "Marché de Noël de Rouen",
    ] {
        let (a, b) = (find(&p, title), find(&oa, title));
        assert_eq!(a.source_ref, b.source_ref, "{title}");
        assert_eq!(a.occurrences, b.occurrences, "{title}");
        assert_eq!(a.venue, b.venue, "{title}");
        assert_eq!(a.price, b.price, "{title}");
    }
    // Without timings, the first and last dates frame the exhibition.
    let monet = find(&p, "Exposition « Monet, la cathédrale en séries »");
    assert_eq!(monet.occurrences.len(), 1);
    assert_eq!(
        monet.occurrences[0].local_days(),
        (day(2026, 12, 4), day(2027, 3, 14))
    );
    assert!(monet.description.contains("Cathédrales de Rouen"));
    assert!(!monet.description.contains('<'));
}

#[test]
fn opera_html_in_detail() {
    let p = parsed("opera-rouen");
    let carmen = find(&p, "Carmen");
    assert_eq!(carmen.occurrences.len(), 3);
    assert_eq!(
        carmen.url.as_deref(),
        Some("https://www.operaorchestrenormandierouen.fr/programmation/carmen/")
    );
    assert_eq!(
        carmen.venue.as_ref().unwrap().name.as_deref(),
        Some("Théâtre des Arts")
    );
    assert_eq!(
        carmen.price,
        Price::Paid {
            min_cents: Some(1000),
            max_cents: Some(7200)
        }
    );
    assert_eq!(carmen.source_categories, ["Opéra"]);
    let fantastique = find(&p, "Symphonie fantastique");
    assert_eq!(
        fantastique.occurrences[0].starts_at,
        utc("2027-03-27T19:00:00Z")
    );
    assert_eq!(
        fantastique.occurrences[1].starts_at,
        utc("2027-03-28T14:00:00Z")
    );
    assert_eq!(
        find(&p, "ANNULÉ – Récital de lieder").status,
        EventStatus::Cancelled
    );
    assert_eq!(
        find(&p, "Midi musique : quatuor à cordes").price,
        Price::Free
    );
}

#[test]
fn json_ld_venues_in_detail() {
    let l106 = parsed("le-106");
    let fakear = find(&l106, "FAKEAR + Saint DX");
    assert_eq!(
        fakear.source_ref,
        "https://www.le106.com/evenement/fakear/#event"
    );
    assert_eq!(
        fakear.price,
        Price::Paid {
            min_cents: Some(2000),
            max_cents: Some(2500)
        }
    );
    assert_eq!(
        fakear.description,
        "Fakear revient à la maison avec un live tout neuf.\n\n1ère partie : Saint DX."
    );
    assert_eq!(find(&l106, "La Femme").status, EventStatus::Cancelled);
    assert_eq!(
        find(&l106, "Tremplin 106 : scène locale").price,
        Price::Free
    );
    assert_eq!(
        find(&l106, "Last Train").price,
        Price::Paid {
            min_cents: Some(2250),
            max_cents: None
        }
    );
    let sopico = find(&l106, "Sopico");
    assert_eq!(
        sopico.url.as_deref(),
        Some("https://www.le106.com/evenement/sopico/")
    );
    assert_eq!(
        sopico.image.as_deref(),
        Some("https://www.le106.com/wp-content/uploads/2026/10/sopico.jpg")
    );

    let kind = parsed("kindarena");
    let boulazac = find(&kind, "RMB – Boulazac");
    let venue = boulazac.venue.clone().unwrap();
    assert_eq!(venue.postal_code.as_deref(), Some("76000"));
    assert_eq!(venue.city.as_deref(), Some("Rouen"));
    assert_eq!(venue.lat, Some(49.44897));
    assert_eq!(
        boulazac.source_categories,
        ["SportsEvent", "Basket", "Pro B"]
    );

    let musees = parsed("musees-rouen");
    let monet = find(&musees, "Monet, la cathédrale en séries");
    let o = &monet.occurrences[0];
    assert!(o.all_day);
    assert_eq!(o.starts_at, utc("2026-12-03T23:00:00Z"));
    assert_eq!(o.local_days(), (day(2026, 12, 4), day(2027, 3, 14)));
    assert_eq!(
        monet.image.as_deref(),
        Some(
            "https://musees-rouen-normandie.fr/sites/default/files/styles/large/public/2026-10/monet-cathedrale.jpg"
        )
    );
    assert_eq!(
        find(&musees, "Visite flash : les primitifs italiens").status,
        EventStatus::Cancelled
    );
    assert_eq!(
        find(&musees, "Nuit de la chouette au Muséum").price,
        Price::Free
    );
    assert_eq!(
        find(&musees, "Printemps des poètes : lectures au musée").occurrences[0].starts_at,
        utc("2027-03-28T13:00:00Z")
    );

    let tourisme = parsed("rouen-tourisme");
    let jeanne = find(&tourisme, "Sur les pas de Jeanne d’Arc");
    assert_eq!(
        jeanne.description,
        "Du Vieux-Marché à l'Historial, visite commentée."
    );
    assert_eq!(
        jeanne.price,
        Price::Paid {
            min_cents: Some(1250),
            max_cents: None
        }
    );
    assert_eq!(find(&tourisme, "Marché de Noël").price, Price::Free);
}

#[test]
fn the_same_event_from_several_sources_lines_up() {
    let metropole = parsed("openagenda-metropole");
    let pairs = [
        ("Orelsan", "kindarena", "ORELSAN – Civilisation Tour"),
        ("Fakear", "le-106", "FAKEAR + Saint DX"),
        ("Carmen (Bizet) – Opéra de Rouen", "opera-rouen", "Carmen"),
        (
            "Rouen Métropole Basket – Boulazac",
            "kindarena",
            "RMB – Boulazac",
        ),
    ];
    for (ours, other, theirs) in pairs {
        let a = find(&metropole, ours);
        let other = parsed(other);
        let b = find(&other, theirs);
        assert_eq!(
            a.occurrences[0].starts_at, b.occurrences[0].starts_at,
            "{ours} / {theirs}"
        );
        assert_eq!(
            a.venue.as_ref().and_then(|v| v.name.clone()),
            b.venue.as_ref().and_then(|v| v.name.clone()),
            "{ours} / {theirs}"
        );
    }
    let ville = parsed("openagenda-ville-rouen");
    let opera = parsed("opera-rouen");
    let starts = |e: &EventDraft| {
        e.occurrences
            .iter()
            .map(|o| o.starts_at)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        starts(find(&ville, "La Flûte enchantée")),
        starts(find(&opera, "La Flûte enchantée — Mozart"))
    );
    let musees = parsed("musees-rouen");
    assert_eq!(
        find(&musees, "Monet, la cathédrale en séries").occurrences[0].local_days(),
        find(&metropole, "Exposition « Monet, la cathédrale en séries »").occurrences[0]
            .local_days()
    );
}

#[test]
fn rouen_on_est_calendar_in_detail() {
    let p = parsed("rouen-on-est");
    let noel = find(&p, "Marché de Noël de Rouen");
    assert!(noel.occurrences[0].all_day);
    assert_eq!(
        noel.occurrences[0].local_days(),
        (day(2026, 11, 27), day(2026, 12, 27))
    );
    assert_eq!(noel.price, Price::Free);
    assert!(
        noel.description
            .contains("Entrée libre.\nNotre sélection de chalets")
    );
    let venue = noel.venue.clone().unwrap();
    assert_eq!(venue.name.as_deref(), Some("Parvis de la Cathédrale"));
    assert_eq!(venue.postal_code.as_deref(), Some("76000"));
    // TZID=Europe/Paris on the day summer time starts.
    assert_eq!(
        find(&p, "Brocante de printemps du Vieux-Marché").occurrences[0].starts_at,
        utc("2027-03-28T06:00:00Z")
    );
    // A floating time is Rouen's.
    assert_eq!(
        find(&p, "Jardin des Plantes : balade hivernale").occurrences[0].starts_at,
        utc("2027-01-10T13:00:00Z")
    );
    assert_eq!(
        find(&p, "Concert annulé : Les Wampas").status,
        EventStatus::Cancelled
    );
    let run = find(&p, "Run club des quais");
    assert_eq!(run.occurrences.len(), 3);
    assert_eq!(
        run.occurrences[2].ends_at,
        Some(utc("2026-12-20T10:30:00Z"))
    );
    assert_eq!(run.venue.as_ref().unwrap().lat, Some(49.4384));
    assert_eq!(run.source_categories, ["Sport", "Course à pied"]);
    let moved = find(&p, "Apéro-quiz spécial Noël");
    assert_eq!(
        moved.source_ref,
        "0a1b2c3d4e5f6g7h8i9j0k1l2m@google.com/20261224T183000Z"
    );
    assert_eq!(
        find(&p, "Ciné-club : « Madame Bovary » (Chabrol)").description,
        "Projection suivie d'un débat.\nTarif unique 6,50 €"
    );
}

#[test]
fn historial_html_in_detail() {
    let p = parsed("historial-jeanne-darc");
    let expo = find(&p, "Exposition « Jeanne en enluminures »");
    assert!(expo.occurrences[0].all_day);
    assert_eq!(
        expo.occurrences[0].local_days(),
        (day(2027, 2, 3), day(2027, 2, 28))
    );
    let games = find(&p, "Jeu de piste en famille");
    assert_eq!(
        games.occurrences[0].local_days(),
        (day(2026, 12, 21), day(2027, 1, 3))
    );
    assert_eq!(
        find(&p, "Nocturne : les voix de Jeanne").occurrences[0].starts_at,
        utc("2026-12-19T17:00:00Z")
    );
    assert_eq!(
        find(&p, "Ouverture en soirée : passage à l'heure d'été").occurrences[0].starts_at,
        utc("2027-03-28T18:30:00Z")
    );
    assert_eq!(
        find(&p, "Visite guidée de la salle des États")
            .occurrences
            .len(),
        3
    );
    let april = find(&p, "Poisson d'avril à l'Historial");
    assert_eq!(
        april.occurrences[0].local_days(),
        (day(2027, 4, 1), day(2027, 4, 1))
    );
    let venue = april.venue.clone().unwrap();
    assert_eq!(venue.name.as_deref(), Some("Historial Jeanne d'Arc"));
    assert_eq!(venue.city.as_deref(), Some("Rouen"));
    assert_eq!(
        april.image.as_deref(),
        Some(
            "https://www.historial-jeannedarc.fr/wp-content/uploads/2026/11/journees-1er-avril.jpg"
        )
    );
    assert_eq!(
        find(&p, "Rencontre BD : Jeanne, la bande dessinée").price,
        Price::Free
    );
}

#[test]
fn truncated_json_is_an_error() {
    let body = fixture("openagenda_truncated.json");
    let oa = source("openagenda-metropole");
    assert!(matches!(
        events::parse(&oa, &body, Some("application/json"), &oa.url),
        Err(ParseError::Malformed { .. })
    ));
    let ods = source("metropole-opendata-agenda");
    assert!(matches!(
        events::parse(&ods, &body, None, &ods.url),
        Err(ParseError::Malformed { .. })
    ));
}

#[test]
fn openagenda_page_with_a_cursor_and_bad_items() {
    let oa = source("openagenda-metropole");
    let page = "https://api.openagenda.com/v2/agendas/11362982/events?key=k&detailed=1&after[]=1&after[]=2";
    let p = events::parse(&oa, &fixture("openagenda_after_cursor.json"), None, page).unwrap();
    let next = p.next_page.clone().unwrap();
    assert!(
        next.starts_with("https://api.openagenda.com/v2/agendas/11362982/events?key=k&detailed=1&")
    );
    assert!(
        next.ends_with("after%5B%5D=1764961200000&after%5B%5D=1005"),
        "{next}"
    );
    assert_eq!(next.matches("after").count(), 2);

    let refs: Vec<&str> = p.items.iter().map(|e| e.source_ref.as_str()).collect();
    assert_eq!(refs, ["1001", "1004", "1005"]);
    let bal = &p.items[0];
    assert_eq!(bal.title, "Bal & guinguette");
    assert_eq!(bal.venue.as_ref().unwrap().lat, Some(49.4371));
    let daily = &p.items[1];
    assert_eq!(daily.occurrences.len(), 200);
    assert_eq!(daily.occurrences[0].starts_at, utc("2026-12-01T09:00:00Z"));
    // 0,0 is an empty map pin, not a place.
    assert_eq!(daily.venue.as_ref().unwrap().lat, None);
    let mono = &p.items[2];
    assert_eq!(mono.title, "Titre monolingue");
    assert_eq!(mono.occurrences.len(), 2);
    assert_eq!(
        mono.image.as_deref(),
        Some("https://cdn.openagenda.com/main/mono.jpg")
    );
    let reasons: Vec<(&str, &str)> = p
        .skipped
        .iter()
        .map(|s| (s.item.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons, [("1002", "no start date"), ("1003", "no title")]);
}

#[test]
fn json_ld_page_with_a_broken_first_block() {
    let s = with_parser("jsonld", ParserConfig::JsonLd);
    let p = events::parse(
        &s,
        &fixture("jsonld_first_block_invalid.html"),
        None,
        "https://www.exemple-rouen.fr/agenda/",
    )
    .unwrap();
    let titles: Vec<&str> = p.items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Hamlet", "Nuit du tango"]);
    let hamlet = &p.items[0];
    assert_eq!(hamlet.occurrences[0].starts_at, utc("2027-01-15T19:30:00Z"));
    assert_eq!(
        hamlet.venue.as_ref().unwrap().city.as_deref(),
        Some("Rouen")
    );
    // 02:30 on 2027-03-28 does not exist in Rouen: read with the winter offset.
    let tango = &p.items[1];
    assert_eq!(tango.occurrences[0].starts_at, utc("2027-03-28T01:30:00Z"));
    assert_eq!(
        tango.url.as_deref(),
        Some("https://www.exemple-rouen.fr/tango")
    );
    assert_eq!(p.skipped.len(), 4, "{:?}", p.skipped);
    assert!(
        p.skipped[0].item == "JSON-LD block 1" && p.skipped[0].reason.starts_with("invalid JSON")
    );
    assert_eq!(p.skipped[1].reason, "no start date");
    assert_eq!(p.skipped[2].reason, "no title");
    assert_eq!(
        (p.skipped[3].item.as_str(), p.skipped[3].reason.as_str()),
        ("Date illisible", "no start date")
    );
}

#[test]
fn ics_with_a_missing_dtstart() {
    let s = with_parser("ics", ParserConfig::Ical);
    let p = events::parse(
        &s,
        &fixture("ical_missing_dtstart.ics"),
        Some("text/calendar"),
        "https://www.exemple-rouen.fr/agenda.ics",
    )
    .unwrap();
    let refs: Vec<&str> = p.items.iter().map(|e| e.source_ref.as_str()).collect();
    assert_eq!(
        refs,
        ["trou-dst@exemple", "double-dst@exemple", "echappe@exemple"]
    );
    assert_eq!(
        p.items[0].occurrences[0].starts_at,
        utc("2027-03-28T01:30:00Z")
    );
    assert_eq!(
        p.items[0].occurrences[0].ends_at,
        Some(utc("2027-03-28T03:00:00Z"))
    );
    assert_eq!(
        p.items[1].occurrences[0].starts_at,
        utc("2026-10-25T00:30:00Z")
    );
    let soup = &p.items[2];
    assert_eq!(soup.title, "Soupe, pain ; fromage");
    assert_eq!(
        soup.description,
        "Première ligne\nDeuxième ligne avec un long texte qui doit être replié sur plusieurs lignes, comme le veut la RFC 5545."
    );
    assert_eq!(
        soup.venue.as_ref().unwrap().address.as_deref(),
        Some("11 avenue Pasteur")
    );
    assert!(soup.occurrences[0].all_day);
    let reasons: Vec<(&str, &str)> = p
        .skipped
        .iter()
        .map(|s| (s.item.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("sans-debut@exemple", "no start date"),
            ("sans-titre@exemple", "no title"),
            ("date-illisible@exemple", "no start date")
        ]
    );
}

fn fixture_rules() -> HtmlRules {
    HtmlRules {
        item: ".evt".into(),
        title: ".evt-title, h3".into(),
        date: ".evt-date, .quand".into(),
        link: Some(".evt-title a".into()),
        description: None,
        image: None,
        venue: Some(".evt-lieu".into()),
        category: None,
        price: Some(".prix".into()),
        default_venue: None,
    }
}

#[test]
fn html_items_with_missing_and_unreadable_dates() {
    let s = with_parser("html", ParserConfig::Html(fixture_rules()));
    let p = events::parse(
        &s,
        &fixture("html_bad_dates.html"),
        Some("text/html; charset=utf-8"),
        "https://www.exemple-rouen.fr/agenda/",
    )
    .unwrap();
    let titles: Vec<&str> = p.items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Concert jazz & blues", "Exposition d'hiver"]);
    let jazz = &p.items[0];
    assert_eq!(
        jazz.source_ref,
        "https://www.exemple-rouen.fr/evt/concert-jazz"
    );
    assert_eq!(jazz.occurrences[0].starts_at, utc("2026-12-12T19:30:00Z"));
    assert_eq!(
        jazz.venue.as_ref().unwrap().city.as_deref(),
        Some("Sotteville-lès-Rouen")
    );
    assert_eq!(
        p.items[1].occurrences[0].local_days(),
        (day(2026, 12, 12), day(2027, 1, 4))
    );
    let reasons: Vec<&str> = p.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 5, "{:?}", p.skipped);
    assert_eq!(reasons[0], "no date");
    assert!(reasons[1].starts_with("no date in"), "{}", reasons[1]);
    assert!(reasons[2].contains("gives no year"), "{}", reasons[2]);
    assert!(
        reasons[3].contains("not a date that exists"),
        "{}",
        reasons[3]
    );
    assert_eq!(reasons[4], "no title");
    assert!(p.skipped[2].item.contains("Sans année"));
}

#[test]
fn a_windows_1252_page_without_charset() {
    let s = with_parser("cp1252", ParserConfig::Html(fixture_rules()));
    let body = fixture("windows1252.html");
    assert!(std::str::from_utf8(&body).is_err());
    let p = events::parse(
        &s,
        &body,
        Some("text/html"),
        "https://www.exemple-rouen.fr/",
    )
    .unwrap();
    let titles: Vec<&str> = p.items.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Fête de quartier – Saint-Sever", "Soirée crêpes"]);
    assert_eq!(
        p.items[0].occurrences[0].starts_at,
        utc("2026-12-05T13:00:00Z")
    );
    assert_eq!(p.items[0].price, Price::Free);
    assert_eq!(
        p.items[1].occurrences[0].starts_at,
        utc("2027-02-02T18:30:00Z")
    );
    assert_eq!(
        p.items[1].price,
        Price::Paid {
            min_cents: Some(500),
            max_cents: None
        }
    );
}

#[test]
fn a_news_parser_cannot_read_events() {
    let s = with_parser("feed", ParserConfig::Feed);
    assert!(matches!(
        events::parse(&s, b"<rss/>", None, "https://x.fr/"),
        Err(ParseError::Config(_))
    ));
}

/// Every parser on every document, whole and cut short: errors are fine, panics are not.
#[test]
fn no_input_makes_a_parser_panic() {
    let parsers = [
        ParserConfig::JsonLd,
        ParserConfig::Ical,
        ParserConfig::OpenAgenda,
        ParserConfig::Opendatasoft,
        ParserConfig::Html(fixture_rules()),
    ];
    let mut bodies: Vec<Vec<u8>> = [
        "openagenda_truncated.json",
        "openagenda_after_cursor.json",
        "jsonld_first_block_invalid.html",
        "ical_missing_dtstart.ics",
        "html_bad_dates.html",
        "windows1252.html",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    for s in registry()
        .unwrap()
        .iter()
        .filter(|s| s.kind == SourceKind::Events && s.enabled)
    {
        if let Some(body) = snapshots::for_url(&s.url.replace("{key}", "k")) {
            bodies.push(body.to_vec());
        }
    }
    bodies.push(Vec::new());
    bodies.push(vec![0xff, 0xfe, 0x00]);
    for parser in parsers {
        let s = with_parser("any", parser);
        for body in &bodies {
            for cut in [body.len(), body.len() / 2, body.len() / 3, 17] {
                let part = &body[..cut.min(body.len())];
                let _ = events::parse(&s, part, None, "https://www.exemple-rouen.fr/agenda/");
            }
        }
    }
}
