//! The category of an event, from keyword rules in `data/event_categories.toml`.
//!
//! Evidence is weighed by where it is found: the source's own categories (genres, keywords,
//! schema.org types) outrank the title, which outranks the description. Within one level a
//! category named by a "strong" phrase (the category's own name: "concert", "exposition",
//! "jeune public"...) outranks one only hinted at by a genre or context word ("jazz", "musée").
//! Remaining ties go to the order of the categories in the data file, which puts the audience and
//! format categories first: a children's concert is `family`, a jazz festival is `festivals`, a
//! Christmas market is `markets`. In descriptions, which are prose where one passing mention is
//! weak evidence, the number of mentions decides before that order does.

use crate::model::{EventCategory, EventDraft};
use std::sync::LazyLock;

const RULES_TOML: &str = include_str!("../../data/event_categories.toml");

static RULES: LazyLock<rules::CategoryRules<EventCategory>> = LazyLock::new(|| {
    // The bundled file is checked by a test; an empty rule set (everything `Other`) is a safer
    // failure in production than a panic inside a scheduled job.
    parse_rules(RULES_TOML).unwrap_or_default()
});

fn parse_rules(src: &str) -> Result<rules::CategoryRules<EventCategory>, String> {
    rules::CategoryRules::parse(src, EventCategory::from_code)
}

/// The event's category; `Other` when no rule matches.
pub fn categorise(draft: &EventDraft) -> EventCategory {
    let description = rules::prefix_chars(&draft.description, DESCRIPTION_CHARS);
    RULES
        .classify(&draft.source_categories, &draft.title, description)
        .unwrap_or(EventCategory::Other)
}

/// Descriptions beyond this are mostly practical information (access, tickets, partners) whose
/// words would blur the category.
const DESCRIPTION_CHARS: usize = 1500;

/// Folded-word phrase matching and weighted keyword classification, shared by the event and news
/// rule sets and the gazetteer.
pub(crate) mod rules {
    use crate::text;
    use serde::Deserialize;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Token {
        Word(String),
        /// `word*`: a stem; matches any word starting with it.
        Prefix(String),
        /// `#`: any number ("dès # ans").
        Number,
        /// `*`: any one word.
        Any,
    }

    /// A sequence of folded words, written as text: accents, case and punctuation do not matter
    /// ("Gros-Horloge" is "gros horloge"), `stem*` matches words beginning with the stem, `#` any
    /// number and `*` any single word. Matching is on whole words, so "art" never matches "départ".
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct Phrase {
        tokens: Vec<Token>,
    }

    impl Phrase {
        /// `None` when the pattern holds no word to anchor it (it would match anything).
        pub(crate) fn parse(pattern: &str) -> Option<Phrase> {
            let mut tokens = Vec::new();
            for piece in pattern.split_whitespace() {
                match piece {
                    "*" => tokens.push(Token::Any),
                    "#" => tokens.push(Token::Number),
                    _ => {
                        let (body, stem) = match piece.strip_suffix('*') {
                            Some(body) => (body, true),
                            None => (piece, false),
                        };
                        let words = text::words(body);
                        let last = words.len().saturating_sub(1);
                        for (i, w) in words.into_iter().enumerate() {
                            tokens.push(if stem && i == last {
                                Token::Prefix(w)
                            } else {
                                Token::Word(w)
                            });
                        }
                    }
                }
            }
            tokens
                .iter()
                .any(|t| matches!(t, Token::Word(_) | Token::Prefix(_)))
                .then_some(Phrase { tokens })
        }

        pub(crate) fn len(&self) -> usize {
            self.tokens.len()
        }

        pub(crate) fn matches_at(&self, words: &[String], at: usize) -> bool {
            let Some(window) = words.get(at..at + self.tokens.len()) else {
                return false;
            };
            self.tokens.iter().zip(window).all(|(t, w)| match t {
                Token::Word(x) => w == x,
                Token::Prefix(x) => w.starts_with(x.as_str()),
                Token::Number => !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()),
                Token::Any => !w.is_empty(),
            })
        }

        /// Non-overlapping occurrences.
        pub(crate) fn count_in(&self, words: &[String]) -> usize {
            let mut count = 0;
            let mut at = 0;
            while at < words.len() {
                if self.matches_at(words, at) {
                    count += 1;
                    at += self.tokens.len();
                } else {
                    at += 1;
                }
            }
            count
        }

