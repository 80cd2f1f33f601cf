//! Configuration: every setting has a flag, an environment variable and a
//! default that just works (`cargo leptos serve` with nothing set).
//!
//! Values arrive as strings and are validated here, so a typo stops start-up
//! with one sentence naming the variable instead of a panic deep in a library.

use clap::Args;
use std::fmt;
use std::net::SocketAddr;

pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/teren.db";
pub const DEFAULT_LOG: &str = "info,sqlx=warn,tower_http=info";
pub const DEFAULT_SESSION_DAYS: u16 = 14;
const MAX_SESSION_DAYS: u16 = 365;
/// A chosen setup code must be at least this long to resist guessing.
pub const SETUP_CODE_MIN: usize = 12;

/// The raw settings as given on the command line or in the environment.
#[derive(Debug, Default, Clone, Args)]
pub struct RawConfig {
    /// Address and port to listen on.
    #[arg(long = "addr", env = "TEREN_ADDR", value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// SQLite database, e.g. `sqlite://data/teren.db`; the file and its
    /// folder are created on first start.
    #[arg(long = "database-url", env = "DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Log filter in `tracing` syntax, e.g. `info` or `debug,sqlx=warn`.
    #[arg(long = "log", env = "TEREN_LOG", value_name = "FILTER")]
    pub log: Option<String>,
    /// The address users open, as the browser sees it behind a reverse
    /// proxy, e.g. `https://teren.example.org`: requests must come from it
    /// (the proxy may rewrite `Host`). Over https, cookies are `Secure` and
    /// browsers are told to use https only, unless said otherwise.
    #[arg(
        long = "public-origin",
        env = "TEREN_PUBLIC_ORIGIN",
        value_name = "URL"
    )]
    pub public_origin: Option<String>,
    /// The reverse proxy's own IP address: only from it is the client
    /// address in `X-Forwarded-For` believed (for the login throttle and
    /// the audit log); anyone else's is ignored.
    #[arg(long = "trusted-proxy", env = "TEREN_TRUSTED_PROXY", value_name = "IP")]
    pub trusted_proxy: Option<String>,
    /// Mark cookies `Secure`; turn on when the app is served over https.
    #[arg(
        long = "secure-cookies",
        env = "TEREN_SECURE_COOKIES",
        value_name = "BOOL"
    )]
    pub secure_cookies: Option<String>,
    /// Days a login lasts without use; every use starts the count again.
    #[arg(long = "session-days", env = "TEREN_SESSION_DAYS", value_name = "DAYS")]
    pub session_days: Option<String>,
    /// Folder for the server's own backups; unset (the default), the server
    /// does not back up by itself (`teren backup` still works).
    #[arg(long = "backup-dir", env = "TEREN_BACKUP_DIR", value_name = "FOLDER")]
    pub backup_dir: Option<String>,
    /// How often the server backs up: minutes, hours or days such as `30m`,
    /// `6h`, `1d` (default `24h`).
    #[arg(
        long = "backup-every",
        env = "TEREN_BACKUP_EVERY",
        value_name = "INTERVAL"
    )]
    pub backup_every: Option<String>,
    /// How many of its backups the server keeps; older ones are deleted
    /// after a new one is written and checked (default 14).
    #[arg(long = "backup-keep", env = "TEREN_BACKUP_KEEP", value_name = "COUNT")]
    pub backup_keep: Option<String>,
    /// Address for Prometheus metrics (`/metrics`), e.g. `127.0.0.1:9464`;
    /// unset (the default), no metrics are served. Keep it off the
    /// internet: anyone who reaches it reads the counts.
    #[arg(
        long = "metrics-addr",
        env = "TEREN_METRICS_ADDR",
        value_name = "HOST:PORT"
    )]
    pub metrics_addr: Option<String>,
    /// The code the first-start page asks for. Unset (the normal case): a
    /// random one is made at each start and written to the log.
    #[arg(long = "setup-code", env = "TEREN_SETUP_CODE", value_name = "CODE")]
    pub setup_code: Option<String>,
    /// The umbrella this organisation sends its yearly figures to, e.g.
    /// `https://narodni.example.cz`; unset (the default), it sends to none.
    #[arg(long = "umbrella-url", env = "TEREN_UMBRELLA_URL", value_name = "URL")]
    pub umbrella_url: Option<String>,
    /// This organisation's member code at the umbrella.
    #[arg(
        long = "umbrella-member",
        env = "TEREN_UMBRELLA_MEMBER",
        value_name = "CODE"
    )]
    pub umbrella_member: Option<String>,
    /// The key the umbrella gave this member (`teren umbrella add-member`).
    #[arg(long = "umbrella-key", env = "TEREN_UMBRELLA_KEY", value_name = "KEY")]
    pub umbrella_key: Option<String>,
    /// Send exact counts, small ones too, rather than the figures as the
    /// yearly report publishes them (default false). The organisation's
    /// decision, on its own legal basis.
    #[arg(
        long = "umbrella-unsuppressed",
        env = "TEREN_UMBRELLA_UNSUPPRESSED",
        value_name = "BOOL"
    )]
    pub umbrella_unsuppressed: Option<String>,
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub log: String,
    pub secure_cookies: bool,
    pub session_days: u16,
    pub setup_code: Option<String>,
    /// `scheme://host[:port]`, lower-case, no path.
    pub public_origin: Option<String>,
    pub trusted_proxy: Option<std::net::IpAddr>,
    pub backups: Option<BackupSchedule>,
    pub metrics_addr: Option<SocketAddr>,
    pub umbrella: Option<UmbrellaLink>,
}

