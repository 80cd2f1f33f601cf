//! The sync endpoint. The worker is whoever the session says, never what the
//! payload says: a phone cannot file records under someone else's name, and
//! a batch that says it is someone else's queue is refused whole.

use super::handover::ImportSummary;
use super::protocol::{SyncBatch, SyncResponse};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {
    super::store::SyncStore,
    super::{apply, handover, protocol},
    crate::auth::store::AccountStore,
    crate::auth::{guard, Role},
    crate::{error::respond, error::Problem},
};

#[server(endpoint = "sync", input = Json)]
pub async fn sync(batch: SyncBatch) -> Result<SyncResponse, AppError> {
    respond(async move {
        let worker = guard::require(Role::Worker)?;
        if batch.user_id.is_some_and(|owner| owner != worker.id) {
            return Err(AppError::OtherUser);
        }
        if batch.schema_version != protocol::SCHEMA_VERSION {
            return Err(AppError::invalid("schema_version", Problem::Unknown));
        }
        let device_id = batch.device_id.trim();
        AppError::check_text("device_id", device_id, true, protocol::DEVICE_ID_MAX)?;
        if batch.records.len() > protocol::BATCH_MAX {
            return Err(AppError::invalid(
                "records",
                Problem::TooLong {
                    max: protocol::BATCH_MAX,
                },
            ));
        }
        let pool = guard::store::<dyn SyncStore>()?;
        let queue = sync_queue()?;
        let (results, catalogue_version) = apply::apply_batch(
            &queue,
            &pool,
            worker.id,
            device_id,
            batch.records,
            chrono::Utc::now(),
        )
        .await?;
        if let Some(metrics) = use_context::<std::sync::Arc<crate::metrics::Metrics>>() {
            let count = |wanted: fn(&protocol::Outcome) -> bool| {
                results.iter().filter(|r| wanted(&r.outcome)).count()
            };
            metrics.sync(
                count(|o| matches!(o, protocol::Outcome::Accepted)),
                count(|o| matches!(o, protocol::Outcome::Duplicate)),
                count(|o| matches!(o, protocol::Outcome::Rejected(_))),
            );
        }
        Ok(SyncResponse {
            results,
            catalogue_version,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
fn sync_queue() -> Result<std::sync::Arc<crate::sync::queue::SyncQueue>, AppError> {
    use_context::<std::sync::Arc<crate::sync::queue::SyncQueue>>()
        .ok_or_else(|| crate::error::internal("no sync queue in context"))
}

#[cfg(feature = "ssr")]
async fn handover_private_key() -> Result<String, AppError> {
    let fresh = handover::open::new_private_key();
    guard::store::<dyn SyncStore>()?
        .handover_private_key(&fresh)
        .await
}

/// The organisation's public key that phones seal handover files with.
#[server(endpoint = "handover/key")]
pub async fn handover_key() -> Result<String, AppError> {
    respond(async {
        guard::require(Role::Worker)?;
        handover::open::public_of(&handover_private_key().await?)
    })
    .await
}

/// Registers the key this phone signs its user's handover files with
/// (public half, an uncompressed P-256 point in base64).
#[server(endpoint = "handover/author")]
pub async fn register_author(device_id: String, public_key: String) -> Result<(), AppError> {
    respond(async move {
        let user = guard::require(Role::Worker)?;
        let device_id = device_id.trim();
        AppError::check_text("device_id", device_id, true, protocol::DEVICE_ID_MAX)?;
        let public_key = handover::open::author_key(&public_key)?;
        let now = chrono::Utc::now().to_rfc3339();
        guard::store::<dyn SyncStore>()?
            .register_author(user.id, device_id, &public_key, &now)
            .await
    })
    .await
}

/// Imports a handover file (its text) as if its worker had synced it,
/// when its author's mark verifies.
#[server(endpoint = "handover/import", input = Json)]
pub async fn import_handover(file: String) -> Result<ImportSummary, AppError> {
    respond(async move {
        let coordinator = guard::require(Role::Coordinator)?;
        let queue = sync_queue()?;
        let file = handover::open::parse(&file)?;
        let pool = guard::store::<dyn SyncStore>()?;
        let accounts = guard::store::<dyn AccountStore>()?;
        let keys = pool
            .author_keys(file.user_id, file.device_id.trim())
            .await?;
        handover::open::check_author(&file, &keys)?;
        let records = handover::open::records(&handover_private_key().await?, &file)?;
        let worker = accounts
            .user(file.user_id)
            .await?
            .filter(|row| row.username == file.username)
            .ok_or_else(|| AppError::invalid("file", Problem::Unknown))?;
        let summary = handover::import(
            &queue,
            &pool,
            &worker.username,
            worker.id,
            &file.device_id,
            records,
        )
        .await?;
        let detail = format!(
            "{} accepted, {} duplicates, {} rejected",
            summary.accepted, summary.duplicates, summary.rejected
        );
        let actor = guard::actor(Some(&coordinator));
        accounts
            .audit(&actor, "handover_imported", &worker.username, &detail)
            .await?;
        Ok(summary)
    })
    .await
}
