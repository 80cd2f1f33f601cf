//! Security headers on every answer.
//!
//! Pages set their own Content-Security-Policy, with the nonce Leptos puts
//! on the scripts of that very response (`app::shell`). Other answers get
//! none: they run nothing in a page, and the service worker, which runs
//! under the policy its script came with, was seen to stall on its own
//! fetches under one. Nothing may be
//! sniffed into another type, no page leaks its address (report filters,
//! record ids) to another site. Server-function answers and CSV files are
//! never stored (`no-store`). Pages are never kept by a shared cache and
//! always asked for anew (`private, no-cache`): not `no-store`, because the
//! service worker keeps the worker's pages for offline use, and with
//! `no-store` on them Chromium's service worker stalled on its page fetches
//! (every later fetch of the worker hung, measured in the browser tests). Behind
//! https (`TEREN_SECURE_COOKIES`), browsers are told to use nothing else.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// A year: long enough to matter, the usual value for HSTS.
const HSTS: &str = "max-age=31536000";

pub async fn secure(State(https): State<bool>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    // Never to another site; to this one, so a form sent before the page's
    // code has loaded (a slow phone, a lazily loaded admin page) carries its
    // real origin and passes the cross-site check, where "no-referrer" made
    // it "null" and refused.
    set(headers, header::REFERRER_POLICY, "same-origin");
    if https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if path.starts_with("/api/") || path.starts_with("/export/") {
        set(headers, header::CACHE_CONTROL, "no-store");
    } else if html {
        set(headers, header::CACHE_CONTROL, "private, no-cache");
    }
    response
}

/// A year, the longest a browser is asked to keep anything.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The built bundle (`/pkg/`): kept for a year when the names carry the
/// content's hash, since a new build has new names; otherwise always asked
/// for anew. Either way the service worker keeps its own copy per build.
pub async fn built_files(State(hashed): State<bool>, request: Request, next: Next) -> Response {
    let bundle = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if bundle && response.status().is_success() {
        let value = if hashed { IMMUTABLE } else { "no-cache" };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, http::StatusCode, middleware, routing::get, Router};
    use tower::ServiceExt;

    async fn cache_control(hashed: bool, path: &str) -> Option<String> {
        let router = Router::new()
            .route("/pkg/teren.abc.wasm", get(|| async { "wasm" }))
            .route("/", get(|| async { "page" }))
            .fallback(|| async { StatusCode::NOT_FOUND })
            .layer(middleware::from_fn_with_state(hashed, built_files));
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = router.oneshot(request).await.unwrap();
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|value| value.to_str().unwrap().to_owned())
    }

    #[tokio::test]
    async fn hashed_built_files_are_kept_for_a_year_and_plain_ones_asked_for_anew() {
        assert_eq!(
            cache_control(true, "/pkg/teren.abc.wasm").await.as_deref(),
            Some(IMMUTABLE)
        );
        assert_eq!(
            cache_control(false, "/pkg/teren.abc.wasm").await.as_deref(),
            Some("no-cache")
        );
        assert_eq!(cache_control(true, "/").await, None);
        assert_eq!(cache_control(true, "/pkg/missing.wasm").await, None);
    }
}
