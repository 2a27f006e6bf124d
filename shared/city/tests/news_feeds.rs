//! News feeds: every source's snapshot through the parser, the cross-source stories the snapshots
//! hold for story grouping, and broken documents that must never panic.

use chrono::{DateTime, TimeZone, Utc};
use rouen_city::news::canonical::canonical_url;
use rouen_city::news::feed::{self, CONTENT_MAX_CHARS, SUMMARY_MAX_CHARS};
use rouen_city::{ArticleDraft, ParseError, Parsed, Source, SourceKind, registry, snapshots};

fn news_sources() -> Vec<Source> {
    registry()
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == SourceKind::News)
        .collect()
}

fn source(id: &str) -> Source {
    news_sources()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no news source {id}"))
}

/// Parses a source's snapshot the way the loopback server serves it (same content type).
fn snapshot(id: &str) -> Parsed<ArticleDraft> {
    let source = source(id);
    let path = snapshots::path_of(&source.url).unwrap();
    let body = snapshots::get(&path).unwrap_or_else(|| panic!("no snapshot at {path}"));
    feed::parse(
        &source,
        body,
        Some(snapshots::content_type(&path)),
        &source.url,
    )
    .unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn article<'a>(parsed: &'a Parsed<ArticleDraft>, title: &str) -> &'a ArticleDraft {
    parsed
        .items
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article titled {title:?}"))
}

fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    rouen_city::TZ
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .to_utc()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/news/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_fixture(name: &str) -> Result<Parsed<ArticleDraft>, ParseError> {
    feed::parse(
        &source("actu-76actu"),
        &fixture(name),
        None,
        "https://exemple-rouen.fr/rss.xml",
    )
}

// ----------------------------------------------------------------------------- registry and snapshots

#[test]
fn the_registry_lists_enough_news_sources_with_sane_values() {
    let sources = news_sources();
    assert!(sources.len() >= 12, "{} news sources", sources.len());
    for s in &sources {
        assert!((15..=60).contains(&s.every_minutes), "{}", s.id);
        assert!(s.weight > 0.0 && s.weight <= 1.0, "{}", s.id);
        assert!(!s.licence.is_empty() && !s.notes.is_empty(), "{}", s.id);
        assert_eq!(s.parser, rouen_city::ParserConfig::Feed, "{}", s.id);
    }
}

#[test]
fn every_news_source_snapshot_parses_cleanly() {
    for s in news_sources() {
        let path = snapshots::path_of(&s.url).unwrap();
        let Some(body) = snapshots::get(&path) else {
            assert!(
                !s.enabled,
                "enabled source {} has no snapshot at {path}",
                s.id
            );
            continue;
        };
        let parsed = feed::parse(&s, body, Some(snapshots::content_type(&path)), &s.url)
            .unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert!(
            (6..=15).contains(&parsed.items.len()),
            "{}: {} items",
            s.id,
            parsed.items.len()
        );
        assert!(parsed.skipped.is_empty(), "{}: {:?}", s.id, parsed.skipped);
        for a in &parsed.items {
            assert_eq!(a.source_id, s.id);
            assert_eq!(a.lang, "fr");
            assert!(
                !a.title.is_empty() && !a.title.contains(['<', '\n']),
                "{a:?}"
            );
            assert!(
                !a.title.contains("&amp;") && !a.title.contains("&#"),
                "{a:?}"
            );
            assert!(
                !a.summary.contains('<'),
                "{}: markup in {:?}",
                s.id,
                a.summary
            );
            assert!(a.summary.chars().count() <= SUMMARY_MAX_CHARS);
            assert!(a.url.starts_with("https://"), "{}", a.url);
            assert_eq!(canonical_url(&a.url, None).as_deref(), Some(a.url.as_str()));
            assert!(!a.source_ref.is_empty());
            if let Some(image) = &a.image {
                assert!(image.starts_with("https://"), "{image}");
            }
            if let Some(content) = &a.content {
                assert!(content.chars().count() <= CONTENT_MAX_CHARS);
                assert!(!content.contains("<p>"));
            }
            if let Some(at) = a.published_at {
                assert!(
                    at >= paris(2026, 11, 23, 0, 0) && at < paris(2026, 11, 26, 0, 0),
                    "{}: {at}",
                    a.title
                );
            }
        }
    }
}

