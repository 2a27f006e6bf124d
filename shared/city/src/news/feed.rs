//! News feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to [`ArticleDraft`]s, through `feed-rs`.
//!
//! Real feeds are sloppy: a declared charset that does not match the bytes, HTML and double-escaped
//! entities in titles, items repeated, links missing, dates missing. One bad item is skipped with a
//! reason; only a document that cannot be read at all is an error.

use std::collections::{HashMap, HashSet};

use feed_rs::model::{Entry, Link};
use scraper::{Html, Selector};

use super::canonical::canonical_url;
use crate::{ArticleDraft, ParseError, Parsed, Skipped, Source, text};

/// Summaries are teasers: longer ones are cut (the app links to the article).
pub const SUMMARY_MAX_CHARS: usize = 600;
/// Full text is kept only where the feed publishes it; a runaway body is cut.
pub const CONTENT_MAX_CHARS: usize = 20_000;

const FORMAT: &str = "feed";

/// Title prefixes by which newsrooms flag breaking news, longest first so that "ALERTE INFO" is
/// stripped whole.
const BREAKING_MARKERS: &[&str] = &[
    "alerte info",
    "info flash",
    "flash info",
    "breaking news",
    "en direct",
    "alerte",
    "urgent",
    "direct",
    "breaking",
];
const MARKER_SEPARATORS: &[char] = &[':', '-', '–', '—', '|'];
/// Folded category names that mean "breaking".
const BREAKING_CATEGORIES: &[&str] = &[
    "alerte",
    "alerte info",
    "alertes",
    "breaking",
    "breaking news",
    "urgent",
    "info flash",
    "flash info",
];

/// Parses one fetched feed document. `page_url` is where it was fetched from: relative links and
/// images resolve against it.
pub fn parse(
    source: &Source,
    body: &[u8],
    content_type: Option<&str>,
    page_url: &str,
) -> Result<Parsed<ArticleDraft>, ParseError> {
    let text = to_utf8(body, content_type);
    let text = text.trim_start_matches('\u{feff}');
    let start = text.trim_start();
    if start.is_empty() {
        return Err(ParseError::malformed(FORMAT, "the document is empty"));
    }
    if looks_like_html(start) {
        return Err(ParseError::malformed(
            FORMAT,
            "an HTML page was served instead of a feed",
        ));
    }
    let is_json = start.starts_with('{');
    let document = if is_json {
        start.to_owned()
    } else {
        check_well_formed(start)?;
        declare_utf8(start)
    };

    // An empty id tells "the feed gave no GUID" apart from feed-rs's generated hash, which would
    // change with the title and break deduplication across fetches.
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(page_url))
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(document.as_bytes())
        .map_err(|e| ParseError::malformed(FORMAT, e))?;

    let json_images = if is_json {
        json_feed_images(&document)
    } else {
        HashMap::new()
    };

    let mut parsed = Parsed {
        items: Vec::new(),
        skipped: Vec::new(),
        next_page: None,
    };
    let mut seen_refs = HashSet::new();
    let mut seen_urls = HashSet::new();
    for (index, entry) in feed.entries.iter().enumerate() {
        let label = item_label(entry, index);
        let article = match article(source, entry, page_url, &json_images) {
            Ok(article) => article,
            Err(reason) => {
                parsed.skipped.push(Skipped {
                    item: label,
                    reason,
                });
                continue;
            }
        };
        let new_ref = seen_refs.insert(article.source_ref.clone());
        let new_url = seen_urls.insert(article.url.clone());
        if !new_ref || !new_url {
            parsed.skipped.push(Skipped {
                item: label,
                reason: "repeats an earlier item of the feed (same GUID or same URL)".into(),
            });
            continue;
        }
        parsed.items.push(article);
    }
    Ok(parsed)
}

