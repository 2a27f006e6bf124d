//! Canonical article URLs: the same article reached through two feeds (or twice in one feed) must
//! compare equal, whatever tracking the feed added to its link.

use url::Url;

/// Query parameters that only say where a click came from. Prefixes end with `_`.
const TRACKING: &[&str] = &[
    "utm_", "ns_", "at_", "xtor", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "from",
];

/// The canonical form of an article link, or `None` when it is not an http(s) URL.
///
/// A relative `raw` is resolved against `base` (the feed's URL). The host is lowercased, the
/// fragment and tracking parameters are dropped, the remaining parameters are sorted (feeds
/// reorder them) and a trailing `/` is removed except on the root. The scheme is kept: an http
/// link is not assumed to exist over https.
pub fn canonical_url(raw: &str, base: Option<&str>) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let mut url = match Url::parse(raw) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => Url::parse(base?).ok()?.join(raw).ok()?,
        Err(_) => return None,
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);

    let mut kept: Vec<&str> = url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && !is_tracking(pair))
        .collect();
    kept.sort_unstable();
    let query = kept.join("&");
    url.set_query((!query.is_empty()).then_some(query.as_str()));

    let path = url.path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed }.to_owned();
        url.set_path(&trimmed);
    }
    Some(url.to_string())
}

fn is_tracking(pair: &str) -> bool {
    let key = pair
        .split_once('=')
        .map_or(pair, |(k, _)| k)
        .to_ascii_lowercase();
    TRACKING.iter().any(|t| {
        if t.ends_with('_') {
            key.starts_with(t)
        } else {
            key == *t
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_fragment_and_order_go_away() {
        assert_eq!(
            canonical_url(
                "https://ACTU.fr/normandie/rouen_76540/incendie_612.html?utm_source=rss&utm_medium=feed#xtor=RSS-3",
                None
            )
            .as_deref(),
            Some("https://actu.fr/normandie/rouen_76540/incendie_612.html")
        );
        assert_eq!(
            canonical_url("https://x.fr/a?b=2&xtor=RSS-12&a=1&fbclid=Z&at_medium=rss&ns_campaign=x&ref=home&from=rss&gclid=g&mc_cid=1&mc_eid=2&at_campaign=c", None).as_deref(),
            Some("https://x.fr/a?a=1&b=2")
        );
    }

    #[test]
    fn parameters_that_only_look_like_tracking_stay() {
        assert_eq!(
            canonical_url("https://x.fr/a?reference=12&fromage=brie", None).as_deref(),
            Some("https://x.fr/a?fromage=brie&reference=12")
        );
    }

    #[test]
    fn relative_links_resolve_against_the_feed() {
        assert_eq!(
            canonical_url(
                "/actualites/marche-de-noel/",
                Some("https://rouen.fr/rss.xml")
            )
            .as_deref(),
            Some("https://rouen.fr/actualites/marche-de-noel")
        );
        assert_eq!(canonical_url("/a", None), None);
    }

    #[test]
    fn the_root_keeps_its_slash_and_the_scheme_is_kept() {
        assert_eq!(
            canonical_url("http://www.Rouen.fr", None).as_deref(),
            Some("http://www.rouen.fr/")
        );
        assert_eq!(
            canonical_url("http://www.rouen.fr/?utm_source=x", None).as_deref(),
            Some("http://www.rouen.fr/")
        );
    }

    #[test]
    fn only_web_links_are_articles() {
        assert_eq!(canonical_url("mailto:redaction@actu.fr", None), None);
        assert_eq!(canonical_url("urn:uuid:1234", None), None);
        assert_eq!(canonical_url("javascript:alert(1)", None), None);
        assert_eq!(canonical_url("   ", Some("https://x.fr/")), None);
        assert_eq!(canonical_url("tag:reddit.com,2005:t3_1", None), None);
    }
}
