//! Cross-site request protection, in addition to the SameSite=Lax session
//! cookie: a state-changing request from a browser must come from a page of
//! this very site.
//!
//! Browsers send `Origin` with every POST (and `Sec-Fetch-Site` where
//! supported); a request carrying either that points elsewhere is refused.
//! A request with neither did not come from a browser page, so it cannot
//! ride on a victim's cookies; command-line clients and tests are such.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// `public_origin` (`TEREN_PUBLIC_ORIGIN`), when set, is the only origin a
/// browser's request may come from: behind a reverse proxy the `Host` the
/// server sees may not be the one the browser used.
pub async fn same_origin_only(
    State(public_origin): State<Option<Arc<str>>>,
    request: Request,
    next: Next,
) -> Response {
    if is_safe(request.method()) || is_same_origin(&request, public_origin.as_deref()) {
        next.run(request).await
    } else {
        tracing::warn!(uri = %request.uri(), "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            "cross-site request refused: send it from Terén's own pages",
        )
            .into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_origin(request: &Request, public_origin: Option<&str>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.to_str(), Ok("same-origin" | "none")) {
            return false;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    if let Some(public_origin) = public_origin {
        return origin
            .to_str()
            .is_ok_and(|origin| origin.eq_ignore_ascii_case(public_origin));
    }
    let Some(host) = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
    else {
        return false;
    };
    match origin.to_str() {
        Ok(origin) => origin_host(origin) == Some(host),
        Err(_) => false,
    }
}

/// `https://teren.example:8443` → `teren.example:8443`.
fn origin_host(origin: &str) -> Option<&str> {
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::post("/api/login").header("host", "127.0.0.1:3000");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    fn is_same_origin_here(request: &Request) -> bool {
        is_same_origin(request, None)
    }

    #[test]
    fn behind_a_proxy_only_the_public_origin_passes_whatever_the_host() {
        let public = Some("https://teren.example.org");
        // The proxy passed its own upstream address as Host.
        assert!(is_same_origin(
            &post(&[("origin", "https://teren.example.org")]),
            public
        ));
        assert!(!is_same_origin(
            &post(&[("origin", "http://127.0.0.1:3000")]),
            public
        ));
        assert!(!is_same_origin(
            &post(&[("origin", "https://evil.example")]),
            public
        ));
        assert!(!is_same_origin(&post(&[("origin", "null")]), public));
    }

    #[test]
    fn a_post_from_the_same_origin_passes() {
        assert!(is_same_origin_here(&post(&[(
            "origin",
            "http://127.0.0.1:3000"
        )])));
        assert!(is_same_origin_here(&post(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
    }

    #[test]
    fn a_post_from_another_site_is_refused() {
        assert!(!is_same_origin_here(&post(&[(
            "origin",
            "https://evil.example"
        )])));
        assert!(!is_same_origin_here(&post(&[("origin", "null")])));
        assert!(!is_same_origin_here(&post(&[
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "cross-site")
        ])));
    }

    #[test]
    fn a_post_without_browser_headers_is_not_a_browser_and_passes() {
        assert!(is_same_origin_here(&post(&[])));
    }
}
