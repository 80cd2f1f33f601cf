//! Accounts on both engines: the same story of a first start, accounts
//! made and changed, and refusals, leaves the same answers and rows.

// Helpers unwrap as tests do: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use app::audit::Actor;
use app::auth::store::{AccountStore, Change, NewUser};
use app::auth::Role;
use app::error::{AppError, Problem};
use app::services::ServiceType;
use common::{postgres, rows_postgres, rows_sqlite, sqlite};

const TABLES: &[&str] = &[
    "SELECT CAST(id AS TEXT), username, display_name, password_hash, role, CAST(active AS TEXT),
            CAST(session_epoch AS TEXT)
     FROM users ORDER BY users.id",
    "SELECT CAST(user_id AS TEXT), CAST(service_id AS TEXT) FROM user_services
     ORDER BY user_services.user_id, user_services.service_id",
    "SELECT CAST(id AS TEXT), type, name, registry_id, CAST(active AS TEXT) FROM services
     ORDER BY services.id",
    "SELECT CAST(actor_id AS TEXT), actor_name, action, subject, detail, client_addr
     FROM audit_log ORDER BY audit_log.id",
    "SELECT list, code FROM catalogue_items ORDER BY catalogue_items.list, catalogue_items.code",
    "SELECT value FROM settings WHERE key = 'catalogue_version'",
];

fn user<'a>(username: &'a str, role: Role) -> NewUser<'a> {
    NewUser {
        username,
        display_name: username,
        password_hash: "$argon2id$test",
        role,
    }
}

/// Every answer of the story, as text: the same on both engines.
async fn story(store: &dyn AccountStore) -> Vec<String> {
    let actor = Actor {
        id: None,
        name: "cli".into(),
        client_addr: "local".into(),
    };
    let mut answers = Vec::new();
    let mut say = |answer: String| answers.push(answer);
    say(format!("{:?}", store.count_users().await));
    let named = [
        (ServiceType::ContactCentre, "KC".to_owned()),
        (ServiceType::InterventionCentre, "IC".to_owned()),
    ];
    let admin = store
        .first_start(user("eva", Role::Admin), &named, &actor)
        .await
        .unwrap();
    say(format!("admin {admin}"));
    let again = store
        .first_start(user("mallory", Role::Admin), &named, &actor)
        .await;
    assert!(matches!(again, Err(AppError::AlreadySetUp)), "{again:?}");
    let services = store.active_services().await.unwrap();
    assert_eq!(services.len(), 2, "the placeholder gave way");
    let jana = store
        .create_user(user("jana", Role::Worker), &services[..1], &actor)
        .await
        .unwrap();
    let taken = store
        .create_user(user("jana", Role::Coordinator), &[], &actor)
        .await;
    assert!(
        matches!(&taken, Err(AppError::Invalid { field, problem: Problem::Taken, .. }) if field == "username"),
        "{taken:?}"
    );
    let unknown = store
        .create_user(user("petr", Role::Worker), &[services[0], 99], &actor)
        .await;
    assert!(
        matches!(
            &unknown,
            Err(AppError::Invalid {
                problem: Problem::Unknown,
                ..
            })
        ),
        "{unknown:?}"
    );
    assert!(
        store.user_named("petr").await.unwrap().is_none(),
        "nothing of petr stored"
    );

    // Each change, and one its check refuses (nothing of it stored).
    let ok = |_: &app::auth::db::UserRow| Ok(());
    for change in [
        Change::Services(services.clone()),
        Change::Role(Role::Coordinator),
        Change::Password("$argon2id$new".into()),
        Change::Active(false),
        Change::Active(true),
    ] {
        let changed = store.change_user(jana, &change, &ok, &actor).await.unwrap();
        say(format!(
            "{change:?}: {} {} {}",
            changed.role, changed.active, changed.session_epoch
        ));
    }
    let refuse =
        |_: &app::auth::db::UserRow| Err(AppError::invalid("user_id", Problem::OwnAccount));
    let refused = store
        .change_user(admin, &Change::Active(false), &refuse, &actor)
        .await;
    assert!(refused.is_err());
    let missing = store
        .change_user(999, &Change::Active(false), &ok, &actor)
        .await;
    assert!(matches!(missing, Err(AppError::NotFound)), "{missing:?}");

    store.audit(&actor, "login", "jana", "").await.unwrap();
    say(format!("{:?}", store.assignments().await.unwrap()));
    say(format!("{:?}", store.assigned(jana).await.unwrap()));
    let users: Vec<_> = store
        .users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    say(format!("{users:?}"));
    let log: Vec<_> = store
        .audit_log(3)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| (entry.action, entry.subject, entry.detail))
        .collect();
    say(format!("{log:?}"));

    // Two phones asking for a secret at once get the same one.
    let (a, b) = tokio::join!(
        store.vault_secret(jana, &[1; 32]),
        store.vault_secret(jana, &[2; 32])
    );
    assert_eq!(a.unwrap(), b.unwrap());
    say(format!(
        "{:?}",
        store.vault_secret(jana, &[3; 32]).await.unwrap().len()
    ));
    answers
}

#[tokio::test]
async fn the_same_account_story_leaves_the_same_answers_and_rows_on_both_engines() {
    let sqlite = sqlite().await;
    let (postgres, _) = postgres().await;
    let on_sqlite = story(&sqlite.db).await;
    let on_postgres = story(&postgres).await;
    assert_eq!(on_sqlite, on_postgres);
    assert!(on_sqlite
        .iter()
        .any(|answer| answer.contains("Coordinator")));
    for sql in TABLES {
        let a = rows_sqlite(&sqlite.db, sql).await;
        let b = rows_postgres(&postgres, sql).await;
        assert!(!a.is_empty(), "{sql}");
        assert_eq!(a, b, "{sql}");
    }
}

#[tokio::test]
async fn many_first_starts_at_once_make_one_admin_on_postgresql() {
    let (postgres, _) = postgres().await;
    let actor = Actor {
        id: None,
        name: "setup".into(),
        client_addr: "local".into(),
    };
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..12 {
        let (postgres, actor) = (postgres.clone(), actor.clone());
        attempts.spawn(async move {
            let name = format!("admin{n}");
            let named = [(ServiceType::ContactCentre, "KC".to_owned())];
            postgres
                .first_start(user(&name, Role::Admin), &named, &actor)
                .await
        });
    }
    let results = attempts.join_all().await;
    let won = results.iter().filter(|result| result.is_ok()).count();
    let refused = results
        .iter()
        .filter(|result| matches!(result, Err(AppError::AlreadySetUp)))
        .count();
    assert_eq!((won, refused), (1, 11), "{results:?}");
    assert_eq!(postgres.count_users().await.unwrap(), 1);
}
