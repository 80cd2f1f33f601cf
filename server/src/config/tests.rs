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
fn a_database_neither_sqlite_nor_postgresql_is_refused() {
    let raw = RawConfig {
        database_url: Some("mysql://localhost/teren".into()),
        ..RawConfig::default()
    };
    assert_eq!(Config::from_raw(raw).unwrap_err().variable, "DATABASE_URL");
    for (url, engine) in [
        ("sqlite://data/teren.db", Engine::Sqlite),
        ("postgres://localhost/teren", Engine::Postgres),
        ("postgresql://localhost/teren", Engine::Postgres),
    ] {
        let raw = RawConfig {
            database_url: Some(url.into()),
            ..RawConfig::default()
        };
        let config = Config::from_raw(raw).unwrap();
        assert_eq!(Engine::of(&config.database_url), Some(engine), "{url}");
    }
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

fn with_backups(dir: &str, every: &str, keep: &str) -> RawConfig {
    let some = |value: &str| (!value.is_empty()).then(|| value.to_owned());
    RawConfig {
        backup_dir: some(dir),
        backup_every: some(every),
        backup_keep: some(keep),
        ..RawConfig::default()
    }
}

#[test]
fn backups_are_off_until_a_folder_is_given() {
    assert_eq!(
        Config::from_raw(RawConfig::default()).unwrap().backups,
        None
    );
    let config = Config::from_raw(with_backups("/var/backups/teren", "", "")).unwrap();
    assert_eq!(
        config.backups,
        Some(BackupSchedule {
            folder: "/var/backups/teren".into(),
            every: std::time::Duration::from_secs(24 * 3600),
            keep: DEFAULT_BACKUP_KEEP,
        })
    );
}

#[test]
fn backup_intervals_read_as_an_operator_writes_them() {
    for (given, minutes) in [
        ("30m", 30),
        ("6h", 360),
        ("1d", 1440),
        ("12", 720),
        (" 2H ", 120),
    ] {
        let config = Config::from_raw(with_backups("b", given, "3")).unwrap();
        let schedule = config.backups.unwrap();
        assert_eq!(schedule.every.as_secs(), minutes * 60, "{given}");
        assert_eq!(schedule.keep, 3);
    }
}

#[test]
fn bad_backup_settings_name_their_variable() {
    for (raw, variable) in [
        (with_backups("b", "0m", ""), "TEREN_BACKUP_EVERY"),
        (with_backups("b", "31d", ""), "TEREN_BACKUP_EVERY"),
        (with_backups("b", "daily", ""), "TEREN_BACKUP_EVERY"),
        (with_backups("b", "6h", "0"), "TEREN_BACKUP_KEEP"),
        (with_backups("b", "6h", "many"), "TEREN_BACKUP_KEEP"),
        (with_backups("", "6h", ""), "TEREN_BACKUP_EVERY"),
        (with_backups("", "", "7"), "TEREN_BACKUP_KEEP"),
    ] {
        let error = Config::from_raw(raw).unwrap_err();
        assert_eq!(error.variable, variable, "{error}");
    }
    let half = Config::from_raw(with_backups(" ", "", "7")).unwrap_err();
    assert!(half.reason.contains("TEREN_BACKUP_DIR"), "{half}");
}

#[test]
fn metrics_are_off_by_default_and_need_their_own_port() {
    assert_eq!(
        Config::from_raw(RawConfig::default()).unwrap().metrics_addr,
        None
    );
    let raw = |metrics: &str| RawConfig {
        metrics_addr: Some(metrics.into()),
        ..RawConfig::default()
    };
    let config = Config::from_raw(raw("127.0.0.1:9464")).unwrap();
    assert_eq!(config.metrics_addr.unwrap().to_string(), "127.0.0.1:9464");
    for bad in ["9464", "localhost:9464", "127.0.0.1:3000", "0.0.0.0:3000"] {
        let error = Config::from_raw(raw(bad)).unwrap_err();
        assert_eq!(error.variable, "TEREN_METRICS_ADDR", "{bad}");
    }
}