#[test]
fn robots_txt_allows_every_news_host() {
    for s in news_sources() {
        let host = url::Url::parse(&s.url)
            .unwrap()
            .host_str()
            .unwrap()
            .to_owned();
        let robots = snapshots::get(&format!("{host}/robots.txt"))
            .unwrap_or_else(|| panic!("no robots.txt for {host}"));
        assert!(String::from_utf8_lossy(robots).contains("Allow: /"));
    }
}

// ----------------------------------------------------------------------------- per format

#[test]
fn actu_rss_keeps_accents_image_author_content_and_the_utc_instant() {
    let parsed = snapshot("actu-76actu");
    let fire = article(
        &parsed,
        "Rouen : un incendie se déclare rue du Gros-Horloge, des habitants évacués",
    );
    assert_eq!(fire.author.as_deref(), Some("Romain Lefèvre"));
    assert_eq!(
        fire.image.as_deref(),
        Some("https://static.actu.fr/uploads/2026/11/incendie-gros-horloge-pompiers-960x640.jpg")
    );
    // "Tue, 24 Nov 2026 07:42:00 +0100"
    assert_eq!(
        fire.published_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 24, 6, 42, 0).unwrap())
    );
    assert_eq!(fire.source_ref, "62418735");
    assert_eq!(
        fire.url,
        "https://actu.fr/normandie/rouen_76540/rouen-un-incendie-se-declare-rue-du-gros-horloge-des-habitants-evacues_62418735.html"
    );
    assert_eq!(fire.source_categories, ["Faits divers", "Rouen"]);
    let content = fire.content.as_deref().expect("content:encoded");
    assert!(content.contains("Une quarantaine de sapeurs-pompiers du Sdis 76"));
    assert!(content.contains("\n\n"), "paragraphs survive");
    assert!(fire.summary.starts_with("Un incendie s'est déclaré"));
    assert!(!fire.source_breaking);

    let no_content = article(
        &parsed,
        "Saint-Sever : le centre commercial dévoile son projet de rénovation à 40 millions d'euros",
    );
    assert_eq!(no_content.content, None);
    let no_image = article(
        &parsed,
        "Sotteville-lès-Rouen : la piscine municipale fermée deux semaines pour travaux",
    );
    assert_eq!(no_image.image, None);
}

#[test]
fn an_alerte_title_is_breaking_and_loses_its_marker() {
    let parsed = snapshot("actu-76actu");
    let bridge = article(
        &parsed,
        "Rouen : le pont Flaubert fermé dans les deux sens après un accident de poids lourd",
    );
    assert!(bridge.source_breaking);
    assert_eq!(parsed.items.iter().filter(|a| a.source_breaking).count(), 1);
}

#[test]
fn radio_france_gmt_dates_and_audio_enclosures() {
    let parsed = snapshot("ici-normandie");
    let fire = article(
        &parsed,
        "Incendie dans un immeuble rue du Gros-Horloge à Rouen",
    );
    // "Tue, 24 Nov 2026 06:58:00 GMT"
    assert_eq!(fire.published_at, Some(paris(2026, 11, 24, 7, 58)));
    let image = fire.image.as_deref().unwrap();
    assert!(
        image.ends_with("1200x680_sc_incendie-gros-horloge.jpg"),
        "{image}"
    );
    let teor = article(
        &parsed,
        "Les Rouennais invités à donner leur avis sur la future ligne T5 de TEOR",
    );
    assert!(!teor.image.as_deref().unwrap_or_default().ends_with(".mp3"));
    let fuel = article(
        &parsed,
        "Carburants : les prix à la pompe repartent à la hausse",
    );
    assert_eq!(fuel.image, None, "an audio-only item has no image");
    assert_eq!(fire.author, None);
}

#[test]
fn france3_thumbnails_and_paris_normandie_enclosures_are_images() {
    let f3 = snapshot("france3-normandie");
    let grand_mare = article(
        &f3,
        "Rouen : le quartier de la Grand'Mare se transforme, les habitants partagés",
    );
    assert!(
        grand_mare
            .image
            .as_deref()
            .unwrap()
            .ends_with("grand-mare-renovation.jpg")
    );
    assert_eq!(grand_mare.author.as_deref(), Some("Nathalie Roussel"));

    let pn = snapshot("paris-normandie");
    let fire = article(
        &pn,
        "Feu d'appartement en plein centre de Rouen : une dizaine de personnes évacuées",
    );
    assert_eq!(
        fire.image.as_deref(),
        Some(
            "https://www.paris-normandie.fr/medias/2026/11/incendie-rouen-centre.jpg?w=1200&h=675"
        )
    );
    assert!(fire.summary.starts_with("Le feu a pris"));
}

