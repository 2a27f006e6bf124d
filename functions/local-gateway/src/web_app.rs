//! The built web app at `/`, as CloudFront serves it in AWS: security headers with a CSP, long caching
//! for hashed assets, and `index.html` for client-side routes.

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use std::path::PathBuf;
use tower_http::services::{ServeDir, ServeFile};

/// Same policy as the CloudFront response headers policy in template.yaml. Map tiles come from
/// OpenStreetMap (`VITE_MAP_TILE_URL` moves them; its origin then goes here).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data: blob: https://tile.openstreetmap.org; font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; \
base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub async fn serve(web_dir: PathBuf, request: Request<Body>) -> Response<Body> {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "The web app is not built. Run `make run` (it builds frontend/ first) or `npm --prefix frontend run build`.\n",
        )
            .into_response();
    }
    let hashed_asset = request.uri().path().starts_with("/assets/");
    let service = ServeDir::new(&web_dir).fallback(ServeFile::new(index));
    let mut response = match tower::ServiceExt::oneshot(service, request).await {
        Ok(response) => response.map(Body::new),
        Err(err) => match err {},
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if hashed_asset {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    response
}
