//! What a post's text says: its length as residents see it, @mentions and #hashtags.

use unicode_segmentation::UnicodeSegmentation;

/// Characters as a resident counts them: "é" typed as e + accent is one, a family emoji is one.
pub fn visible_length(text: &str) -> usize {
    text.graphemes(true).count()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn tokens_after(text: &str, sigil: char) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_word_char(chars[i - 1]) && chars[i - 1] != sigil;
        if chars[i] == sigil && starts_word {
            let mut j = i + 1;
            while j < chars.len() && is_word_char(chars[j]) {
                j += 1;
            }
            if j > i + 1 {
                out.push(chars[i + 1..j].iter().collect());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// `@username` mentions (ASCII usernames, 3 to 30 characters), lower-cased, unique, in order.
pub fn mentions(text: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for token in tokens_after(text, '@') {
        let ok = (3..=30).contains(&token.len())
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let lc = token.to_ascii_lowercase();
        if ok && !seen.contains(&lc) {
            seen.push(lc);
        }
    }
    seen
}

/// `#hashtags`, normalised so that "#Fête" and "#fete" are one tag: lower-cased, accents folded,
/// 2 to 50 characters, not only digits; unique, in order, at most 10.
pub fn hashtags(text: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for token in tokens_after(text, '#') {
        let tag = normalise_tag(&token);
        let ok =
            (2..=50).contains(&tag.chars().count()) && !tag.chars().all(|c| c.is_ascii_digit());
        if ok && !seen.contains(&tag) {
            seen.push(tag);
        }
        if seen.len() == 10 {
            break;
        }
    }
    seen
}

pub fn normalise_tag(tag: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    tag.trim_start_matches('#')
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_what_residents_see() {
        assert_eq!(visible_length("Rouen"), 5);
        assert_eq!(visible_length("e\u{301}te\u{301}"), 3, "decomposed accents");
        assert_eq!(visible_length("👨‍👩‍👧‍👦🇫🇷"), 2, "emoji sequences");
    }

    #[test]
    fn mentions_and_hashtags() {
        let text =
            "Merci @Marie_76 et @paul ! #Armada2027 #fête #FETE #123 mail@example.fr ##double #a";
        assert_eq!(mentions(text), ["marie_76", "paul"]);
        assert_eq!(hashtags(text), ["armada2027", "fete"]);
        assert!(mentions("a@b.fr").is_empty(), "an e-mail is not a mention");
        assert_eq!(hashtags("(#Seine)."), ["seine"]);
    }
}
