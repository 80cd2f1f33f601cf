//! The accounts' part of the store boundary on SQLite.

use super::db::{self, UserRow};
use super::store::{AccountStore, Change, Check, NewUser};
use crate::audit::{self, Actor, AuditEntry};
use crate::db::{Answer, Db};
use crate::error::AppError;
use crate::services::{self, ServiceType};

impl AccountStore for Db {
    fn count_users(&self) -> Answer<'_, i64> {
        Box::pin(db::count_users(self.read()))
    }

    fn user(&self, id: i64) -> Answer<'_, Option<UserRow>> {
        Box::pin(db::find_by_id(self.read(), id))
    }

    fn user_named<'a>(&'a self, username: &'a str) -> Answer<'a, Option<UserRow>> {
        Box::pin(db::find_by_username(self.read(), username))
    }

    fn users(&self) -> Answer<'_, Vec<UserRow>> {
        Box::pin(db::list(self.read()))
    }

    fn assignments(&self) -> Answer<'_, Vec<(i64, i64)>> {
        Box::pin(services::db::assignments(self.read()))
    }

    fn assigned(&self, user: i64) -> Answer<'_, Vec<i64>> {
        Box::pin(services::db::assigned(self.read(), user))
    }

    fn active_services(&self) -> Answer<'_, Vec<i64>> {
        Box::pin(async move {
            Ok(services::db::list(self.read())
                .await?
                .into_iter()
                .filter(|service| service.active)
                .map(|service| service.id)
                .collect())
        })
    }

    fn audit<'a>(
        &'a self,
        actor: &'a Actor,
        action: &'a str,
        subject: &'a str,
        detail: &'a str,
    ) -> Answer<'a, ()> {
        Box::pin(audit::record(self.write(), actor, action, subject, detail))
    }

    fn audit_log(&self, limit: i64) -> Answer<'_, Vec<AuditEntry>> {
        Box::pin(audit::latest(self.read(), limit))
    }

    fn first_start<'a>(
        &'a self,
        admin: NewUser<'a>,
        named: &'a [(ServiceType, String)],
        actor: &'a Actor,
    ) -> Answer<'a, i64> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let id = db::insert_first_admin(
                &mut *tx,
                admin.username,
                admin.display_name,
                admin.password_hash,
            )
            .await?;
            let created = services::db::replace_placeholder(&mut tx, named).await?;
            // A fresh install: no phone holds the lists yet to be told.
            services::db::add_packs(&mut tx).await?;
            let ids: Vec<i64> = created.iter().map(|service| service.id).collect();
            services::db::set_assignments(&mut tx, id, &ids).await?;
            audit::record(
                &mut *tx,
                actor,
                "setup",
                admin.username,
                "first admin created",
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    fn create_user<'a>(
        &'a self,
        user: NewUser<'a>,
        services: &'a [i64],
        actor: &'a Actor,
    ) -> Answer<'a, i64> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let id = db::insert(
                &mut *tx,
                user.username,
                user.display_name,
                user.password_hash,
                user.role,
            )
            .await?;
            // No phone holds a list for a new account yet: nothing to tell.
            services::db::set_assignments(&mut tx, id, services).await?;
            let role = user.role.as_str();
            audit::record(&mut *tx, actor, "user_created", user.username, role).await?;
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
            let mut tx = self.begin().await?;
            let target = db::find_by_id(&mut *tx, id)
                .await?
                .ok_or(AppError::NotFound)?;
            check(&target)?;
            match change {
                Change::Active(active) => db::set_active(&mut *tx, id, *active).await?,
                Change::Role(role) => db::set_role(&mut *tx, id, *role).await?,
                Change::Password(hash) => db::set_password(&mut *tx, id, hash).await?,
                Change::Services(services) => {
                    services::db::set_assignments(&mut tx, id, services).await?;
                    services::db::bump_version(&mut *tx).await?;
                }
            }
            let (action, detail) = change.audit(&target);
            audit::record(&mut *tx, actor, action, &target.username, &detail).await?;
            let changed = db::find_by_id(&mut *tx, id)
                .await?
                .ok_or(AppError::NotFound)?;
            tx.commit().await?;
            Ok(changed)
        })
    }

    fn vault_secret<'a>(&'a self, user: i64, fresh: &'a [u8]) -> Answer<'a, Vec<u8>> {
        Box::pin(async move {
            let mut connection = self.write().acquire().await?;
            db::vault_secret(&mut connection, user, fresh).await
        })
    }
}
