//! Server functions for managing accounts and reading the audit log.

use super::UserSummary;
use crate::audit::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::accounts,
    crate::auth::{db, guard, validate, Profile, Role},
    crate::error::{respond, Problem},
    crate::{audit, catalogue, services},
    sqlx::SqliteConnection,
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
async fn load_summary(pool: &crate::db::Db, id: i64) -> Result<UserSummary, AppError> {
    let row = db::find_by_id(pool.read(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let services = services::db::assigned(pool.read(), id).await?;
    let assignments: Vec<_> = services.into_iter().map(|service| (id, service)).collect();
    summary(row, &assignments).ok_or(AppError::Internal)
}

#[server(endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    respond(async {
        guard::require(Role::Admin)?;
        let pool = guard::pool()?;
        let assignments = services::db::assignments(pool.read()).await?;
        Ok(db::list(pool.read())
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
        let pool = guard::pool()?;
        let actor = guard::actor(Some(&admin));
        let account = accounts::NewAccount {
            username: &username,
            display_name: &display_name,
            role: &role,
            services: services.as_deref().unwrap_or_default(),
        };
        let (id, _) = accounts::create(&pool, &actor, account, password).await?;
        load_summary(&pool, id).await
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
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let target = db::find_by_id(&mut *tx, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if services.is_empty() && target.role == Role::Worker.as_str() {
            return Err(AppError::invalid("services", Problem::Required));
        }
        services::db::set_assignments(&mut tx, user_id, &services).await?;
        catalogue::db::bump_version(&mut *tx).await?;
        let detail = services
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let actor = guard::actor(Some(&admin));
        audit::record(
            &mut *tx,
            &actor,
            "services_assigned",
            &target.username,
            &detail,
        )
        .await?;
        tx.commit().await?;
        load_summary(&pool, user_id).await
    })
    .await
}

/// Loads the account an admin acts on, refusing changes that would lock the
/// organisation out: an admin cannot deactivate or demote themselves. As the
/// acting admin is active, this also keeps at least one active admin.
#[cfg(feature = "ssr")]
async fn target_for_change(
    db_conn: &mut SqliteConnection,
    admin: &Profile,
    user_id: i64,
    removes_admin: bool,
) -> Result<db::UserRow, AppError> {
    let target = db::find_by_id(&mut *db_conn, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if removes_admin && target.id == admin.id {
        return Err(AppError::invalid("user_id", Problem::OwnAccount));
    }
    Ok(target)
}

#[server(endpoint = "admin/users/active")]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<UserSummary, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let target = target_for_change(&mut tx, &admin, user_id, !active).await?;
        db::set_active(&mut *tx, user_id, active).await?;
        let action = if active {
            "user_reactivated"
        } else {
            "user_deactivated"
        };
        audit::record(
            &mut *tx,
            &guard::actor(Some(&admin)),
            action,
            &target.username,
            "",
        )
        .await?;
        tx.commit().await?;
        load_summary(&pool, user_id).await
    })
    .await
}

#[server(endpoint = "admin/users/password")]
pub async fn reset_password(user_id: i64, password: String) -> Result<(), AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let pool = guard::pool()?;
        let actor = guard::actor(Some(&admin));
        accounts::reset_password(&pool, &actor, accounts::Account::Id(user_id), password).await?;
        Ok(())
    })
    .await
}

#[server(endpoint = "admin/users/role")]
pub async fn change_role(user_id: i64, role: String) -> Result<UserSummary, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let role = validate::role(&role)?;
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let target = target_for_change(&mut tx, &admin, user_id, role != Role::Admin).await?;
        db::set_role(&mut *tx, user_id, role).await?;
        let detail = format!("{} -> {}", target.role, role.as_str());
        let actor = guard::actor(Some(&admin));
        audit::record(&mut *tx, &actor, "role_changed", &target.username, &detail).await?;
        tx.commit().await?;
        load_summary(&pool, user_id).await
    })
    .await
}

#[server(endpoint = "admin/audit")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    respond(async {
        guard::require(Role::Admin)?;
        let pool = guard::pool()?;
        audit::latest(pool.read(), 500).await
    })
    .await
}
