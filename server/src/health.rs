//! `/healthz`: answers 200 only when the database answers a query against a
//! migrated table, so a load balancer or a monitoring check sees a broken
//! database, not just a live process.

use app::db::Db;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde_json::json;

pub async fn healthz(State(pool): State<Db>) -> impl IntoResponse {
    match sqlx::query_scalar!(r#"SELECT COUNT(*) AS "settings!: i64" FROM settings"#)
        .fetch_one(pool.read())
        .await
    {
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
