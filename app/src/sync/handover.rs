//! The escape hatch for a phone that can no longer reach the server: its
//! pending records, sealed for the organisation into a file the worker
//! carries to the office, where a coordinator imports it. The phone seals
//! with the organisation's public key ([`teren_seal::handover`]); only the
//! server holds the private half (in `settings`), so the file is no more
//! readable than the phone was. Importing goes through the same checks and
//! the same transaction as a sync, under the worker named in the file, so
//! a record imported and later synced (or imported twice) is stored once.

use serde::{Deserialize, Serialize};

/// The file's format, also part of what the seal covers.
pub const FORMAT: &str = "teren-handover-1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverFile {
    pub format: String,
    pub user_id: i64,
    pub username: String,
    pub device_id: String,
    /// When the phone wrote it (UTC, RFC 3339).
    pub created_at: String,
    /// How many records are inside, for the person carrying it.
    pub records: usize,
    /// The phone's one-off P-256 public key (uncompressed point, base64).
    pub ephemeral_key: String,
    /// The records as a JSON array, AES-GCM sealed (nonce first, base64).
    pub sealed: String,
    /// The author's mark over [`HandoverFile::signed_text`]: ECDSA P-256,
    /// `r ‖ s`, base64, under a key the author registered from this phone
    /// ([`teren_seal::sign`]). Files from before marks existed have none
    /// and are refused.
    #[serde(default)]
    pub signature: String,
}

impl HandoverFile {
    /// Everything the author's mark covers: who, which phone, when, and
    /// the sealed records.
    pub fn signed_text(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            label(self.user_id, &self.device_id),
            self.username,
            self.created_at,
            self.records,
            self.ephemeral_key,
            self.sealed
        )
    }
}

/// What the seal binds the records to: a file cannot be relabelled with
/// another worker or device.
pub fn label(user_id: i64, device_id: &str) -> String {
    format!("{FORMAT}|{user_id}|{device_id}")
}

/// Where the phone keeps the organisation's public key.
const ORGANISATION_KEY: &str = "teren.handover_key";

/// Phone side: the organisation's public key for handover files, fetched
/// while online and kept (it is public), so a phone that lost the server
/// still has it.
pub async fn organisation_key() -> Option<Vec<u8>> {
    use gloo_storage::{LocalStorage, Storage};
    if crate::browser::is_online() {
        let fetched =
            crate::browser::within(super::engine::SYNC_TIMEOUT, super::api::handover_key()).await;
        if let Some(Ok(key)) = fetched {
            let _ = LocalStorage::set(ORGANISATION_KEY, &key);
        }
    }
    let key: String = crate::browser::stored(ORGANISATION_KEY)?;
    teren_seal::base64::decode(&key)
}

/// The phone's key for marking its user's handover files as theirs, kept
/// sealed in the user's safe under this name.
const AUTHOR_SEALED_NAME: &str = "author";

/// This phone's signing key for its user ([`teren_seal::sign`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub device_id: String,
    /// PKCS #8, base64; only ever stored sealed.
    pub private: String,
    /// An uncompressed point, base64.
    pub public: String,
    /// The server keeps the public half: files marked with it import.
    pub registered: bool,
}

/// Phone side: this phone's signing key for the user whose safe is open,
/// made once and registered with the server while online. `None` while
/// the safe cannot keep it.
pub async fn author(vault: crate::vault::Vault) -> Option<Author> {
    let device_id = super::outbox::device_id();
    let kept: Option<Author> = vault.unseal(AUTHOR_SEALED_NAME).await.ok()?;
    let mut author = match kept.filter(|author| author.device_id == device_id) {
        Some(author) => author,
        None => {
            let made = teren_seal::sign::new_author_key().await.ok()?;
            let author = Author {
                device_id: device_id.clone(),
                private: teren_seal::base64::encode(&made.private_pkcs8),
                public: teren_seal::base64::encode(&made.public),
                registered: false,
            };
            if !vault.seal(AUTHOR_SEALED_NAME, &author).await {
                return None;
            }
            author
        }
    };
    if !author.registered && crate::browser::is_online() {
        let registered = crate::browser::within(
            super::engine::SYNC_TIMEOUT,
            super::api::register_author(device_id, author.public.clone()),
        )
        .await;
        if let Some(Ok(())) = registered {
            author.registered = true;
            vault.seal(AUTHOR_SEALED_NAME, &author).await;
        }
    }
    Some(author)
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub username: String,
    pub accepted: usize,
    pub duplicates: usize,
    pub rejected: usize,
}

/// Server side: stores a file's records as `worker`'s sync from
/// `device_id` would, a batch at a time, and counts what became of them.
#[cfg(feature = "ssr")]
pub async fn import<S: super::store::SyncStore + Clone>(
    queue: &super::queue::SyncQueue,
    db: &S,
    username: &str,
    worker: i64,
    device_id: &str,
    mut records: Vec<Box<serde_json::value::RawValue>>,
) -> Result<ImportSummary, crate::error::AppError> {
    use super::protocol::{Outcome, BATCH_MAX};
    let mut summary = ImportSummary {
        username: username.to_owned(),
        accepted: 0,
        duplicates: 0,
        rejected: 0,
    };
    while !records.is_empty() {
        let rest = records.split_off(records.len().min(BATCH_MAX));
        let now = chrono::Utc::now();
        let (results, _) =
            super::apply::apply_batch(queue, db, worker, device_id, records, now).await?;
        for result in results {
            match result.outcome {
                Outcome::Accepted => summary.accepted += 1,
                Outcome::Duplicate => summary.duplicates += 1,
                Outcome::Rejected(_) => summary.rejected += 1,
            }
        }
        records = rest;
    }
    Ok(summary)
}