#[test]
fn a_latin1_feed_served_as_utf8_keeps_its_accents() {
    let parsed = snapshot("tendance-ouest");
    let a = article(
        &parsed,
        "Accident sur le pont Flaubert : la circulation coupée entre les deux rives",
    );
    assert_eq!(a.published_at, Some(paris(2026, 11, 25, 8, 1)));
    assert!(
        article(
            &parsed,
            "Rouen : le festival « Rouen Impressionnée » dévoile sa programmation"
        )
        .summary
        .contains("revient au printemps")
    );
}

#[test]
fn wordpress_full_text_becomes_content_and_images_come_from_it() {
    let parsed = snapshot("normandie-actu");
    let metro = article(
        &parsed,
        "Rouen. Le métro à l’arrêt sous la Seine, les usagers évacués à pied",
    );
    assert_eq!(metro.author.as_deref(), Some("Nicolas Papin"));
    assert_eq!(metro.source_ref, "https://www.normandieactu.fr/?p=48213");
    assert_eq!(
        metro.url,
        "https://www.normandieactu.fr/rouen-le-metro-a-larret-sous-la-seine-les-usagers-evacues-a-pied"
    );
    assert!(
        metro
            .content
            .as_deref()
            .unwrap()
            .contains("Le trafic a repris normalement")
    );
    assert_eq!(
        metro.image.as_deref(),
        Some(
            "https://www.normandieactu.fr/wp-content/uploads/2026/11/metro-rouen-tunnel-1024x683.jpg"
        )
    );
    assert_eq!(metro.source_categories, ["Rouen", "Transports", "Métro"]);
    // The excerpt stops at "[…]"; the post says more, so its text is kept.
    let short = article(
        &parsed,
        "Canteleu. La passerelle piétonne du Val-de-la-Haye rouvre",
    );
    assert!(short.content.is_some());
}

#[test]
fn relative_images_resolve_against_the_feed_url() {
    let parsed = snapshot("rouen-ville");
    let noel = article(
        &parsed,
        "Le Marché de Noël revient sur le parvis de la cathédrale du 27 novembre au 27 décembre",
    );
    assert_eq!(
        noel.image.as_deref(),
        Some(
            "https://rouen.fr/sites/default/files/styles/actu/public/2026-11/marche-noel-2026.jpg"
        )
    );
    assert_eq!(noel.source_ref, "9120 at https://rouen.fr");
    assert_eq!(noel.author.as_deref(), Some("Ville de Rouen"));
}

#[test]
fn an_undated_disruption_is_kept_without_a_date() {
    let parsed = snapshot("myastuce-disruptions");
    let f2 = article(
        &parsed,
        "Ligne F2 : déviation avenue du Mont-Riboudet ce soir",
    );
    assert_eq!(f2.published_at, None);
    assert!(
        parsed
            .items
            .iter()
            .filter(|a| a.published_at.is_some())
            .count()
            >= 6
    );
}

#[test]
fn reddit_atom_entries() {
    let parsed = snapshot("reddit-rouen");
    let post = article(
        &parsed,
        "Grosse fumée rue du Gros Horloge ce matin, quelqu'un sait ce qui se passe ?",
    );
    assert_eq!(post.author.as_deref(), Some("/u/normand_du_76"));
    assert_eq!(post.source_ref, "t3_1h2k9fz");
    assert_eq!(
        post.url,
        "https://www.reddit.com/r/rouen/comments/1h2k9fz/grosse_fumee_rue_du_gros_horloge_ce_matin"
    );
    assert_eq!(post.published_at, Some(paris(2026, 11, 24, 7, 31)));
    assert_eq!(post.source_categories, ["r/rouen"]);
    assert!(
        post.summary.contains("Des camions de pompiers partout"),
        "{}",
        post.summary
    );
    let photo = article(&parsed, "Photo : la cathédrale sous la brume ce matin");
    assert!(
        photo
            .image
            .as_deref()
            .unwrap()
            .starts_with("https://b.thumbs.redditmedia.com/")
    );
}

