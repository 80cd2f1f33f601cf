//! The organisations of a host: a database each in one cluster.

use crate::OpenError;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;

/// A database name Terén makes: lower-case letters, digits and `_`,
/// starting with a letter, at most 63 bytes (PostgreSQL's limit). Checked
/// before it is put into DDL, which takes no parameters.
pub fn valid_database_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

/// The URL of database `name` on the cluster of `cluster_url`.
pub fn database_url(cluster_url: &str, name: &str) -> Result<String, OpenError> {
    let options = PgConnectOptions::from_str(cluster_url).map_err(|source| OpenError::Url {
        url: cluster_url.to_owned(),
        source,
    })?;
    Ok(options.database(name).to_url_lossy().to_string())
}

/// Creates an empty database `name`. Text in it compares byte by byte, as
/// in SQLite, so lists and reports sort alike on both engines.
pub async fn create_database(cluster_url: &str, name: &str) -> Result<String, OpenError> {
    assert!(valid_database_name(name), "database name {name:?}");
    let connect = |source| OpenError::Connect {
        url: cluster_url.to_owned(),
        source,
    };
    let mut cluster = sqlx::PgConnection::connect(cluster_url)
        .await
        .map_err(connect)?;
    // DDL takes no parameters; the name was checked above.
    sqlx::query(&format!(
        "CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8' \
         TEMPLATE template0"
    ))
    .execute(&mut cluster)
    .await
    .map_err(connect)?;
    cluster.close().await.map_err(connect)?;
    database_url(cluster_url, name)
}