/// Server side: the organisation's key, and opening a file with it.
#[cfg(feature = "ssr")]
pub mod open {
    use super::{label, HandoverFile, FORMAT};
    use crate::error::{AppError, Problem};
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use aes_gcm::{Aes256Gcm, Nonce};
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    use sha2::{Digest, Sha256};
    use teren_seal::base64;
    use teren_seal::crypto::IV_LEN;
    use teren_seal::handover::KDF_LABEL;

    /// A new private key, for the first time one is needed.
    pub fn new_private_key() -> String {
        let key = p256::SecretKey::random(&mut argon2::password_hash::rand_core::OsRng);
        base64::encode(&key.to_bytes())
    }

    /// The public half the phones seal with (uncompressed point, base64).
    pub fn public_of(private: &str) -> Result<String, AppError> {
        let key = secret(private)?;
        Ok(base64::encode(
            key.public_key().to_encoded_point(false).as_bytes(),
        ))
    }

    fn secret(private: &str) -> Result<p256::SecretKey, AppError> {
        base64::decode(private)
            .and_then(|bytes| p256::SecretKey::from_slice(&bytes).ok())
            .ok_or_else(|| crate::error::internal("the organisation's handover key is damaged"))
    }

    fn refused(problem: Problem) -> AppError {
        AppError::invalid("file", problem)
    }

    /// Reads a file's text; refused (400) for anything that is not one.
    pub fn parse(text: &str) -> Result<HandoverFile, AppError> {
        let file: HandoverFile =
            serde_json::from_str(text).map_err(|_| refused(Problem::Unknown))?;
        if file.format != FORMAT {
            return Err(refused(Problem::Unknown));
        }
        // The phone's id as a sync checks it.
        AppError::check_text(
            "device_id",
            file.device_id.trim(),
            true,
            crate::sync::protocol::DEVICE_ID_MAX,
        )?;
        Ok(file)
    }

    /// A registered author key (an uncompressed P-256 point, base64), as
    /// the server keeps it; refused when it is none.
    pub fn author_key(public: &str) -> Result<String, AppError> {
        base64::decode(public)
            .and_then(|bytes| p256::ecdsa::VerifyingKey::from_sec1_bytes(&bytes).ok())
            .map(|key| base64::encode(key.to_encoded_point(false).as_bytes()))
            .ok_or_else(|| AppError::invalid("public_key", Problem::Unknown))
    }

    /// Whether the file carries its author's mark under one of `keys`,
    /// the ones its author registered from its phone: refused as unknown
    /// when there are none, as a mismatch when the mark is missing or
    /// does not verify.
    pub fn check_author(file: &HandoverFile, keys: &[String]) -> Result<(), AppError> {
        use p256::ecdsa::signature::Verifier;
        if keys.is_empty() {
            return Err(AppError::invalid("author", Problem::Unknown));
        }
        let signature = base64::decode(&file.signature)
            .and_then(|bytes| p256::ecdsa::Signature::from_slice(&bytes).ok())
            .ok_or_else(|| AppError::invalid("signature", Problem::Mismatch))?;
        let message = file.signed_text();
        let verified = keys.iter().any(|key| {
            base64::decode(key)
                .and_then(|bytes| p256::ecdsa::VerifyingKey::from_sec1_bytes(&bytes).ok())
                .is_some_and(|key| key.verify(message.as_bytes(), &signature).is_ok())
        });
        if verified {
            Ok(())
        } else {
            Err(AppError::invalid("signature", Problem::Mismatch))
        }
    }

    /// The records inside, as JSON values; refused when the file was
    /// changed, relabelled, or sealed for another organisation.
    pub fn records(
        private: &str,
        file: &HandoverFile,
    ) -> Result<Vec<Box<serde_json::value::RawValue>>, AppError> {
        let key = secret(private)?;
        let theirs = base64::decode(&file.ephemeral_key)
            .and_then(|bytes| p256::PublicKey::from_sec1_bytes(&bytes).ok())
            .ok_or_else(|| refused(Problem::Mismatch))?;
        let shared = p256::ecdh::diffie_hellman(key.to_nonzero_scalar(), theirs.as_affine());
        let mut hasher = Sha256::new();
        hasher.update(shared.raw_secret_bytes());
        hasher.update(KDF_LABEL);
        let cipher =
            Aes256Gcm::new_from_slice(&hasher.finalize()).map_err(crate::error::internal)?;
        let sealed = base64::decode(&file.sealed).ok_or_else(|| refused(Problem::Mismatch))?;
        if sealed.len() <= IV_LEN {
            return Err(refused(Problem::Mismatch));
        }
        let (iv, body) = sealed.split_at(IV_LEN);
        let aad = label(file.user_id, &file.device_id);
        let plain = cipher
            .decrypt(
                Nonce::from_slice(iv),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| refused(Problem::Mismatch))?;
        serde_json::from_slice(&plain).map_err(|_| refused(Problem::Unknown))
    }
}
