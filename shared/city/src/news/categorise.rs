//! The category of an article, from keyword rules in `data/news_categories.toml`.
//!
//! The feed's own categories outrank the title, which outranks the summary; within one place a
//! phrase that names the category ("garde à vue", "conseil municipal") outranks a context word
//! ("police", "maire"), and remaining ties go to the order of the data file. The rule engine is
//! shared with the event categories (`events::categorise`).

use crate::events::categorise::rules::{CategoryRules, prefix_chars};
use crate::model::{ArticleDraft, NewsCategory};
use std::sync::LazyLock;

const RULES_TOML: &str = include_str!("../../data/news_categories.toml");

/// The summary, or the start of the full text when a feed gives no summary: enough to confirm a
/// category, not so much that every passing mention counts.
const BODY_CHARS: usize = 600;

static RULES: LazyLock<CategoryRules<NewsCategory>> = LazyLock::new(|| {
    // The bundled file is checked by a test; `Autre` for everything beats a panic in a job.
    parse_rules(RULES_TOML).unwrap_or_default()
});

fn parse_rules(src: &str) -> Result<CategoryRules<NewsCategory>, String> {
    CategoryRules::parse(src, NewsCategory::from_code)
}

/// The article's category; `Autre` when no rule matches.
pub fn categorise(article: &ArticleDraft) -> NewsCategory {
    let body = if article.summary.trim().is_empty() {
        article.content.as_deref().unwrap_or_default()
    } else {
        &article.summary
    };
    RULES
        .classify(
            &article.source_categories,
            &article.title,
            prefix_chars(body, BODY_CHARS),
        )
        .unwrap_or(NewsCategory::Autre)
}

#[cfg(test)]
mod tests {
    use super::*;
    use NewsCategory::*;

    #[test]
    fn the_bundled_rules_parse_and_cover_every_category() {
        let rules = parse_rules(RULES_TOML).expect("news_categories.toml");
        let mut listed: Vec<NewsCategory> = rules.categories().collect();
        listed.sort();
        let mut expected: Vec<NewsCategory> = NewsCategory::ALL
            .into_iter()
            .filter(|c| *c != Autre)
            .collect();
        expected.sort();
        assert_eq!(listed, expected);
    }

    fn article(sources: &[&str], title: &str, summary: &str) -> ArticleDraft {
        ArticleDraft {
            source_id: "test".into(),
            source_ref: "1".into(),
            url: "https://example.org/1".into(),
            title: title.into(),
            summary: summary.into(),
            content: None,
            image: None,
            author: None,
            published_at: None,
            source_categories: sources.iter().map(|s| s.to_string()).collect(),
            source_breaking: false,
            lang: "fr".into(),
        }
    }

    #[track_caller]
    fn check(sources: &[&str], title: &str, summary: &str, expected: NewsCategory) {
        assert_eq!(
            categorise(&article(sources, title, summary)),
            expected,
            "{sources:?} / {title:?} / {summary:?}"
        );
    }

    #[test]
    fn titles() {
        check(
            &[],
            "Conseil municipal : le budget 2027 adopté",
            "",
            Politique,
        );
        check(
            &[],
            "Municipales 2026 : Nicolas Mayer-Rossignol candidat",
            "",
            Politique,
        );
        check(
            &[],
            "Le préfet de Seine-Maritime prend un arrêté",
            "",
            Politique,
        );
        check(
            &[],
            "Rouen : un homme interpellé après un cambriolage",
            "",
            FaitsDivers,
        );
        check(
            &[],
            "Incendie dans un immeuble rue du Gros-Horloge",
            "",
            FaitsDivers,
        );
        check(&[], "Accident sur l'A13 : deux blessés", "", FaitsDivers);
        check(
            &[],
            "Procès de l'agression du quai de Paris",
            "",
            FaitsDivers,
        );
        check(&[], "Le FC Rouen s'impose face à Bourg", "", Sport);
        check(
            &[],
            "Hockey : les Rouen Dragons en finale de Ligue Magnus",
            "",
            Sport,
        );
        check(&[], "Kindarena : victoire des Diables Rouges", "", Sport);
        check(&[], "L'Armada 2027 dévoile son programme", "", Culture);
        check(
            &[],
            "Une exposition Monet au musée des Beaux-Arts",
            "",
            Culture,
        );
        check(&[], "Haropa : le port de Rouen bat un record", "", Economie);
        check(
            &[],
            "Une usine de Grand-Couronne annonce 200 emplois",
            "",
            Economie,
        );
        check(
            &[],
            "Travaux : le pont Flaubert fermé ce week-end",
            "",
            Transports,
        );
        check(
            &[],
            "Réseau Astuce : la ligne TEOR perturbée",
            "",
            Transports,
        );
        check(
            &[],
            "Grève SNCF : aucun TER entre Rouen et Paris",
            "",
            Transports,
        );
        check(&[], "Le CHU de Rouen ouvre un nouveau service", "", Societe);
        check(&[], "Grève dans les écoles de Rouen", "", Societe);
        check(
            &[],
            "Qualité de l'air : pic de pollution à Rouen",
            "",
            Environnement,
        );
        check(
            &[],
            "Crue de la Seine : les quais inondés",
            "",
            Environnement,
        );
        check(&[], "Mayor unveils the new bike lanes", "", Politique);
        check(
            &[],
            "Police arrest two men after a fire in Rouen",
            "",
            FaitsDivers,
        );
    }

    #[test]
    fn traps() {
        // Idioms that look like keywords.
        check(
            &[],
            "Le chantier est en train de prendre du retard",
            "",
            Autre,
        );
        check(&[], "Un feu d'artifice pour le 14 juillet", "", Autre);
        check(&[], "Le bâtiment sera livré en 2027", "", Autre);
        check(&[], "Seine-Maritime : la préfète en visite", "", Politique);
        // The feed's own category settles a title that reads as sport.
        check(&["Culture"], "Match d'improvisation au 106", "", Culture);
        check(&[], "Bonjour", "", Autre);
    }

    #[test]
    fn feed_categories_weigh_most() {
        check(&["Faits divers"], "Le maire réagit", "", FaitsDivers);
        check(&["Sport"], "Une belle soirée au Kindarena", "", Sport);
        check(&["Économie"], "Lubrizol investit 50 millions", "", Economie);
        check(
            &["Société", "Rouen"],
            "Les habitants du quartier se mobilisent",
            "",
            Societe,
        );
        check(
            &["Environnement"],
            "Les arbres du cours la Reine abattus",
            "",
            Environnement,
        );
    }

    #[test]
    fn summaries_decide_last() {
        check(
            &[],
            "Nuit agitée à Rouen",
            "Les pompiers sont intervenus pour un incendie.",
            FaitsDivers,
        );
        check(
            &[],
            "Ce qui change au 1er janvier",
            "Les tarifs des bus et du métro augmentent.",
            Transports,
        );
        check(
            &[],
            "Une rentrée sous tension",
            "Les enseignants de trois collèges en grève.",
            Societe,
        );
        check(&[], "Grand Quevilly", "", Autre);
        let mut a = article(&[], "Nuit agitée", "");
        a.content = Some("Un cambriolage a eu lieu cette nuit.".into());
        assert_eq!(
            categorise(&a),
            FaitsDivers,
            "content stands in for a missing summary"
        );
    }
}
