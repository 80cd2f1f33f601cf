//! The server's half of a phone's safe: the per-user secret that wraps the
//! phone's data key. Handed only to a session that has just typed its
//! password (at login, or again here): a phone whose PIN is forgotten or
//! locked gets its queue back with the password, and a phone found with an
//! old session cookie gets nothing.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::store::AccountStore,
    crate::auth::{guard, password, session, validate, Role},
    crate::error::respond,
};

/// How long after a login the session may fetch the secret without the
/// password: the same as the phone's lock after disuse.
pub const FRESH_LOGIN_SECS: i64 = 15 * 60;
/// Bytes of the secret (an AES-256 key).
pub const SECRET_LEN: usize = 32;

/// Whether a login `since` seconds ago is recent enough to hand over the
/// secret without the password.
pub fn is_fresh(since: Option<i64>) -> bool {
    since.is_some_and(|since| (0..=FRESH_LOGIN_SECS).contains(&since))
}

/// The logged-in user's wrapping secret (base64). Without `password` only
/// within [`FRESH_LOGIN_SECS`] of the login; with it, when it is right
/// (throttled like a login).
#[server(endpoint = "vault/key")]
pub async fn vault_key(password: Option<String>) -> Result<String, AppError> {
    respond(async move {
        let profile = guard::require(Role::Worker)?;
        let pool = guard::store::<dyn AccountStore>()?;
        match password {
            Some(password) => {
                AppError::check_text("password", &password, true, validate::PASSWORD_MAX)?;
                let throttle = guard::throttle()?;
                let client_addr = guard::visitor().client_addr;
                let attempt = throttle
                    .begin(&profile.username, &client_addr)
                    .await
                    .map_err(|retry_after_secs| AppError::Throttled { retry_after_secs })?;
                let stored = pool.user(profile.id).await?.map(|row| row.password_hash);
                if !password::verify(password, stored).await? {
                    let actor = guard::actor(Some(&profile));
                    pool.audit(&actor, "vault_key_failed", &profile.username, "")
                        .await?;
                    return Err(AppError::InvalidCredentials);
                }
                attempt.succeeded();
            }
            None => {
                let since = session::since_login(&guard::session().await?).await?;
                if !is_fresh(since) {
                    return Err(AppError::PasswordNeeded);
                }
            }
        }
        let mut fresh = [0u8; SECRET_LEN];
        {
            use argon2::password_hash::rand_core::{OsRng, RngCore};
            OsRng.fill_bytes(&mut fresh);
        }
        let secret = pool.vault_secret(profile.id, &fresh).await?;
        // Made now: a first login, or a secret lost with a restored backup,
        // when the phone's copy opens by the PIN only until it is wrapped
        // again. Never silently.
        if secret == fresh {
            let actor = guard::actor(Some(&profile));
            pool.audit(&actor, "vault_secret_created", &profile.username, "")
                .await?;
        }
        Ok(super::base64::encode(&secret))
    })
    .await
}
