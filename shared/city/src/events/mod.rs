//! Events: parsers of each format, categorisation and deduplication across sources.

pub mod categorise;
pub mod dates;
pub mod dedup;
pub mod html;
pub mod ical;
pub mod jsonld;
pub mod openagenda;
pub mod opendatasoft;

use crate::model::{
    EventDraft, EventStatus, Occurrence, ParseError, Parsed, Price, Skipped, Venue,
};
use crate::sources::{ParserConfig, Source};
use crate::text;
use std::collections::HashSet;

/// Most occurrences kept for one event: a daily show over a year stays readable, a buggy feed that
/// repeats an event every hour does not flood the calendar.
pub const MAX_OCCURRENCES: usize = 200;

/// Longest description kept, in characters.
pub const MAX_DESCRIPTION: usize = 5000;

/// Parses one fetched document of an event source with the parser its registry entry names.
pub fn parse(
    source: &Source,
    body: &[u8],
    content_type: Option<&str>,
    page_url: &str,
) -> Result<Parsed<EventDraft>, ParseError> {
    let text = text::decode(body, content_type);
    match &source.parser {
        ParserConfig::JsonLd => jsonld::parse(source, &text, page_url),
        ParserConfig::Ical => ical::parse(source, &text, page_url),
        ParserConfig::OpenAgenda => openagenda::parse(source, &text, page_url),
        ParserConfig::Opendatasoft => opendatasoft::parse(source, &text, page_url),
        ParserConfig::Html(rules) => html::parse(source, rules, &text, page_url),
        other => Err(ParseError::Config(format!(
            "{}: a {} parser cannot read events",
            source.id,
            other.kind().code()
        ))),
    }
}

/// An event as a parser read it, before the checks and clean-up every format shares.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawEvent {
    /// Its id in the source, when it has one; else its URL, else its title and first date.
    pub source_ref: Option<String>,
    pub url: Option<String>,
    /// May hold markup and entities.
    pub title: Option<String>,
    /// HTML or plain text.
    pub description: Option<String>,
    pub occurrences: Vec<Occurrence>,
    pub venue: Venue,
    pub price: Price,
    pub image: Option<String>,
    pub status: EventStatus,
    pub categories: Vec<String>,
}

/// Gathers the events of one document: cleans them, sets aside the unusable with a reason and
/// keeps each source_ref once.
pub(crate) struct Collector<'a> {
    source: &'a Source,
    seen: HashSet<String>,
    pub parsed: Parsed<EventDraft>,
}

impl<'a> Collector<'a> {
    pub fn new(source: &'a Source) -> Self {
        Self {
            source,
            seen: HashSet::new(),
            parsed: Parsed {
                items: Vec::new(),
                skipped: Vec::new(),
                next_page: None,
            },
        }
    }

    pub fn skip(&mut self, item: impl Into<String>, reason: impl Into<String>) {
        self.parsed.skipped.push(Skipped {
            item: item.into(),
            reason: reason.into(),
        });
    }

    /// `position` names the item in a skip report when it has neither id nor title.
    pub fn push(&mut self, raw: RawEvent, position: &str) {
        let title = raw.title.as_deref().map(text::one_line).unwrap_or_default();
        let name = || {
            raw.source_ref
                .clone()
                .or_else(|| (!title.is_empty()).then(|| title.clone()))
                .unwrap_or_else(|| position.to_owned())
        };
        if title.is_empty() {
            let item = name();
            self.skip(item, "no title");
            return;
        }
        let mut occurrences = raw.occurrences.clone();
        dates::tidy(&mut occurrences, MAX_OCCURRENCES);
        let Some(first) = occurrences.first() else {
            let item = name();
            self.skip(item, "no start date");
            return;
        };
        let source_ref = raw
            .source_ref
            .clone()
            .filter(|r| !r.trim().is_empty())
            .or_else(|| raw.url.clone())
            .unwrap_or_else(|| format!("{title}@{}", first.starts_at.to_rfc3339()));
        if !self.seen.insert(source_ref.clone()) {
            return;
        }
        let description = raw
            .description
            .as_deref()
            .map(|d| text::truncate(&text::html_to_text(d), MAX_DESCRIPTION))
            .unwrap_or_default();
        let status = match raw.status {
            EventStatus::Scheduled => status_from_title(&title),
            other => other,
        };
        let mut categories: Vec<String> = Vec::new();
        for c in &raw.categories {
            let c = text::one_line(c);
            if !c.is_empty() && !categories.iter().any(|k| text::fold(k) == text::fold(&c)) {
                categories.push(c);
            }
        }
        self.parsed.items.push(EventDraft {
            source_id: self.source.id.clone(),
            source_ref,
            url: raw.url.clone(),
            title,
            description,
            occurrences,
            venue: tidy_venue(raw.venue),
            price: raw.price,
            image: raw.image.clone(),
            status,
            source_categories: categories,
            lang: self.source.lang.clone(),
        });
    }

