//! Breaking news: a story is breaking when a source says so, when its title is urgent, or when
//! several sources publish it within minutes of each other.

use crate::events::categorise::rules::Phrase;
use crate::model::ArticleDraft;
use crate::text;
use chrono::{DateTime, Duration, Utc};
use std::sync::LazyLock;

/// Distinct sources that must publish a story within [`burst_span`] for it to be breaking.
pub const BURST_SOURCES: usize = 3;

/// How close together the sources of a burst publish.
pub fn burst_span() -> Duration {
    Duration::minutes(30)
}

/// How recent the last article of a burst must be: an old burst is no longer news.
pub fn burst_recency() -> Duration {
    Duration::hours(2)
}

/// How long a story stays flagged as breaking after its first article.
pub fn breaking_window() -> Duration {
    Duration::hours(6)
}

/// Feeds with a wrong time zone date articles an hour or two ahead; such times are read as "now".
/// Further ahead, the date is nonsense and the article is left out of the burst.
fn max_clock_skew() -> Duration {
    Duration::hours(3)
}

/// Urgent on their own in a title (folded whole words; `stem*`).
const URGENT: &[&str] = &[
    "alerte",
    "alertes",
    "urgent",
    "en direct",
    "confinement",
    "confine*",
    "évacuation*",
    "évacué*",
    "explosion*",
    "incendie majeur",
    "violent incendie",
    "important incendie",
    "gigantesque incendie",
    "incendie en cours",
    "attentat*",
    "nuage de fumée",
    "panache de fumée",
    "nuage toxique",
    "plan orsec",
    "coupure d'eau",
    "coupure d eau",
    "eau non potable",
    "fuite de gaz",
    "vigilance rouge",
    "breaking",
    "alert",
    "evacuated",
    "lockdown",
    "terror attack",
    "major fire",
];

/// Hazardous sites: their name makes a title urgent only with an incident word, because
/// "Lubrizol, cinq ans après" or "Le procès Lubrizol reprend" are not emergencies. Sirens are
/// an incident only there: the monthly test of the town's sirens is not news.
const SITES: &[&str] = &["lubrizol", "seveso", "normandie logistique", "raffinerie"];
const INCIDENTS: &[&str] = &[
    "incendie*",
    "feu",
    "fumée*",
    "explosion*",
    "fuite*",
    "odeur*",
    "accident*",
    "nuage*",
    "panache*",
    "pollution",
    "fire",
    "smoke",
    "leak*",
    "sirène*",
];

/// Words that put an incident in the past (a trial, an anniversary): "Incendie de Lubrizol : le
/// procès en appel fixé" names the fire but is not an emergency.
const RETROSPECTIVE: &[&str] = &[
    "procès",
    "proces",
    "appel",
    "audience*",
    "jugement",
    "tribunal",
    "condamn*",
    "anniversaire",
    "ans après",
    "ans apres",
    "commémor*",
    "commemor*",
    "enquête publique",
    "rapport",
    "trial",
    "anniversary",
    "years on",
];

fn compile(patterns: &[&str]) -> Vec<Phrase> {
    patterns.iter().filter_map(|p| Phrase::parse(p)).collect()
}

static URGENT_PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| compile(URGENT));
static SITE_PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| compile(SITES));
static INCIDENT_PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| compile(INCIDENTS));
static RETROSPECTIVE_PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| compile(RETROSPECTIVE));

/// Whether the article is breaking by itself: the source marks it, or its title is urgent.
pub fn breaking_by_rules(article: &ArticleDraft) -> bool {
    if article.source_breaking {
        return true;
    }
    let words = text::words(&article.title);
    let any = |phrases: &[Phrase]| phrases.iter().any(|p| p.is_in(&words));
    any(&URGENT_PHRASES)
        || (any(&SITE_PHRASES) && any(&INCIDENT_PHRASES) && !any(&RETROSPECTIVE_PHRASES))
}