fn article(
    source: &Source,
    entry: &Entry,
    page_url: &str,
    json_images: &HashMap<String, String>,
) -> Result<ArticleDraft, String> {
    let raw_title = entry
        .title
        .as_ref()
        .map(|t| clean_title(&t.content))
        .unwrap_or_default();
    if raw_title.is_empty() {
        return Err("no title".into());
    }
    let (title, marked) = strip_breaking_marker(&raw_title);

    let id = entry.id.trim();
    let url = article_link(&entry.links, entry.base.as_deref().unwrap_or(page_url))
        .or_else(|| canonical_url(id, None))
        .ok_or("no link, and the GUID is not a URL")?;
    let source_ref = if id.is_empty() {
        url.clone()
    } else {
        id.to_owned()
    };

    let summary_html = entry.summary.as_ref().map(|s| s.content.as_str());
    let content_html = entry.content.as_ref().and_then(|c| c.body.as_deref());
    let summary_full = summary_html.map(text::html_to_text).unwrap_or_default();
    let content_full = content_html.map(text::html_to_text).unwrap_or_default();
    let summary_source = if summary_full.is_empty() {
        &content_full
    } else {
        &summary_full
    };
    let summary = text::truncate(summary_source, SUMMARY_MAX_CHARS);
    let content = (!content_full.is_empty() && !repeats(&content_full, summary_source))
        .then(|| text::truncate(&content_full, CONTENT_MAX_CHARS));

    let base = entry.base.as_deref().unwrap_or(page_url);
    let image = media_image(entry, base)
        .or_else(|| json_images.get(id).and_then(|u| absolute(u, base)))
        .or_else(|| content_html.and_then(|h| first_img(h, base)))
        .or_else(|| summary_html.and_then(|h| first_img(h, base)));

    let mut source_categories: Vec<String> = Vec::new();
    for category in &entry.categories {
        let name = text::one_line(category.label.as_deref().unwrap_or(&category.term));
        if !name.is_empty()
            && !source_categories
                .iter()
                .any(|c| text::fold(c) == text::fold(&name))
        {
            source_categories.push(name);
        }
    }
    let breaking_category = source_categories
        .iter()
        .any(|c| BREAKING_CATEGORIES.contains(&text::fold(c).as_str()));

    Ok(ArticleDraft {
        source_id: source.id.clone(),
        source_ref,
        url,
        title,
        summary,
        content,
        image,
        author: entry.authors.iter().find_map(|p| author_name(&p.name)),
        published_at: entry.published.or(entry.updated),
        source_categories,
        source_breaking: marked || breaking_category,
        lang: source.lang.clone(),
    })
}

