//! Selector-based reading of an HTML listing with no structured data: one element per event
//! ([`HtmlRules::item`]), the other selectors relative to it, dates written in French.
//!
//! A `<time datetime="…">` element is trusted over its text. Each line of a date element may hold
//! dates ("samedi 5 décembre 2026 à 20h00<br>dimanche 6 décembre 2026 à 16h00"); lines without any
//! date (a venue, a price) are passed over. An item whose date cannot be read is set aside with the
//! reason; the rest of the page still counts.

use super::dates::{self, DateTextError};
use super::{Collector, RawEvent, price_from_text, resolve_url, venue_from_line};
use crate::model::{EventDraft, Occurrence, ParseError, Parsed, Price};
use crate::sources::{HtmlRules, Source};
use crate::text;
use scraper::{ElementRef, Html, Selector};

struct Selectors {
    item: Selector,
    title: Selector,
    date: Selector,
    link: Option<Selector>,
    description: Option<Selector>,
    image: Option<Selector>,
    venue: Option<Selector>,
    category: Option<Selector>,
    price: Option<Selector>,
}

fn selector(name: &str, css: &str) -> Result<Selector, ParseError> {
    Selector::parse(css)
        .map_err(|e| ParseError::Config(format!("html rule `{name}` = `{css}`: {e}")))
}

fn optional(name: &str, css: Option<&String>) -> Result<Option<Selector>, ParseError> {
    css.map(|c| selector(name, c)).transpose()
}

impl Selectors {
    fn new(rules: &HtmlRules) -> Result<Self, ParseError> {
        Ok(Self {
            item: selector("item", &rules.item)?,
            title: selector("title", &rules.title)?,
            date: selector("date", &rules.date)?,
            link: optional("link", rules.link.as_ref())?,
            description: optional("description", rules.description.as_ref())?,
            image: optional("image", rules.image.as_ref())?,
            venue: optional("venue", rules.venue.as_ref())?,
            category: optional("category", rules.category.as_ref())?,
            price: optional("price", rules.price.as_ref())?,
        })
    }
}

pub fn parse(
    source: &Source,
    rules: &HtmlRules,
    text: &str,
    page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    let selectors = Selectors::new(rules)?;
    let document = Html::parse_document(text);
    let mut collector = Collector::new(source);
    for (index, item) in document.select(&selectors.item).enumerate() {
        let position = format!("item {}", index + 1);
        let title = item
            .select(&selectors.title)
            .next()
            .map(|t| text::one_line(&t.text().collect::<String>()))
            .filter(|t| !t.is_empty());
        let Some(title) = title else {
            collector.skip(position, "no title");
            continue;
        };
        let occurrences = match occurrences_of(item, &selectors.date) {
            Ok(o) => o,
            Err(reason) => {
                collector.skip(format!("{position}: {title}"), reason);
                continue;
            }
        };
        let first = |s: &Option<Selector>| s.as_ref().and_then(|s| item.select(s).next());
        let raw = RawEvent {
            source_ref: None,
            url: link_of(item, first(&selectors.link), page_url),
            title: Some(title),
            description: first(&selectors.description).map(|d| d.inner_html()),
            occurrences,
            venue: first(&selectors.venue)
                .map(element_text)
                .filter(|v| !v.is_empty())
                .or_else(|| rules.default_venue.clone())
                .map(|v| venue_from_line(&v))
                .unwrap_or_default(),
            price: first(&selectors.price)
                .map(|p| price_from_text(&element_text(p)))
                .unwrap_or(Price::Unknown),
            image: first(&selectors.image).and_then(|i| image_of(i, page_url)),
            status: Default::default(),
            categories: selectors
                .category
                .as_ref()
                .map(|s| item.select(s).map(element_text).collect())
                .unwrap_or_default(),
        };
        collector.push(raw, &position);
    }
    Ok(collector.finish())
}

fn element_text(element: ElementRef<'_>) -> String {
    text::one_line(&element.text().collect::<String>())
}

