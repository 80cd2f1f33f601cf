//! What accounts and logins ask of the database: the accounts' part of the
//! store boundary (see [`crate::store`]).
//!
//! A change an admin makes is decided on the account as it stands inside
//! the change's own transaction ([`AccountStore::change_user`]), and its
//! audit entry is written in that transaction, so the log cannot miss a
//! change or describe one that was rolled back. What a change means (its
//! checks, its audit entry) is decided here, the same on every engine.

use super::db::UserRow;
use super::Role;
use crate::audit::{Actor, AuditEntry};
use crate::db::Answer;
use crate::error::AppError;
use crate::services::ServiceType;

/// An account to create, its password already hashed.
#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

/// One change to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Deactivating also ends the account's sessions.
    Active(bool),
    Role(Role),
    /// A new password hash; it ends every session of the account.
    Password(String),
    /// The services the account works for; its phones learn at their next
    /// sync.
    Services(Vec<i64>),
}

impl Change {
    /// The audit entry's action and detail for this change to `target`.
    pub fn audit(&self, target: &UserRow) -> (&'static str, String) {
        match self {
            Change::Active(true) => ("user_reactivated", String::new()),
            Change::Active(false) => ("user_deactivated", String::new()),
            Change::Role(role) => (
                "role_changed",
                format!("{} -> {}", target.role, role.as_str()),
            ),
            Change::Password(_) => ("password_reset", String::new()),
            Change::Services(services) => (
                "services_assigned",
                services
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        }
    }
}

/// Decides whether a change may go ahead, given the account as it stands.
pub type Check<'a> = &'a (dyn Fn(&UserRow) -> Result<(), AppError> + Send + Sync);

pub trait AccountStore: Send + Sync + 'static {
    fn count_users(&self) -> Answer<'_, i64>;

    fn user(&self, id: i64) -> Answer<'_, Option<UserRow>>;

    fn user_named<'a>(&'a self, username: &'a str) -> Answer<'a, Option<UserRow>>;

    /// Every account, active ones first, by name.
    fn users(&self) -> Answer<'_, Vec<UserRow>>;

    /// Every account's services (active or not), as (user, service) pairs.
    fn assignments(&self) -> Answer<'_, Vec<(i64, i64)>>;

    /// The active services `user` works for, lowest id first.
    fn assigned(&self, user: i64) -> Answer<'_, Vec<i64>>;

    /// The organisation's active services.
    fn active_services(&self) -> Answer<'_, Vec<i64>>;

    fn audit<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'a str,
        subject: &'a str,
        detail: &'a str,
    ) -> Answer<'a, ()>;

    /// The newest `limit` audit entries, newest first.
    fn audit_log(&self, limit: i64) -> Answer<'_, Vec<AuditEntry>>;

    /// The first start: the first admin, the services the organisation
    /// runs (replacing the placeholder) with their lists, the admin
    /// assigned to them all. [`AppError::AlreadySetUp`] once any account
    /// exists, however many try at once.
    fn first_start<'a>(
        &'a self,
        admin: NewUser<'a>,
        services: &'a [(ServiceType, String)],
        actor: &'a Actor,
    ) -> Answer<'a, i64>;

    /// Creates an active account working for `services`; a taken username
    /// or an unknown service is refused and nothing is stored.
    fn create_user<'a>(
        &'a self,
        user: NewUser<'a>,
        services: &'a [i64],
        actor: &'a Actor,
    ) -> Answer<'a, i64>;

    /// Applies `change` to account `id` if `check` accepts the account as
    /// it stands, with its audit entry, in one transaction; the account as
    /// changed.
    fn change_user<'a>(
        &'a self,
        id: i64,
        change: &'a Change,
        check: Check<'a>,
        actor: &'a Actor,
    ) -> Answer<'a, UserRow>;

    /// The secret that wraps `user`'s data keys on phones, `fresh` if it
    /// had none: two phones asking at once get the same one.
    fn vault_secret<'a>(&'a self, user: i64, fresh: &'a [u8]) -> Answer<'a, Vec<u8>>;
}
