//! Who is using a database file. A running server holds a lock on a file
//! beside the database for as long as it serves it; a restore, which
//! replaces the database file, takes the same lock and refuses while a
//! server holds it, and a second server on the same file refuses to start.
//! The lock is the kernel's: it goes with the process, however it ends.

use sqlx::sqlite::SqliteConnectOptions;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The lock, held until dropped.
#[derive(Debug)]
pub struct InUse {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum InUseError {
    #[error(
        "{0}: in use by a running Terén server (or a restore); stop the server first, \
         then run the command again"
    )]
    Held(String),
    #[error("DATABASE_URL: cannot lock {path} beside the database: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid DATABASE_URL {0:?}")]
    Url(String),
}

/// The database file a `sqlite://` URL names; `None` for a database in
/// memory, which no other process can see.
pub fn database_file(url: &str) -> Result<Option<PathBuf>, InUseError> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(None);
    }
    let options =
        SqliteConnectOptions::from_str(url).map_err(|_| InUseError::Url(url.to_owned()))?;
    let file = options.get_filename();
    Ok((file.as_os_str() != ":memory:").then(|| file.to_path_buf()))
}

/// Takes the lock on the database at `url`, or says who holds it.
pub fn hold(url: &str) -> Result<Option<InUse>, InUseError> {
    let Some(database) = database_file(url)? else {
        return Ok(None);
    };
    hold_file(&database).map(Some)
}

fn hold_file(database: &Path) -> Result<InUse, InUseError> {
    let path = PathBuf::from(format!("{}.lock", database.display()));
    let io = |source| InUseError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(io)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(InUse { _file: file }),
        Err(TryLockError::WouldBlock) => Err(InUseError::Held(database.display().to_string())),
        Err(TryLockError::Error(source)) => Err(io(source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_free_again_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/teren.db", dir.path().display());
        let first = hold(&url).unwrap();
        assert!(first.is_some());
        let second = hold(&url).unwrap_err();
        assert!(second.to_string().contains("in use"), "{second}");
        drop(first);
        assert!(hold(&url).unwrap().is_some());
        assert!(hold("sqlite::memory:").unwrap().is_none());
    }
}
