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
