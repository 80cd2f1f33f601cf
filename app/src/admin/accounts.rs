//! Creating an account and resetting a password: the same steps, checks and
//! audit entries whether an admin does it in the app or an operator from the
//! server's shell (`teren create-user`, `teren reset-password`).

use crate::audit::Actor;
use crate::auth::store::{AccountStore, Change, NewUser};
use crate::auth::{password, validate, Role};
use crate::error::{AppError, Problem};

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

/// What a new account is: its name, role and the services it works for.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    /// Service ids. None given: the organisation's only active service, if
    /// it has one; a worker of an organisation with several must be given
    /// at least one, or could file nothing.
    pub services: &'a [i64],
}

impl<'a> NewAccount<'a> {
    /// An account for the organisation's only service, or none.
    pub fn new(username: &'a str, display_name: &'a str, role: &'a str) -> Self {
        NewAccount {
            username,
            display_name,
            role,
            services: &[],
        }
    }
}

/// Creates an active account; returns its id and normalised username.
pub async fn create(
    pool: &dyn AccountStore,
    actor: &Actor,
    account: NewAccount<'_>,
    new_password: String,
) -> Result<(i64, String), AppError> {
    let username = validate::username(account.username)?;
    let display_name = validate::display_name(account.display_name)?;
    let role = validate::role(account.role)?;
    validate::new_password(&new_password)?;
    let mut services = account.services.to_vec();
    if services.is_empty() {
        let active = pool.active_services().await?;
        match active.as_slice() {
            [only] => services.push(*only),
            _ if role == Role::Worker => {
                return Err(AppError::invalid("services", Problem::Required))
            }
            _ => {}
        }
    }
    let hash = password::hash(new_password).await?;

    let user = NewUser {
        username: &username,
        display_name: &display_name,
        password_hash: &hash,
        role,
    };
    let id = pool.create_user(user, &services, actor).await?;
    Ok((id, username))
}

/// Sets a new password; returns the account's username.
pub async fn reset_password(
    pool: &dyn AccountStore,
    actor: &Actor,
    account: Account<'_>,
    new_password: String,
) -> Result<String, AppError> {
    validate::new_password(&new_password)?;
    let user = match account {
        Account::Id(id) => pool.user(id).await?,
        Account::Username(username) => pool.user_named(username).await?,
    }
    .ok_or(AppError::NotFound)?;
    let hash = password::hash(new_password).await?;
    let change = Change::Password(hash);
    let changed = pool
        .change_user(user.id, &change, &|_| Ok(()), actor)
        .await?;
    Ok(changed.username)
}