    pub fn finish(self) -> Parsed<EventDraft> {
        self.parsed
    }
}

/// Organisers often mark a cancelled or postponed show in its title only ("ANNULÉ – …").
fn status_from_title(title: &str) -> EventStatus {
    let folded = text::fold(title);
    match folded.split(' ').next() {
        Some("annule" | "annulee" | "annules" | "annulees") => EventStatus::Cancelled,
        Some("reporte" | "reportee" | "reportes" | "reportees") => EventStatus::Postponed,
        _ => EventStatus::Scheduled,
    }
}

fn tidy_venue(venue: Venue) -> Option<Venue> {
    let clean = |s: Option<String>| s.map(|s| text::one_line(&s)).filter(|s| !s.is_empty());
    let valid_lat = venue
        .lat
        .filter(|v| v.is_finite() && (-90.0..=90.0).contains(v));
    let valid_lon = venue
        .lon
        .filter(|v| v.is_finite() && (-180.0..=180.0).contains(v));
    // A point at 0,0 is a form left empty, not the Gulf of Guinea.
    let (lat, lon) = match (valid_lat, valid_lon) {
        (Some(a), Some(o)) if a != 0.0 || o != 0.0 => (Some(a), Some(o)),
        _ => (None, None),
    };
    let venue = Venue {
        name: clean(venue.name),
        address: clean(venue.address),
        postal_code: clean(venue.postal_code),
        city: clean(venue.city),
        lat,
        lon,
    };
    (venue != Venue::default()).then_some(venue)
}

/// A URL as found in a document, made absolute against the page; only http(s) is kept.
pub(crate) fn resolve_url(page_url: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match url::Url::parse(href) {
        Ok(url) => url,
        Err(_) => url::Url::parse(page_url).ok()?.join(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// An amount of euros to cents: `12`, `12.5`, `12,50`, `"12,50 €"`.
pub(crate) fn cents(text: &str) -> Option<u32> {
    let cleaned: String = text
        .trim()
        .trim_end_matches(['€', ' ', '\u{a0}'])
        .trim_end_matches("EUR")
        .trim()
        .replace(',', ".");
    let value: f64 = cleaned.parse().ok()?;
    (value.is_finite() && (0.0..1_000_000.0).contains(&value))
        .then(|| (value * 100.0).round() as u32)
}

/// A price from amounts a source gives: none is unknown, all zero is free.
pub(crate) fn price_of(amounts: &[u32]) -> Price {
    match (amounts.iter().min(), amounts.iter().max()) {
        (Some(0), Some(0)) => Price::Free,
        (Some(min), Some(max)) => Price::Paid {
            min_cents: Some(*min),
            max_cents: (max > min).then_some(*max),
        },
        _ => Price::Unknown,
    }
}

/// A price from French prose ("Gratuit", "Entrée libre", "Tarifs : 12 € / 8 €", "de 5 à 15 euros").
pub(crate) fn price_from_text(text: &str) -> Price {
    let folded = text::fold(text);
    let free = [
        "gratuit",
        "entree libre",
        "acces libre",
        "entree gratuite",
        "sans reservation gratuite",
    ]
    .iter()
    .any(|w| folded.contains(w));
    let amounts = euro_amounts(text);
    match (free, amounts.is_empty()) {
        (true, true) => Price::Free,
        (true, false) => price_of(&[&[0], amounts.as_slice()].concat()),
        (false, _) => price_of(&amounts),
    }
}

/// Numbers followed by "€" or "euro(s)" in a text.
fn euro_amounts(text: &str) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], ',' | '.')) {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && matches!(chars[j], ' ' | '\u{a0}' | '\u{202f}') {
            j += 1;
        }
        let rest: String = chars[j..chars.len().min(j + 5)]
            .iter()
            .collect::<String>()
            .to_lowercase();
        if (rest.starts_with('€') || rest.starts_with("eur"))
            && let Some(c) = cents(number.trim_end_matches(['.', ',']))
        {
            out.push(c);
        }
    }
    out
}

