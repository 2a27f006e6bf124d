//! The sources' recorded snapshots, served on the gateway at `/_sources/{host}/{path}`: the local
//! platform's event and news scrapes read them through the real fetcher, parsers and storage, and
//! never touch the internet. Tests replace a snapshot (a broken feed, a server error) at run time.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Where the mirror is mounted on the gateway.
pub const PREFIX: &str = "/_sources";

/// Replacements of recorded snapshots, by `host/path`.
#[derive(Clone, Default)]
pub struct Overrides {
    inner: Arc<Mutex<HashMap<String, (u16, Bytes)>>>,
}

impl Overrides {
    /// Answers `host/path` with this status and body instead of its snapshot.
    pub fn set(&self, path: &str, status: u16, body: impl Into<Bytes>) {
        if let Ok(mut map) = self.inner.lock() {
            map.insert(
                path.trim_start_matches('/').to_owned(),
                (status, body.into()),
            );
        }
    }

    /// Back to the recorded snapshot.
    pub fn clear(&self, path: &str) {
        if let Ok(mut map) = self.inner.lock() {
            map.remove(path.trim_start_matches('/'));
        }
    }

    fn get(&self, path: &str) -> Option<(u16, Bytes)> {
        self.inner.lock().ok()?.get(path).cloned()
    }
}

pub fn router(overrides: Overrides) -> Router {
    Router::new()
        .route(&format!("{PREFIX}/{{*path}}"), get(serve))
        .with_state(overrides)
}

async fn serve(
    State(overrides): State<Overrides>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    // The path as sent, still percent-encoded: snapshot files are named after the URL as written
    // (`rouenonest%40gmail.com`).
    let path = uri
        .path()
        .strip_prefix(PREFIX)
        .unwrap_or_default()
        .trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    let content_type = rouen_city::snapshots::content_type(&path);
    if let Some((status, body)) = overrides.get(&path) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    }
    match rouen_city::snapshots::get(&path) {
        Some(body) => {
            // Validators as a real server sends them, so conditional GETs are exercised too.
            let etag = format!("\"{}\"", rouen_api::city::digest(&[body]));
            if headers
                .get(header::IF_NONE_MATCH)
                .is_some_and(|v| v.as_bytes() == etag.as_bytes())
            {
                return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
            }
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (header::CACHE_CONTROL, "no-cache".to_owned()),
                    (header::ETAG, etag),
                ],
                body,
            )
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