        pub(crate) fn is_in(&self, words: &[String]) -> bool {
            (0..words.len()).any(|at| self.matches_at(words, at))
        }
    }

    /// Blanks the words covered by any of `phrases` so that later rules do not see them.
    pub(crate) fn mask(words: &mut [String], phrases: &[Phrase]) {
        for phrase in phrases {
            let mut at = 0;
            while at < words.len() {
                if phrase.matches_at(words, at) {
                    for w in &mut words[at..at + phrase.len()] {
                        w.clear();
                    }
                    at += phrase.len();
                } else {
                    at += 1;
                }
            }
        }
    }

    /// At most `max` characters of `text`, cut on a character boundary.
    pub(crate) fn prefix_chars(text: &str, max: usize) -> &str {
        match text.char_indices().nth(max) {
            Some((at, _)) => &text[..at],
            None => text,
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        ignore: Vec<String>,
        category: Vec<CategoryEntry>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CategoryEntry {
        code: String,
        #[serde(default)]
        strong: Vec<String>,
        #[serde(default)]
        keywords: Vec<String>,
    }

    #[derive(Debug, Clone)]
    struct Category<C> {
        category: C,
        strong: Vec<Phrase>,
        weak: Vec<Phrase>,
    }

    /// Categories in priority order, each with strong and weak phrases, and phrases (venue names,
    /// idioms) masked before any category is looked for.
    #[derive(Debug, Clone)]
    pub(crate) struct CategoryRules<C> {
        ignore: Vec<Phrase>,
        categories: Vec<Category<C>>,
    }

    impl<C> Default for CategoryRules<C> {
        fn default() -> Self {
            Self {
                ignore: Vec::new(),
                categories: Vec::new(),
            }
        }
    }

    /// Where a phrase was found, strongest first in the derived order of the levels.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Level {
        Body,
        Title,
        Source,
    }

    fn phrases(patterns: &[String], what: &str) -> Result<Vec<Phrase>, String> {
        patterns
            .iter()
            .map(|p| Phrase::parse(p).ok_or_else(|| format!("{what}: empty pattern {p:?}")))
            .collect()
    }

    impl<C: Copy + PartialEq> CategoryRules<C> {
        pub(crate) fn parse(src: &str, from_code: fn(&str) -> Option<C>) -> Result<Self, String> {
            let file: File = toml::from_str(src).map_err(|e| e.to_string())?;
            let mut categories: Vec<Category<C>> = Vec::new();
            for entry in file.category {
                let category = from_code(&entry.code)
                    .ok_or_else(|| format!("unknown category code {:?}", entry.code))?;
                if categories.iter().any(|c| c.category == category) {
                    return Err(format!("category {:?} listed twice", entry.code));
                }
                categories.push(Category {
                    category,
                    strong: phrases(&entry.strong, &entry.code)?,
                    weak: phrases(&entry.keywords, &entry.code)?,
                });
            }
            Ok(Self {
                ignore: phrases(&file.ignore, "ignore")?,
                categories,
            })
        }

        #[cfg(test)]
        pub(crate) fn categories(&self) -> impl Iterator<Item = C> + '_ {
            self.categories.iter().map(|c| c.category)
        }

        fn words(&self, text: &str) -> Vec<String> {
            let mut words = text::words(text);
            mask(&mut words, &self.ignore);
            words
        }

        /// The best category, or `None` when nothing matches.
        pub(crate) fn classify(&self, sources: &[String], title: &str, body: &str) -> Option<C> {
            let mut fields: Vec<(Level, Vec<String>)> = sources
                .iter()
                .map(|s| (Level::Source, self.words(s)))
                .collect();
            fields.push((Level::Title, self.words(title)));
            fields.push((Level::Body, self.words(body)));

            // Key: (best level, strength there, the title's strength when the best level is the
            // source's categories, mentions in the body). A tie among the source's own words
            // ("marché", "famille") goes to what the title says ("Marché de Noël"); other ties go
            // to the earlier category.
            let mut best: Option<((Level, u8, u8, usize), usize)> = None;
            for (rank, category) in self.categories.iter().enumerate() {
                let mut key: Option<(Level, u8, usize)> = None;
                let mut title_strength = 0_u8;
                for (level, words) in &fields {
                    let strong = category.strong.iter().any(|p| p.is_in(words));
                    let weak = strong || category.weak.iter().any(|p| p.is_in(words));
                    if !weak {
                        continue;
                    }
                    let strength = if strong { 2 } else { 1 };
                    if *level == Level::Title {
                        title_strength = title_strength.max(strength);
                    }
                    let mentions = if *level == Level::Body {
                        category
                            .strong
                            .iter()
                            .chain(&category.weak)
                            .map(|p| p.count_in(words))
                            .sum()
                    } else {
                        0
                    };
                    key = key.max(Some((*level, strength, mentions)));
                }
                if let Some((level, strength, mentions)) = key {
                    let tiebreak = if level == Level::Source {
                        title_strength
                    } else {
                        0
                    };
                    let key = (level, strength, tiebreak, mentions);
                    if best.is_none_or(|(k, _)| key > k) {
                        best = Some((key, rank));
                    }
                }
            }
            best.map(|(_, rank)| self.categories[rank].category)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn w(text: &str) -> Vec<String> {
            text::words(text)
        }

        #[test]
        fn phrases_match_whole_folded_words() {
            let art = Phrase::parse("art").unwrap();
            assert!(!art.is_in(&w("Départ de la course")));
            assert!(art.is_in(&w("L'art du conte")));
            let horloge = Phrase::parse("rue du Gros-Horloge").unwrap();
            assert!(horloge.is_in(&w("Incendie RUE DU GROS HORLOGE")));
        }

        #[test]
        fn stems_numbers_and_wildcards() {
            let stem = Phrase::parse("théâtr*").unwrap();
            assert!(stem.is_in(&w("Improvisation théâtrale")));
            assert!(!stem.is_in(&w("La pièce")));
            let age = Phrase::parse("dès # ans").unwrap();
            assert!(age.is_in(&w("Spectacle dès 3 ans")));
            assert!(!age.is_in(&w("des trois ans")));
            assert_eq!(Phrase::parse("* #"), None);
            assert_eq!(Phrase::parse("  "), None);
        }

        #[test]
        fn masked_words_match_nothing() {
            let mut words = w("Concert au Théâtre des Arts");
            mask(&mut words, &[Phrase::parse("théâtre des arts").unwrap()]);
            assert!(!Phrase::parse("theatr*").unwrap().is_in(&words));
            assert!(Phrase::parse("concert").unwrap().is_in(&words));
            assert!(!Phrase::parse("au *").unwrap().is_in(&words));
        }

        #[test]
        fn prefixes_cut_on_characters() {
            assert_eq!(prefix_chars("théâtre", 3), "thé");
            assert_eq!(prefix_chars("abc", 10), "abc");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventStatus, Occurrence, Price};
    use EventCategory::*;

    #[test]
    fn the_bundled_rules_parse_and_cover_every_category() {
        let rules = parse_rules(RULES_TOML).expect("event_categories.toml");
        let mut listed: Vec<EventCategory> = rules.categories().collect();
        listed.sort();
        let mut expected: Vec<EventCategory> = EventCategory::ALL
            .into_iter()
            .filter(|c| *c != Other)
            .collect();
        expected.sort();
        assert_eq!(listed, expected);
    }

    #[test]
    fn unknown_codes_are_refused() {
        let err = parse_rules("[[category]]\ncode = \"opera\"\nkeywords = [\"x\"]\n").unwrap_err();
        assert!(err.contains("opera"), "{err}");
    }

    fn draft(sources: &[&str], title: &str, description: &str) -> EventDraft {
        EventDraft {
            source_id: "test".into(),
            source_ref: "1".into(),
            url: None,
            title: title.into(),
            description: description.into(),
            occurrences: vec![Occurrence {
                starts_at: chrono::DateTime::UNIX_EPOCH,
                ends_at: None,
                all_day: false,
            }],
            venue: None,
            price: Price::Unknown,
            image: None,
            status: EventStatus::Scheduled,
            source_categories: sources.iter().map(|s| s.to_string()).collect(),
            lang: "fr".into(),
        }
    }

    #[track_caller]
    fn check(sources: &[&str], title: &str, description: &str, expected: EventCategory) {
        assert_eq!(
            categorise(&draft(sources, title, description)),
            expected,
            "{sources:?} / {title:?} / {description:?}"
        );
    }

    #[test]
    fn titles_alone() {
        check(&[], "Orelsan en concert", "", Concerts);
        check(&[], "Récital de piano : Chopin", "", Concerts);
        check(&[], "DJ set au bord de la Seine", "", Concerts);
        check(&[], "Orchestre de l'Opéra de Rouen Normandie", "", Concerts);
        check(&[], "Live jazz night", "", Concerts);
        check(&[], "Le Misanthrope, comédie de Molière", "", Theatre);
        check(&[], "One-man-show : Paul Mirabel", "", Theatre);
        check(&[], "Stand-up comedy night", "", Theatre);
        check(&[], "Cirque contemporain sous chapiteau", "", Theatre);
        check(
            &[],
            "Vernissage : photographies de la Seine",
            "",
            Exhibitions,
        );
        check(&[], "Monet exhibition", "", Exhibitions);
        check(&[], "Rouen Dragons - Grenoble", "", Sport);
        check(&[], "Les Foulées de la Saint-Romain", "", Sport);
        check(&[], "Tournoi de handball", "", Sport);
        check(&[], "Atelier enfants : fabrique ton masque", "", Family);
        check(&[], "Heure du conte à la bibliothèque", "", Family);
        check(&[], "Brocante du quartier Saint-Marc", "", Markets);
        check(&[], "Flea market on the quays", "", Markets);
        check(&[], "Vide-grenier de printemps", "", Markets);
        check(&[], "Fête de la musique", "", Festivals);
        check(&[], "Table ronde : la Seine demain", "", Conferences);
        check(&[], "Talk: the history of Rouen", "", Conferences);
    }

    #[test]
    fn documented_decisions() {
        // A Christmas market is a market, not a festival.
        check(&[], "Marché de Noël de Rouen", "", Markets);
        check(&["Marché de Noël"], "Les chalets du parvis", "", Markets);
        // A festival outranks the genre it is about.
        check(&[], "Festival de jazz", "", Festivals);
        check(&[], "Festival Rush : concert de clôture", "", Festivals);
        // The audience outranks the format: a children's concert is family.
        check(&[], "Concert jeune public", "", Family);
        check(&[], "Kids concert: songs for little ones", "", Family);
        // Opera, staged with a plot, is a show rather than a concert.
        check(&[], "Carmen, opéra de Bizet", "", Theatre);
    }

    #[test]
    fn negatives_and_traps() {
        check(&[], "Départ de la course", "", Sport);
        check(&[], "L'art du conte", "", Family);
        check(&[], "Match d'improvisation théâtrale", "", Theatre);
        // Venue names are not evidence: a concert at a theatre is a concert.
        check(&[], "Concert au Théâtre des Arts", "", Concerts);
        check(&[], "Conférence au musée des Beaux-Arts", "", Conferences);
        check(&[], "Concert place du Vieux-Marché", "", Concerts);
        // Folding makes "marche" ambiguous; the sport phrase is stronger.
        check(&[], "Marche nordique en forêt", "", Sport);
        check(&[], "Partez à l'aventure", "", Other);
        check(&[], "Soirée", "", Other);
    }

    #[test]
    fn source_categories_weigh_most() {
        check(&["MusicEvent"], "Les Vieilles Pies", "", Concerts);
        check(&["TheaterEvent"], "Une nuit à Rouen", "", Theatre);
        check(&["Théâtre"], "Le concert des oiseaux", "", Theatre);
        check(&["Exposition"], "Rouen en fête", "", Exhibitions);
        check(&["Sport"], "La grande fête du vélo", "", Sport);
        check(&["Jeune public"], "Le petit orchestre", "", Family);
        check(&["Conférence"], "Festival des idées", "", Conferences);
        check(
            &["Festival", "Concert"],
            "Soirée d'ouverture",
            "",
            Festivals,
        );
        check(&["Événement", "Gratuit"], "Récital d'orgue", "", Concerts);
    }

    #[test]
    fn descriptions_decide_last() {
        check(
            &[],
            "Les Vieilles Pies",
            "Un concert rock en plein air.",
            Concerts,
        );
        check(
            &[],
            "Les Vieilles Pies",
            "Concert rock, puis un second concert acoustique. Gratuit pour les enfants.",
            Concerts,
        );
        check(&[], "Monet", "Exposition temporaire au musée.", Exhibitions);
        check(
            &[],
            "Le concert des oiseaux",
            "Une exposition de photos.",
            Concerts,
        );
        check(&[], "Rencontre avec Annie Ernaux", "", Conferences);
        check(&[], "Sans titre", "", Other);
    }

    #[test]
    fn a_tie_in_the_source_categories_goes_to_the_title() {
        check(
            &["marché", "Noël", "famille"],
            "Marché de Noël de Rouen",
            "",
            EventCategory::Markets,
        );
        check(
            &["famille", "marché"],
            "Atelier enfants : décorations de Noël",
            "",
            EventCategory::Family,
        );
    }
}
