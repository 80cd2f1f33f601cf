//! Backups while phones sync, and restoring one into a fresh server: the
//! snapshot holds whole batches with their tallies, and the restored
//! server shows the original's figures.

use crate::common;
use common::{found_syringes, Client, TestApp};

use serde_json::{json, Value};

const WORKERS: usize = 6;
const BATCHES: usize = 10;
const PER_BATCH: usize = 20;

async fn figures(client: &mut Client<'_>) -> Value {
    let response = client
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await;
    assert_eq!(
        response.status,
        axum::http::StatusCode::OK,
        "{}",
        response.body
    );
    response.json()["figures"].clone()
}

async fn restored_server(backup: &std::path::Path, url: &str) -> TestApp {
    server::backup::restore(backup, url)
        .await
        .expect("restored");
    let url = url.to_owned();
    TestApp::with_config(move |config| config.database_url = url).await
}

#[tokio::test]
async fn a_backup_under_sync_load_restores_into_a_server_with_the_same_figures() {
    common::sqlite_only!(
        "Terén's backups are of the SQLite file; a cluster is backed up with PostgreSQL's tools"
    );
    let app = TestApp::new().await;
    app.user("vedouci", "coordinator").await;
    let mut phones = Vec::new();
    for n in 0..WORKERS {
        let mut phone = app.logged_in(&format!("phone{n}"), "worker").await;
        phone.addr = format!("10.0.3.{n}:40000").parse().unwrap();
        phones.push(phone);
    }
    let dir = tempfile::tempdir().unwrap();
    let during = dir.path().join("during.db");

    let synced = std::sync::atomic::AtomicUsize::new(0);
    let synced = &synced;
    let syncing =
        futures::future::join_all(phones.iter_mut().enumerate().map(|(w, phone)| async move {
            for batch in 0..BATCHES {
                let first = (w * BATCHES + batch) * PER_BATCH;
                let records = (first..first + PER_BATCH)
                    .map(|n| found_syringes(n as u32))
                    .collect();
                let outcomes = common::sync(phone, records).await;
                assert!(outcomes.iter().all(|o| o == "Accepted"), "{outcomes:?}");
                synced.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }));
    // Taken once every phone has sent a batch, while they send the rest.
    let backing_up = async {
        while synced.load(std::sync::atomic::Ordering::SeqCst) < WORKERS {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        server::backup::backup(app.db(), &during).await
    };
    let (_, taken) = tokio::join!(syncing, backing_up);
    let taken = taken.expect("backup under load");
    // Whole batches only, and never an error for a syncing phone.
    assert_eq!(taken.records % PER_BATCH as i64, 0, "{taken:?}");
    assert!(taken.records >= (WORKERS * PER_BATCH) as i64, "{taken:?}");
    eprintln!(
        "backup under load held {} of {} records",
        taken.records,
        WORKERS * BATCHES * PER_BATCH
    );
    assert_eq!(taken.schema, server::backup::known_schema());

    // The snapshot's tallies agree with its records.
    let url = format!("sqlite://{}/during/teren.db", dir.path().display());
    let snapshot = restored_server(&during, &url).await;
    let mut boss = snapshot.client();
    boss.login("vedouci", common::PASSWORD).await;
    assert_eq!(
        figures(&mut boss).await["found_syringes"],
        json!(taken.records * 2)
    );

    // After the load: a backup restored into a fresh server shows the
    // original's figures, every one.
    let after = dir.path().join("after.db");
    let all = server::backup::backup(app.db(), &after).await.unwrap();
    assert_eq!(all.records, (WORKERS * BATCHES * PER_BATCH) as i64);
    let mut original = app.client();
    original.login("vedouci", common::PASSWORD).await;
    let url = format!("sqlite://{}/after/teren.db", dir.path().display());
    let copy = restored_server(&after, &url).await;
    let mut restored = copy.client();
    restored.login("vedouci", common::PASSWORD).await;
    assert_eq!(figures(&mut restored).await, figures(&mut original).await);
}

#[tokio::test]
async fn a_backup_never_overwrites_and_a_restore_refuses_what_it_cannot_trust() {
    common::sqlite_only!(
        "Terén's backups are of the SQLite file; a cluster is backed up with PostgreSQL's tools"
    );
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    server::backup::backup(app.db(), &file).await.unwrap();
    let again = server::backup::backup(app.db(), &file).await.unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");

    let target = format!("sqlite://{}/live/teren.db", dir.path().display());
    let garbage = dir.path().join("notes.txt");
    std::fs::write(&garbage, "not a database at all, just words").unwrap();
    let refused = server::backup::restore(&garbage, &target)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("not a Terén database"),
        "{refused}"
    );

    let newer = dir.path().join("newer.db");
    std::fs::copy(&file, &newer).unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", newer.display()))
        .await
        .unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99991231000000, 'from the future', 1, x'00', 0)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let refused = server::backup::restore(&newer, &target).await.unwrap_err();
    assert!(refused.to_string().contains("newer Terén"), "{refused}");
    // And a server does not start on it.
    let start = server::db::connect(&format!("sqlite://{}", newer.display())).await;
    let Err(error) = start else {
        panic!("a server must not open a newer database");
    };
    let error = error.to_string();
    assert!(
        error.contains("newer Terén") && error.contains("99991231000000"),
        "{error}"
    );

    // Nothing was replaced by the refusals.
    assert!(!dir.path().join("live/teren.db").exists());
}

