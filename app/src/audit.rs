//! The audit log: who did what, when, from where. Written in the same
//! transaction as the change it describes where there is one, so the log
//! cannot miss a change or describe one that was rolled back.

use serde::{Deserialize, Serialize};

/// One entry as admins read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub client_addr: String,
}

#[cfg(feature = "ssr")]
pub use db::*;

#[cfg(feature = "ssr")]
mod db {
    use super::AuditEntry;
    use crate::error::AppError;
    use sqlx::SqliteExecutor;

    /// Who acted: a logged-in user, or an operator at the command line.
    #[derive(Debug, Clone)]
    pub struct Actor {
        pub id: Option<i64>,
        pub name: String,
        pub client_addr: String,
    }

    pub async fn record(
        db: impl SqliteExecutor<'_>,
        actor: &Actor,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        sqlx::query!(
            "INSERT INTO audit_log (actor_id, actor_name, action, subject, detail, client_addr)
             VALUES (?, ?, ?, ?, ?, ?)",
            actor.id,
            actor.name,
            action,
            subject,
            detail,
            actor.client_addr
        )
        .execute(db)
        .await?;
        Ok(())
    }

    pub async fn latest(
        db: impl SqliteExecutor<'_>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, AppError> {
        Ok(sqlx::query_as!(
            AuditEntry,
            r#"SELECT at, actor_name AS actor, action, subject, detail, client_addr
               FROM audit_log ORDER BY id DESC LIMIT ?"#,
            limit
        )
        .fetch_all(db)
        .await?)
    }
}
