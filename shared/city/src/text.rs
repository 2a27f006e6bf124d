//! Text helpers shared by every parser: decoding bodies, HTML to safe plain text, folding for matching.

use scraper::{Html, Node};
use unicode_normalization::UnicodeNormalization;

/// Decodes a body to text. The charset comes from a BOM, else the `Content-Type` header, else an XML
/// declaration or HTML `<meta charset>` near the start; a body that is not valid in the declared
/// charset is decoded with replacement characters rather than refused, and a body with no declaration
/// that is not valid UTF-8 is read as Windows-1252 (what French sites without a declaration use).
pub fn decode(body: &[u8], content_type: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(body) {
        let (text, _) = encoding.decode_without_bom_handling(&body[bom_len..]);
        return text.into_owned();
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| sniff_declaration(body))
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    match declared {
        Some(encoding) => encoding.decode_without_bom_handling(body).0.into_owned(),
        None => match std::str::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(body).0.into_owned(),
        },
    }
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// `encoding="…"` of an XML declaration or `charset=…` of an HTML meta, in the first 1 KiB.
fn sniff_declaration(body: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    for marker in ["encoding=", "charset="] {
        if let Some(at) = head.find(marker) {
            let rest = head[at + marker.len()..].trim_start_matches(['"', '\'']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
    }
    None
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "dd",
    "dt",
];
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "form",
    "button", "nav", "aside",
];

/// HTML (or text that may hold tags and entities) to plain text: scripts and styles dropped, entities
/// decoded, block elements become line breaks, runs of blank space collapsed, at most one blank line
/// between paragraphs. The output is text, never markup: the app renders it escaped.
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return normalise_paragraphs(html);
    }
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    walk(fragment.tree.root(), &mut out);
    normalise_paragraphs(&out)
}

fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                if DROPPED.contains(&name) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                walk(child, out);
                if block {
                    out.push('\n');
                }
            }
            _ => walk(child, out),
        }
    }
}

fn normalise_paragraphs(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = one_line(line);
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs.join("\n\n")
}

/// One line of plain text: HTML decoded, whitespace (including non-breaking spaces) collapsed.
pub fn one_line(text: &str) -> String {
    let text = if text.contains(['<', '&']) {
        let fragment = Html::parse_fragment(text);
        let mut out = String::new();
        walk(fragment.tree.root(), &mut out);
        out
    } else {
        text.to_owned()
    };
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cuts plain text to at most `max` characters on a word boundary, adding "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(at) if at > cut.len() / 2 => cut[..at].to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// Lower case without accents or punctuation: "Théâtre des Arts !" → "theatre des arts".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'œ' | 'Œ' => {
                out.push('o');
                'e'
            }
            'æ' | 'Æ' => {
                out.push('a');
                'e'
            }
            '’' | '\'' => ' ',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// Folded words of a text.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_paragraphs() {
        let html = "<p>Concert <b>gratuit</b>&nbsp;au 106</p><script>alert(1)</script><p>Entrée&#160;libre<br>dès 20h</p>";
        assert_eq!(
            html_to_text(html),
            "Concert gratuit au 106\n\nEntrée libre\ndès 20h"
        );
    }

    #[test]
    fn titles_lose_their_tags_and_entities() {
        assert_eq!(
            one_line("  <em>Rouen</em> &amp; la Seine\n "),
            "Rouen & la Seine"
        );
        assert_eq!(one_line("a < b"), "a < b");
    }

    #[test]
    fn folding_removes_accents_case_and_punctuation() {
        assert_eq!(fold("Théâtre des Arts !"), "theatre des arts");
        assert_eq!(fold("L’Œuvre d'art"), "l oeuvre d art");
    }

    #[test]
    fn decoding_follows_declarations_and_falls_back_to_windows_1252() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>f\xeate</t>";
        assert!(decode(latin1, None).contains("fête"));
        assert!(decode(b"f\xeate", None).contains("fête"));
        assert!(decode("fête".as_bytes(), Some("text/html; charset=utf-8")).contains("fête"));
        let bom = [&[0xEF, 0xBB, 0xBF][..], "fête".as_bytes()].concat();
        assert_eq!(decode(&bom, None), "fête");
    }

    #[test]
    fn truncation_cuts_on_words() {
        assert_eq!(truncate("la fête du ventre à Rouen", 15), "la fête du…");
        assert_eq!(truncate("court", 15), "court");
    }
}
