//! What a call to a server function (`/api/…`) must look like, and the
//! status its answer gets.
//!
//! - The body has a size limit, per address: a sync batch may be large
//!   ([`SYNC_BODY_MAX`]), an imported handover file larger still
//!   ([`HANDOVER_BODY_MAX`]), anything else is a small form
//!   ([`FORM_BODY_MAX`]).
//!   Larger is 413, before any of it is decoded.
//! - The body must be in the address's encoding: JSON for those two, a
//!   URL-encoded form for the rest. Anything else is 415.
//! - An error a server function returns — including "could not decode the
//!   arguments", which Leptos answers before the function runs — gets the
//!   status [`AppError::status`] gives it. Leptos marks every such answer
//!   500; a body the server cannot read is the client's fault (400), and
//!   500 is kept for real server faults.

use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;

/// The largest sync batch: 500 records of at most a few kilobytes each
/// (a 280-character note is the longest field; a typical record is half a
/// kilobyte), with room to spare. The router's default body limit is set to
/// the same, so Leptos reads no more than this either.
pub const SYNC_BODY_MAX: usize = 2 * 1024 * 1024;
/// A handover file holds every record a phone could not send, in one
/// file the phone wrote after it lost the server for good: ten thousand
/// records (weeks of a busy programme) with their notes, sealed and
/// encoded, with room to spare. A file refused for its size could not be
/// split any more: the phone that wrote it may be erased.
pub const HANDOVER_BODY_MAX: usize = 32 * 1024 * 1024;
/// Logins, admin edits, report filters: short forms.
pub const FORM_BODY_MAX: usize = 64 * 1024;
/// An error answer is a small JSON value; anything larger is left as it is.
const ERROR_BODY_MAX: usize = 64 * 1024;
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

pub async fn checked(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let request = match admit(request).await {
        Ok(request) => request,
        Err(error) => return refused(&error),
    };
    with_status(next.run(request).await).await
}

/// The answer a server function would give: the error as JSON, so the
/// app on the phone reads it like any other.
fn refused(error: &AppError) -> Response {
    let status = error.http_status();
    tracing::info!(%status, %error, "request refused");
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, JSON)], body).into_response()
}

/// Checks the encoding and reads the body within its limit.
async fn admit(request: Request) -> Result<Request, AppError> {
    if request.method() != Method::POST {
        return Ok(request);
    }
    let path = request.uri().path();
    let (expected, max_bytes) = if path == app::sync::api::Sync::PATH {
        (JSON, SYNC_BODY_MAX)
    } else if path == app::sync::api::ImportHandover::PATH {
        (JSON, HANDOVER_BODY_MAX)
    } else {
        (FORM, FORM_BODY_MAX)
    };
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.parse::<usize>().ok());
    if declared.is_some_and(|length| length > max_bytes) {
        return Err(AppError::PayloadTooLarge { max_bytes });
    }
    let (parts, body) = request.into_parts();
    // Read here, within the limit, so a body without a declared length is
    // held to it too.
    let bytes = to_bytes(body, max_bytes)
        .await
        .map_err(|_| AppError::PayloadTooLarge { max_bytes })?;
    // A call without arguments may come without a body and its type.
    let bodiless = bytes.is_empty() && content_type.is_none();
    if content_type.as_deref() != Some(expected) && !bodiless {
        return Err(AppError::UnsupportedMediaType {
            expected: expected.to_owned(),
        });
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Gives a server function's error answer the status of its error.
async fn with_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_MAX).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.http_status();
        if parts.status.is_client_error() {
            tracing::info!(status = %parts.status, %error, "request refused");
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sync_endpoint_is_where_the_limits_think_it_is() {
        assert_eq!(app::sync::api::Sync::PATH, "/api/sync");
    }
}
