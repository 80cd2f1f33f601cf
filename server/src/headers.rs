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
    set(headers, header::REFERRER_POLICY, "no-referrer");
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