/// The server's own backups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSchedule {
    pub folder: std::path::PathBuf,
    pub every: std::time::Duration,
    pub keep: u32,
}

/// A setting that could not be used, with the variable that carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub flag: &'static str,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} ({}) {:?}: {}",
            self.variable, self.flag, self.value, self.reason
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub fn from_raw(raw: RawConfig) -> Result<Self, ConfigError> {
        let addr = setting(raw.addr, DEFAULT_ADDR);
        let addr = addr.parse::<SocketAddr>().map_err(|_| ConfigError {
            variable: "TEREN_ADDR",
            flag: "--addr",
            value: addr.clone(),
            reason: format!("expected an IP address and port such as {DEFAULT_ADDR}"),
        })?;

        let database_url = setting(raw.database_url, DEFAULT_DATABASE_URL);
        if Engine::of(&database_url).is_none() {
            return Err(ConfigError {
                variable: "DATABASE_URL",
                flag: "--database-url",
                value: database_url,
                reason: "expected SQLite (sqlite://data/teren.db) or, for a host of many \
                         organisations, PostgreSQL (postgres://host/teren)"
                    .into(),
            });
        }

        let log = setting(raw.log, DEFAULT_LOG);
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&log) {
            return Err(ConfigError {
                variable: "TEREN_LOG",
                flag: "--log",
                value: log,
                reason: format!("not a log filter ({error}); try `info` or `debug`"),
            });
        }

        let public_origin = raw
            .public_origin
            .map(|origin| origin.trim().to_owned())
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                parse_origin(&origin).ok_or_else(|| ConfigError {
                    variable: "TEREN_PUBLIC_ORIGIN",
                    flag: "--public-origin",
                    value: origin.clone(),
                    reason: "expected http:// or https:// and a host, with no path, such as \
                             https://teren.example.org"
                        .into(),
                })
            })
            .transpose()?;
        let trusted_proxy = raw
            .trusted_proxy
            .map(|ip| ip.trim().to_owned())
            .filter(|ip| !ip.is_empty())
            .map(|ip| {
                ip.parse::<std::net::IpAddr>().map_err(|_| ConfigError {
                    variable: "TEREN_TRUSTED_PROXY",
                    flag: "--trusted-proxy",
                    value: ip.clone(),
                    reason: "expected the proxy's IP address, such as 127.0.0.1".into(),
                })
            })
            .transpose()?;

        let https = public_origin
            .as_deref()
            .is_some_and(|origin| origin.starts_with("https://"));
        let secure_cookies = setting(raw.secure_cookies, if https { "true" } else { "false" });
        let secure_cookies = parse_bool(&secure_cookies).ok_or_else(|| ConfigError {
            variable: "TEREN_SECURE_COOKIES",
            flag: "--secure-cookies",
            value: secure_cookies.clone(),
            reason: "expected true or false".into(),
        })?;

        let session_days = setting(raw.session_days, &DEFAULT_SESSION_DAYS.to_string());
        let session_days = session_days
            .parse::<u16>()
            .ok()
            .filter(|days| (1..=MAX_SESSION_DAYS).contains(days))
            .ok_or_else(|| ConfigError {
                variable: "TEREN_SESSION_DAYS",
                flag: "--session-days",
                value: session_days.clone(),
                reason: format!("expected a whole number of days from 1 to {MAX_SESSION_DAYS}"),
            })?;

        let setup_code = raw
            .setup_code
            .map(|code| code.trim().to_owned())
            .filter(|code| !code.is_empty());
        if let Some(code) = setup_code
            .as_ref()
            .filter(|c| c.chars().count() < SETUP_CODE_MIN)
        {
            return Err(ConfigError {
                variable: "TEREN_SETUP_CODE",
                flag: "--setup-code",
                value: code.clone(),
                reason: format!(
                    "at least {SETUP_CODE_MIN} characters, or leave it unset for a random code"
                ),
            });
        }

        let backups = backup_schedule(raw.backup_dir, raw.backup_every, raw.backup_keep)?;
        let metrics_addr = raw
            .metrics_addr
            .map(|addr| addr.trim().to_owned())
            .filter(|addr| !addr.is_empty())
            .map(|value| {
                let refused = |reason: String| ConfigError {
                    variable: "TEREN_METRICS_ADDR",
                    flag: "--metrics-addr",
                    value: value.clone(),
                    reason,
                };
                let metrics = value.parse::<SocketAddr>().map_err(|_| {
                    refused("expected an IP address and port such as 127.0.0.1:9464".into())
                })?;
                if metrics.port() == addr.port()
                    && (metrics.ip() == addr.ip()
                        || metrics.ip().is_unspecified()
                        || addr.ip().is_unspecified())
                {
                    return Err(refused(format!(
                        "the app already listens on {addr}; choose another port"
                    )));
                }
                Ok(metrics)
            })
            .transpose()?;

        let umbrella = umbrella_link(
            raw.umbrella_url,
            raw.umbrella_member,
            raw.umbrella_key,
            raw.umbrella_unsuppressed,
        )?;

        Ok(Self {
            addr,
            database_url,
            log,
            secure_cookies,
            session_days,
            setup_code,
            public_origin,
            trusted_proxy,
            backups,
            metrics_addr,
            umbrella,
        })
    }

    /// The defaults, for tests and tools that only need to change a field.
    pub fn with_database_url(database_url: impl Into<String>) -> Self {
        let raw = RawConfig {
            database_url: Some(database_url.into()),
            ..RawConfig::default()
        };
        Self::from_raw(raw).expect("the defaults are valid")
    }
}

