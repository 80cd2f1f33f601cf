//! Creating an account and resetting a password: the same steps, checks and
//! audit entries whether an admin does it in the app or an operator from the
//! server's shell (`teren create-user`, `teren reset-password`).

use crate::audit::{self, Actor};
use crate::auth::{db, password, validate};
use crate::db::Db;
use crate::error::AppError;

/// Whose password is reset: an admin picks an account, an operator types
/// a username.
pub enum Account<'a> {
    Id(i64),
    Username(&'a str),
}

/// Operators act as "cli" in the audit log.
pub fn cli_actor() -> Actor {
    Actor {
        id: None,
        name: "cli".to_owned(),
        client_addr: "local".to_owned(),
    }
}

/// Creates an active account; returns its id and normalised username.
pub async fn create(
    pool: &Db,
    actor: &Actor,
    username: &str,
    display_name: &str,
    role: &str,
    new_password: String,
) -> Result<(i64, String), AppError> {
    let username = validate::username(username)?;
    let display_name = validate::display_name(display_name)?;
    let role = validate::role(role)?;
    validate::new_password(&new_password)?;
    let hash = password::hash(new_password).await?;

    let mut tx = pool.begin().await?;
    let id = db::insert(&mut *tx, &username, &display_name, &hash, role).await?;
    audit::record(&mut *tx, actor, "user_created", &username, role.as_str()).await?;
    tx.commit().await?;
    Ok((id, username))
}

/// Sets a new password; returns the account's username.
pub async fn reset_password(
    pool: &Db,
    actor: &Actor,
    account: Account<'_>,
    new_password: String,
) -> Result<String, AppError> {
    validate::new_password(&new_password)?;
    let user = match account {
        Account::Id(id) => db::find_by_id(pool.read(), id).await?,
        Account::Username(username) => db::find_by_username(pool.read(), username).await?,
    }
    .ok_or(AppError::NotFound)?;
    let hash = password::hash(new_password).await?;

    let mut tx = pool.begin().await?;
    db::set_password(&mut *tx, user.id, &hash).await?;
    audit::record(&mut *tx, actor, "password_reset", &user.username, "").await?;
    tx.commit().await?;
    Ok(user.username)
}
