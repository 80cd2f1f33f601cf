//! Server functions for managing accounts and reading the audit log.

use super::UserSummary;
use crate::audit::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::accounts,
    crate::auth::store::{AccountStore, Change},
    crate::auth::{db, guard, validate, Profile, Role},
    crate::error::{respond, Problem},
};

#[cfg(feature = "ssr")]
fn summary(row: db::UserRow, assignments: &[(i64, i64)]) -> Option<UserSummary> {
    Some(UserSummary {
        role: Role::parse(&row.role)?,
        services: assignments
            .iter()
            .filter(|(user, _)| *user == row.id)
            .map(|(_, service)| *service)
            .collect(),
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        active: row.active,
    })
}

#[cfg(feature = "ssr")]
async fn load_summary(pool: &dyn AccountStore, row: db::UserRow) -> Result<UserSummary, AppError> {
    let id = row.id;
    let services = pool.assigned(id).await?;
    let assignments: Vec<_> = services.into_iter().map(|service| (id, service)).collect();
    summary(row, &assignments).ok_or(AppError::Internal)
}

#[server(endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    respond(async {
        guard::require(Role::Admin)?;
        let pool = guard::store::<dyn AccountStore>()?;
        let assignments = pool.assignments().await?;
        Ok(pool
            .users()
            .await?
            .into_iter()
            .filter_map(|row| summary(row, &assignments))
            .collect())
    })
    .await
}

/// `services` are service ids; a form sends them as `services[]`, and none
/// checked means the field is missing altogether.
#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    username: String,
    display_name: String,
    role: String,
    password: String,
    services: Option<Vec<i64>>,
) -> Result<UserSummary, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let pool = guard::store::<dyn AccountStore>()?;
        let actor = guard::actor(Some(&admin));
        let account = accounts::NewAccount {
            username: &username,
            display_name: &display_name,
            role: &role,
            services: services.as_deref().unwrap_or_default(),
        };
        let (id, _) = accounts::create(&*pool, &actor, account, password).await?;
        let row = pool.user(id).await?.ok_or(AppError::NotFound)?;
        load_summary(&*pool, row).await
    })
    .await
}

/// Makes `services` the ones the user works for. Records already filed
/// stay where they are; the phone learns at its next sync.
#[server(endpoint = "admin/users/services")]
pub async fn set_user_services(
    user_id: i64,
    services: Option<Vec<i64>>,
) -> Result<UserSummary, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let services = services.unwrap_or_default();
        let pool = guard::store::<dyn AccountStore>()?;
        let check = |target: &db::UserRow| {
            if services.is_empty() && target.role == Role::Worker.as_str() {
                return Err(AppError::invalid("services", Problem::Required));
            }
            Ok(())
        };
        let change = Change::Services(services.clone());
        let actor = guard::actor(Some(&admin));
        let row = pool.change_user(user_id, &change, &check, &actor).await?;
        load_summary(&*pool, row).await
    })
    .await
}

/// Refuses changes that would lock the organisation out: an admin cannot
/// deactivate or demote themselves. As the acting admin is active, this
/// also keeps at least one active admin.
#[cfg(feature = "ssr")]
fn not_own_account(
    admin: &Profile,
    removes_admin: bool,
) -> impl Fn(&db::UserRow) -> Result<(), AppError> + Send + Sync + '_ {
    move |target| {
        if removes_admin && target.id == admin.id {
            return Err(AppError::invalid("user_id", Problem::OwnAccount));
        }
        Ok(())
    }
}

#[server(endpoint = "admin/users/active")]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<UserSummary, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let pool = guard::store::<dyn AccountStore>()?;
        let change = Change::Active(active);
        let check = not_own_account(&admin, !active);
        let actor = guard::actor(Some(&admin));
        let row = pool.change_user(user_id, &change, &check, &actor).await?;
        load_summary(&*pool, row).await
    })
    .await
}

#[server(endpoint = "admin/users/password")]
pub async fn reset_password(user_id: i64, password: String) -> Result<(), AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let pool = guard::store::<dyn AccountStore>()?;
        let actor = guard::actor(Some(&admin));
        accounts::reset_password(&*pool, &actor, accounts::Account::Id(user_id), password).await?;
        Ok(())
    })
    .await
}

#[server(endpoint = "admin/users/role")]
pub async fn change_role(user_id: i64, role: String) -> Result<UserSummary, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let role = validate::role(&role)?;
        let pool = guard::store::<dyn AccountStore>()?;
        let change = Change::Role(role);
        let check = not_own_account(&admin, role != Role::Admin);
        let actor = guard::actor(Some(&admin));
        let row = pool.change_user(user_id, &change, &check, &actor).await?;
        load_summary(&*pool, row).await
    })
    .await
}

#[server(endpoint = "admin/audit")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    respond(async {
        guard::require(Role::Admin)?;
        let pool = guard::store::<dyn AccountStore>()?;
        pool.audit_log(500).await
    })
    .await
}
