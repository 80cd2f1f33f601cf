//! The member's side: the year's figures made into a signed ADX message,
//! kept in the outbox and sent by the server's courier (in the server
//! crate) until the umbrella answers.

use super::download::{groups, Figures};
use super::store::Outgoing;
use super::{adx, values::Group};
use crate::error::{AppError, Problem};
use crate::reports::store::ReportReader;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Where and as whom this organisation sends its figures
/// (`TEREN_UMBRELLA_URL`, `TEREN_UMBRELLA_MEMBER`, `TEREN_UMBRELLA_KEY`).
#[derive(Debug, Clone)]
pub struct Link {
    /// The umbrella's address, e.g. `https://narodni.example.cz`.
    pub url: String,
    pub member: String,
    pub key: String,
    /// Send counts as they are, small ones too, those the yearly report
    /// hides marked so (`TEREN_UMBRELLA_UNSUPPRESSED`); by default the
    /// figures go as the yearly report publishes them.
    pub unsuppressed: bool,
    /// Wakes the courier when a message is queued.
    pub wake: Arc<tokio::sync::Notify>,
}

/// Where a member posts its messages, under the umbrella's address.
pub const RECEIVE_PATH: &str = "/zastresujici/v1/adx";
pub const MEMBER_HEADER: &str = "x-teren-member";
pub const SIGNATURE_HEADER: &str = "x-teren-signature";

fn mac(key: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length")
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `key`.
pub fn sign(key: &str, body: &[u8]) -> String {
    let mut mac = mac(key);
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    format!("sha256={}", hex(&tag))
}

/// Whether `signature` is `body`'s under `key`, compared in constant time.
pub fn verify(key: &str, body: &[u8], signature: &str) -> bool {
    let Some(tag) = signature
        .strip_prefix("sha256=")
        .and_then(|hex| unhex(hex.trim()))
    else {
        return false;
    };
    let mut mac = mac(key);
    mac.update(body);
    mac.verify_slice(&tag).is_ok()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The year's message: every active service's parts, as the setting
/// says (published figures, or counts as they are), under a new id.
pub async fn prepare(
    db: &mut dyn ReportReader,
    link: &Link,
    year: i32,
) -> Result<Outgoing, AppError> {
    let catalogue = db.catalogue().await?;
    if let Some(service) = catalogue
        .services
        .iter()
        .find(|s| s.active && s.registry_id.trim().is_empty())
    {
        tracing::info!(service = service.id, "a service without its registry id");
        return Err(AppError::invalid("registry_id", Problem::Required));
    }
    let figures = if link.unsuppressed {
        Figures::Withheld
    } else {
        Figures::Published
    };
    let groups: Vec<Group> = groups(db, year, None, figures).await?;
    if groups.is_empty() {
        return Err(AppError::invalid("services", Problem::Required));
    }
    let now = chrono::Utc::now();
    let exported = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let message = hex(&Sha256::digest(format!(
        "{}|{year}|{exported}|{}",
        link.member,
        now.timestamp_nanos_opt().unwrap_or_default()
    ))[..16]);
    let header = adx::Header {
        exported: exported.clone(),
        member: Some(link.member.clone()),
        message: Some(message.clone()),
    };
    Ok(Outgoing {
        year,
        message,
        body: adx::write(&header, &groups),
        created_at: exported,
        sent_at: None,
        answer: None,
        refused: false,
        attempts: 0,
    })
}
