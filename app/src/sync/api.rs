//! The sync endpoint. The worker is whoever the session says, never what the
//! payload says: a phone cannot file records under someone else's name, and
//! a batch that says it is someone else's queue is refused whole.

use super::protocol::{SyncBatch, SyncResponse};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {
    super::{apply, protocol},
    crate::auth::{guard, Role},
    crate::error::{respond, Problem},
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
        let pool = guard::pool()?;
        let queue = use_context::<std::sync::Arc<crate::sync::queue::SyncQueue>>()
            .ok_or_else(|| crate::error::internal("no sync queue in context"))?;
        let (results, catalogue_version) = apply::apply_batch(
            &queue,
            &pool,
            worker.id,
            device_id,
            batch.records,
            chrono::Utc::now(),
        )
        .await?;
        Ok(SyncResponse {
            results,
            catalogue_version,
        })
    })
    .await
}
