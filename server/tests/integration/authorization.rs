//! The authorization matrix: every server function and every page, called as
//! anonymous, worker, coordinator, admin and a deactivated user, and on a
//! PostgreSQL host as another organisation's admin, whose session cookie
//! carried here names no session: a stranger, refused as anonymous is.
//!
//! The lists below must name every registered server function and every
//! route; adding one without a row here fails the test.

use crate::common;

use axum::http::{header, StatusCode};
use common::{Client, TestApp};
use leptos::server_fn::axum::server_fn_paths;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Actor {
    Anonymous,
    Worker,
    Coordinator,
    Admin,
    Deactivated,
    /// Another organisation's admin, at this organisation's host.
    Stranger,
}

const ACTORS: [Actor; 6] = [
    Actor::Anonymous,
    Actor::Worker,
    Actor::Coordinator,
    Actor::Admin,
    Actor::Deactivated,
    Actor::Stranger,
];

/// Who may call or open it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Needs {
    Public,
    Worker,
    Coordinator,
    Admin,
}

fn allowed(needs: Needs, actor: Actor) -> bool {
    match (needs, actor) {
        (Needs::Public, _) => true,
        (_, Actor::Anonymous | Actor::Deactivated | Actor::Stranger) => false,
        (Needs::Worker, _) => true,
        (Needs::Coordinator, actor) => matches!(actor, Actor::Coordinator | Actor::Admin),
        (Needs::Admin, actor) => actor == Actor::Admin,
    }
}

/// Arguments that pass validation, so an allowed call is not confused with a
/// denied one. `victim` is an account only these calls touch; `n` makes
/// names unique per call.
/// A request body: form fields, or JSON for the sync endpoint.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
}

