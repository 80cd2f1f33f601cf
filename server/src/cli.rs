//! Operator subcommands: create an account and reset a password from the
//! server's shell, for when no admin can log in (or none exists yet).
//!
//! The password is read from standard input (one line), never from a flag,
//! so it does not end up in the shell history or the process list. The same
//! validation as in the app applies, and every change is in the audit log
//! with "cli" as the actor.

use app::admin::api::cli_actor;
use app::audit;
use app::auth::{db, password, validate};
use app::db::Db;
use app::error::AppError;
use std::io::{BufRead, IsTerminal};

/// Reads the new password: a hidden prompt on a terminal, else one line of
/// standard input (for scripts).
pub fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        if first != again {
            anyhow::bail!("the two passwords differ");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn create_user(
    pool: &Db,
    username: &str,
    display_name: &str,
    role: &str,
    new_password: String,
) -> Result<String, AppError> {
    let username = validate::username(username)?;
    let display_name = validate::display_name(display_name)?;
    let role = validate::role(role)?;
    validate::new_password(&new_password)?;
    let hash = password::hash(new_password).await?;

    let mut tx = pool.begin().await?;
    db::insert(&mut *tx, &username, &display_name, &hash, role).await?;
    audit::record(
        &mut *tx,
        &cli_actor(),
        "user_created",
        &username,
        role.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(username)
}

pub async fn reset_password(
    pool: &Db,
    username: &str,
    new_password: String,
) -> Result<String, AppError> {
    let username = validate::username(username)?;
    validate::new_password(&new_password)?;
    let user = db::find_by_username(pool.read(), &username)
        .await?
        .ok_or(AppError::NotFound)?;
    let hash = password::hash(new_password).await?;

    let mut tx = pool.begin().await?;
    db::set_password(&mut *tx, user.id, &hash).await?;
    audit::record(&mut *tx, &cli_actor(), "password_reset", &username, "").await?;
    tx.commit().await?;
    Ok(username)
}
