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
