//! Password hashing with argon2id (the crate's defaults follow the OWASP
//! recommendation). Hashing is CPU-heavy, so it runs off the async workers,
//! and memory-heavy (19 MiB each), so it runs on [`HASHING_AT_ONCE`]
//! threads of its own, started on first use and kept: the rest wait their
//! turn in a queue. Each thread reuses its own 19 MiB. On tokio's blocking
//! pool instead, the hashes spread over as many threads as happened to be
//! free, and the allocator kept 19 MiB for each of them: fifty colleagues
//! logging in at once grew the server by hundreds of megabytes.

use crate::error::{internal, AppError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

/// Stored in place of a hash for an account nobody may log in to (the demo
/// workers): no password verifies against it.
pub const LOCKED: &str = "!";

/// How many hashes may be computed at once, and so how many threads hash.
/// The limit protects the whole process's memory, so it is the process's,
/// shared by every caller.
const HASHING_AT_ONCE: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

fn hashers() -> &'static Mutex<mpsc::Sender<Job>> {
    static HASHERS: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    HASHERS.get_or_init(|| {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..HASHING_AT_ONCE {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || loop {
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    let Ok(job) = job else { return };
                    // A panicking hash fails its own caller (its answer is
                    // dropped), not the thread.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                })
                .expect("a password hashing thread starts");
        }
        Mutex::new(jobs)
    })
}

/// Runs `work` on a hashing thread once one is free.
async fn on_hasher<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    hashers()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .send(job)
        .map_err(internal)?;
    answered.await.map_err(internal)?
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_hasher(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(internal)
    })
    .await
}

/// Checks `password` against `stored`. With no stored hash (unknown user) or
/// a locked account it still does the full work against a fixed hash, so the
/// answer takes as long whatever the account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_hasher(move || {
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
