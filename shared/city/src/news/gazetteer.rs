//! Local relevance: how surely an article is about Rouen and its Métropole, from the places it
//! names (`data/gazetteer.toml`).
//!
//! Each place found adds its weight: a mention in the title counts as two in the text, and
//! repeated mentions in the text count up to three times (a national article may name Rouen once
//! in a list; a local one keeps coming back to its places). The sum S becomes a score in 0..1 as
//! `1 - e^-S`, so one sure place in a title (S = 1) is 0.63, one passing mention in the text is
//! 0.39, and ambiguous names (weights of 0.1-0.3) never reach the threshold alone.

use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

const GAZETTEER_TOML: &str = include_str!("../../data/gazetteer.toml");

/// Score at or above which an article is local.
pub const LOCAL_THRESHOLD: f32 = 0.45;

/// At most this many places are reported.
const MAX_PLACES: usize = 5;
/// Text mentions of one place beyond this add nothing.
const MAX_TEXT_MENTIONS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    City,
    Commune,
    Neighbourhood,
    Street,
    Landmark,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Canonical name, as shown.
    pub name: String,
    pub kind: PlaceKind,
    /// In (0, 1]: how surely a mention means the Rouen area.
    pub weight: f32,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    place: Vec<Place>,
}

/// How local an article is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LocalRelevance {
    /// 0..=1; local at or above [`LOCAL_THRESHOLD`].
    pub score: f32,
    /// Canonical names of the places found, most telling first, at most five.
    pub places: Vec<String>,
}

impl LocalRelevance {
    pub fn is_local(&self) -> bool {
        self.score >= LOCAL_THRESHOLD
    }
}

/// One place name found in a text: `len` folded words from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub start: usize,
    pub len: usize,
    pub place: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// First folded word → (the name's folded words, place index), longest names first.
    index: HashMap<String, Vec<(Vec<String>, usize)>>,
}

static ROUEN: LazyLock<Gazetteer> = LazyLock::new(|| {
    // The bundled file is checked by a test; with an empty gazetteer nothing is local, which is a
    // safer failure in production than a panic.
    Gazetteer::from_toml(GAZETTEER_TOML).unwrap_or_default()
});