#[test]
fn json_feed_items() {
    let parsed = snapshot("rouen-bons-plans");
    let noel = article(
        &parsed,
        "Marché de Noël de Rouen : nos 10 chalets coups de cœur",
    );
    assert_eq!(
        noel.image.as_deref(),
        Some(
            "https://www.rouenbonsplans.fr/wp-content/uploads/2026/11/marche-noel-coups-de-coeur.jpg"
        )
    );
    assert_eq!(noel.author.as_deref(), Some("Manon, de Rouen Bons Plans"));
    assert_eq!(noel.source_categories, ["Noël", "Sortir", "Centre-ville"]);
    assert_eq!(noel.published_at, Some(paris(2026, 11, 24, 18, 0)));
    assert!(
        noel.content
            .as_deref()
            .unwrap()
            .contains("en avant-première")
    );
    let expo = article(
        &parsed,
        "Expo gratuite à l'aître Saint-Maclou : on y est allés",
    );
    assert!(expo.content.as_deref().unwrap().contains("marqueterie"));
    assert_eq!(expo.image, None);
    let brunch = article(&parsed, "5 brunchs à tester rive gauche");
    assert_eq!(
        brunch.content, None,
        "content that repeats the summary is dropped"
    );
}

// ----------------------------------------------------------------------------- cross-source stories

/// (source, title, local time) of one story as each source titled it.
type Coverage = &'static [(&'static str, &'static str, (u32, u32, u32))];

fn covered(story: Coverage) -> Vec<ArticleDraft> {
    story
        .iter()
        .map(|(id, title, (d, h, mi))| {
            let parsed = snapshot(id);
            let a = article(&parsed, title).clone();
            assert_eq!(
                a.published_at,
                Some(paris(2026, 11, *d, *h, *mi)),
                "{id}: {title}"
            );
            a
        })
        .collect()
}

const FIRE: Coverage = &[
    (
        "actu-76actu",
        "Rouen : un incendie se déclare rue du Gros-Horloge, des habitants évacués",
        (24, 7, 42),
    ),
    (
        "ici-normandie",
        "Incendie dans un immeuble rue du Gros-Horloge à Rouen",
        (24, 7, 58),
    ),
    (
        "paris-normandie",
        "Feu d'appartement en plein centre de Rouen : une dizaine de personnes évacuées",
        (24, 9, 5),
    ),
    (
        "france3-normandie",
        "Rouen : un immeuble ravagé par les flammes près du Gros-Horloge, trois blessés légers",
        (24, 10, 20),
    ),
];

const BRIDGE: Coverage = &[
    (
        "actu-76actu",
        "Rouen : le pont Flaubert fermé dans les deux sens après un accident de poids lourd",
        (25, 7, 52),
    ),
    (
        "tendance-ouest",
        "Accident sur le pont Flaubert : la circulation coupée entre les deux rives",
        (25, 8, 1),
    ),
    (
        "france3-normandie",
        "Rouen : un poids lourd en travers du pont Flaubert, énormes bouchons sur les quais",
        (25, 8, 9),
    ),
];

const METRO: Coverage = &[
    (
        "myastuce-disruptions",
        "Métro : trafic interrompu entre Théâtre des Arts et Saint-Sever",
        (23, 17, 12),
    ),
    (
        "actu-76actu",
        "Métro de Rouen : panne en pleine heure de pointe, des centaines de voyageurs bloqués",
        (23, 17, 48),
    ),
    (
        "ici-normandie",
        "Rouen : le métro coupé entre la rive droite et Saint-Sever en fin d'après-midi",
        (23, 17, 55),
    ),
    (
        "normandie-actu",
        "Rouen. Le métro à l’arrêt sous la Seine, les usagers évacués à pied",
        (23, 18, 20),
    ),
];

const CHRISTMAS_MARKET: Coverage = &[
    (
        "rouen-ville",
        "Le Marché de Noël revient sur le parvis de la cathédrale du 27 novembre au 27 décembre",
        (23, 10, 0),
    ),
    (
        "actu-76actu",
        "Marché de Noël de Rouen 2026 : dates, horaires, nouveautés… tout ce qu'il faut savoir",
        (24, 12, 30),
    ),
    (
        "paris-normandie",
        "Rouen : 80 chalets et une grande roue pour le marché de Noël",
        (25, 11, 15),
    ),
];

