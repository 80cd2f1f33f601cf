//! `/healthz`: answers 200 only when the database answers a query against a
//! migrated table, so a load balancer or a monitoring check sees a broken
//! database, not just a live process.

use app::admin::store::StatusStore;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde_json::json;
use std::sync::Arc;

pub async fn healthz(State(pool): State<Arc<dyn StatusStore>>) -> impl IntoResponse {
    match pool.healthy().await {
        Ok(_) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: database query failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "error" })),
            )
        }
    }
}