/// A venue from one line of text as calendars write it: "Le 106, 1 quai Jean de Béthencourt,
/// 76100 Rouen, France". The first part is the name; a part starting with a postal code gives
/// the code and the city; what lies between is the street address.
pub(crate) fn venue_from_line(line: &str) -> Venue {
    let parts: Vec<String> = line
        .split(',')
        .map(text::one_line)
        .filter(|p| !p.is_empty())
        .collect();
    let mut venue = Venue::default();
    let Some((name, rest)) = parts.split_first() else {
        return venue;
    };
    venue.name = Some(name.clone());
    let mut street = Vec::new();
    for part in rest {
        let (code, city) = part.split_at(part.find(' ').unwrap_or(part.len()));
        if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
            venue.postal_code = Some(code.to_owned());
            venue.city = Some(city.trim().to_owned()).filter(|c| !c.is_empty());
        } else if venue.postal_code.is_none() {
            street.push(part.clone());
        }
    }
    if !street.is_empty() {
        venue.address = Some(street.join(", "));
    }
    venue
}

/// Markdown as OpenAgenda's long descriptions use it, to something `text::html_to_text` reads:
/// links keep their text, emphasis and heading marks go.
pub(crate) fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start_matches(['#', '>']).trim_start();
        let line = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .unwrap_or(line);
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find("](").map(|c| open + c) else {
                break;
            };
            let Some(end) = rest[close..].find(')').map(|e| close + e) else {
                break;
            };
            out.push_str(&rest[..open]);
            out.push_str(&rest[open + 1..close]);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    // Emphasis marks go; list bullets were taken off above.
    out.replace("**", "").replace("__", "").replace('*', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_from_text() {
        assert_eq!(price_from_text("Gratuit"), Price::Free);
        assert_eq!(
            price_from_text("Entrée libre dans la limite des places"),
            Price::Free
        );
        assert_eq!(
            price_from_text("Tarifs : 12,50 € / 8 € (réduit)"),
            Price::Paid {
                min_cents: Some(800),
                max_cents: Some(1250)
            }
        );
        assert_eq!(
            price_from_text("Gratuit pour les moins de 12 ans, 10 euros"),
            Price::Paid {
                min_cents: Some(0),
                max_cents: Some(1000)
            }
        );
        assert_eq!(price_from_text("Réservation conseillée"), Price::Unknown);
        assert_eq!(
            price_from_text("À partir de 35€"),
            Price::Paid {
                min_cents: Some(3500),
                max_cents: None
            }
        );
    }

    #[test]
    fn cents_read_french_and_english_decimals() {
        assert_eq!(cents("12,50"), Some(1250));
        assert_eq!(cents("12.5"), Some(1250));
        assert_eq!(cents(" 0 "), Some(0));
        assert_eq!(cents("15 €"), Some(1500));
        assert_eq!(cents("gratuit"), None);
        assert_eq!(cents("-3"), None);
    }

    #[test]
    fn venue_lines_split() {
        let v = venue_from_line("Le 106, 1 quai Jean de Béthencourt, 76100 Rouen, France");
        assert_eq!(v.name.as_deref(), Some("Le 106"));
        assert_eq!(v.address.as_deref(), Some("1 quai Jean de Béthencourt"));
        assert_eq!(v.postal_code.as_deref(), Some("76100"));
        assert_eq!(v.city.as_deref(), Some("Rouen"));
        assert_eq!(
            venue_from_line("Kindarena").name.as_deref(),
            Some("Kindarena")
        );
    }

    #[test]
    fn markdown_loses_its_marks() {
        let md = "## Au programme\n**Concert** à [l'Opéra](https://example.org) *ce soir*";
        assert_eq!(
            text::html_to_text(&strip_markdown(md)),
            "Au programme\nConcert à l'Opéra ce soir"
        );
    }

    #[test]
    fn relative_urls_resolve() {
        assert_eq!(
            resolve_url("https://www.le106.com/agenda/", "/evenement/x/").as_deref(),
            Some("https://www.le106.com/evenement/x/")
        );
        assert_eq!(resolve_url("https://a.fr/", "javascript:alert(1)"), None);
        assert_eq!(resolve_url("not a url", "/x"), None);
    }

    #[test]
    fn titles_can_say_cancelled() {
        assert_eq!(
            status_from_title("ANNULÉ – Bal folk"),
            EventStatus::Cancelled
        );
        assert_eq!(status_from_title("Reporté : Loto"), EventStatus::Postponed);
        assert_eq!(
            status_from_title("Annulation de rien du tout"),
            EventStatus::Scheduled
        );
    }
}