/// The body as UTF-8. Declarations lie in both directions (a PHP feed declared UTF-8 that prints
/// Windows-1252, a server header saying UTF-8 over an ISO-8859-1 feed), so valid UTF-8 is taken as
/// UTF-8 whatever is declared, and anything else is decoded with the first declared charset that is
/// not UTF-8, else as Windows-1252 (what French sites without a correct declaration write).
fn to_utf8(body: &[u8], content_type: Option<&str>) -> String {
    if encoding_rs::Encoding::for_bom(body).is_some() {
        return text::decode(body, None);
    }
    if let Ok(utf8) = std::str::from_utf8(body) {
        return utf8.to_owned();
    }
    let declared = [
        content_type.and_then(|ct| param(ct, "charset")),
        xml_encoding(body),
    ];
    let label = declared
        .into_iter()
        .flatten()
        .filter_map(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .find(|e| *e != encoding_rs::UTF_8)
        .unwrap_or(encoding_rs::WINDOWS_1252)
        .name();
    text::decode(body, Some(&format!("text/xml; charset={label}")))
}

fn param(content_type: &str, name: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The `encoding` of an XML declaration at the very start of the body.
fn xml_encoding(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start();
    let decl = &decl[..decl.find("?>")?];
    if !decl.starts_with("<?xml") {
        return None;
    }
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_owned())
}

/// The document with its XML declaration saying UTF-8 (it now is): feed-rs would otherwise decode
/// the UTF-8 bytes a second time as the old charset.
fn declare_utf8(xml: &str) -> String {
    let Some(rest) = xml.strip_prefix("<?xml") else {
        return xml.to_owned();
    };
    let Some(end) = rest.find("?>") else {
        return xml.to_owned();
    };
    let decl = &rest[..end];
    let kept: Vec<&str> = decl
        .split_whitespace()
        .filter(|attr| attr.starts_with("version") || attr.starts_with("standalone"))
        .collect();
    let version = if kept.is_empty() {
        "version=\"1.0\"".to_owned()
    } else {
        kept.join(" ")
    };
    format!("<?xml {version} encoding=\"UTF-8\"?>{}", &rest[end + 2..])
}

fn looks_like_html(start: &str) -> bool {
    let head: String = start
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = match head.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, r)| r).trim_start(),
        None => head.as_str(),
    };
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// A cut-off download still holds whole items, and feed-rs returns those as if the feed ended
/// there: reading it through as XML first tells a truncated body from a short feed.
fn check_well_formed(xml: &str) -> Result<(), ParseError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth: usize = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(ParseError::malformed(
                    FORMAT,
                    format!(
                        "unable to parse XML at byte {}: {e}",
                        reader.buffer_position()
                    ),
                ));
            }
        }
    }
    if depth > 0 {
        return Err(ParseError::malformed(
            FORMAT,
            format!("the document ends inside {depth} open element(s): it was cut off"),
        ));
    }
    Ok(())
}

fn item_label(entry: &Entry, index: usize) -> String {
    let id = entry.id.trim();
    if !id.is_empty() {
        return id.to_owned();
    }
    match entry.title.as_ref().map(|t| clean_title(&t.content)) {
        Some(title) if !title.is_empty() => title,
        _ => format!("item #{}", index + 1),
    }
}

/// Titles arrive with tags, CDATA and entities escaped once too often (`&amp;amp;`): decode until
/// nothing changes, a bounded number of times.
fn clean_title(raw: &str) -> String {
    let mut title = text::one_line(raw);
    for _ in 0..2 {
        if !title.contains('&') {
            break;
        }
        let again = text::one_line(&title);
        if again == title {
            break;
        }
        title = again;
    }
    title
}

