//! Password hashing with argon2id (the crate's defaults follow the OWASP
//! recommendation). Hashing is CPU-heavy, so it runs on the blocking pool
//! rather than stalling the async workers, and memory-heavy (19 MiB each),
//! so only as many run at once as the machine has cores: the rest wait
//! their turn instead of adding 19 MiB each to the server's memory.

use crate::error::{internal, AppError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use std::sync::OnceLock;

/// Stored in place of a hash for an account nobody may log in to (the demo
/// workers): no password verifies against it.
pub const LOCKED: &str = "!";

/// How many hashes may be computed at once. The limit protects the whole
/// process's memory, so it is the process's, shared by every caller.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);
const HASHING_AT_ONCE: usize = 2;

pub async fn hash(password: String) -> Result<String, AppError> {
    let _turn = HASHING.acquire().await.map_err(internal)?;
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

/// Checks `password` against `stored`. With no stored hash (unknown user) or
/// a locked account it still does the full work against a fixed hash, so the
/// answer takes as long whatever the account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let _turn = HASHING.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(move || {
        let (stored, exists) = match stored {
            Some(stored) if stored != LOCKED => (stored, true),
            _ => (dummy_hash().to_owned(), false),
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
    async fn a_locked_account_never_verifies() {
        assert!(!verify(LOCKED.into(), Some(LOCKED.into())).await.unwrap());
        assert!(!verify(String::new(), Some(LOCKED.into())).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify("no such user".into(), None).await.unwrap());
    }
}
