//! The `teren` binary as an operator meets it: bad settings stop start-up
//! with one line naming the variable, not a backtrace.

use std::process::Command;

fn teren() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_teren"));
    command.env_remove("TEREN_ADDR").env_remove("DATABASE_URL");
    command
}

fn assert_refused(output: std::process::Output, variable: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "start-up must fail: {stderr}");
    assert!(stderr.contains(variable), "names {variable}: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert!(
        !stderr.contains("stack backtrace"),
        "no backtrace: {stderr}"
    );
}

#[test]
fn an_unparseable_address_stops_start_up() {
    let output = teren()
        .env("TEREN_ADDR", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_refused(output, "TEREN_ADDR");
}

#[test]
fn a_flag_is_validated_like_its_variable() {
    let output = teren().args(["--log", "info,sqlx=loud"]).output().unwrap();
    assert_refused(output, "TEREN_LOG");
}

#[test]
fn an_unwritable_database_path_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"").unwrap();
    let output = teren()
        .env("TEREN_ADDR", "127.0.0.1:0")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/teren.db", file.display()),
        )
        .output()
        .unwrap();
    assert_refused(output, "DATABASE_URL");
}

#[test]
fn help_lists_every_variable() {
    let output = teren().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for variable in [
        "TEREN_ADDR",
        "DATABASE_URL",
        "TEREN_LOG",
        "TEREN_SECURE_COOKIES",
        "TEREN_PUBLIC_ORIGIN",
        "TEREN_TRUSTED_PROXY",
        "TEREN_BACKUP_DIR",
        "TEREN_BACKUP_EVERY",
        "TEREN_BACKUP_KEEP",
        "TEREN_METRICS_ADDR",
    ] {
        assert!(help.contains(variable), "{variable} in --help: {help}");
    }
}

mod accounts {
    use super::teren;
    use std::io::Write;
    use std::process::{Output, Stdio};

    fn run(database_url: &str, args: &[&str], stdin: &str) -> Output {
        let mut child = teren()
            .env("DATABASE_URL", database_url)
            .env("TEREN_LOG", "warn")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    async fn users(database_url: &str) -> Vec<(String, String, String)> {
        let pool = server::db::connect(database_url).await.unwrap();
        sqlx::query_as("SELECT username, role, password_hash FROM users ORDER BY id")
            .fetch_all(pool.read())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_operator_creates_an_admin_and_resets_a_password() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/teren.db", dir.path().display());

        let created = run(
            &url,
            &[
                "create-user",
                "--username",
                "Jana",
                "--display-name",
                "Jana N.",
                "--role",
                "admin",
            ],
            "heslo-pro-janu\n",
        );
        assert!(
            created.status.success(),
            "{}",
            String::from_utf8_lossy(&created.stderr)
        );
        assert!(String::from_utf8_lossy(&created.stdout).contains("created jana"));
        let before = users(&url).await;
        assert_eq!(before.len(), 1);
        assert_eq!(
            (before[0].0.as_str(), before[0].1.as_str()),
            ("jana", "admin")
        );
        assert!(before[0].2.starts_with("$argon2id$"), "stored hashed");

        let reset = run(
            &url,
            &["reset-password", "--username", "jana"],
            "uplne-jine-heslo\n",
        );
        assert!(
            reset.status.success(),
            "{}",
            String::from_utf8_lossy(&reset.stderr)
        );
        let after = users(&url).await;
        assert_ne!(before[0].2, after[0].2, "the hash changed");
    }

    #[tokio::test]
    async fn accounts_are_made_and_reset_on_a_seeded_database_too() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/teren.db", dir.path().display());
        let seeded = run(
            &url,
            &["seed-demo", "--records", "300", "--workers", "3"],
            "",
        );
        assert!(
            seeded.status.success(),
            "{}",
            String::from_utf8_lossy(&seeded.stderr)
        );
        let before = users(&url).await;
        let pool = server::db::connect(&url).await.unwrap();
        let services: Vec<i64> = sqlx::query_scalar("SELECT id FROM services ORDER BY id")
            .fetch_all(pool.read())
            .await
            .unwrap();
        assert!(services.len() > 1, "the demo runs several services");

        // With several services, a worker must be given one.
        let args = [
            "create-user",
            "--username",
            "novy",
            "--display-name",
            "Nový",
        ];
        let refused = run(&url, &args, "heslo-pro-noveho\n");
        assert!(!refused.status.success());
        let service = services[1].to_string();
        let created = run(
            &url,
            &[&args[..], &["--service", &service]].concat(),
            "heslo-pro-noveho\n",
        );
        assert!(
            created.status.success(),
            "{}",
            String::from_utf8_lossy(&created.stderr)
        );
        let seeded_worker = before
            .iter()
            .find(|(_, role, _)| role == "worker")
            .map(|(name, _, _)| name.clone())
            .unwrap();
        let reset = run(
            &url,
            &["reset-password", "--username", &seeded_worker],
            "uplne-nove-heslo\n",
        );
        assert!(
            reset.status.success(),
            "{}",
            String::from_utf8_lossy(&reset.stderr)
        );

        let after = users(&url).await;
        assert_eq!(after.len(), before.len() + 1);
        let hash = |list: &[(String, String, String)]| {
            list.iter()
                .find(|(name, _, _)| *name == seeded_worker)
                .unwrap()
                .2
                .clone()
        };
        assert_ne!(hash(&before), hash(&after));
        let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
            .fetch_one(pool.read())
            .await
            .unwrap();
        assert_eq!(records, 300, "accounts change no record");
    }