pub(crate) type Row = (&'static str, Needs, Body);

pub(crate) fn server_functions(victim: &str, n: usize) -> Vec<Row> {
    let form = |pairs: &[(&str, String)]| {
        Body::Form(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    };
    vec![
        ("session", Needs::Public, form(&[])),
        (
            "setup",
            Needs::Public,
            form(&[
                ("setup_code", common::SETUP_CODE.into()),
                ("username", format!("setup{n}")),
                ("display_name", "S".into()),
                ("password", common::PASSWORD.into()),
                ("password_again", common::PASSWORD.into()),
                ("services[]", "contact_centre".into()),
            ]),
        ),
        (
            "login",
            Needs::Public,
            form(&[
                ("username", "nobody".into()),
                ("password", "whatever-123".into()),
            ]),
        ),
        ("catalogue", Needs::Worker, form(&[])),
        ("vault/key", Needs::Worker, form(&[])),
        ("handover/key", Needs::Worker, form(&[])),
        (
            "handover/author",
            Needs::Worker,
            // Refused for its content (400) where the role allows it.
            form(&[("device_id", "phone".into()), ("public_key", "AAAA".into())]),
        ),
        (
            "handover/import",
            Needs::Coordinator,
            // Refused for its content (400) where the role allows it.
            Body::Json(serde_json::json!({ "file": "{}" })),
        ),
        (
            "admin/catalogue/add",
            Needs::Admin,
            form(&[("list", "locality".into()), ("label", format!("Místo {n}"))]),
        ),
        (
            "admin/catalogue/update",
            Needs::Admin,
            form(&[
                ("id", "1".into()),
                ("label", "Centrum".into()),
                ("active", "true".into()),
            ]),
        ),
        ("admin/users", Needs::Admin, form(&[])),
        (
            "admin/users/create",
            Needs::Admin,
            form(&[
                ("username", format!("new{n}")),
                ("display_name", "N".into()),
                ("role", "worker".into()),
                ("password", common::PASSWORD.into()),
            ]),
        ),
        (
            "admin/users/active",
            Needs::Admin,
            form(&[("user_id", victim.into()), ("active", "true".into())]),
        ),
        (
            "admin/users/password",
            Needs::Admin,
            form(&[
                ("user_id", victim.into()),
                ("password", common::PASSWORD.into()),
            ]),
        ),
        (
            "admin/users/role",
            Needs::Admin,
            form(&[("user_id", victim.into()), ("role", "worker".into())]),
        ),
        (
            "admin/users/services",
            Needs::Admin,
            form(&[("user_id", victim.into()), ("services[]", "1".into())]),
        ),
        ("services", Needs::Coordinator, form(&[])),
        (
            "admin/services/create",
            Needs::Admin,
            form(&[
                ("service_type", "halfway_house".into()),
                ("name", format!("Služba {n}")),
                ("registry_id", String::new()),
            ]),
        ),
        (
            "admin/services/update",
            Needs::Admin,
            form(&[
                ("id", "1".into()),
                ("name", "Kontaktní centrum".into()),
                ("registry_id", "1234567".into()),
                ("active", "true".into()),
            ]),
        ),
        ("admin/audit", Needs::Admin, form(&[])),
        ("admin/status", Needs::Admin, form(&[])),
        (
            "sync",
            Needs::Worker,
            Body::Json(serde_json::json!({
                "batch": { "schema_version": 1, "device_id": "matrix", "records": [] }
            })),
        ),
        (
            "reports/dashboard",
            Needs::Coordinator,
            form(&[("query", "obdobi=rok".into())]),
        ),
        (
            "reports/breakdown",
            Needs::Coordinator,
            form(&[("query", String::new()), ("by_worker", "true".into())]),
        ),
        (
            "reports/annual",
            Needs::Coordinator,
            form(&[("query", String::new())]),
        ),
        (
            "reports/cases",
            Needs::Coordinator,
            form(&[("query", String::new())]),
        ),
        (
            "exchange/sending",
            Needs::Coordinator,
            form(&[("query", "rok=2026".into())]),
        ),
        (
            "exchange/send",
            Needs::Coordinator,
            form(&[("year", "2026".into())]),
        ),
        (
            "exchange/national",
            Needs::Coordinator,
            form(&[("column", "CZ".into())]),
        ),
        (
            "reports/records",
            Needs::Coordinator,
            form(&[("query", String::new())]),
        ),
        (
            "reports/void",
            Needs::Coordinator,
            form(&[
                ("id", "00000000-0000-4000-8000-000000000000".into()),
                ("reason", "omyl".into()),
            ]),
        ),
        ("reports/suppression", Needs::Coordinator, form(&[])),
        (
            "reports/suppression/set",
            Needs::Admin,
            form(&[("on", "true".into())]),
        ),
        // Last: it ends the sessions the rows above use.
        ("logout", Needs::Public, form(&[])),
    ]
}

const PAGES: &[(&str, Needs)] = &[
    ("/prihlaseni", Needs::Public),
    ("/prvni-spusteni", Needs::Public),
    ("/", Needs::Worker),
    ("/zaznam/kontakt", Needs::Worker),
    ("/zaznam/vymena", Needs::Worker),
    ("/zaznam/krize", Needs::Worker),
    ("/zaznam/strikacky", Needs::Worker),
    ("/zaznam/odmitnuti", Needs::Worker),
    ("/zaznam/zmeskane", Needs::Worker),
    ("/zaznam/pripad", Needs::Worker),
    ("/zaznam/nabidka", Needs::Worker),
    ("/zaznam/konzultace", Needs::Worker),
    ("/moje-zaznamy", Needs::Worker),
    ("/nastaveni", Needs::Worker),
    ("/prehled", Needs::Coordinator),
    ("/prehled/rozpad", Needs::Coordinator),
    ("/prehled/vykaz", Needs::Coordinator),
    ("/prehled/zastresujici", Needs::Coordinator),
    ("/prehled/pripady", Needs::Coordinator),
    ("/prehled/zaznamy", Needs::Coordinator),
    ("/sprava", Needs::Admin),
    ("/sprava/uzivatele", Needs::Admin),
    ("/sprava/sluzby", Needs::Admin),
    ("/sprava/seznamy", Needs::Admin),
    ("/sprava/audit", Needs::Admin),
    ("/sprava/stav", Needs::Admin),
];

async fn clients(app: &TestApp) -> Vec<(Actor, Client<'_>)> {
    let mut clients = Vec::new();
    for actor in ACTORS {
        let client = match actor {
            Actor::Anonymous => app.client(),
            Actor::Worker => app.logged_in("worker", "worker").await,
            Actor::Coordinator => app.logged_in("coordinator", "coordinator").await,
            Actor::Admin => app.logged_in("admin", "admin").await,
            Actor::Deactivated => {
                let client = app.logged_in("gone", "admin").await;
                app.execute("UPDATE users SET active = 0 WHERE username = 'gone'")
                    .await;
                client
            }
            // Only a host of many organisations has one.
            Actor::Stranger => match app.stranger().await {
                Some(client) => client,
                None => continue,
            },
        };
        clients.push((actor, client));
    }
    clients
}

#[tokio::test]
async fn every_server_function_is_in_the_matrix() {
    let registered: BTreeSet<String> = server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let listed: BTreeSet<String> = server_functions("0", 0)
        .into_iter()
        .map(|(endpoint, _, _)| format!("/api/{endpoint}"))
        .collect();
    assert!(!registered.is_empty(), "server functions are registered");
    assert_eq!(registered, listed, "add a row for every server function");
}

#[tokio::test]
async fn every_page_is_in_the_matrix_and_in_the_apps_page_list() {
    let routes: BTreeSet<String> = leptos_axum::generate_route_list(app::shell::App)
        .iter()
        .map(|route| route.path().to_string())
        .collect();
    let listed: BTreeSet<String> = PAGES.iter().map(|(path, _)| path.to_string()).collect();
    assert_eq!(routes, listed, "add a row for every page");
    let app_list: BTreeSet<String> = app::shell::PAGES
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    assert_eq!(app_list, listed);
}

#[tokio::test]
async fn server_functions_allow_exactly_the_roles_in_the_matrix() {
    let app = TestApp::new().await;
    let mut clients = clients(&app).await;
    let victim = app.user("victim", "worker").await.to_string();

    let mut n = 0;
    for (endpoint, needs, _) in server_functions(&victim, 0) {
        for (actor, client) in clients.iter_mut() {
            n += 1;
            let form = server_functions(&victim, n)
                .into_iter()
                .find(|(e, _, _)| *e == endpoint)
                .unwrap()
                .2;
            let response = match &form {
                Body::Form(fields) => {
                    let pairs: Vec<(&str, &str)> = fields
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    client.call(endpoint, &pairs).await
                }
                Body::Json(json) => client.call_json(endpoint, json).await,
            };
            let denied = matches!(
                response.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ) && response.body != "\"InvalidCredentials\"";
            let expected = allowed(needs, *actor);
            assert_eq!(
                !denied, expected,
                "{endpoint} as {actor:?}: {} {}",
                response.status, response.body
            );
            // Allowed calls may be refused for their input, never fail.
            assert!(
                !response.status.is_server_error(),
                "{endpoint} as {actor:?}: {} {}",
                response.status,
                response.body
            );
            if !expected {
                let want = if matches!(
                    actor,
                    Actor::Anonymous | Actor::Deactivated | Actor::Stranger
                ) {
                    "\"Unauthenticated\""
                } else {
                    "\"Forbidden\""
                };
                assert_eq!(response.body, want, "{endpoint} as {actor:?}");
            }
        }
    }
}

#[tokio::test]
async fn pages_allow_exactly_the_roles_in_the_matrix() {
    let app = TestApp::new().await;
    let mut clients = clients(&app).await;
    for (path, needs) in PAGES {
        for (actor, client) in clients.iter_mut() {
            let response = client.get(path).await;
            let location = response
                .headers
                .get(header::LOCATION)
                .map(|value| value.to_str().unwrap().to_owned());
            match needs {
                Needs::Public => assert!(
                    matches!(response.status, StatusCode::OK | StatusCode::FOUND),
                    "{path} as {actor:?}: {}",
                    response.status
                ),
                _ if allowed(*needs, *actor) => {
                    assert_eq!(response.status, StatusCode::OK, "{path} as {actor:?}")
                }
                _ if matches!(
                    actor,
                    Actor::Anonymous | Actor::Deactivated | Actor::Stranger
                ) =>
                {
                    assert_eq!(response.status, StatusCode::FOUND, "{path} as {actor:?}");
                    assert_eq!(
                        location.as_deref(),
                        Some("/prihlaseni"),
                        "{path} as {actor:?}"
                    );
                }
                _ => {
                    assert_eq!(
                        response.status,
                        StatusCode::FORBIDDEN,
                        "{path} as {actor:?}"
                    );
                    assert!(
                        response.body.contains("Sem nemáte přístup"),
                        "{path} as {actor:?}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn csv_downloads_are_for_coordinators_and_admins_only() {
    let app = TestApp::new().await;
    let mut clients = clients(&app).await;
    let mut paths: Vec<String> = app::reports::export::TABLES
        .iter()
        .map(|table| format!("/export/{table}.csv?obdobi=rok"))
        .collect();
    paths.extend([
        "/vymena/rocni.adx?rok=2026".into(),
        "/vymena/rocni.json".into(),
    ]);
    // An umbrella's tables; a PostgreSQL host serves no umbrella yet.
    if !common::on_postgres() {
        paths.extend([
            "/zastresujici/tabulky.csv".into(),
            "/zastresujici/tabulky.adx?rok=2026".into(),
        ]);
    }
    for path in paths {
        for (actor, client) in clients.iter_mut() {
            let response = client.get(&path).await;
            let expected = match actor {
                Actor::Coordinator | Actor::Admin => StatusCode::OK,
                Actor::Worker => StatusCode::FORBIDDEN,
                Actor::Anonymous | Actor::Deactivated | Actor::Stranger => StatusCode::UNAUTHORIZED,
            };
            assert_eq!(response.status, expected, "{path} as {actor:?}");
            if expected != StatusCode::OK {
                assert!(
                    !response.body.contains(';') && !response.body.contains(','),
                    "no figures leak: {}",
                    response.body
                );
            }
        }
    }
}
