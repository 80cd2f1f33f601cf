//! Accounts and the audit log on PostgreSQL: the twins of
//! `app::auth::db`, `app::audit` and the account parts of
//! `app::services::db`.
//!
//! SQLite's one writer makes "no account yet" and "this account as it
//! stands" hold until a change commits; here the first start locks the
//! accounts table against other writers, and a change locks its account's
//! row, so two admins (or two first starts) cannot both act on a stale
//! read.

use crate::PgStore;
use app::audit::{Actor, AuditEntry};
use app::auth::db::UserRow;
use app::auth::store::{AccountStore, Change, Check, NewUser};
use app::error::{AppError, Problem};
use app::services::ServiceType;
use app::store::Answer;
use sqlx::PgConnection;

fn taken(error: sqlx::Error, field: &'static str) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid(field, Problem::Taken)
        }
        _ => error.into(),
    }
}

async fn user(db: &mut PgConnection, id: i64) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, display_name, password_hash, role, active = 1 AS "active!",
                  session_epoch
           FROM users WHERE id = $1"#,
        id
    )
    .fetch_optional(&mut *db)
    .await?)
}

pub(crate) async fn assigned(db: &mut PgConnection, user: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT s.id FROM user_services u JOIN services s ON s.id = u.service_id
           WHERE u.user_id = $1 AND s.active = 1 ORDER BY s.id"#,
        user
    )
    .fetch_all(&mut *db)
    .await?)
}