const GRAND_MARE: Coverage = &[
    (
        "metropole-rouen",
        "Grand'Mare : le chantier de rénovation urbaine entre dans sa deuxième phase",
        (24, 14, 0),
    ),
    (
        "france3-normandie",
        "Rouen : le quartier de la Grand'Mare se transforme, les habitants partagés",
        (24, 18, 45),
    ),
    (
        "normandie-actu",
        "Rouen. La deuxième phase de la rénovation de la Grand’Mare démarre",
        (25, 9, 10),
    ),
];

const BASKET: Coverage = &[
    (
        "actu-76actu",
        "Rouen Métropole Basket arrache la victoire face à Boulazac à la Kindarena",
        (24, 22, 41),
    ),
    (
        "ici-normandie",
        "Rouen Métropole Basket s'offre Boulazac au bout du suspense",
        (24, 22, 55),
    ),
    (
        "tendance-ouest",
        "Rouen Métropole Basket : une victoire à l'arraché contre Boulazac",
        (24, 22, 58),
    ),
    (
        "paris-normandie",
        "Basket : le RMB renverse Boulazac dans une Kindarena en fusion",
        (24, 23, 2),
    ),
];

#[test]
fn stories_are_covered_by_several_sources_under_different_titles() {
    for story in [FIRE, BRIDGE, METRO, CHRISTMAS_MARKET, GRAND_MARE, BASKET] {
        let articles = covered(story);
        let mut sources: Vec<&str> = articles.iter().map(|a| a.source_id.as_str()).collect();
        sources.dedup();
        assert_eq!(sources.len(), story.len(), "one article per source");
        let mut titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), story.len(), "titles differ");
    }
}

#[test]
fn the_breaking_story_is_marked_by_one_source_and_covered_by_three_within_20_minutes() {
    let articles = covered(BRIDGE);
    let marked: Vec<&str> = articles
        .iter()
        .filter(|a| a.source_breaking)
        .map(|a| a.source_id.as_str())
        .collect();
    assert_eq!(marked, ["actu-76actu"]);
    let times: Vec<DateTime<Utc>> = articles.iter().filter_map(|a| a.published_at).collect();
    let span = *times.iter().max().unwrap() - *times.iter().min().unwrap();
    assert!(span <= chrono::Duration::minutes(20), "{span}");
    // The transit operator reports it too, as a disruption.
    let disruptions = snapshot("myastuce-disruptions");
    let detour = article(
        &disruptions,
        "Pont Flaubert fermé : lignes F1, F7 et 27 déviées",
    );
    assert_eq!(detour.published_at, Some(paris(2026, 11, 25, 8, 5)));
}

#[test]
fn the_same_article_in_two_feeds_has_one_canonical_url() {
    let local = snapshot("actu-76actu");
    let regional = snapshot("actu-normandie");
    let title = "Rouen : un incendie se déclare rue du Gros-Horloge, des habitants évacués";
    let (a, b) = (article(&local, title), article(&regional, title));
    assert_eq!(a.url, b.url);
    assert!(!a.url.contains('?') && !a.url.contains('#'));
    let shared = local
        .items
        .iter()
        .filter(|a| regional.items.iter().any(|b| b.url == a.url))
        .count();
    assert!(shared >= 3, "{shared} articles in both feeds");
}

// ----------------------------------------------------------------------------- broken documents

#[test]
fn a_truncated_feed_is_malformed() {
    let err = parse_fixture("truncated.xml").unwrap_err();
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
}

#[test]
fn a_utf8_declared_feed_written_in_windows_1252_is_repaired() {
    let parsed = parse_fixture("utf8-declared-windows-1252.xml").unwrap();
    assert_eq!(parsed.items.len(), 2);
    let fete = &parsed.items[0];
    assert_eq!(fete.title, "Fête de l’Œuf : « un succès » à Saint-Sever");
    assert_eq!(fete.summary, "L’entrée coûte 5 € – c’est donné.");
    assert_eq!(parsed.items[1].title, "Été indien à Rouen");
}

#[test]
fn an_iso_8859_1_feed_is_decoded_whatever_the_header_says() {
    for content_type in [
        None,
        Some("application/rss+xml"),
        Some("text/xml; charset=UTF-8"),
    ] {
        let parsed = feed::parse(
            &source("tendance-ouest"),
            &fixture("iso-8859-1.xml"),
            content_type,
            "https://exemple-rouen.fr/rss.xml",
        )
        .unwrap();
        assert_eq!(
            parsed.items[0].title,
            "Théâtre des Arts : la saison dévoilée"
        );
        assert_eq!(parsed.items[1].title, "Déviation boulevard de l'Yser");
    }
}