#[tokio::test]
async fn a_backup_is_never_seen_under_its_name_until_it_is_whole_and_private() {
    common::sqlite_only!(
        "Terén's backups are of the SQLite file; a cluster is backed up with PostgreSQL's tools"
    );
    let app = TestApp::new().await;
    // Enough pages that writing the copy takes a while.
    sqlx::query(
        "CREATE TABLE padding (b BLOB); \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) \
         INSERT INTO padding SELECT randomblob(1000000) FROM n",
    )
    .execute(app.pool())
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("teren-zaloha.db");

    // Someone else on the machine watches the folder while it is written.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (done, file) = (done.clone(), file.clone());
        std::thread::spawn(move || {
            use std::os::unix::fs::PermissionsExt;
            let mut seen = Vec::new();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                if let Ok(meta) = std::fs::metadata(&file) {
                    seen.push((meta.permissions().mode() & 0o777, meta.len()));
                }
            }
            seen
        })
    };
    let checked = server::backup::backup(app.db(), &file).await.unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let seen = watcher.join().unwrap();
    for (mode, len) in seen {
        assert_eq!(mode, 0o600, "seen under its name readable by others");
        assert_eq!(len, checked.bytes, "seen under its name half-written");
    }

    // Only the backup is left, owner-only; nothing half-done beside it.
    use std::os::unix::fs::PermissionsExt;
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["teren-zaloha.db"]);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[tokio::test]
async fn a_restore_refuses_while_a_server_uses_the_database_and_keeps_the_file_private() {
    common::sqlite_only!(
        "Terén's backups are of the SQLite file; a cluster is backed up with PostgreSQL's tools"
    );
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/live/teren.db", dir.path().display());
    let backup = dir.path().join("zaloha.db");
    {
        let app = TestApp::new().await;
        server::backup::backup(app.db(), &backup).await.unwrap();
    }

    // A server serves the file: it holds it as `teren serve` does, and
    // has a record acknowledged.
    let serving = server::in_use::hold(&url).unwrap();
    let live = server::db::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE acknowledged (x)")
        .execute(live.write())
        .await
        .unwrap();
    let refused = server::backup::restore(&backup, &url).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("in use by a running Terén server"),
        "{refused}"
    );
    // The live file was not touched.
    let still: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'acknowledged'")
            .fetch_one(live.read())
            .await
            .unwrap();
    assert_eq!(still, 1);
    let beside: Vec<String> = std::fs::read_dir(dir.path().join("live"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("restoring") || name.contains("before-restore"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");

    // Stopped, the server lets the restore go; the restored file is the
    // owner's only.
    live.close().await;
    drop(serving);
    let restored = server::backup::restore(&backup, &url).await.unwrap();
    assert!(restored.replaced.is_some());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.path().join("live/teren.db"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // And a server cannot start while a restore holds the file.
    let restoring = server::in_use::hold(&url).unwrap();
    assert!(server::in_use::hold(&url).is_err());
    drop(restoring);
}

#[tokio::test]
async fn a_restore_names_the_users_whose_phone_keys_the_backup_predates() {
    common::sqlite_only!(
        "Terén's backups are of the SQLite file; a cluster is backed up with PostgreSQL's tools"
    );
    let dir = tempfile::tempdir().unwrap();
    let before_login = dir.path().join("pred-prihlasenim.db");
    let app = TestApp::new().await;
    let url = format!(
        "sqlite://{}",
        app.pool().connect_options().get_filename().display()
    );
    app.user("eva", "worker").await;
    server::backup::backup(app.db(), &before_login)
        .await
        .unwrap();

    // Eva's first login: her phone's key is wrapped by a secret made now.
    let mut eva = app.client();
    eva.login("eva", common::PASSWORD).await;
    let key = eva.call("vault/key", &[]).await;
    assert_eq!(key.status, axum::http::StatusCode::OK, "{}", key.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'vault_secret_created' AND subject = 'eva'")
            .await,
        1,
        "a secret is never made silently"
    );
    // Asked again, the same secret, and nothing new noted.
    assert_eq!(eva.call("vault/key", &[]).await.body, key.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'vault_secret_created'")
            .await,
        1
    );
    drop(eva);
    app.db().close().await;
    let restored = server::backup::restore(&before_login, &url).await.unwrap();
    assert_eq!(restored.phones_needing_pin, ["eva"]);
}