pub(crate) async fn audit(
    db: &mut PgConnection,
    actor: &Actor,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, actor_name, action, subject, detail, client_addr)
         VALUES ($1, $2, $3, $4, $5, $6)",
        actor.id,
        actor.name,
        action,
        subject,
        detail,
        actor.client_addr
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// See `app::services::db::set_assignments`.
async fn set_assignments(
    tx: &mut PgConnection,
    user: i64,
    services: &[i64],
) -> Result<(), AppError> {
    let known = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "count!" FROM services WHERE id = ANY($1)"#,
        services
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut distinct = services.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if usize::try_from(known).ok() != Some(distinct.len()) {
        return Err(AppError::invalid("services", Problem::Unknown));
    }
    sqlx::query!("DELETE FROM user_services WHERE user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO user_services (user_id, service_id) SELECT $1, unnest($2::bigint[])",
        user,
        &distinct
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn first_start(
    tx: &mut PgConnection,
    admin: NewUser<'_>,
    named: &[(ServiceType, String)],
    actor: &Actor,
) -> Result<i64, AppError> {
    sqlx::query!("LOCK TABLE users IN EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO users (username, display_name, password_hash, role)
         SELECT $1, $2, $3, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users)
         RETURNING id",
        admin.username,
        admin.display_name,
        admin.password_hash
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::AlreadySetUp)?;
    // The placeholder service gives way to the ones named.
    sqlx::query!("DELETE FROM user_services WHERE TRUE")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM services WHERE TRUE")
        .execute(&mut *tx)
        .await?;
    // Numbered from 1 again, as SQLite numbers an emptied table.
    sqlx::query_scalar!("SELECT setval(pg_get_serial_sequence('services', 'id'), 1, false)")
        .fetch_one(&mut *tx)
        .await?;
    let mut ids = Vec::with_capacity(named.len());
    for (service_type, name) in named {
        let created = sqlx::query_scalar!(
            "INSERT INTO services (type, name, registry_id) VALUES ($1, $2, '') RETURNING id",
            service_type.as_str(),
            name
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(|error| taken(error, "name"))?;
        ids.push(created);
    }
    crate::lists::add_packs(&mut *tx).await?;
    set_assignments(&mut *tx, id, &ids).await?;
    audit(
        &mut *tx,
        actor,
        "setup",
        admin.username,
        "first admin created",
    )
    .await?;
    Ok(id)
}

async fn change_user(
    tx: &mut PgConnection,
    id: i64,
    change: &Change,
    check: Check<'_>,
    actor: &Actor,
) -> Result<UserRow, AppError> {
    let target = sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, display_name, password_hash, role, active = 1 AS "active!",
                  session_epoch
           FROM users WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    check(&target)?;
    match change {
        Change::Active(active) => {
            sqlx::query!(
                "UPDATE users
                 SET active = CASE WHEN $1 THEN 1 ELSE 0 END,
                     session_epoch = session_epoch + (CASE WHEN $1 THEN 0 ELSE 1 END),
                     updated_at = teren_now()
                 WHERE id = $2",
                active,
                id
            )
            .execute(&mut *tx)
            .await?;
        }
        Change::Role(role) => {
            sqlx::query!(
                "UPDATE users SET role = $1, updated_at = teren_now() WHERE id = $2",
                role.as_str(),
                id
            )
            .execute(&mut *tx)
            .await?;
        }
        Change::Password(hash) => {
            sqlx::query!(
                "UPDATE users
                 SET password_hash = $1, session_epoch = session_epoch + 1,
                     updated_at = teren_now()
                 WHERE id = $2",
                hash,
                id
            )
            .execute(&mut *tx)
            .await?;
        }
        Change::Services(services) => {
            set_assignments(&mut *tx, id, services).await?;
            // Every phone's lists are stale: who works for what is in them.
            crate::catalogue::bump_version(&mut *tx).await?;
        }
    }
    let (action, detail) = change.audit(&target);
    audit(&mut *tx, actor, action, &target.username, &detail).await?;
    user(&mut *tx, id).await?.ok_or(AppError::NotFound)
}

impl AccountStore for PgStore {
    fn count_users(&self) -> Answer<'_, i64> {
        Box::pin(async move {
            Ok(
                sqlx::query_scalar!(r#"SELECT COUNT(*) AS "count!" FROM users"#)
                    .fetch_one(&self.pool)
                    .await?,
            )
        })
    }

    fn user(&self, id: i64) -> Answer<'_, Option<UserRow>> {
        Box::pin(async move { user(&mut *self.pool.acquire().await?, id).await })
    }

    fn user_named<'a>(&'a self, username: &'a str) -> Answer<'a, Option<UserRow>> {
        Box::pin(async move {
            Ok(sqlx::query_as!(
                UserRow,
                r#"SELECT id, username, display_name, password_hash, role,
                          active = 1 AS "active!", session_epoch
                   FROM users WHERE username = $1"#,
                username
            )
            .fetch_optional(&self.pool)
            .await?)
        })
    }

    fn users(&self) -> Answer<'_, Vec<UserRow>> {
        Box::pin(async move {
            // NOCASE folds ASCII letters only; `lower` would fold Č and Š too.
            Ok(sqlx::query_as!(
                UserRow,
                r#"SELECT id, username, display_name, password_hash, role,
                          active = 1 AS "active!", session_epoch
                   FROM users ORDER BY active DESC, translate(display_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"#
            )
            .fetch_all(&self.pool)
            .await?)
        })
    }

    fn assignments(&self) -> Answer<'_, Vec<(i64, i64)>> {
        Box::pin(async move {
            Ok(sqlx::query!(
                "SELECT u.user_id, u.service_id FROM user_services u
                 ORDER BY u.user_id, u.service_id"
            )
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|row| (row.user_id, row.service_id))
            .collect())
        })
    }

    fn assigned(&self, user: i64) -> Answer<'_, Vec<i64>> {
        Box::pin(async move { assigned(&mut *self.pool.acquire().await?, user).await })
    }

    fn active_services(&self) -> Answer<'_, Vec<i64>> {
        Box::pin(async move {
            Ok(
                sqlx::query_scalar!("SELECT id FROM services WHERE active = 1 ORDER BY id")
                    .fetch_all(&self.pool)
                    .await?,
            )
        })
    }

    fn audit<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'a str,
        subject: &'a str,
        detail: &'a str,
    ) -> Answer<'a, ()> {
        Box::pin(async move {
            audit(
                &mut *self.pool.acquire().await?,
                actor,
                action,
                subject,
                detail,
            )
            .await
        })
    }

    fn audit_log(&self, limit: i64) -> Answer<'_, Vec<AuditEntry>> {
        Box::pin(async move {
            Ok(sqlx::query_as!(
                AuditEntry,
                "SELECT at, actor_name AS actor, action, subject, detail, client_addr
                 FROM audit_log ORDER BY id DESC LIMIT $1",
                limit
            )
            .fetch_all(&self.pool)
            .await?)
        })
    }

    fn first_start<'a>(
        &'a self,
        admin: NewUser<'a>,
        named: &'a [(ServiceType, String)],
        actor: &'a Actor,
    ) -> Answer<'a, i64> {
        Box::pin(async move {
            let mut tx = self.pool.begin().await?;
            let id = first_start(&mut tx, admin, named, actor).await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    fn create_user<'a>(
        &'a self,
        new: NewUser<'a>,
        services: &'a [i64],
        actor: &'a Actor,
    ) -> Answer<'a, i64> {
        Box::pin(async move {
            let mut tx = self.pool.begin().await?;
            let id = sqlx::query_scalar!(
                "INSERT INTO users (username, display_name, password_hash, role)
                 VALUES ($1, $2, $3, $4) RETURNING id",
                new.username,
                new.display_name,
                new.password_hash,
                new.role.as_str()
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(|error| taken(error, "username"))?;
            set_assignments(&mut tx, id, services).await?;
            let role = new.role.as_str();
            audit(&mut tx, actor, "user_created", new.username, role).await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    fn change_user<'a>(
        &'a self,
        id: i64,
        change: &'a Change,
        check: Check<'a>,
        actor: &'a Actor,
    ) -> Answer<'a, UserRow> {
        Box::pin(async move {
            let mut tx = self.pool.begin().await?;
            let changed = change_user(&mut tx, id, change, check, actor).await?;
            tx.commit().await?;
            Ok(changed)
        })
    }

    fn vault_secret<'a>(&'a self, user: i64, fresh: &'a [u8]) -> Answer<'a, Vec<u8>> {
        Box::pin(async move {
            // A second phone's update waits for the first's row lock, then
            // finds the secret set and leaves it.
            sqlx::query!(
                "UPDATE users SET vault_secret = $1 WHERE id = $2 AND vault_secret IS NULL",
                fresh,
                user
            )
            .execute(&self.pool)
            .await?;
            let stored = sqlx::query_scalar!(
                "SELECT users.vault_secret FROM users WHERE users.id = $1",
                user
            )
            .fetch_optional(&self.pool)
            .await?
            .flatten();
            stored.ok_or(AppError::NotFound)
        })
    }
}