/// Whether the publication times of one story, one per distinct source, make a burst: at least
/// [`BURST_SOURCES`] within [`burst_span`], the last of them within [`burst_recency`] of `now`.
pub fn breaking_by_burst(
    timestamps_of_distinct_sources: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> bool {
    let mut times: Vec<DateTime<Utc>> = timestamps_of_distinct_sources
        .iter()
        .filter(|t| **t <= now + max_clock_skew())
        .map(|t| (*t).min(now))
        .collect();
    times.sort();
    times
        .windows(BURST_SOURCES)
        .any(|w| match (w.first(), w.last()) {
            (Some(first), Some(last)) => {
                *last - *first <= burst_span() && now - *last <= burst_recency()
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(title: &str) -> ArticleDraft {
        ArticleDraft {
            source_id: "test".into(),
            source_ref: "1".into(),
            url: "https://example.org/1".into(),
            title: title.into(),
            summary: String::new(),
            content: None,
            image: None,
            author: None,
            published_at: None,
            source_categories: Vec::new(),
            source_breaking: false,
            lang: "fr".into(),
        }
    }

    #[test]
    fn urgent_titles_are_breaking() {
        for t in [
            "ALERTE - Rouen : explosion dans une usine",
            "Urgent : le pont Flaubert fermé",
            "EN DIRECT. Incendie majeur à Petit-Quevilly",
            "Rouen : les habitants évacués après une fuite de gaz",
            "Coupure d'eau à Darnétal jusqu'à demain",
            "Un nuage de fumée noire au-dessus de Rouen",
            "Plan ORSEC déclenché en Seine-Maritime",
            "Alerte pollution : la circulation différenciée activée",
            "Alerte enlèvement déclenchée en Normandie",
            "Breaking: explosion reported near Rouen port",
        ] {
            assert!(breaking_by_rules(&title(t)), "{t}");
        }
    }

    #[test]
    fn ordinary_titles_are_not() {
        for t in [
            "Rouen : le marché de Noël ouvre ses portes",
            "Incendie d'une poubelle rue Beauvoisine",
            "Le directeur du CHU s'en va",
            "La piscine Diderot rouvre après travaux",
            "Alerter sans affoler : la préfecture teste ses sirènes",
        ] {
            assert!(!breaking_by_rules(&title(t)), "{t}");
        }
    }

    #[test]
    fn hazardous_sites_need_an_incident() {
        assert!(breaking_by_rules(&title(
            "Lubrizol : un panache de fumée visible"
        )));
        assert!(breaking_by_rules(&title(
            "Odeurs près de Lubrizol : la préfecture rassure"
        )));
        assert!(breaking_by_rules(&title(
            "Site Seveso : fuite sur une cuve"
        )));
        assert!(breaking_by_rules(&title(
            "Les sirènes retentissent près de Lubrizol"
        )));
        assert!(!breaking_by_rules(&title("Lubrizol, cinq ans après")));
        assert!(!breaking_by_rules(&title("Le procès Lubrizol reprend")));
    }

    #[test]
    fn the_source_marker_is_enough() {
        let mut a = title("Conseil municipal ce soir");
        assert!(!breaking_by_rules(&a));
        a.source_breaking = true;
        assert!(breaking_by_rules(&a));
    }

    fn minutes_ago(now: DateTime<Utc>, minutes: &[i64]) -> Vec<DateTime<Utc>> {
        minutes
            .iter()
            .map(|m| now - Duration::minutes(*m))
            .collect()
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn three_sources_within_half_an_hour_make_a_burst() {
        assert!(breaking_by_burst(&minutes_ago(now(), &[5, 20, 34]), now()));
        assert!(
            breaking_by_burst(&minutes_ago(now(), &[34, 5, 20]), now()),
            "any order"
        );
        assert!(breaking_by_burst(
            &minutes_ago(now(), &[90, 100, 120]),
            now()
        ));
    }

    #[test]
    fn two_sources_or_a_slow_spread_do_not() {
        assert!(!breaking_by_burst(&minutes_ago(now(), &[5, 20]), now()));
        assert!(!breaking_by_burst(&minutes_ago(now(), &[5, 40, 80]), now()));
        assert!(!breaking_by_burst(&[], now()));
    }

    #[test]
    fn an_old_burst_is_over() {
        assert!(!breaking_by_burst(
            &minutes_ago(now(), &[130, 140, 150]),
            now()
        ));
        // An old burst then one late source: the three closest are not recent, the recent one alone.
        assert!(!breaking_by_burst(
            &minutes_ago(now(), &[10, 200, 210, 220]),
            now()
        ));
    }

    #[test]
    fn a_burst_anywhere_in_the_list_counts() {
        assert!(breaking_by_burst(
            &minutes_ago(now(), &[300, 50, 45, 31, 2]),
            now()
        ));
    }

    #[test]
    fn clock_skew_is_tolerated_but_nonsense_dates_are_not() {
        let ahead = |m: i64| now() + Duration::minutes(m);
        assert!(breaking_by_burst(&[ahead(60), ahead(65), now()], now()));
        assert!(!breaking_by_burst(
            &[ahead(60 * 24), ahead(60 * 24 + 5), now()],
            now()
        ));
    }

    #[test]
    fn the_window_is_six_hours() {
        assert_eq!(breaking_window(), Duration::hours(6));
        assert_eq!(burst_span(), Duration::minutes(30));
        assert_eq!(burst_recency(), Duration::hours(2));
    }

    #[test]
    fn a_trial_about_a_past_site_incident_is_not_breaking() {
        assert!(!breaking_by_rules(&title(
            "Incendie de Lubrizol : le procès en appel fixé à l'automne 2027"
        )));
        assert!(!breaking_by_rules(&title(
            "Lubrizol : cinq ans après l'incendie, le rapport"
        )));
        assert!(breaking_by_rules(&title(
            "Lubrizol : un nuage de fumée au-dessus de Rouen"
        )));
    }
}
