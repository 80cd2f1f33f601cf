//! Security headers on every answer.
//!
//! Pages set their own Content-Security-Policy, with the nonce Leptos puts
//! on the scripts of that very response (`app::shell`); every other answer
//! gets a policy that allows nothing to run or frame it. Nothing may be
//! sniffed into another type, no page leaks its address (report filters,
//! record ids) to another site, and pages, server-function answers and CSV
//! files are never kept in a browser's or proxy's HTTP cache (the service
//! worker keeps what the app needs offline, under its own rules). Behind
//! https (`TEREN_SECURE_COOKIES`), browsers are told to use nothing else.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// A year: long enough to matter, the usual value for HSTS.
const HSTS: &str = "max-age=31536000";
const LOCKED_DOWN: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

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
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(headers, header::CONTENT_SECURITY_POLICY, LOCKED_DOWN);
    }
    let personal = html || path.starts_with("/api/") || path.starts_with("/export/");
    if personal {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    response
}