impl Gazetteer {
    /// The gazetteer of Rouen and its Métropole, parsed once.
    pub fn rouen() -> &'static Gazetteer {
        &ROUEN
    }

    /// A gazetteer from its TOML form (`[[place]]` tables); refuses weights outside (0, 1], empty
    /// names and a name given to two places.
    pub fn from_toml(src: &str) -> Result<Gazetteer, String> {
        let file: File = toml::from_str(src).map_err(|e| e.to_string())?;
        let mut index: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        let mut owner: HashMap<Vec<String>, usize> = HashMap::new();
        for (i, place) in file.place.iter().enumerate() {
            if !(place.weight > 0.0 && place.weight <= 1.0) {
                return Err(format!(
                    "{}: weight {} not in (0, 1]",
                    place.name, place.weight
                ));
            }
            for name in std::iter::once(&place.name).chain(&place.aliases) {
                let words = text::words(name);
                let Some(first) = words.first().cloned() else {
                    return Err(format!("{}: empty name {name:?}", place.name));
                };
                match owner.get(&words) {
                    Some(&j) if j != i => {
                        return Err(format!(
                            "{name:?} names both {} and {}",
                            file.place[j].name, place.name
                        ));
                    }
                    Some(_) => continue,
                    None => {}
                }
                owner.insert(words.clone(), i);
                index.entry(first).or_default().push((words, i));
            }
        }
        for names in index.values_mut() {
            names.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        Ok(Gazetteer {
            places: file.place,
            index,
        })
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub(crate) fn place(&self, index: usize) -> Option<&Place> {
        self.places.get(index)
    }

    /// Place names in folded words, left to right; at each position the longest name wins and
    /// its words are not read again.
    pub(crate) fn mentions(&self, words: &[String]) -> Vec<Mention> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let hit = self.index.get(&words[at]).and_then(|names| {
                names
                    .iter()
                    .find(|(name, _)| words.get(at..at + name.len()) == Some(name.as_slice()))
            });
            match hit {
                Some((name, place)) => {
                    found.push(Mention {
                        start: at,
                        len: name.len(),
                        place: *place,
                    });
                    at += name.len();
                }
                None => at += 1,
            }
        }
        found
    }

    /// How local an article is, from its title and text (summary and/or content).
    pub fn score(&self, title: &str, text: &str) -> LocalRelevance {
        let mut in_title: HashMap<usize, bool> = HashMap::new();
        for m in self.mentions(&text::words(title)) {
            in_title.insert(m.place, true);
        }
        let mut in_text: HashMap<usize, usize> = HashMap::new();
        for m in self.mentions(&text::words(text)) {
            *in_text.entry(m.place).or_default() += 1;
        }
        let mut contributions: Vec<(f32, usize)> = in_title
            .keys()
            .chain(in_text.keys())
            .copied()
            .collect::<std::collections::BTreeSet<usize>>()
            .into_iter()
            .filter_map(|i| {
                let place = self.places.get(i)?;
                let title_units = if in_title.contains_key(&i) { 2 } else { 0 };
                let text_units = in_text.get(&i).copied().unwrap_or(0).min(MAX_TEXT_MENTIONS);
                Some((place.weight * (title_units + text_units) as f32 * 0.5, i))
            })
            .collect();
        let sum: f32 = contributions.iter().map(|(c, _)| c).sum();
        contributions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        LocalRelevance {
            score: (1.0 - (-sum).exp()).clamp(0.0, 1.0),
            places: contributions
                .into_iter()
                .take(MAX_PLACES)
                .filter_map(|(_, i)| self.places.get(i).map(|p| p.name.clone()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::rouen()
    }

    #[test]
    fn the_bundled_gazetteer_parses_and_covers_every_kind() {
        let parsed = Gazetteer::from_toml(GAZETTEER_TOML).expect("gazetteer.toml");
        assert!(parsed.places().len() > 100, "{}", parsed.places().len());
        for kind in [
            PlaceKind::City,
            PlaceKind::Commune,
            PlaceKind::Neighbourhood,
            PlaceKind::Street,
            PlaceKind::Landmark,
        ] {
            assert!(parsed.places().iter().any(|p| p.kind == kind), "{kind:?}");
        }
        assert_eq!(g().places().len(), parsed.places().len());
    }

    #[test]
    fn invalid_gazetteers_are_refused() {
        let twice = "[[place]]\nname = \"A\"\nkind = \"city\"\nweight = 1.0\n\
                     [[place]]\nname = \"B\"\nkind = \"city\"\nweight = 1.0\naliases = [\"a\"]\n";
        assert!(
            Gazetteer::from_toml(twice)
                .unwrap_err()
                .contains("names both")
        );
        let heavy = "[[place]]\nname = \"A\"\nkind = \"city\"\nweight = 2.0\n";
        assert!(Gazetteer::from_toml(heavy).is_err());
        let empty = "[[place]]\nname = \" - \"\nkind = \"city\"\nweight = 1.0\n";
        assert!(Gazetteer::from_toml(empty).is_err());
    }

    #[track_caller]
    fn local(title: &str, text: &str) -> LocalRelevance {
        let r = g().score(title, text);
        assert!(r.is_local(), "{title:?}: {r:?}");
        r
    }

    #[track_caller]
    fn national(title: &str, text: &str) -> LocalRelevance {
        let r = g().score(title, text);
        assert!(!r.is_local(), "{title:?}: {r:?}");
        r
    }

    #[test]
    fn rouen_articles_are_local() {
        let r = local(
            "Rouen : un incendie rue du Gros Horloge",
            "Les pompiers sont intervenus rue du Gros-Horloge, près de la cathédrale de Rouen.",
        );
        assert_eq!(r.places[0], "rue du Gros-Horloge", "{r:?}");
        assert!(r.places.contains(&"Rouen".to_owned()));
        assert!(
            r.places
                .contains(&"Cathédrale Notre-Dame de Rouen".to_owned())
        );
        assert!(r.score > 0.9);
        local("Elbeuf : la piscine rouvre", "");
        local("Travaux sur le pont Flaubert", "");
        local("Le FC Rouen s'impose à Diochon", "");
        local("Les Rouennais appelés aux urnes", "");
        local(
            "Un nouveau centre de santé",
            "Il ouvre à Saint-Étienne-du-Rouvray, près du Madrillet.",
        );
        local(
            "Quartier des Sapins : la rénovation commence",
            "Le chantier des Hauts-de-Rouen durera trois ans.",
        );
    }

    #[test]
    fn title_mentions_count_double() {
        let in_title = g().score("Rouen : la fête", "");
        let in_text = g().score("La fête", "À Rouen.");
        assert!(in_title.score > in_text.score);
        assert!(in_title.is_local());
        assert!(
            !in_text.is_local(),
            "one passing mention in the text: {in_text:?}"
        );
        assert!(
            g().score("La fête", "À Rouen. Rouen en fête. Les Rouennais dansent.")
                .is_local()
        );
    }

    #[test]
    fn national_articles_are_not_local() {
        let r = national(
            "Paris : la ligne 14 prolongée jusqu'à Orly",
            "La RATP annonce...",
        );
        assert_eq!(r.score, 0.0);
        assert!(r.places.is_empty());
        national(
            "Lyon : incendie rue de la République",
            "Les pompiers du Rhône.",
        );
        national(
            "Marseille : un nouveau maire de secteur",
            "Le Vieux-Port en fête.",
        );
        national(
            "Venise : la place Saint-Marc inondée",
            "L'acqua alta a frappé la Lombardie.",
        );
        national("Paris : le Châtelet fermé", "Le Jardin des Plantes aussi.");
        national(
            "Grève nationale : manifestations à Paris, Lyon et Marseille",
            "Des cortèges aussi à Lille, Nantes et Rouen.",
        );
        national("Issy-les-Moulineaux : un nouveau tram", "");
        national("Tirer un trait sur le passé", "Le Trait d'union.");
    }

    #[test]
    fn longest_names_win_and_places_are_deduplicated() {
        let r = g().score(
            "Sotteville-lès-Rouen et Sotteville : le même conseil",
            "Sotteville-les-Rouen vote.",
        );
        assert_eq!(r.places, ["Sotteville-lès-Rouen"], "{r:?}");
        let r = g().score("Place Saint-Marc", "");
        assert_eq!(r.places, ["place Saint-Marc"]);
    }

    #[test]
    fn at_most_five_places_best_first() {
        let r = g().score(
            "Rouen, Elbeuf, Oissel, Darnétal, Canteleu, Maromme et Bihorel",
            "Rouen encore.",
        );
        assert_eq!(r.places.len(), 5);
        assert_eq!(r.places[0], "Rouen");
        assert!(r.score <= 1.0);
    }
}