    #[tokio::test]
    async fn bad_operator_input_is_refused_with_a_reason_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/teren.db", dir.path().display());
        let cases: [(&[&str], &str, &str); 4] = [
            (
                &[
                    "create-user",
                    "--username",
                    "jana",
                    "--display-name",
                    "J",
                    "--role",
                    "boss",
                ],
                "dlouhe-heslo-1\n",
                "role",
            ),
            (
                &["create-user", "--username", "", "--display-name", "J"],
                "dlouhe-heslo-1\n",
                "username",
            ),
            (
                &["create-user", "--username", "jana", "--display-name", "J"],
                "kratke\n",
                "password",
            ),
            (
                &["reset-password", "--username", "nikdo"],
                "dlouhe-heslo-1\n",
                "not found",
            ),
        ];
        for (args, stdin, reason) in cases {
            let output = run(&url, args, stdin);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{args:?} must fail");
            assert!(stderr.contains(reason), "{args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(users(&url).await.is_empty());
    }
}

/// `teren backup` and `teren restore` as an operator runs them, on a fresh
/// database and on a seeded one; and a newer database refused at start.
mod backups {
    use super::teren;
    use std::process::Output;

    fn run(database_url: &str, args: &[&str]) -> Output {
        teren()
            .env("DATABASE_URL", database_url)
            .env("TEREN_LOG", "warn")
            .args(args)
            .output()
            .unwrap()
    }

    fn said(output: &Output) -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }

    #[test]
    fn a_fresh_and_a_seeded_database_back_up_and_restore() {
        let dir = tempfile::tempdir().unwrap();
        let live = format!("sqlite://{}/live/teren.db", dir.path().display());
        let first = dir.path().join("backups/fresh.db");
        let output = run(&live, &["backup", "--to", first.to_str().unwrap()]);
        assert!(output.status.success(), "{}", said(&output));
        assert!(said(&output).contains("0 records"), "{}", said(&output));
        assert!(said(&output).contains("integrity ok"), "{}", said(&output));

        // The same name again: refused, the first backup untouched.
        let output = run(&live, &["backup", "--to", first.to_str().unwrap()]);
        assert!(!output.status.success());
        assert!(
            said(&output).contains("already exists"),
            "{}",
            said(&output)
        );

        let output = run(&live, &["seed-demo", "--records", "2000", "--workers", "3"]);
        assert!(output.status.success(), "{}", said(&output));
        let seeded = dir.path().join("backups/seeded.db");
        let output = run(&live, &["backup", "--to", seeded.to_str().unwrap()]);
        assert!(said(&output).contains("2000 records"), "{}", said(&output));

        // Restored over the live database, whose old self is kept.
        let output = run(&live, &["restore", "--from", first.to_str().unwrap()]);
        assert!(output.status.success(), "{}", said(&output));
        assert!(said(&output).contains("kept as"), "{}", said(&output));
        let check = dir.path().join("backups/check.db");
        let output = run(&live, &["backup", "--to", check.to_str().unwrap()]);
        assert!(said(&output).contains("0 records"), "{}", said(&output));

        // And back: the seeded one into a new place.
        let elsewhere = format!("sqlite://{}/elsewhere/teren.db", dir.path().display());
        let output = run(&elsewhere, &["restore", "--from", seeded.to_str().unwrap()]);
        assert!(output.status.success(), "{}", said(&output));
        let again = dir.path().join("backups/again.db");
        let output = run(&elsewhere, &["backup", "--to", again.to_str().unwrap()]);
        assert!(said(&output).contains("2000 records"), "{}", said(&output));
        let kept = std::fs::read_dir(dir.path().join("live"))
            .unwrap()
            .filter_map(Result::ok)
            .any(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .contains("before-restore")
            });
        assert!(kept, "the replaced database is kept");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_not_restored() {
        let dir = tempfile::tempdir().unwrap();
        let live = format!("sqlite://{}/teren.db", dir.path().display());
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "this is not a database").unwrap();
        let output = run(&live, &["restore", "--from", text.to_str().unwrap()]);
        assert!(!output.status.success());
        assert!(
            said(&output).contains("not a Terén database"),
            "{}",
            said(&output)
        );
        let missing = dir.path().join("nowhere.db");
        let output = run(&live, &["restore", "--from", missing.to_str().unwrap()]);
        assert!(said(&output).contains("no such file"), "{}", said(&output));
        assert!(!said(&output).contains("panicked"));
    }

    #[test]
    fn a_server_refuses_to_start_on_a_newer_database() {
        let dir = tempfile::tempdir().unwrap();
        let live = format!("sqlite://{}/teren.db", dir.path().display());
        let backup = dir.path().join("b.db");
        assert!(run(&live, &["backup", "--to", backup.to_str().unwrap()])
            .status
            .success());
        let script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
                      c.execute(\"INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99991231000000, 'future', 1, x'00', 0)\"); c.commit()";
        let db_file = dir.path().join("teren.db");
        let status = std::process::Command::new("python3")
            .args(["-c", script, db_file.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
        let output = teren()
            .env("DATABASE_URL", &live)
            .env("TEREN_ADDR", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("newer Terén"), "{stderr}");
        assert!(stderr.contains("DATABASE_URL"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The server as an operator runs it with its own backups and metrics on:
/// first on a fresh database, then restarted on a seeded one.
mod serving {
    use super::teren;
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::path::Path;
    use std::process::{Child, Stdio};
    use std::time::{Duration, Instant};

    fn free_port() -> SocketAddr {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
    }

    /// The body of a plain GET, once the server answers.
    fn get(addr: SocketAddr, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        answer
            .starts_with("HTTP/1.0 200")
            .then(|| {
                answer
                    .split_once("\r\n\r\n")
                    .map(|(_, body)| body.to_owned())
            })
            .flatten()
    }

    fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(found) = check() {
                return found;
            }
            assert!(Instant::now() < deadline, "gave up waiting for {what}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn start(database_url: &str, folder: &Path, app: SocketAddr, metrics: SocketAddr) -> Child {
        teren()
            .env("DATABASE_URL", database_url)
            .env("TEREN_ADDR", app.to_string())
            .env("TEREN_METRICS_ADDR", metrics.to_string())
            .env("TEREN_BACKUP_DIR", folder)
            .env("TEREN_BACKUP_EVERY", "6h")
            .env("TEREN_BACKUP_KEEP", "3")
            .env("TEREN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    fn value(scrape: &str, name: &str) -> Option<i64> {
        scrape
            .lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .and_then(|v| v.parse().ok())
    }

    fn backups_in(folder: &Path) -> usize {
        std::fs::read_dir(folder).map_or(0, |entries| entries.count())
    }

    #[test]
    fn the_server_backs_up_by_itself_and_serves_metrics_apart() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/teren.db", dir.path().display());
        let folder = dir.path().join("zalohy");
        let (app, metrics) = (free_port(), free_port());

        let mut server = start(&url, &folder, app, metrics);
        // Never backed up: the first backup comes at start.
        let scrape = wait_for("the first scheduled backup", || {
            let scrape = get(metrics, "/metrics")?;
            (value(&scrape, "teren_backups_total")? == 1).then_some(scrape)
        });
        assert_eq!(value(&scrape, "teren_records"), Some(0));
        assert_eq!(backups_in(&folder), 1);
        assert!(get(app, "/healthz").is_some());
        // The counts are not on the app's own port.
        assert!(get(app, "/metrics").is_none());
        server.kill().unwrap();
        server.wait().unwrap();

        let seeded = teren()
            .env("DATABASE_URL", &url)
            .env("TEREN_LOG", "warn")
            .args(["seed-demo", "--records", "500", "--workers", "2"])
            .output()
            .unwrap();
        assert!(seeded.status.success());

        // Restarted within the interval: no new backup, the last one
        // remembered, the seeded records counted.
        let mut server = start(&url, &folder, app, metrics);
        let scrape = wait_for("metrics after the restart", || get(metrics, "/metrics"));
        assert_eq!(value(&scrape, "teren_records"), Some(500));
        assert!(value(&scrape, "teren_last_backup_timestamp_seconds").is_some());
        assert_eq!(value(&scrape, "teren_backups_total"), Some(0));
        std::thread::sleep(Duration::from_secs(1));
        assert_eq!(backups_in(&folder), 1);
        server.kill().unwrap();
        server.wait().unwrap();

        // A backup by command is remembered too, and restores.
        let file = dir.path().join("rucni.db");
        let output = teren()
            .env("DATABASE_URL", &url)
            .env("TEREN_LOG", "warn")
            .args(["backup", "--to", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(String::from_utf8_lossy(&output.stdout).contains("500 records"));
        let db = rusqlite::Connection::open(dir.path().join("teren.db")).unwrap();
        let noted: Vec<(String, i64)> = db
            .prepare("SELECT trigger, records FROM backups WHERE ok = 1 ORDER BY id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            noted,
            [("schedule".to_owned(), 0), ("command".to_owned(), 500)]
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner reads a backup: {mode:o}");
        }
    }

    #[test]
    fn a_half_made_backup_setting_stops_start_up() {
        let output = teren()
            .env("TEREN_ADDR", "127.0.0.1:0")
            .env("TEREN_BACKUP_KEEP", "7")
            .env_remove("TEREN_BACKUP_DIR")
            .output()
            .unwrap();
        super::assert_refused(output, "TEREN_BACKUP_KEEP");
    }
}

/// The PostgreSQL cluster the test command started (scripts/postgres.sh).
fn control_database(name: &str) -> String {
    let cluster = std::env::var("TEREN_TEST_POSTGRES")
        .expect("TEREN_TEST_POSTGRES: scripts/test.sh starts a throwaway PostgreSQL");
    let (server, _) = cluster.rsplit_once('/').unwrap();
    format!("{server}/{name}_{}", std::process::id())
}

#[test]
fn an_operator_creates_lists_and_removes_organisations_on_postgresql() {
    let control = control_database("cli_control");
    let org = |args: &[&str]| {
        teren()
            .env("DATABASE_URL", &control)
            .arg("org")
            .args(args)
            .output()
            .unwrap()
    };
    let created = org(&["create", "cli-one.example", "--name", "Terénní program"]);
    assert!(created.status.success(), "{created:?}");
    assert!(String::from_utf8_lossy(&created.stdout).contains("org_cli_one_example"));

    let listed = org(&["list"]);
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed.contains("cli-one.example\tTerénní program"),
        "{listed}"
    );
    let schema = format!("schema {}", teren_postgres::MIGRATOR.iter().count());
    assert!(listed.contains(&schema), "{listed}");

    let taken = org(&["create", "cli-one.example", "--name", "Again"]);
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("already has an organisation"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("left.db");
    let exported = org(&["export", "cli-one.example", "--to", file.to_str().unwrap()]);
    assert!(exported.status.success(), "{exported:?}");
    assert!(String::from_utf8_lossy(&exported.stdout).contains("0 records, checked"));
    let unknown = org(&["export", "nowhere.example", "--to", "x.db"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no organisation is served at"));

    let unsure = org(&["remove", "cli-one.example"]);
    assert!(!unsure.status.success());
    assert!(String::from_utf8_lossy(&unsure.stderr).contains("--yes"));
    assert!(org(&["remove", "cli-one.example", "--yes"])
        .status
        .success());
    let listed = org(&["list"]);
    assert!(!String::from_utf8_lossy(&listed.stdout).contains("cli-one.example"));
}

#[test]
fn each_engine_refuses_the_other_engines_commands_with_a_reason() {
    let seeded = teren()
        .env("DATABASE_URL", control_database("cli_serve"))
        .args(["seed-demo", "--records", "10"])
        .output()
        .unwrap();
    assert_eq!(seeded.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&seeded.stderr).contains("teren org"));

    let org = teren()
        .env("DATABASE_URL", "sqlite::memory:")
        .args(["org", "list"])
        .output()
        .unwrap();
    assert_eq!(org.status.code(), Some(2));
    assert_refused(org, "DATABASE_URL");
}
