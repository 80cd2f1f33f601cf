//! A host of many organisations: a database each, found by host name, and
//! none served before it is migrated.

// Helpers unwrap as tests do: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::cluster;
use teren_postgres::organisations::{create_database, database_url, Control, OrgError};
use teren_postgres::{OpenError, PgStore};

/// A control database of its own for each test.
async fn control(test: &str) -> Control {
    let url = database_url(
        &cluster(),
        &format!("control_{test}_{}", std::process::id()),
    )
    .unwrap();
    Control::open(&url).await.unwrap()
}

#[tokio::test]
async fn organisations_are_created_found_by_host_and_removed_with_their_data() {
    let control = control("lifecycle").await;
    let brno = control.create("KC-Brno.example.", "KC Brno").await.unwrap();
    assert_eq!(brno.host, "kc-brno.example");
    let ostrava = control
        .create("ic-ostrava.example", "IC Ostrava")
        .await
        .unwrap();
    assert_ne!(brno.database, ostrava.database);
    // Listed by host name.
    assert_eq!(
        control.list().await.unwrap(),
        vec![ostrava.clone(), brno.clone()]
    );

    // Each is a database of its own: a record in one is not in the other.
    let brno_store = PgStore::open(&control.url_of(&brno).unwrap())
        .await
        .unwrap();
    let ostrava_store = PgStore::open(&control.url_of(&ostrava).unwrap())
        .await
        .unwrap();
    sqlx::query("INSERT INTO users (username, display_name, password_hash, role) VALUES ('jana', 'Jana', '-', 'worker')")
        .execute(brno_store.pool())
        .await
        .unwrap();
    let count = |store: PgStore| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM users")
            .fetch_one(store.pool())
            .await
            .unwrap()
    };
    assert_eq!(count(brno_store.clone()).await, 1);
    assert_eq!(count(ostrava_store.clone()).await, 0);
    // The service packs went in with the database.
    let lists: i64 = sqlx::query_scalar("SELECT count(*) FROM catalogue_items")
        .fetch_one(ostrava_store.pool())
        .await
        .unwrap();
    assert!(lists > 40);
    brno_store.close().await;
    ostrava_store.close().await;

    assert!(matches!(
        control.find("nowhere.example").await,
        Err(OrgError::Unknown(host)) if host == "nowhere.example"
    ));
    assert!(matches!(
        control.create("kc-brno.example", "Again").await,
        Err(OrgError::Taken(_))
    ));
    for bad in ["", "kc brno", "kc_brno.example", "-kc.example", "x/../y"] {
        assert!(
            matches!(control.create(bad, "Bad").await, Err(OrgError::Host(_))),
            "{bad:?}"
        );
    }
    assert!(matches!(
        control.create("new.example", "  ").await,
        Err(OrgError::Name)
    ));

    control.remove("kc-brno.example").await.unwrap();
    assert_eq!(control.list().await.unwrap(), vec![ostrava]);
    assert!(matches!(
        PgStore::open(&control.url_of(&brno).unwrap()).await,
        Err(OpenError::Connect { .. })
    ));
}

#[tokio::test]
async fn a_database_behind_or_ahead_of_this_version_is_refused_until_migrated() {
    let name = format!("behind_{}", std::process::id());
    let url = create_database(&cluster(), &name).await.unwrap();
    let refused = PgStore::open(&url).await.unwrap_err();
    assert!(
        matches!(refused, OpenError::Behind { applied: 0, .. }),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("teren org migrate"),
        "{refused}"
    );

    let store = PgStore::migrate(&url).await.unwrap();
    // Migrating again changes nothing and serves.
    PgStore::migrate(&url).await.unwrap().close().await;
    PgStore::open(&url).await.unwrap().close().await;

    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000001, 'from the future', true, '\\x00', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let newer = PgStore::open(&url).await.unwrap_err();
    assert!(matches!(newer, OpenError::Newer { .. }), "{newer}");
    assert!(matches!(
        PgStore::migrate(&url).await.unwrap_err(),
        OpenError::Newer { .. }
    ));
}

#[tokio::test]
async fn a_creation_cut_short_is_finished_by_migrate() {
    let control = control("resume").await;
    let made = control.create("kept.example", "Kept").await.unwrap();
    // As if `create` stopped after noting the organisation, before its
    // database was made.
    let mut cluster_connection = <sqlx::PgConnection as sqlx::Connection>::connect(&cluster())
        .await
        .unwrap();
    sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", made.database))
        .execute(&mut cluster_connection)
        .await
        .unwrap();
    let url = control.url_of(&made).unwrap();
    assert!(PgStore::open(&url).await.is_err());

    let migrated = control.migrate().await.unwrap();
    assert_eq!(migrated.len(), 1);
    assert!(migrated[0].1.is_ok(), "{:?}", migrated[0].1);
    PgStore::open(&url).await.unwrap().close().await;
}

#[tokio::test]
async fn an_organisation_being_imported_is_not_served_until_its_data_is_in() {
    let control = control("unserved").await;
    let made = control
        .create_unserved("incoming.example", "Incoming")
        .await
        .unwrap();
    assert!(!made.served);
    // Its database is ready to be filled, but its host is no organisation's.
    PgStore::open(&control.url_of(&made).unwrap())
        .await
        .unwrap()
        .close()
        .await;
    assert!(matches!(
        control.find("incoming.example").await,
        Err(OrgError::Unknown(_))
    ));
    let listed = control.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].served);
    // The host name is taken all the same.
    assert!(matches!(
        control.create("incoming.example", "Other").await,
        Err(OrgError::Taken(_))
    ));

    control.serve("incoming.example").await.unwrap();
    assert!(control.find("incoming.example").await.unwrap().served);

    // One cut short is removed like any other.
    control
        .create_unserved("cut-short.example", "Cut short")
        .await
        .unwrap();
    control.remove("cut-short.example").await.unwrap();
    assert_eq!(control.list().await.unwrap().len(), 1);
}