fn occurrences_of(item: ElementRef<'_>, date: &Selector) -> Result<Vec<Occurrence>, String> {
    let elements: Vec<ElementRef<'_>> = item.select(date).collect();
    if elements.is_empty() {
        return Err("no date".into());
    }
    let mut occurrences = Vec::new();
    let mut first_error: Option<DateTextError> = None;
    let mut seen_text = String::new();
    for element in elements {
        if let Some(when) = element.value().attr("datetime").and_then(dates::parse_iso) {
            occurrences.push(dates::occurrence(when, None, true));
            continue;
        }
        let block = text::html_to_text(&element.inner_html());
        for line in block.lines().filter(|l| !l.trim().is_empty()) {
            if seen_text.is_empty() {
                seen_text = line.to_owned();
            }
            match dates::parse_french(line) {
                Ok(found) => occurrences.extend(found),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    }
    if !occurrences.is_empty() {
        return Ok(occurrences);
    }
    Err(match first_error {
        Some(e) => e.to_string(),
        None if seen_text.is_empty() => "no date".into(),
        None => DateTextError::NoDate(text::truncate(&seen_text, 80)).to_string(),
    })
}

fn link_of(item: ElementRef<'_>, chosen: Option<ElementRef<'_>>, page_url: &str) -> Option<String> {
    let anchor = |e: ElementRef<'_>| -> Option<String> {
        if let Some(href) = e.value().attr("href") {
            return Some(href.to_owned());
        }
        let a = Selector::parse("a[href]").ok()?;
        e.select(&a)
            .next()
            .and_then(|a| a.value().attr("href"))
            .map(str::to_owned)
    };
    let href = match chosen {
        Some(element) => anchor(element),
        None => item.value().attr("href").map(str::to_owned),
    }?;
    resolve_url(page_url, &href)
}

fn image_of(element: ElementRef<'_>, page_url: &str) -> Option<String> {
    let from = |e: ElementRef<'_>| -> Option<String> {
        let v = e.value();
        v.attr("data-src")
            .or_else(|| v.attr("data-lazy-src"))
            .or_else(|| v.attr("src"))
            .map(str::to_owned)
            .or_else(|| {
                // srcset lists "url width"; the first candidate will do.
                v.attr("srcset")
                    .and_then(|s| s.split(',').next())
                    .and_then(|c| c.split_whitespace().next())
                    .map(str::to_owned)
            })
            .filter(|s| !s.starts_with("data:"))
    };
    let src = from(element).or_else(|| {
        let img = Selector::parse("img").ok()?;
        element.select(&img).next().and_then(from)
    })?;
    resolve_url(page_url, &src)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{ParserConfig, SourceKind};
    use chrono::DateTime;

    fn rules() -> HtmlRules {
        HtmlRules {
            item: "article.event".into(),
            title: "h2".into(),
            date: ".dates".into(),
            link: Some("a".into()),
            description: Some(".resume".into()),
            image: Some("img".into()),
            venue: Some(".lieu".into()),
            category: Some(".tag".into()),
            price: Some(".tarif".into()),
            default_venue: Some("Ailleurs, 76000 Rouen".into()),
        }
    }

    fn source() -> Source {
        Source {
            id: "html".into(),
            name: "Html".into(),
            kind: SourceKind::Events,
            url: "https://www.example.fr/agenda/".into(),
            homepage: "https://www.example.fr".into(),
            every_minutes: 60,
            lang: "fr".into(),
            licence: String::new(),
            key: None,
            key_use: Default::default(),
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: ParserConfig::Html(rules()),
        }
    }

    #[test]
    fn items_dates_and_reasons() {
        let html = r#"<main>
          <article class="event"><h2>Carmen</h2><a href="/carmen/">voir</a>
            <p class="dates">Théâtre des Arts<br>samedi 5 décembre 2026 à 20h00<br>dimanche 6 décembre 2026 à 16h00</p>
            <span class="lieu">Théâtre des Arts</span><span class="tarif">de 10 € à 65 €</span>
            <span class="tag">Opéra</span><span class="tag">Lyrique</span>
            <img data-src="/img/carmen.jpg" src="data:image/gif;base64,R0lGOD"></article>
          <article class="event"><h2>Sans date</h2></article>
          <article class="event"><h2>Sans année</h2><p class="dates">samedi 14 mars à 20h</p></article>
          <article class="event"><h2>Bientôt</h2><p class="dates">Prochainement</p></article>
          <article class="event"><h2>Heure</h2><time class="dates" datetime="2027-01-09T18:30:00+01:00">9 janv.</time></article>
        </main>"#;
        let parsed = parse(&source(), &rules(), html, "https://www.example.fr/agenda/").unwrap();
        assert_eq!(parsed.items.len(), 2);
        let carmen = &parsed.items[0];
        assert_eq!(carmen.occurrences.len(), 2);
        assert_eq!(
            carmen.url.as_deref(),
            Some("https://www.example.fr/carmen/")
        );
        assert_eq!(
            carmen.image.as_deref(),
            Some("https://www.example.fr/img/carmen.jpg")
        );
        assert_eq!(
            carmen.price,
            Price::Paid {
                min_cents: Some(1000),
                max_cents: Some(6500)
            }
        );
        assert_eq!(carmen.source_categories, ["Opéra", "Lyrique"]);
        assert_eq!(
            carmen.venue.as_ref().unwrap().name.as_deref(),
            Some("Théâtre des Arts")
        );
        let fallback = parsed.items[1].venue.clone().unwrap();
        assert_eq!(
            (fallback.name.as_deref(), fallback.city.as_deref()),
            (Some("Ailleurs"), Some("Rouen"))
        );
        assert_eq!(
            parsed.items[1].occurrences[0].starts_at,
            DateTime::parse_from_rfc3339("2027-01-09T17:30:00Z").unwrap()
        );
        let reasons: Vec<&str> = parsed.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons.len(), 3);
        assert_eq!(reasons[0], "no date");
        assert!(reasons[1].contains("no year"), "{reasons:?}");
        assert!(reasons[2].starts_with("no date in"), "{reasons:?}");
    }

    #[test]
    fn a_bad_selector_is_a_config_error() {
        let mut bad = rules();
        bad.item = "article[".into();
        assert!(matches!(
            parse(&source(), &bad, "<p></p>", "https://www.example.fr/"),
            Err(ParseError::Config(_))
        ));
    }
}