#[test]
fn missing_or_unreadable_dates_keep_the_item_undated() {
    let parsed = parse_fixture("missing-dates.xml").unwrap();
    assert!(parsed.skipped.is_empty());
    let dates: Vec<_> = parsed.items.iter().map(|a| a.published_at).collect();
    assert_eq!(dates, [None, None, Some(paris(2026, 11, 25, 9, 30))]);
}

#[test]
fn html_in_titles_ends_as_clean_text() {
    let parsed = parse_fixture("html-titles.xml").unwrap();
    let titles: Vec<&str> = parsed.items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Rouen : la Seine & ses quais",
            "Saint-Maclou : l'aître & ses secrets",
            "Crue de la Seine à Rouen",
            "coupure d’eau rive gauche",
            "Ça bouge au Mont-Riboudet",
        ]
    );
    let breaking: Vec<bool> = parsed.items.iter().map(|a| a.source_breaking).collect();
    assert_eq!(breaking, [false, false, true, true, true]);
    assert_eq!(parsed.items[2].summary, "Les quais bas sont fermés.");
    assert_eq!(parsed.skipped.len(), 1, "the blank title");
    assert_eq!(parsed.skipped[0].reason, "no title");
}

#[test]
fn duplicated_items_appear_once() {
    let parsed = parse_fixture("duplicates.xml").unwrap();
    let titles: Vec<&str> = parsed.items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Marché de Noël", "Autre sujet"]);
    assert_eq!(parsed.items[0].url, "https://exemple-rouen.fr/noel");
    assert_eq!(parsed.skipped.len(), 2);
    assert!(parsed.skipped.iter().all(|s| s.reason.contains("repeats")));
}

#[test]
fn items_without_a_usable_link_fall_back_to_a_url_guid_or_are_skipped() {
    let parsed = parse_fixture("no-link-no-guid.xml").unwrap();
    let kept: Vec<(&str, &str)> = parsed
        .items
        .iter()
        .map(|a| (a.title.as_str(), a.url.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            ("Sans lien, GUID URL", "https://exemple-rouen.fr/guid-url"),
            (
                "Lien relatif",
                "https://exemple-rouen.fr/actualites/lien-relatif"
            ),
        ]
    );
    let skipped: Vec<&str> = parsed.skipped.iter().map(|s| s.item.as_str()).collect();
    assert_eq!(skipped, ["Sans lien ni GUID", "12345", "Lien mailto"]);
    assert!(parsed.skipped.iter().all(|s| s.reason.contains("no link")));
}

#[test]
fn an_empty_channel_is_an_empty_answer() {
    let parsed = parse_fixture("empty-channel.xml").unwrap();
    assert!(parsed.items.is_empty() && parsed.skipped.is_empty());
}

#[test]
fn a_json_feed_of_the_wrong_shape_is_malformed() {
    let err = parse_fixture("json-feed-wrong-type.json").unwrap_err();
    assert!(matches!(err, ParseError::Malformed { .. }), "{err}");
}

#[test]
fn an_html_page_is_not_a_feed() {
    let err = parse_fixture("html-instead-of-feed.html").unwrap_err();
    assert!(err.to_string().contains("HTML page"), "{err}");
}

#[test]
fn no_input_makes_the_parser_panic() {
    let dir = format!("{}/tests/fixtures/news", env!("CARGO_MANIFEST_DIR"));
    let s = source("actu-76actu");
    let mut bodies: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    bodies.extend([
        Vec::new(),
        b"   \n".to_vec(),
        b"{".to_vec(),
        b"<".to_vec(),
        b"<?xml".to_vec(),
        b"<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss>".to_vec(),
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link href=\"\"/></entry></feed>"
            .to_vec(),
        vec![0xff, 0xfe, 0x00],
    ]);
    for body in &bodies {
        // Every prefix stands for a download cut anywhere.
        for cut in (0..body.len()).step_by(37) {
            let _ = feed::parse(&s, &body[..cut], None, "https://exemple-rouen.fr/");
        }
        let _ = feed::parse(&s, body, Some("text/html; charset=utf-8"), "not a url");
    }
}
