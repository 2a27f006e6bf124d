//! Recorded snapshots of every configured source, in the sources' real formats.
//!
//! Tests and the local demo never touch the internet: a loopback server answers each source URL with
//! the snapshot stored at `snapshots/<host>/<path>` (the query string is ignored; a path ending in `/`
//! reads `index.html`), and `robots.txt` of a host from `snapshots/<host>/robots.txt`.

use include_dir::{Dir, include_dir};

/// When the snapshots describe: the local demo's clock starts here unless told otherwise.
pub const RECORDED_AT: &str = "2026-11-25T11:30:00Z";

static SNAPSHOTS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/snapshots");

/// The path of a source URL inside the snapshot tree: `https://actu.fr/76actu/rss.xml` →
/// `actu.fr/76actu/rss.xml`.
pub fn path_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let host = url.host_str()?;
    let mut path = url.path().trim_start_matches('/').to_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(format!("{host}/{path}"))
}

/// The recorded body at a snapshot path (`host/path`).
pub fn get(path: &str) -> Option<&'static [u8]> {
    SNAPSHOTS
        .get_file(path.trim_start_matches('/'))
        .map(|f| f.contents())
}

/// The recorded body for a source URL.
pub fn for_url(url: &str) -> Option<&'static [u8]> {
    get(&path_of(url)?)
}

/// The `Content-Type` a snapshot is served with, from its extension.
pub fn content_type(path: &str) -> &'static str {
    // The Astuce data flows are extension-less downloads.
    if path.contains("/dataflow/offre-tc/") {
        return "application/zip";
    }
    if path.contains("/dataflow/") && path.ends_with("/download") {
        return "application/x-protobuf";
    }
    if path.starts_with("api.open-meteo.com/")
        || path.starts_with("public-api.meteofrance.fr/")
        || path.starts_with("api.openweathermap.org/")
    {
        return "application/json; charset=utf-8";
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("xml" | "rss") => "application/rss+xml; charset=utf-8",
        Some("atom") => "application/atom+xml; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        // SNCF's GTFS exports (the demo TER feed is served at the same path).
        Some("zip") => "application/zip",
        Some("latin1") => "application/rss+xml",
        _ => "text/html; charset=utf-8",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_host_and_path() {
        assert_eq!(
            path_of("https://actu.fr/76actu/rss.xml?x=1").as_deref(),
            Some("actu.fr/76actu/rss.xml")
        );
        assert_eq!(
            path_of("https://www.lehangar.fr/agenda/").as_deref(),
            Some("www.lehangar.fr/agenda/index.html")
        );
        assert_eq!(path_of("not a url"), None);
    }
}
