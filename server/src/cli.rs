//! Operator subcommands: create an account and reset a password from the
//! server's shell, for when no admin can log in (or none exists yet).
//!
//! The password is read from standard input (one line), never from a flag,
//! so it does not end up in the shell history or the process list. The same
//! validation as in the app applies, and every change is in the audit log
//! with "cli" as the actor.

use app::admin::accounts::{self, cli_actor, Account, NewAccount};
use app::auth::validate;
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
    pool: &dyn app::auth::store::AccountStore,
    account: NewAccount<'_>,
    new_password: String,
) -> Result<String, AppError> {
    let (_, username) = accounts::create(pool, &cli_actor(), account, new_password).await?;
    Ok(username)
}

pub async fn reset_password(
    pool: &Db,
    username: &str,
    new_password: String,
) -> Result<String, AppError> {
    let username = validate::username(username)?;
    accounts::reset_password(
        pool,
        &cli_actor(),
        Account::Username(&username),
        new_password,
    )
    .await
}
