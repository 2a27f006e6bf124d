//! One story told by several sources: articles are grouped when their titles say the same thing,
//! or when their texts are nearly the same (a press release reprinted under different titles) and
//! name the same places and people.
//!
//! Matching is on words, not meaning: "Feu d'appartement en plein centre de Rouen" shares no word
//! with "Incendie dans un immeuble rue du Gros-Horloge" and stays a story of its own. That is
//! accepted: two cards about one fire cost a reader a second look, while merging two different
//! stories would hide one of them.

use super::gazetteer::Gazetteer;
use crate::model::ArticleDraft;
use crate::text;
use std::collections::BTreeSet;

/// Title similarity from which two titles tell the same story.
pub const TITLE_THRESHOLD: f32 = 0.5;
/// Similarity of title and summary together from which articles with different titles are one
/// story, provided they share [`MIN_SHARED_ANCHORS`] places or proper nouns.
pub const TEXT_THRESHOLD: f32 = 0.6;
pub const MIN_SHARED_ANCHORS: usize = 2;
/// Articles published further apart than this are different stories (a trial months after the
/// fire is news again).
pub const MAX_GAP_HOURS: i64 = 36;

/// Function words (FR, EN) and words every local headline carries: "Rouen" says nothing about
/// which story it is in a feed about Rouen.
const STOP_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "de",
    "du",
    "en",
    "au",
    "aux",
    "et",
    "ou",
    "se",
    "sa",
    "son",
    "ses",
    "leur",
    "leurs",
    "ce",
    "cet",
    "cette",
    "ces",
    "qui",
    "que",
    "qu",
    "quoi",
    "dont",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "ne",
    "pas",
    "plus",
    "par",
    "pour",
    "sur",
    "sous",
    "dans",
    "avec",
    "sans",
    "chez",
    "apres",
    "avant",
    "pendant",
    "depuis",
    "entre",
    "vers",
    "contre",
    "est",
    "sont",
    "ete",
    "etre",
    "fait",
    "va",
    "vont",
    "sera",
    "ont",
    "avait",
    "jusqu",
    "lors",
    "tout",
    "tous",
    "toute",
    "toutes",
    "tres",
    "aussi",
    "encore",
    "deja",
    "comme",
    "mais",
    "donc",
    "car",
    "ni",
    "si",
    "leur",
    "lui",
    "eux",
    "plein",
    "pleine",
    "the",
    "an",
    "of",
    "and",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "is",
    "are",
    "was",
    "were",
    "be",
    "has",
    "have",
    "as",
    "it",
    "its",
    "this",
    "that",
    "after",
    "over",
    "into",
    "out",
    "up",
    "rouen",
    "rouennais",
    "rouennaise",
    "normandie",
    "video",
    "photos",
    "direct",
    "info",
];

/// Anchors too common in this feed to tie two articles together.
const COMMON_ANCHORS: &[&str] = &["rouen", "normandie", "metropole", "france", "seine"];

/// The word as compared: `None` for stop words and elided articles ("l'", "d'"), plural `s`/`x`
/// dropped from words longer than four letters ("habitants" is "habitant").
fn normalise(word: &str) -> Option<String> {
    if word.chars().count() < 2 || STOP_WORDS.contains(&word) {
        return None;
    }
    if word.chars().count() > 4
        && let Some(stem) = word.strip_suffix(['s', 'x'])
    {
        return Some(stem.to_owned());
    }
    Some(word.to_owned())
}

fn tokens(text: &str) -> BTreeSet<String> {
    text::words(text)
        .iter()
        .filter_map(|w| normalise(w))
        .collect()
}

fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f32;
    let jaccard = shared / a.union(b).count() as f32;
    // Containment lets a short title match a long one that adds details; from a single word it
    // would say too much.
    if smaller < 2 {
        return jaccard;
    }
    0.5 * jaccard + 0.5 * shared / smaller as f32
}

/// How similar two titles are, 0..=1: folded words without stop words, elisions or plurals; the
/// mean of their Jaccard index and of the share of the shorter title found in the longer.
pub fn title_similarity(a: &str, b: &str) -> f32 {
    overlap(&tokens(a), &tokens(b))
}