/// An unset or blank value means "use the default": `TEREN_ADDR=` in a
/// service file should not be an error.
fn setting(value: Option<String>, default: &str) -> String {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// `https://Teren.Example.org/` → `https://teren.example.org`; `None` for
/// anything but a scheme and a host (with a port).
fn parse_origin(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.strip_suffix('/').unwrap_or(rest);
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    valid.then(|| format!("{scheme}://{host}"))
}

pub const DEFAULT_BACKUP_EVERY: &str = "24h";
pub const DEFAULT_BACKUP_KEEP: u32 = 14;
const MAX_BACKUP_KEEP: u32 = 1000;
const MAX_BACKUP_EVERY_MINUTES: u64 = 30 * 24 * 60;

fn backup_schedule(
    folder: Option<String>,
    every: Option<String>,
    keep: Option<String>,
) -> Result<Option<BackupSchedule>, ConfigError> {
    let folder = folder
        .map(|folder| folder.trim().to_owned())
        .filter(|folder| !folder.is_empty());
    let Some(folder) = folder else {
        // An interval or a count without a folder is a half-made setting:
        // the operator believes the server backs up, and it does not.
        let given = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.trim().is_empty());
        for (value, variable, flag) in [
            (&every, "TEREN_BACKUP_EVERY", "--backup-every"),
            (&keep, "TEREN_BACKUP_KEEP", "--backup-keep"),
        ] {
            if given(value) {
                return Err(ConfigError {
                    variable,
                    flag,
                    value: value.clone().unwrap_or_default(),
                    reason: "set TEREN_BACKUP_DIR too, or the server makes no backups".into(),
                });
            }
        }
        return Ok(None);
    };
    let every = setting(every, DEFAULT_BACKUP_EVERY);
    let minutes = parse_interval(&every)
        .filter(|minutes| (1..=MAX_BACKUP_EVERY_MINUTES).contains(minutes))
        .ok_or_else(|| ConfigError {
            variable: "TEREN_BACKUP_EVERY",
            flag: "--backup-every",
            value: every.clone(),
            reason: "expected minutes, hours or days such as 30m, 6h or 1d, from 1m to 30d".into(),
        })?;
    let keep = setting(keep, &DEFAULT_BACKUP_KEEP.to_string());
    let keep = keep
        .parse::<u32>()
        .ok()
        .filter(|keep| (1..=MAX_BACKUP_KEEP).contains(keep))
        .ok_or_else(|| ConfigError {
            variable: "TEREN_BACKUP_KEEP",
            flag: "--backup-keep",
            value: keep.clone(),
            reason: format!("expected a whole number of backups from 1 to {MAX_BACKUP_KEEP}"),
        })?;
    Ok(Some(BackupSchedule {
        folder: folder.into(),
        every: std::time::Duration::from_secs(minutes * 60),
        keep,
    }))
}

/// `30m`, `6h`, `1d` (or a bare number of hours) in minutes.
fn parse_interval(value: &str) -> Option<u64> {
    let value = value.trim().to_ascii_lowercase();
    let (number, unit) = match value.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => value.split_at(at),
        None => (value.as_str(), "h"),
    };
    let number: u64 = number.parse().ok()?;
    let minutes_per = match unit.trim() {
        "m" | "min" => 1,
        "h" => 60,
        "d" => 24 * 60,
        _ => return None,
    };
    number.checked_mul(minutes_per)
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

mod umbrella;

use umbrella::umbrella_link;
pub use umbrella::{is_member_code, UmbrellaLink};

#[cfg(test)]
mod tests;

/// The database engine a `DATABASE_URL` names, by its scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}
