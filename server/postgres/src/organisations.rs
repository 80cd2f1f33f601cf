//! The organisations of a host: a database each in one cluster, and a
//! control database that maps the host name an organisation's users open
//! to its database (`teren org create|list|migrate|remove`).

use crate::{OpenError, PgStore, MIGRATOR};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgPool};
use std::str::FromStr;

static CONTROL_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./control");

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
    if !valid_database_name(name) {
        return Err(OpenError::Name(name.to_owned()));
    }
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

/// Why an organisation could not be created, found or removed.
#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error(
        "{0:?} is not a host name: lower-case letters, digits, '-' and '.', such as \
         kc-brno.teren.example"
    )]
    Host(String),
    #[error("the organisation name may not be empty")]
    Name,
    #[error("{0} already has an organisation")]
    Taken(String),
    #[error("no organisation is served at {0}")]
    Unknown(String),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// One organisation as the control database lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub host: String,
    pub database: String,
    pub name: String,
    pub created_at: String,
    /// False while it is being imported: its host answers as one with no
    /// organisation.
    pub served: bool,
}

/// The host's control database.
pub struct Control {
    url: String,
    pool: PgPool,
}

/// A host name as its users type it, lower-cased; `None` when it is not one.
pub fn host_name(typed: &str) -> Option<String> {
    let host = typed.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    (labels_ok && host.len() <= 253).then_some(host)
}

