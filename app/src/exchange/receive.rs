//! The umbrella's side: `POST /zastresujici/v1/adx`, a member's signed ADX
//! message. Refused whole, with the reason, unless the member is known,
//! the signature is its key's, the document reads to the code list and
//! every check holds ([`super::check`]); then it replaces the member's
//! year, once.

use super::send::{verify, MEMBER_HEADER, SIGNATURE_HEADER};
use super::store::{ExchangeStore, Receipt, Received};
use super::{adx, check};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

/// A year of a hundred services fits many times over.
pub const BODY_MAX: usize = 16 * 1024 * 1024;

/// How far ahead of the umbrella's clock a message may be dated. Clocks
/// drift a little; a message dated later than this would outrank every
/// honest message of its year for good, since the newest one is kept.
pub const AHEAD_MAX_MINUTES: i64 = 5;

fn answer(status: StatusCode, error: &str) -> Response {
    (status, axum::Json(json!({ "error": error }))).into_response()
}

pub async fn receive(
    State(store): State<Arc<dyn ExchangeStore>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if body.len() > BODY_MAX {
        return answer(StatusCode::PAYLOAD_TOO_LARGE, "the message is too large");
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let member_code = header(MEMBER_HEADER);
    let member = match store.member(&member_code).await {
        Ok(Some(member)) => member,
        Ok(None) => {
            return answer(
                StatusCode::UNAUTHORIZED,
                &format!("{member_code:?} is not a member of this umbrella"),
            )
        }
        Err(error) => return error.into_response(),
    };
    let (member, key) = member;
    if !verify(&key, &body, &header(SIGNATURE_HEADER)) {
        tracing::warn!(
            member = member.code,
            "a message with a wrong signature refused"
        );
        return answer(
            StatusCode::UNAUTHORIZED,
            "the signature is not the member's: the message was changed, or signed with another key",
        );
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return answer(StatusCode::BAD_REQUEST, "the message is not UTF-8 text");
    };
    let (head, groups) = match adx::parse(text) {
        Ok(parsed) => parsed,
        Err(refused) => return answer(StatusCode::UNPROCESSABLE_ENTITY, &refused.0),
    };
    if head.member.as_deref() != Some(member.code.as_str()) {
        return answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the message names another member than its sender",
        );
    }
    let Some(message) = head.message.filter(|m| !m.is_empty() && m.len() <= 64) else {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, "the message has no id");
    };
    let year = match check::check(&groups) {
        Ok(year) => year,
        Err(refused) => return answer(StatusCode::UNPROCESSABLE_ENTITY, &refused.0),
    };
    let Ok(exported) = chrono::DateTime::parse_from_rfc3339(&head.exported) else {
        return answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the message's time (exported) is not an RFC 3339 time",
        );
    };
    let exported = exported.with_timezone(&chrono::Utc);
    if exported > chrono::Utc::now() + chrono::Duration::minutes(AHEAD_MAX_MINUTES) {
        return answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!(
                "the message is dated {exported}, ahead of the umbrella's clock: \
                 check the sending server's clock and send again"
            ),
        );
    }
    // Stored in UTC to the microsecond.
    let exported = exported.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let suppressed = groups
        .iter()
        .flat_map(|g| &g.values)
        .any(|v| v.cell.exact().is_none());
    let received = Received {
        member: member.code.clone(),
        year,
        message,
        exported,
        received_at: String::new(),
        suppressed,
        groups,
    };
    match store.receive(&received).await {
        // Not stored: the member's coordinator sees it as a refusal, not as
        // figures delivered.
        Ok(Receipt::Superseded) => answer(
            StatusCode::CONFLICT,
            "a newer message of this year is held: this older one was not stored",
        ),
        Ok(receipt) => {
            tracing::info!(member = member.code, year, ?receipt, "figures received");
            let receipt = if receipt == Receipt::Stored {
                "stored"
            } else {
                "already_had"
            };
            (
                StatusCode::OK,
                axum::Json(json!({ "receipt": receipt, "year": year })),
            )
                .into_response()
        }
        Err(error) => error.into_response(),
    }
}