/// "ALERTE - Pont Flaubert fermé" → ("Pont Flaubert fermé", true).
fn strip_breaking_marker(title: &str) -> (String, bool) {
    let inner = title
        .strip_prefix('[')
        .and_then(|t| t.split_once(']'))
        .filter(|(marker, _)| {
            BREAKING_MARKERS
                .iter()
                .any(|m| marker.trim().eq_ignore_ascii_case(m))
        })
        .map(|(_, rest)| rest.trim_start_matches(MARKER_SEPARATORS).trim());
    if let Some(rest) = inner.filter(|r| !r.is_empty()) {
        return (rest.to_owned(), true);
    }
    for marker in BREAKING_MARKERS {
        let Some(head) = title.get(..marker.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(marker) {
            continue;
        }
        let after = title[marker.len()..].trim_start();
        if let Some(rest) = after.strip_prefix(MARKER_SEPARATORS) {
            let rest = rest.trim_start_matches(MARKER_SEPARATORS).trim();
            if !rest.is_empty() {
                return (rest.to_owned(), true);
            }
        }
    }
    (title.to_owned(), false)
}

/// Content that adds nothing to the summary (many feeds copy the description into
/// `content:encoded`).
fn repeats(content: &str, summary: &str) -> bool {
    let content = text::fold(content);
    let summary = text::fold(summary);
    summary.starts_with(&content)
}

/// The article's page: the first alternate link (RSS links carry no `rel`). Enclosures and
/// attachments are media, not the page.
fn article_link(links: &[Link], base: &str) -> Option<String> {
    links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .filter(|l| l.media_type.as_deref().is_none_or(|t| t.contains("html")))
        .find_map(|l| canonical_url(&l.href, Some(base)))
}

fn media_image(entry: &Entry, base: &str) -> Option<String> {
    let contents = entry.media.iter().flat_map(|m| &m.content);
    let from_content = contents
        .filter(|c| match &c.content_type {
            Some(mime) => mime.ty().as_str() == "image",
            // feed-rs drops `medium="image"`: an untyped media item is taken for an image unless
            // its name says it is sound, video or a document.
            None => c
                .url
                .as_ref()
                .is_some_and(|u| !has_other_media_extension(u.path())),
        })
        .find_map(|c| c.url.as_ref().and_then(|u| absolute(u.as_str(), base)));
    let from_thumbnail = || {
        entry
            .media
            .iter()
            .flat_map(|m| &m.thumbnails)
            .find_map(|t| absolute(&t.image.uri, base))
    };
    let from_attachment = || {
        entry
            .links
            .iter()
            .filter(|l| {
                l.media_type
                    .as_deref()
                    .is_some_and(|t| t.starts_with("image/"))
            })
            .find_map(|l| absolute(&l.href, base))
    };
    from_content
        .or_else(from_thumbnail)
        .or_else(from_attachment)
}

fn has_other_media_extension(path: &str) -> bool {
    let path = path.to_ascii_lowercase();
    [
        ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".mp4", ".m4v", ".webm", ".mov",
        ".m3u8", ".pdf",
    ]
    .iter()
    .any(|ext| path.ends_with(ext))
}

/// An absolute http(s) URL; image URLs keep their query (CDNs sign and size images with it).
fn absolute(raw: &str, base: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let url = url::Url::parse(base).ok()?.join(raw).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

fn first_img(html: &str, base: &str) -> Option<String> {
    if !html.contains("<img") {
        return None;
    }
    let selector = Selector::parse("img[src]").ok()?;
    Html::parse_fragment(html)
        .select(&selector)
        .filter_map(|img| img.value().attr("src"))
        .find_map(|src| absolute(src, base))
}

/// A person's name: RSS `<author>` is an e-mail address, often "redaction@x.fr (Jean Dupont)".
fn author_name(raw: &str) -> Option<String> {
    let raw = text::one_line(raw);
    if let (Some(open), Some(close)) = (raw.find('('), raw.rfind(')'))
        && open < close
        && raw[..open].contains('@')
    {
        let name = raw[open + 1..close].trim();
        return (!name.is_empty()).then(|| name.to_owned());
    }
    let is_address = raw.contains('@') && !raw.contains(' ');
    (!raw.is_empty() && !is_address).then_some(raw)
}

/// JSON Feed `image` / `banner_image` per item id: feed-rs does not keep them.
fn json_feed_images(document: &str) -> HashMap<String, String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(document) else {
        return HashMap::new();
    };
    let Some(items) = value.get("items").and_then(|i| i.as_array()) else {
        return HashMap::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let id = item.get("id")?;
            let id = id
                .as_str()
                .map(str::to_owned)
                .or_else(|| id.as_u64().map(|n| n.to_string()))?;
            let image = ["image", "banner_image"]
                .iter()
                .find_map(|k| item.get(*k).and_then(|v| v.as_str()))?;
            Some((id.trim().to_owned(), image.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaking_markers_are_recognised_and_stripped() {
        let cases = [
            ("ALERTE - Pont Flaubert fermé", "Pont Flaubert fermé", true),
            (
                "Urgent : la rive gauche privée d'eau",
                "la rive gauche privée d'eau",
                true,
            ),
            ("DIRECT | Conseil municipal", "Conseil municipal", true),
            ("INFO FLASH – Évacuation", "Évacuation", true),
            ("Breaking: fire", "fire", true),
            ("ALERTE INFO. Texte", "ALERTE INFO. Texte", false),
            ("[ALERTE] Seine en crue", "Seine en crue", true),
            (
                "Directeur du CHU : nomination",
                "Directeur du CHU : nomination",
                false,
            ),
            ("Alerte aux arnaques", "Alerte aux arnaques", false),
            ("ALERTE -", "ALERTE -", false),
            ("Éboulement", "Éboulement", false),
        ];
        for (input, title, marked) in cases {
            assert_eq!(
                strip_breaking_marker(input),
                (title.to_owned(), marked),
                "{input}"
            );
        }
    }

    #[test]
    fn titles_end_as_clean_text() {
        assert_eq!(
            clean_title("<b>Rouen</b> &amp;amp; Métropole"),
            "Rouen & Métropole"
        );
        assert_eq!(
            clean_title("Saint-Sever :   l&#8217;incendie"),
            "Saint-Sever : l’incendie"
        );
    }

    #[test]
    fn author_addresses_give_way_to_names() {
        assert_eq!(
            author_name("redaction@actu.fr (Léa Martin)").as_deref(),
            Some("Léa Martin")
        );
        assert_eq!(author_name("redaction@actu.fr"), None);
        assert_eq!(
            author_name(" Paul  Hébert ").as_deref(),
            Some("Paul Hébert")
        );
        assert_eq!(author_name(""), None);
    }

    #[test]
    fn the_declaration_is_rewritten_to_utf8() {
        assert_eq!(
            declare_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>"
        );
        assert_eq!(declare_utf8("<rss/>"), "<rss/>");
        assert_eq!(
            xml_encoding(b"<?xml version='1.0' encoding='windows-1252' ?><rss/>").as_deref(),
            Some("windows-1252")
        );
    }

    #[test]
    fn latin1_bytes_become_utf8_whatever_the_header_says() {
        let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>f\xeate</t>";
        assert!(to_utf8(body, Some("text/html; charset=utf-8")).contains("fête"));
        let mislabelled = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>\x93f\xeate\x94</t>";
        assert!(to_utf8(mislabelled, None).contains("“fête”"));
        assert!(
            to_utf8(
                "<t>fête</t>".as_bytes(),
                Some("text/xml; charset=iso-8859-1")
            )
            .contains("fête")
        );
    }

    fn news_source() -> Source {
        Source {
            id: "test".into(),
            name: "Test".into(),
            kind: crate::SourceKind::News,
            url: "https://exemple-rouen.fr/rss.xml".into(),
            homepage: "https://exemple-rouen.fr".into(),
            every_minutes: 30,
            lang: "fr".into(),
            licence: String::new(),
            key: None,
            key_use: Default::default(),
            weight: 1.0,
            enabled: true,
            notes: String::new(),
            parser: crate::ParserConfig::Feed,
        }
    }

    #[test]
    fn long_summaries_and_contents_are_cut() {
        let long = "Rouen bouge encore. ".repeat(2_000);
        let xml = format!(
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item>\
             <title>Long</title><link>/long</link><description>{long}</description>\
             <content:encoded>&lt;p&gt;{long}&lt;/p&gt;&lt;p&gt;fin&lt;/p&gt;</content:encoded></item></channel></rss>"
        );
        let parsed = parse(
            &news_source(),
            xml.as_bytes(),
            None,
            "https://exemple-rouen.fr/rss.xml",
        )
        .unwrap();
        let a = &parsed.items[0];
        assert_eq!(a.url, "https://exemple-rouen.fr/long");
        assert!(a.summary.chars().count() <= SUMMARY_MAX_CHARS && a.summary.ends_with('…'));
        let content = a.content.as_deref().unwrap();
        assert!(content.chars().count() <= CONTENT_MAX_CHARS && content.ends_with('…'));
    }

    #[test]
    fn html_pages_are_recognised() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"
        ));
        assert!(!looks_like_html(
            "<?xml version=\"1.0\"?><rss version=\"2.0\">"
        ));
    }
}