/// The database an organisation at `host` gets: its host name, made a
/// database name, and cut to PostgreSQL's length.
fn database_for(host: &str) -> String {
    let mut name: String = format!("org_{host}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    name.truncate(63);
    name
}

impl Control {
    /// Opens the control database at `url`, creating it on first use.
    pub async fn open(url: &str) -> Result<Control, OrgError> {
        let options = PgConnectOptions::from_str(url).map_err(|source| OpenError::Url {
            url: url.to_owned(),
            source,
        })?;
        let name = options.get_database().unwrap_or("teren").to_owned();
        if options.clone().connect().await.is_err() {
            // Created from the cluster's maintenance database.
            let maintenance = database_url(url, "postgres")?;
            create_database(&maintenance, &name).await?;
        }
        // Asked once for each organisation opened, and every half minute
        // whether it is still there: two connections are plenty.
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(2)
            .idle_timeout(std::time::Duration::from_secs(60))
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Connect {
                url: url.to_owned(),
                source,
            })?;
        CONTROL_MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| OpenError::Migrate {
                url: url.to_owned(),
                source,
            })?;
        Ok(Control {
            url: url.to_owned(),
            pool,
        })
    }

    /// How many connections the cluster takes from clients like Terén:
    /// `max_connections` less those kept for superusers.
    pub async fn cluster_connections(&self) -> Result<i64, OrgError> {
        Ok(sqlx::query_scalar!(
            r#"SELECT current_setting('max_connections')::bigint
                      - current_setting('superuser_reserved_connections')::bigint AS "n!""#
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// The URL of an organisation's database.
    pub fn url_of(&self, organisation: &Organisation) -> Result<String, OrgError> {
        Ok(database_url(&self.url, &organisation.database)?)
    }

    /// Creates an organisation served at `host`: its database, migrated.
    /// Noted in the control database first, so a creation cut short is
    /// finished by `migrate`, never left unnamed in the cluster.
    pub async fn create(&self, host: &str, name: &str) -> Result<Organisation, OrgError> {
        self.create_as(host, name, true).await
    }

    /// [`Control::create`], not served until [`Control::serve`]: for an
    /// organisation whose data is still to be copied in.
    pub async fn create_unserved(&self, host: &str, name: &str) -> Result<Organisation, OrgError> {
        self.create_as(host, name, false).await
    }

    /// Starts serving an organisation made by [`Control::create_unserved`].
    pub async fn serve(&self, host: &str) -> Result<(), OrgError> {
        sqlx::query!(
            "UPDATE organisations SET served = TRUE WHERE host = $1",
            host
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn create_as(
        &self,
        host: &str,
        name: &str,
        served: bool,
    ) -> Result<Organisation, OrgError> {
        let host = host_name(host).ok_or_else(|| OrgError::Host(host.to_owned()))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(OrgError::Name);
        }
        let database = database_for(&host);
        let created = sqlx::query_as!(
            Organisation,
            "INSERT INTO organisations (host, database, name, served) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING
             RETURNING host, database, name, created_at, served",
            host,
            database,
            name,
            served
        )
        .fetch_optional(&self.pool)
        .await?
        .ok_or(OrgError::Taken(host))?;
        create_database(&self.url, &created.database).await?;
        let store = PgStore::migrate(&self.url_of(&created)?).await?;
        store.add_packs().await.map_err(|error| {
            OrgError::Database(sqlx::Error::Protocol(format!("adding the lists: {error}")))
        })?;
        store.close().await;
        Ok(created)
    }

    pub async fn list(&self) -> Result<Vec<Organisation>, OrgError> {
        Ok(sqlx::query_as!(
            Organisation,
            "SELECT host, database, name, created_at, served FROM organisations ORDER BY host"
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The organisation a request for `host` belongs to; one being
    /// imported is not served yet.
    pub async fn find(&self, host: &str) -> Result<Organisation, OrgError> {
        self.find_any(host)
            .await?
            .filter(|organisation| organisation.served)
            .ok_or_else(|| OrgError::Unknown(host.to_owned()))
    }

    /// The organisation at `host`, served or not.
    async fn find_any(&self, host: &str) -> Result<Option<Organisation>, OrgError> {
        let Some(host) = host_name(host) else {
            return Ok(None);
        };
        Ok(sqlx::query_as!(
            Organisation,
            "SELECT host, database, name, created_at, served FROM organisations WHERE host = $1",
            host
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Brings every organisation's database to this version's schema, one
    /// after another; a database that fails is reported and the others go
    /// on. A database missing after an interrupted `create` is made.
    pub async fn migrate(&self) -> Result<Vec<(Organisation, Result<(), OpenError>)>, OrgError> {
        let mut done = Vec::new();
        for organisation in self.list().await? {
            let url = self.url_of(&organisation)?;
            let migrated = match PgStore::migrate(&url).await {
                Err(OpenError::Connect { .. }) => {
                    match create_database(&self.url, &organisation.database).await {
                        Ok(_) => PgStore::migrate(&url).await,
                        Err(error) => Err(error),
                    }
                }
                other => other,
            };
            let result = match migrated {
                Ok(store) => {
                    store.close().await;
                    Ok(())
                }
                Err(error) => Err(error),
            };
            done.push((organisation, result));
        }
        Ok(done)
    }

    /// How far an organisation's database is migrated: applied of known.
    pub async fn schema(&self, organisation: &Organisation) -> Result<String, OrgError> {
        let url = self.url_of(organisation)?;
        Ok(match PgStore::open(&url).await {
            Ok(store) => {
                store.close().await;
                format!("schema {}", MIGRATOR.iter().count())
            }
            Err(error) => error.to_string(),
        })
    }

    /// Removes an organisation and its database with all its records.
    pub async fn remove(&self, host: &str) -> Result<Organisation, OrgError> {
        let organisation = self
            .find_any(host)
            .await?
            .ok_or_else(|| OrgError::Unknown(host.to_owned()))?;
        let mut cluster = self.pool.acquire().await?;
        // DDL takes no parameters; the name was made by `database_for`.
        if !valid_database_name(&organisation.database) {
            return Err(OpenError::Name(organisation.database).into());
        }
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            organisation.database
        ))
        .execute(&mut *cluster)
        .await?;
        sqlx::query!(
            "DELETE FROM organisations WHERE host = $1",
            organisation.host
        )
        .execute(&mut *cluster)
        .await?;
        Ok(organisation)
    }
}