/// Words of a text outside the gazetteer's place names, and the places it names.
fn split_places(gazetteer: &Gazetteer, text: &str) -> (BTreeSet<String>, BTreeSet<usize>) {
    let words = text::words(text);
    let mentions = gazetteer.mentions(&words);
    let mut in_place = vec![false; words.len()];
    let mut places = BTreeSet::new();
    for m in &mentions {
        for flag in in_place.iter_mut().skip(m.start).take(m.len) {
            *flag = true;
        }
        let common = gazetteer
            .place(m.place)
            .is_some_and(|p| COMMON_ANCHORS.contains(&text::fold(&p.name).as_str()));
        if !common {
            places.insert(m.place);
        }
    }
    let rest = words
        .iter()
        .zip(&in_place)
        .filter(|(_, place)| !**place)
        .filter_map(|(w, _)| normalise(w))
        .collect();
    (rest, places)
}

/// Capitalised words that do not open a sentence, folded: names of people, clubs, companies.
fn proper_nouns(text: &str) -> BTreeSet<String> {
    let mut nouns = BTreeSet::new();
    for sentence in text.split(['.', '!', '?', '\n', ':', '«', '»', '"', '(', ')']) {
        for word in sentence.split_whitespace().skip(1) {
            // "l'Armada", "d'Elbeuf": the name is after the elision.
            let word = word.rsplit(['\'', '’']).next().unwrap_or(word);
            if word.chars().next().is_some_and(char::is_uppercase) {
                for folded in text::words(word) {
                    if folded.chars().count() > 2 && !COMMON_ANCHORS.contains(&folded.as_str()) {
                        nouns.extend(normalise(&folded));
                    }
                }
            }
        }
    }
    nouns
}

