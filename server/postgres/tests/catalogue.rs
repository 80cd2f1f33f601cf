//! The lists and services on both engines: the same edits leave the same
//! answers, rows, audit entries and list version, and the same refusals.

// Helpers unwrap as tests do: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use app::audit::Actor;
use app::catalogue::store::{CatalogueStore, ServiceEdit};
use app::catalogue::ListKind;
use app::error::{AppError, Problem};
use app::services::ServiceType;
use common::{postgres, rows_postgres, rows_sqlite, set_up, sqlite};

/// Items by code, not id: PostgreSQL's identities also count inserts that
/// gave way to an item already there, so ids may differ; codes are what
/// records point at.
const TABLES: &[&str] = &[
    "SELECT list, code, label, CAST(active AS TEXT), CAST(position AS TEXT), service_types
     FROM catalogue_items ORDER BY catalogue_items.list, catalogue_items.code",
    "SELECT CAST(id AS TEXT), type, name, registry_id, CAST(active AS TEXT),
            CAST(exchange_minutes AS TEXT)
     FROM services ORDER BY services.id",
    "SELECT actor_name, action, subject, detail FROM audit_log ORDER BY audit_log.id",
    "SELECT value FROM settings WHERE key = 'catalogue_version'",
];

async fn edits(store: &dyn CatalogueStore) -> Vec<String> {
    let actor = Actor {
        id: None,
        name: "admin".into(),
        client_addr: "local".into(),
    };
    let mut answers = Vec::new();
    let item = store
        .add_item(ListKind::Locality, "u-reky", "U řeky", &[], &actor)
        .await
        .unwrap();
    let shown = |item: &app::catalogue::CatalogueItem| {
        let item = app::catalogue::CatalogueItem {
            id: 0,
            ..item.clone()
        };
        format!("{item:?}")
    };
    answers.push(shown(&item));
    let again = store
        .add_item(ListKind::Locality, "u-reky", "U Řeky", &[], &actor)
        .await;
    assert!(
        matches!(
            &again,
            Err(AppError::Invalid {
                problem: Problem::Taken,
                ..
            })
        ),
        "{again:?}"
    );
    let types = [ServiceType::FieldProgramme, ServiceType::ContactCentre];
    let changed = store
        .update_item(item.id, "Nábřeží", false, &types, &actor)
        .await
        .unwrap();
    answers.push(shown(&changed));
    let missing = store.update_item(9999, "x", true, &[], &actor).await;
    assert!(matches!(missing, Err(AppError::NotFound)), "{missing:?}");

    let service = store
        .create_service(ServiceType::CrisisHelp, "Krizová pomoc", "1234567", &actor)
        .await
        .unwrap();
    answers.push(format!("{service:?}"));
    let taken = store
        .create_service(ServiceType::HalfwayHouse, "Krizová pomoc", "", &actor)
        .await;
    assert!(taken.is_err(), "a service's name is its own");
    let mut edit = ServiceEdit {
        name: "Krizová pomoc Brno",
        registry_id: "7654321",
        active: true,
        exchange_minutes: Some(7),
    };
    answers.push(format!(
        "{:?}",
        store.update_service(service.id, edit, &actor).await
    ));
    edit.exchange_minutes = None;
    edit.active = false;
    let kept = store
        .update_service(service.id, edit, &actor)
        .await
        .unwrap();
    assert_eq!(kept.exchange_minutes, 7, "left out, the minutes stay");
    answers.push(format!("{kept:?}"));
    let missing = store.update_service(9999, edit, &actor).await;
    assert!(matches!(missing, Err(AppError::NotFound)), "{missing:?}");

    let mut phone = store.phone_catalogue(1, "2026-11-30").await.unwrap();
    assert_eq!(phone.reader, Some(1));
    for item in &mut phone.items {
        item.id = 0;
    }
    phone
        .items
        .sort_by(|a, b| (&a.list, &a.code).cmp(&(&b.list, &b.code)));
    answers.push(serde_json::to_string(&phone).unwrap());
    answers.push(format!("{:?}", store.services().await.unwrap()));
    answers
}

#[tokio::test]
async fn the_same_list_and_service_edits_leave_the_same_rows_on_both_engines() {
    let sqlite = sqlite().await;
    let (postgres, _) = postgres().await;
    set_up(&sqlite, &postgres).await;
    let on_sqlite = edits(&sqlite.db).await;
    let on_postgres = edits(&postgres).await;
    assert_eq!(on_sqlite, on_postgres);
    for sql in TABLES {
        let a = rows_sqlite(&sqlite.db, sql).await;
        assert!(!a.is_empty(), "{sql}");
        assert_eq!(a, rows_postgres(&postgres, sql).await, "{sql}");
    }
}

#[tokio::test]
async fn a_new_databases_first_service_and_list_item_get_ids_of_their_own() {
    let (postgres, _) = postgres().await;
    let actor = Actor {
        id: None,
        name: "admin".into(),
        client_addr: "local".into(),
    };
    // The baseline's own rows (the placeholder service, the lists) hold
    // the first ids.
    let service = postgres
        .create_service(ServiceType::HalfwayHouse, "Dům na půl cesty", "", &actor)
        .await
        .unwrap();
    assert_eq!(service.id, 2);
    let item = postgres
        .add_item(
            ListKind::Locality,
            "sidliste-sever",
            "Sídliště sever",
            &[],
            &actor,
        )
        .await
        .unwrap();
    let highest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM catalogue_items")
        .fetch_one(postgres.pool())
        .await
        .unwrap();
    assert_eq!(item.id, highest);
}
