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
    /// The code the first-start page asks for. Unset (the normal case): a
    /// random one is made at each start and written to the log.
    #[arg(long = "setup-code", env = "TEREN_SETUP_CODE", value_name = "CODE")]
    pub setup_code: Option<String>,
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
        if !database_url.starts_with("sqlite:") {
            return Err(ConfigError {
                variable: "DATABASE_URL",
                flag: "--database-url",
                value: database_url,
                reason: "only SQLite is supported; expected a URL such as sqlite://data/teren.db"
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

        Ok(Self {
            addr,
            database_url,
            log,
            secure_cookies,
            session_days,
            setup_code,
            public_origin,
            trusted_proxy,
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

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_set_gives_the_documented_defaults() {
        let config = Config::from_raw(RawConfig::default()).unwrap();
        assert_eq!(config.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.log, DEFAULT_LOG);
        assert!(!config.secure_cookies);
    }

    #[test]
    fn blank_values_fall_back_to_defaults() {
        let raw = RawConfig {
            addr: Some("  ".into()),
            database_url: Some(String::new()),
            ..RawConfig::default()
        };
        let config = Config::from_raw(raw).unwrap();
        assert_eq!(config.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
    }

    #[test]
    fn an_unparseable_address_names_its_variable() {
        let raw = RawConfig {
            addr: Some("localhost:http".into()),
            ..RawConfig::default()
        };
        let error = Config::from_raw(raw).unwrap_err();
        assert_eq!(error.variable, "TEREN_ADDR");
        assert!(error.to_string().contains("TEREN_ADDR"), "{error}");
        assert!(error.to_string().contains("localhost:http"), "{error}");
    }

    #[test]
    fn a_non_sqlite_database_is_refused() {
        let raw = RawConfig {
            database_url: Some("postgres://localhost/teren".into()),
            ..RawConfig::default()
        };
        assert_eq!(Config::from_raw(raw).unwrap_err().variable, "DATABASE_URL");
    }

    #[test]
    fn a_broken_log_filter_names_its_variable() {
        let raw = RawConfig {
            log: Some("info,sqlx=loud".into()),
            ..RawConfig::default()
        };
        assert_eq!(Config::from_raw(raw).unwrap_err().variable, "TEREN_LOG");
    }

    #[test]
    fn session_days_must_be_a_sensible_whole_number() {
        assert_eq!(
            Config::from_raw(RawConfig::default()).unwrap().session_days,
            14
        );
        for bad in ["0", "366", "-1", "two weeks"] {
            let raw = RawConfig {
                session_days: Some(bad.into()),
                ..RawConfig::default()
            };
            assert_eq!(
                Config::from_raw(raw).unwrap_err().variable,
                "TEREN_SESSION_DAYS",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_chosen_setup_code_must_be_long_enough() {
        let raw = |code: &str| RawConfig {
            setup_code: Some(code.into()),
            ..RawConfig::default()
        };
        assert_eq!(
            Config::from_raw(raw("short")).unwrap_err().variable,
            "TEREN_SETUP_CODE"
        );
        assert_eq!(
            Config::from_raw(raw(" long-enough-code "))
                .unwrap()
                .setup_code
                .as_deref(),
            Some("long-enough-code")
        );
        assert_eq!(Config::from_raw(raw("  ")).unwrap().setup_code, None);
    }

    #[test]
    fn a_public_origin_is_a_scheme_and_a_host_and_https_makes_cookies_secure() {
        let raw = |origin: &str| RawConfig {
            public_origin: Some(origin.into()),
            ..RawConfig::default()
        };
        let config = Config::from_raw(raw("https://Teren.Example.org/")).unwrap();
        assert_eq!(
            config.public_origin.as_deref(),
            Some("https://teren.example.org")
        );
        assert!(config.secure_cookies, "https means secure cookies");
        let plain = Config::from_raw(raw("http://10.0.0.5:8080")).unwrap();
        assert!(!plain.secure_cookies);
        let said_otherwise = Config::from_raw(RawConfig {
            secure_cookies: Some("false".into()),
            ..raw("https://teren.example.org")
        })
        .unwrap();
        assert!(!said_otherwise.secure_cookies, "an explicit setting wins");
        for bad in [
            "teren.example.org",
            "ftp://x",
            "https://x/teren",
            "https://",
        ] {
            let error = Config::from_raw(raw(bad)).unwrap_err();
            assert_eq!(error.variable, "TEREN_PUBLIC_ORIGIN", "{bad}");
        }
    }

    #[test]
    fn a_trusted_proxy_is_an_ip_address() {
        let raw = |ip: &str| RawConfig {
            trusted_proxy: Some(ip.into()),
            ..RawConfig::default()
        };
        assert_eq!(
            Config::from_raw(raw("127.0.0.1")).unwrap().trusted_proxy,
            Some("127.0.0.1".parse().unwrap())
        );
        assert!(Config::from_raw(raw("::1"))
            .unwrap()
            .trusted_proxy
            .is_some());
        let error = Config::from_raw(raw("proxy.local")).unwrap_err();
        assert_eq!(error.variable, "TEREN_TRUSTED_PROXY");
    }

    #[test]
    fn secure_cookies_accepts_common_spellings_and_nothing_else() {
        for (value, expected) in [("true", true), ("ON", true), ("0", false), ("no", false)] {
            let raw = RawConfig {
                secure_cookies: Some(value.into()),
                ..RawConfig::default()
            };
            assert_eq!(
                Config::from_raw(raw).unwrap().secure_cookies,
                expected,
                "{value}"
            );
        }
        let raw = RawConfig {
            secure_cookies: Some("maybe".into()),
            ..RawConfig::default()
        };
        assert_eq!(
            Config::from_raw(raw).unwrap_err().variable,
            "TEREN_SECURE_COOKIES"
        );
    }
}