/// Whether two articles (normally of different sources) tell the same story.
pub fn same_story(a: &ArticleDraft, b: &ArticleDraft) -> bool {
    if let (Some(x), Some(y)) = (a.published_at, b.published_at)
        && (x - y).num_hours().abs() > MAX_GAP_HOURS
    {
        return false;
    }
    let gazetteer = Gazetteer::rouen();
    let (words_a, _) = split_places(gazetteer, &a.title);
    let (words_b, _) = split_places(gazetteer, &b.title);
    // The same place alone is not the same story: an accident and roadworks on the same bridge.
    if title_similarity(&a.title, &b.title) >= TITLE_THRESHOLD && !words_a.is_disjoint(&words_b) {
        return true;
    }
    let text_a = format!("{}\n{}", a.title, a.summary);
    let text_b = format!("{}\n{}", b.title, b.summary);
    if overlap(&tokens(&text_a), &tokens(&text_b)) < TEXT_THRESHOLD {
        return false;
    }
    let (_, places_a) = split_places(gazetteer, &text_a);
    let (_, places_b) = split_places(gazetteer, &text_b);
    let place_words: BTreeSet<String> = places_a
        .iter()
        .chain(&places_b)
        .filter_map(|&i| gazetteer.place(i))
        .flat_map(|p| text::words(&p.name))
        .filter_map(|w| normalise(&w))
        .collect();
    let nouns_a = proper_nouns(&text_a);
    let nouns_b = proper_nouns(&text_b);
    let shared_nouns = nouns_a
        .intersection(&nouns_b)
        .filter(|n| !place_words.contains(*n))
        .count();
    places_a.intersection(&places_b).count() + shared_nouns >= MIN_SHARED_ANCHORS
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Duration, Utc};

    fn article(title: &str, summary: &str, published_at: Option<DateTime<Utc>>) -> ArticleDraft {
        ArticleDraft {
            source_id: "test".into(),
            source_ref: title.into(),
            url: "https://example.org/1".into(),
            title: title.into(),
            summary: summary.into(),
            content: None,
            image: None,
            author: None,
            published_at,
            source_categories: Vec::new(),
            source_breaking: false,
            lang: "fr".into(),
        }
    }

    fn noon() -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000, 0).unwrap_or_default()
    }

    fn same(a: &str, b: &str) -> bool {
        same_story(
            &article(a, "", Some(noon())),
            &article(b, "", Some(noon() + Duration::hours(2))),
        )
    }

    const FIRE_1: &str = "Incendie dans un immeuble rue du Gros-Horloge à Rouen";
    const FIRE_2: &str =
        "Rouen : un incendie se déclare rue du Gros-Horloge, des habitants évacués";
    const FIRE_3: &str = "Feu d'appartement en plein centre de Rouen";

    #[test]
    fn the_fire_titles_group() {
        assert!(title_similarity(FIRE_1, FIRE_2) >= TITLE_THRESHOLD);
        assert!(same(FIRE_1, FIRE_2));
        assert!(same(FIRE_2, FIRE_1));
    }

    #[test]
    fn the_fire_told_in_other_words_stays_apart() {
        assert!(title_similarity(FIRE_1, FIRE_3) < TITLE_THRESHOLD);
        assert!(!same(FIRE_1, FIRE_3));
    }

    #[test]
    fn sharing_rouen_and_common_words_is_not_a_story() {
        let market = "Rouen : le marché de Noël ouvre ses portes";
        let fire = "Rouen : un incendie rue du Gros-Horloge";
        assert_eq!(title_similarity(market, fire), 0.0);
        assert!(!same(market, fire));
        assert!(!same(
            "Rouen : la rentrée des classes",
            "Rouen : la rentrée des étudiants"
        ));
    }

    #[test]
    fn the_same_place_is_not_the_same_story() {
        let accident = "Rouen : accident sur le pont Flaubert";
        let roadworks = "Rouen : travaux sur le pont Flaubert";
        assert!(title_similarity(accident, roadworks) >= TITLE_THRESHOLD);
        assert!(!same(accident, roadworks));
    }

    #[test]
    fn elisions_plurals_accents_and_case_do_not_matter() {
        assert_eq!(
            title_similarity("L'incendie des entrepôts", "INCENDIE D'UN ENTREPOT"),
            1.0
        );
        assert_eq!(
            title_similarity("Les habitants évacués", "habitant evacue"),
            1.0
        );
        assert_eq!(title_similarity("", "Incendie"), 0.0);
        assert_eq!(title_similarity("Le la les", "de du des"), 0.0);
    }

    #[test]
    fn a_short_title_inside_a_longer_one_groups() {
        assert!(same(
            "Municipales : Nicolas Mayer-Rossignol candidat",
            "Municipales 2026 : Nicolas Mayer-Rossignol candidat à sa réélection à Rouen",
        ));
        assert!(same(
            "Hockey : les Dragons champions de France",
            "Les Rouen Dragons sacrés champions de France de hockey",
        ));
    }

    #[test]
    fn similarity_is_symmetric_and_bounded() {
        for (a, b) in [(FIRE_1, FIRE_2), (FIRE_1, FIRE_3), ("a b c", "c d")] {
            let s = title_similarity(a, b);
            assert_eq!(s, title_similarity(b, a));
            assert!((0.0..=1.0).contains(&s));
        }
        assert_eq!(title_similarity(FIRE_1, FIRE_1), 1.0);
    }

    #[test]
    fn more_than_36_hours_apart_is_another_story() {
        let a = article(FIRE_1, "", Some(noon()));
        let b = article(FIRE_2, "", Some(noon() + Duration::hours(37)));
        assert!(!same_story(&a, &b));
        let c = article(FIRE_2, "", Some(noon() - Duration::hours(35)));
        assert!(same_story(&a, &c));
    }

    #[test]
    fn missing_dates_count_as_the_same_time() {
        let a = article(FIRE_1, "", None);
        let b = article(FIRE_2, "", Some(noon() + Duration::days(30)));
        assert!(same_story(&a, &b));
    }

    const RELEASE: &str = "Un incendie s'est déclaré mardi soir dans un immeuble de la rue du \
        Gros-Horloge. Selon la préfecture, douze habitants ont été évacués et pris en charge \
        par la mairie au gymnase Jean-Jacques Rousseau, près de la place du Vieux-Marché.";

    #[test]
    fn a_reprinted_release_groups_despite_different_titles() {
        let a = article("Nuit agitée en centre-ville", RELEASE, Some(noon()));
        let b = article(
            "Douze personnes relogées après le sinistre",
            RELEASE,
            Some(noon()),
        );
        assert!(title_similarity(&a.title, &b.title) < TITLE_THRESHOLD);
        assert!(same_story(&a, &b));
    }

    #[test]
    fn similar_texts_without_shared_anchors_stay_apart() {
        let text = "La mairie annonce une réunion publique mardi soir pour présenter le projet \
                    aux habitants du quartier.";
        let a = article("Réunion publique sur le projet", text, Some(noon()));
        let b = article("Le projet présenté aux habitants", text, Some(noon()));
        assert!(!same_story(&a, &b));
    }

    #[test]
    fn proper_nouns_skip_sentence_starts_and_elisions() {
        let nouns =
            proper_nouns("Le maire Nicolas Mayer-Rossignol visite l'Armada. Demain, Rouen.");
        assert_eq!(
            nouns,
            ["armada", "mayer", "nicola", "rossignol"]
                .into_iter()
                .map(String::from)
                .collect::<BTreeSet<String>>()
        );
    }

    #[test]
    fn english_titles() {
        assert!(same(
            "Fire breaks out on Rue du Gros-Horloge",
            "Rouen: residents evacuated after fire on rue du Gros-Horloge",
        ));
        assert!(!same(
            "Rouen: the Christmas market opens",
            "Rouen: fire on rue du Gros-Horloge"
        ));
    }
}
