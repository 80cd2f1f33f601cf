//! Account storage.

use super::{Profile, Role};
use crate::error::{AppError, Problem};
use sqlx::SqliteExecutor;

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub active: bool,
    pub session_epoch: i64,
}

impl UserRow {
    /// The profile of an active account; `None` for a deactivated one or a
    /// role this version does not know.
    pub fn profile(&self) -> Option<Profile> {
        if !self.active {
            return None;
        }
        Some(Profile {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: Role::parse(&self.role)?,
        })
    }
}

pub async fn count_users(db: impl SqliteExecutor<'_>) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "count!: i64" FROM users"#)
            .fetch_one(db)
            .await?,
    )
}

pub async fn find_by_username(
    db: impl SqliteExecutor<'_>,
    username: &str,
) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id!", username, display_name, password_hash, role,
                  active AS "active: bool", session_epoch
           FROM users WHERE username = ?"#,
        username
    )
    .fetch_optional(db)
    .await?)
}

pub async fn find_by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id!", username, display_name, password_hash, role,
                  active AS "active: bool", session_epoch
           FROM users WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?)
}

pub async fn list(db: impl SqliteExecutor<'_>) -> Result<Vec<UserRow>, AppError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id!", username, display_name, password_hash, role,
                  active AS "active: bool", session_epoch
           FROM users ORDER BY active DESC, display_name COLLATE NOCASE"#
    )
    .fetch_all(db)
    .await?)
}

/// Creates an account; a taken username is a validation error, not a 500.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    username: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
) -> Result<i64, AppError> {
    let role = role.as_str();
    sqlx::query_scalar!(
        r#"INSERT INTO users (username, display_name, password_hash, role)
           VALUES (?, ?, ?, ?) RETURNING id AS "id!""#,
        username,
        display_name,
        password_hash,
        role
    )
    .fetch_one(db)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid("username", Problem::Taken)
        }
        _ => error.into(),
    })
}

/// Creates the first admin only while there is no account at all; the check
/// and the insert are one statement, so two people racing through the
/// first-start page cannot both win.
pub async fn insert_first_admin(
    db: impl SqliteExecutor<'_>,
    username: &str,
    display_name: &str,
    password_hash: &str,
) -> Result<i64, AppError> {
    sqlx::query_scalar!(
        r#"INSERT INTO users (username, display_name, password_hash, role)
           SELECT ?, ?, ?, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users)
           RETURNING id AS "id!""#,
        username,
        display_name,
        password_hash
    )
    .fetch_optional(db)
    .await?
    .ok_or(AppError::AlreadySetUp)
}

/// Deactivating ends the user's sessions (the epoch moves on).
pub async fn set_active(
    db: impl SqliteExecutor<'_>,
    id: i64,
    active: bool,
) -> Result<(), AppError> {
    let done = sqlx::query!(
        r#"UPDATE users
           SET active = ?1,
               session_epoch = session_epoch + (CASE WHEN ?1 THEN 0 ELSE 1 END),
               updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?2"#,
        active,
        id
    )
    .execute(db)
    .await?;
    found(done.rows_affected())
}

/// A new password ends every existing session of the user.
pub async fn set_password(
    db: impl SqliteExecutor<'_>,
    id: i64,
    password_hash: &str,
) -> Result<(), AppError> {
    let done = sqlx::query!(
        r#"UPDATE users
           SET password_hash = ?, session_epoch = session_epoch + 1,
               updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?"#,
        password_hash,
        id
    )
    .execute(db)
    .await?;
    found(done.rows_affected())
}

pub async fn set_role(db: impl SqliteExecutor<'_>, id: i64, role: Role) -> Result<(), AppError> {
    let role = role.as_str();
    let done = sqlx::query!(
        r#"UPDATE users SET role = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?"#,
        role,
        id
    )
    .execute(db)
    .await?;
    found(done.rows_affected())
}

fn found(rows: u64) -> Result<(), AppError> {
    if rows == 0 {
        Err(AppError::NotFound)
    } else {
        Ok(())
    }
}

/// The secret that wraps `user`'s data keys on phones, made on first use.
/// Two phones asking at once get the same one: only the first write lands.
pub async fn vault_secret(
    db: &mut sqlx::SqliteConnection,
    user: i64,
    fresh: &[u8],
) -> Result<Vec<u8>, AppError> {
    sqlx::query!(
        "UPDATE users SET vault_secret = ? WHERE id = ? AND vault_secret IS NULL",
        fresh,
        user
    )
    .execute(&mut *db)
    .await?;
    let stored = sqlx::query_scalar!("SELECT vault_secret FROM users WHERE id = ?", user)
        .fetch_optional(&mut *db)
        .await?
        .flatten();
    stored.ok_or(AppError::NotFound)
}
