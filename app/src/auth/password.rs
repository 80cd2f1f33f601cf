//! Password hashing with argon2id (the crate's defaults follow the OWASP
//! recommendation). Hashing is CPU-heavy, so it runs on the blocking pool
//! rather than stalling the async workers.

use crate::error::{internal, AppError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use std::sync::OnceLock;

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(internal)
    })
    .await
    .map_err(internal)?
}

/// Checks `password` against `stored`. With no stored hash (unknown user) it
/// still does the full work against a fixed hash, so the answer takes as long
/// whether the user exists or not.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let (stored, exists) = match stored {
            Some(stored) => (stored, true),
            None => (dummy_hash().to_owned(), false),
        };
        let parsed = PasswordHash::new(&stored).map_err(internal)?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(exists && matches)
    })
    .await
    .map_err(internal)?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no such user", &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let stored = hash("správné heslo".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("správné heslo".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("špatné heslo".into(), Some(stored)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify("no such user".into(), None).await.unwrap());
    }
}
