//! Services: the first start names them, admins create them and say who
//! works for which, and a record goes only into a service its worker works
//! for and that logs its kind.

use crate::common;
use common::{counts, now_local, sync, uuid};

use axum::http::StatusCode;
use common::{setup_form, Client, TestApp, PASSWORD};
use serde_json::{json, Value};

/// An organisation set up at the first start with a contact centre (id 1)
/// and an intervention centre (id 2), its admin logged in.
async fn two_services(app: &TestApp) -> Client<'_> {
    let mut admin = app.client();
    let form = setup_form(&["intervention_centre", "contact_centre"]);
    let created = admin.call("setup", &form).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    admin
}

async fn create_worker(admin: &mut Client<'_>, username: &str, services: &[&str]) -> Value {
    let mut form = vec![
        ("username", username),
        ("display_name", username),
        ("role", "worker"),
        ("password", PASSWORD),
    ];
    form.extend(services.iter().map(|service| ("services[]", *service)));
    let response = admin.call("admin/users/create", &form).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

/// This year's report as the yearly report page asks for it: of the
/// service named, or without one of the coordinator's own.
async fn this_years_report(client: &mut Client<'_>, service: Option<i64>) -> Value {
    let year = chrono::Local::now().format("%Y");
    let query = match service {
        Some(id) => format!("rok={year}&sluzba={id}"),
        None => format!("rok={year}"),
    };
    let response = client.call("reports/annual", &[("query", &query)]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn exchange(n: u32, service: Option<i64>) -> Value {
    let mut record = json!({
        "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
        "client": { "code": "LUD07TOM08" },
        "details": { "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                     "materials": [{ "material": "strikacky", "count": 5 }],
                     "returned_syringes": 0, "service_acts": [] }
    });
    if let Some(service) = service {
        record["service"] = json!(service);
    }
    record
}

fn crisis_visit(n: u32, service: Option<i64>) -> Value {
    let mut record = json!({
        "id": uuid(n), "occurred_at": now_local(), "locality": "centrum", "client": "anonymous",
        "details": { "kind": "crisis_visit", "situation": "acute_crisis", "place": "home",
                     "interventions": ["crisis_intervention"], "children_present": 0 }
    });
    if let Some(service) = service {
        record["service"] = json!(service);
    }
    record
}

async fn service_of(app: &TestApp, n: u32) -> i64 {
    app.count(&format!(
        "SELECT service_id FROM records WHERE id = '{}'",
        uuid(n)
    ))
    .await
}

#[tokio::test]
async fn the_first_start_names_the_services_and_its_admin_works_for_all_of_them() {
    let app = TestApp::new().await;
    let mut browser = app.client();
    // A fresh install holds only the placeholder until then.
    assert_eq!(app.count("SELECT COUNT(*) FROM services").await, 1);

    for (services, problem) in [
        (&[][..], "Required"),
        (&["contact_centre", "shelter"][..], "Unknown"),
    ] {
        let refused = browser.call("setup", &setup_form(services)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.json()["Invalid"]["field"], "services");
        assert_eq!(refused.json()["Invalid"]["problem"], problem);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);

    let form = setup_form(&["halfway_house", "contact_centre", "halfway_house"]);
    let created = browser.call("setup", &form).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let services: Vec<(i64, String, String)> = app
        .rows("SELECT CAST(id AS TEXT), type, name FROM services ORDER BY id")
        .await
        .into_iter()
        .map(|row| {
            let cell = |i: usize| row[i].clone().unwrap();
            (cell(0).parse().unwrap(), cell(1), cell(2))
        })
        .collect();
    assert_eq!(
        services,
        [
            (1, "contact_centre".into(), "Kontaktní centrum".into()),
            (2, "halfway_house".into(), "Dům na půl cesty".into()),
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM user_services").await, 2);

    // The admin's phone offers both.
    let catalogue = browser.call("catalogue", &[]).await.json();
    assert_eq!(catalogue["assigned"], json!([1, 2]));
    assert_eq!(catalogue["services"][1]["type"], "halfway_house");
}

#[tokio::test]
async fn a_record_goes_only_into_a_service_its_worker_works_for_and_that_logs_its_kind() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    // With two services a worker must be given one.
    let response = admin
        .call(
            "admin/users/create",
            &[
                ("username", "nikdo"),
                ("display_name", "Nikdo"),
                ("role", "worker"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.body
    );
    assert_eq!(response.json()["Invalid"]["field"], "services");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);

    let jana = create_worker(&mut admin, "jana", &["1"]).await;
    assert_eq!(jana["services"], json!([1]));
    let petr = create_worker(&mut admin, "petr", &["1", "2"]).await;
    assert_eq!(petr["services"], json!([1, 2]));

    let mut phone = app.client();
    phone.login("jana", PASSWORD).await;
    let outcomes = sync(
        &mut phone,
        vec![
            exchange(1, Some(1)),
            crisis_visit(2, Some(2)),
            crisis_visit(3, Some(99)),
            // From a phone that predates services: the worker's first one.
            exchange(4, None),
        ],
    )
    .await;
    assert_eq!(
        outcomes,
        [
            "Accepted",
            "service:\"NotYourService\"",
            "service:\"NotYourService\"",
            "Accepted"
        ]
    );
    assert_eq!(service_of(&app, 1).await, 1);
    assert_eq!(service_of(&app, 4).await, 1);

    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let outcomes = sync(
        &mut phone,
        vec![
            crisis_visit(10, Some(2)),
            // An intervention centre gives out no injecting material.
            exchange(11, Some(2)),
            exchange(12, Some(1)),
        ],
    )
    .await;
    assert_eq!(
        outcomes,
        ["Accepted", "service:\"NotForService\"", "Accepted"]
    );
    assert_eq!(service_of(&app, 10).await, 2);
    assert_eq!(service_of(&app, 12).await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 4);
}

#[tokio::test]
async fn moving_a_worker_to_another_service_reaches_the_phone_and_the_next_sync() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    let jana = create_worker(&mut admin, "jana", &["1"]).await;
    let id = jana["id"].to_string();
    let mut phone = app.client();
    phone.login("jana", PASSWORD).await;
    let before = phone.call("catalogue", &[]).await.json();
    assert_eq!(before["assigned"], json!([1]));

    for (services, problem) in [(&[][..], "Required"), (&["2", "99"][..], "Unknown")] {
        let mut form = vec![("user_id", id.as_str())];
        form.extend(services.iter().map(|service| ("services[]", *service)));
        let refused = admin.call("admin/users/services", &form).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.json()["Invalid"]["problem"], problem);
    }
    // Refused changes change nothing.
    assert_eq!(
        phone.call("catalogue", &[]).await.json()["assigned"],
        json!([1])
    );

    let moved = admin
        .call(
            "admin/users/services",
            &[("user_id", id.as_str()), ("services[]", "2")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.json()["services"], json!([2]));

    // The sync answer says the lists changed, so the phone fetches them.
    let body = json!({ "batch": { "schema_version": 1, "device_id": "phone",
                                  "records": [exchange(1, Some(1)), crisis_visit(2, Some(2))] } });
    let answer = phone.call_json("sync", &body).await.json();
    assert!(answer["catalogue_version"].as_i64() > before["version"].as_i64());
    assert_eq!(
        answer["results"][0]["outcome"]["Rejected"]["field"],
        "service"
    );
    assert_eq!(answer["results"][1]["outcome"], "Accepted");
    assert_eq!(
        phone.call("catalogue", &[]).await.json()["assigned"],
        json!([2])
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'services_assigned'")
            .await,
        1
    );
}

#[tokio::test]
async fn admins_create_rename_and_close_services_and_bad_input_is_refused() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    let create = |kind: &'static str, name: &'static str, registry: &'static str| {
        [
            ("service_type", kind),
            ("name", name),
            ("registry_id", registry),
        ]
    };
    for (form, field, problem) in [
        (
            create("shelter", "Azylový dům", ""),
            "service_type",
            "\"Unknown\"",
        ),
        (create("halfway_house", "  ", ""), "name", "\"Required\""),
        (
            create("halfway_house", "DPC", "12a4"),
            "registry_id",
            "\"BadCharacters\"",
        ),
        (
            create("halfway_house", "Kontaktní centrum", ""),
            "name",
            "\"Taken\"",
        ),
    ] {
        let refused = admin.call("admin/services/create", &form).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.json()["Invalid"]["field"], field);
        assert_eq!(refused.json()["Invalid"]["problem"].to_string(), problem);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM services").await, 2);

    let created = admin
        .call(
            "admin/services/create",
            &create("halfway_house", " DPC Brno ", "1234567"),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let service = created.json();
    assert_eq!(service["name"], "DPC Brno");
    assert_eq!(service["type"], "halfway_house");
    assert_eq!(service["registry_id"], "1234567");
    let id = service["id"].to_string();

    create_worker(&mut admin, "eva", &[&id]).await;
    let mut phone = app.client();
    phone.login("eva", PASSWORD).await;
    let contact = |n: u32| {
        json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum", "client": "anonymous",
            "service": service["id"],
            "details": { "kind": "contact", "first_contact": false, "target_group": "other",
                         "service_acts": ["doprovod"], "duration_minutes": 30 }
        })
    };
    assert_eq!(sync(&mut phone, vec![contact(1)]).await, ["Accepted"]);

    // A closed service takes no more records; its records stay.
    let closed = admin
        .call(
            "admin/services/update",
            &[
                ("id", id.as_str()),
                ("name", "DPC Brno"),
                ("registry_id", "1234567"),
                ("active", "false"),
            ],
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(
        sync(&mut phone, vec![contact(2)]).await,
        ["service:\"NotYourService\""]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 1);
    let missing = admin
        .call(
            "admin/services/update",
            &[
                ("id", "99"),
                ("name", "Nic"),
                ("registry_id", ""),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('service_created', 'service_changed')"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn an_organisation_with_one_service_needs_no_choice() {
    // The migration's service, as on every database from before services.
    let app = TestApp::new().await;
    let worker = app.user("jana", "worker").await;
    assert_eq!(
        app.count(&format!(
            "SELECT service_id FROM user_services WHERE user_id = {worker}"
        ))
        .await,
        1
    );
}

/// Phones of workers of two services sync at once while the admin moves
/// people between services and opens new ones: every record is filed, each
/// into its own service, and the tallies still add up.
#[tokio::test]
async fn many_phones_of_two_services_sync_while_the_admin_reassigns_people() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    let mut phones = Vec::new();
    for n in 0..12 {
        let service = if n % 2 == 0 { "1" } else { "2" };
        create_worker(&mut admin, &format!("worker{n}"), &[service]).await;
        let mut phone = app.client();
        phone.login(&format!("worker{n}"), PASSWORD).await;
        phones.push(phone);
    }
    let bystander = create_worker(&mut admin, "bystander", &["1"]).await["id"].to_string();

    let syncs = phones.iter_mut().enumerate().map(|(n, phone)| async move {
        let mut all = Vec::new();
        for round in 0..4u32 {
            let records = (0..20u32)
                .map(|i| {
                    let id = n as u32 * 1000 + round * 100 + i;
                    if n % 2 == 0 {
                        exchange(id, Some(1))
                    } else {
                        crisis_visit(id, Some(2))
                    }
                })
                .collect();
            all.extend(sync(phone, records).await);
        }
        all
    });
    let edits = async {
        let mut statuses = Vec::new();
        for n in 0..10 {
            let to = if n % 2 == 0 { "2" } else { "1" };
            let moved = admin
                .call(
                    "admin/users/services",
                    &[("user_id", bystander.as_str()), ("services[]", to)],
                )
                .await;
            statuses.push((moved.status, moved.body));
            let name = format!("Služba {n}");
            let created = admin
                .call(
                    "admin/services/create",
                    &[
                        ("service_type", "social_rehabilitation"),
                        ("name", name.as_str()),
                        ("registry_id", ""),
                    ],
                )
                .await;
            statuses.push((created.status, created.body));
        }
        statuses
    };
    let (synced, edited) = tokio::join!(futures::future::join_all(syncs), edits);
    for outcome in synced.into_iter().flatten() {
        assert_eq!(outcome, "Accepted");
    }
    for (status, body) in edited {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE service_id = 1 AND kind = 'exchange'")
            .await,
        6 * 4 * 20
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE service_id = 2 AND kind = 'crisis_visit'")
            .await,
        6 * 4 * 20
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM services").await, 12);
    app.assert_tallies_recount().await;
}

/// The coordinator's figures of one service count only its records; without
/// a service they are the organisation's totals.
#[tokio::test]
async fn each_service_has_its_own_figures_and_the_organisation_their_sum() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    create_worker(&mut admin, "petr", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let outcomes = sync(
        &mut phone,
        vec![
            exchange(1, Some(1)),
            exchange(2, Some(1)),
            crisis_visit(3, Some(2)),
        ],
    )
    .await;
    assert_eq!(outcomes, ["Accepted"; 3]);

    async fn figures(admin: &mut Client<'_>, query: &str) -> (i64, i64, i64) {
        let response = admin.call("reports/dashboard", &[("query", query)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let figures = &response.json()["figures"];
        (
            figures["exchanges"].as_i64().unwrap(),
            figures["crisis_visits"].as_i64().unwrap(),
            figures["syringes_given"].as_i64().unwrap(),
        )
    }
    assert_eq!(figures(&mut admin, "obdobi=rok&sluzba=1").await, (2, 0, 10));
    assert_eq!(figures(&mut admin, "obdobi=rok&sluzba=2").await, (0, 1, 0));
    assert_eq!(figures(&mut admin, "obdobi=rok").await, (2, 1, 10));

    for query in ["obdobi=rok&sluzba=99", "obdobi=rok&sluzba=kc"] {
        let refused = admin.call("reports/dashboard", &[("query", query)]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.json()["Invalid"]["field"], "sluzba");
    }

    // The yearly report and its CSV follow the same choice.
    let year = chrono::Local::now().format("%Y").to_string();
    let csv = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=2"))
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let annual = this_years_report(&mut admin, Some(1)).await;
    assert_eq!(annual[0]["exchanges"], 2);
    assert_eq!(annual[0]["service_id"], 1);
}

/// Every service logs applicants it refused, by the law's reason; they are
/// no clients and no contacts.
#[tokio::test]
async fn refused_applicants_are_logged_by_every_service_and_counted_by_reason() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    create_worker(&mut admin, "petr", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let refusal = |n: u32, service: i64, reason: &str, client: Value| {
        json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum", "client": client,
            "service": service, "details": { "kind": "refusal", "reason": reason }
        })
    };
    let outcomes = sync(
        &mut phone,
        vec![
            refusal(1, 1, "no_capacity", json!("anonymous")),
            refusal(2, 2, "not_provided", json!("anonymous")),
            refusal(3, 2, "no_capacity", json!({ "code": "LUD07TOM08" })),
            refusal(4, 2, "because", json!("anonymous")),
        ],
    )
    .await;
    assert_eq!(outcomes[..2], ["Accepted", "Accepted"]);
    assert!(outcomes[2].starts_with("client:"), "{outcomes:?}");
    assert!(outcomes[3].starts_with("record:"), "{outcomes:?}");

    let response = admin
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await;
    let figures = &response.json()["figures"];
    assert_eq!(figures["contacts"], 0);
    assert_eq!(figures["unique_clients"], 0);
    let by_reason: Vec<(String, i64)> = figures["refusals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            (
                line["code"].as_str().unwrap().to_owned(),
                line["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_reason,
        [
            ("not_provided".into(), 1),
            ("no_capacity".into(), 1),
            ("health_condition".into(), 0),
            ("contract_ended".into(), 0)
        ]
    );
    let csv = admin.get("/export/odmitnuti.csv?obdobi=rok&sluzba=2").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .contains("not_provided,\"Služba neposkytuje, o co žádá\",1"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("no_capacity,Nedostatek kapacity,0"),
        "{}",
        csv.body
    );
}

/// The demo data covers every type of service, each record in a service
/// that logs its kind and that its worker works for.
#[tokio::test]
async fn demo_data_fills_a_service_of_every_type_by_the_rules() {
    common::sqlite_only!("demo data is seeded into a SQLite file");
    let app = TestApp::new().await;
    let mut options = server::seed::Options::new(3000, chrono::Local::now().date_naive());
    options.workers = 12;
    options.days = 60;
    server::seed::seed(app.db(), &options).await.unwrap();

    let per_type: Vec<(String, i64)> = sqlx::query_as(
        "SELECT s.type, COUNT(r.id) FROM services s LEFT JOIN records r ON r.service_id = s.id
         GROUP BY s.type ORDER BY s.type",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    assert_eq!(per_type.len(), 6, "{per_type:?}");
    assert!(per_type.iter().all(|(_, n)| *n > 0), "{per_type:?}");

    let filed: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT s.type, r.kind FROM records r JOIN services s ON s.id = r.service_id",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    for (service_type, kind) in &filed {
        let service_type = app::services::ServiceType::parse(service_type).unwrap();
        let kind = app::records::kinds::Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .unwrap();
        assert!(
            app::records::kinds::Kind::offered_by(service_type).contains(&kind),
            "{service_type:?} {kind:?}"
        );
    }
    assert!(filed.iter().any(|(_, kind)| kind == "refusal"));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM user_services u
             WHERE u.user_id = r.worker_id AND u.service_id = r.service_id)"
        )
        .await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM records WHERE kind = 'refusal' AND client_code IS NOT NULL"
        )
        .await,
        0
    );
    app.assert_tallies_recount().await;
}

/// Social rehabilitation says who met the client and logs missed meetings;
/// crisis help says the form of exploitation, citizenship and interpreter;
/// each service's figures count them, and no other service may send them.
#[tokio::test]
async fn social_rehabilitation_and_crisis_help_log_what_their_figures_need() {
    let app = TestApp::new().await;
    let mut admin = app.client();
    // Numbered in the law's order: crisis help 1, halfway house 2, social
    // rehabilitation 3.
    let form = setup_form(&["social_rehabilitation", "crisis_help", "halfway_house"]);
    assert_eq!(admin.call("setup", &form).await.status, StatusCode::OK);
    create_worker(&mut admin, "petr", &["1", "2", "3"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let contact = |n: u32, service: i64, extra: Value| {
        let mut record = json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
            "client": { "code": "LUD07TOM08" }, "service": service,
            "details": { "kind": "contact", "first_contact": false, "target_group": "other",
                         "service_acts": [], "duration_minutes": 45 }
        });
        for (key, value) in extra.as_object().unwrap() {
            if key == "form" {
                record["details"][key] = value.clone();
            } else {
                record["details"]["particulars"][key] = value.clone();
            }
        }
        record
    };
    let missed = |n: u32, service: i64, cancelled: bool| {
        json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
            "client": { "code": "LUD07TOM08" }, "service": service,
            "details": { "kind": "missed_meeting", "cancelled": cancelled }
        })
    };
    let outcomes = sync(
        &mut phone,
        vec![
            contact(1, 3, json!({ "role": "assistant" })),
            contact(2, 3, json!({ "role": "consultant", "form": "phone" })),
            missed(3, 3, true),
            missed(4, 3, false),
            missed(5, 3, false),
            contact(
                6,
                1,
                json!({ "exploitation": "labour", "citizenship": "other", "interpreter": true }),
            ),
            contact(
                7,
                1,
                json!({ "exploitation": "sexual", "citizenship": "eu" }),
            ),
            // Asked only where a figure needs it.
            contact(8, 2, json!({ "role": "assistant" })),
            contact(9, 3, json!({ "citizenship": "czech" })),
            missed(10, 2, false),
            contact(11, 3, json!({ "role": "boss" })),
        ],
    )
    .await;
    assert_eq!(outcomes[..7], ["Accepted"; 7]);
    assert_eq!(outcomes[7], "role:\"NotForService\"");
    assert_eq!(outcomes[8], "exploitation:\"NotForService\"");
    assert_eq!(outcomes[9], "service:\"NotForService\"");
    assert!(outcomes[10].starts_with("record:"), "{outcomes:?}");

    async fn figures(admin: &mut Client<'_>, query: &str) -> Value {
        let response = admin.call("reports/dashboard", &[("query", query)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        response.json()["figures"].clone()
    }
    let rehab = figures(&mut admin, "obdobi=rok&sluzba=3").await;
    assert_eq!(
        counts(&rehab["roles"]),
        [("consultant".into(), 1), ("assistant".into(), 1)]
    );
    assert_eq!(
        counts(&rehab["missed_meetings"]),
        [("cancelled".into(), 1), ("no_show".into(), 2)]
    );
    // Missed meetings are no contacts; the hours are the contacts' own.
    assert_eq!(rehab["contacts"], 2);
    assert_eq!(rehab["direct_minutes"], 90);
    let crisis = figures(&mut admin, "obdobi=rok&sluzba=1").await;
    assert_eq!(
        counts(&crisis["exploitation"]),
        [
            ("labour".into(), 1),
            ("sexual".into(), 1),
            ("other".into(), 0)
        ]
    );
    assert_eq!(
        counts(&crisis["citizenship"]),
        [("czech".into(), 0), ("eu".into(), 1), ("other".into(), 1)]
    );
    assert_eq!(crisis["with_interpreter"], 1);
    assert_eq!(crisis["roles"][0]["count"], 0);

    // Each yearly report has the parts its funders ask for: the ministry's
    // for both, direct work for social rehabilitation, the anti-trafficking
    // report for crisis help, and the drug monitoring centre's for neither.
    let year = chrono::Local::now().format("%Y").to_string();
    let rehab = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=3"))
        .await;
    assert_eq!(rehab.status, StatusCode::OK, "{}", rehab.body);
    for line in [
        "Výkaz MPSV",
        "Odmítnutí zájemci (§91 odst. 3),0",
        "\nPřímá práce\n",
        "Hodiny přímé práce,\"1,5\"",
        "Kontakty: Asistent,1",
        // Contacts by form add up to the contacts, hidden beside the one
        // client: with them, the form they were in.
        "Kontakty: Telefonicky,x",
        "Setkání: Klient nepřišel,2",
    ] {
        assert!(rehab.body.contains(line), "{line} in {}", rehab.body);
    }
    assert!(!rehab.body.contains("NMS"), "{}", rehab.body);
    assert!(!rehab.body.contains("obchodování"), "{}", rehab.body);
    let crisis = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=1"))
        .await;
    assert!(
        crisis.body.contains("obchodování s lidmi"),
        "{}",
        crisis.body
    );
    assert!(!crisis.body.contains("Přímá práce"), "{}", crisis.body);
    assert!(!crisis.body.contains("Výměny"), "{}", crisis.body);
}

/// Crisis help's yearly figures count people, not contacts: a person met
/// three times is one, a person named in two forms is one in each, and an
/// anonymous contact is no person at all.
#[tokio::test]
async fn crisis_help_counts_each_person_once_by_exploitation_and_citizenship() {
    let app = TestApp::new().await;
    let mut admin = app.client();
    // Crisis help 1, social rehabilitation 2.
    let form = setup_form(&["social_rehabilitation", "crisis_help"]);
    assert_eq!(admin.call("setup", &form).await.status, StatusCode::OK);
    create_worker(&mut admin, "petr", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let met = |n: u32, client: Value, service: i64, exploitation: &str, citizenship: &str| {
        json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
            "client": client, "service": service,
            "details": { "kind": "contact", "first_contact": false, "target_group": "other",
                         "service_acts": [], "duration_minutes": 30,
                         "particulars": { "exploitation": exploitation, "citizenship": citizenship } }
        })
    };
    let code = |c: &str| json!({ "code": c });
    let outcomes = sync(
        &mut phone,
        vec![
            met(1, code("ANA01PET01"), 1, "labour", "other"),
            met(2, code("ANA01PET01"), 1, "labour", "other"),
            met(3, code("ANA01PET01"), 1, "labour", "other"),
            met(4, code("BOR02JAN02"), 1, "sexual", "eu"),
            met(5, code("CIL03KAR03"), 1, "labour", "eu"),
            met(6, code("CIL03KAR03"), 1, "sexual", "czech"),
            met(7, json!("anonymous"), 1, "labour", "other"),
        ],
    )
    .await;
    assert_eq!(outcomes, ["Accepted"; 7]);

    let off = admin
        .call("reports/suppression/set", &[("on", "false")])
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    let year = chrono::Local::now().format("%Y").to_string();
    let annual = this_years_report(&mut admin, Some(1)).await;
    assert_eq!(
        counts(&annual[0]["people_by_exploitation"]),
        [
            ("labour".into(), 2),
            ("sexual".into(), 2),
            ("other".into(), 0)
        ]
    );
    assert_eq!(
        counts(&annual[0]["people_by_citizenship"]),
        [("czech".into(), 1), ("eu".into(), 2), ("other".into(), 1)]
    );
    // The coordinator's dashboard of the service counts people too, and
    // its CSV hides small counts of them like every unique-person figure.
    let dashboard = admin
        .call("reports/dashboard", &[("query", "obdobi=rok&sluzba=1")])
        .await
        .json();
    assert_eq!(
        counts(&dashboard["people_by_exploitation"]),
        [
            ("labour".into(), 2),
            ("sexual".into(), 2),
            ("other".into(), 0)
        ]
    );
    assert_eq!(
        counts(&dashboard["people_by_citizenship"]),
        [("czech".into(), 1), ("eu".into(), 2), ("other".into(), 1)]
    );
    let people_csv = admin
        .get("/export/lide-vykoristovani.csv?obdobi=rok&sluzba=1")
        .await;
    assert_eq!(people_csv.status, StatusCode::OK, "{}", people_csv.body);
    assert!(
        people_csv.body.contains("labour,Pracovní vykořisťování,2"),
        "{}",
        people_csv.body
    );
    // Not asked for other services, nor for the organisation's totals.
    let totals = admin
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await
        .json();
    assert_eq!(totals["people_by_exploitation"], json!([]));
    let csv = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=1"))
        .await;
    assert!(
        csv.body.contains("Osoby: pracovní vykořisťování,2"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("Osoby: občanství mimo EU,1"),
        "{}",
        csv.body
    );

    // Another service met none of them and says nothing of it.
    let rehab = this_years_report(&mut admin, Some(2)).await;
    assert!(counts(&rehab[0]["people_by_exploitation"])
        .iter()
        .all(|(_, n)| *n == 0));
    let csv = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=2"))
        .await;
    assert!(!csv.body.contains("Osoby:"), "{}", csv.body);

    // Unique people are small counts to hide once suppression is on.
    let on = admin
        .call("reports/suppression/set", &[("on", "true")])
        .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.body);
    let csv = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=1"))
        .await;
    assert!(
        !csv.body.contains("Osoby: pracovní vykořisťování,2"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("Osoby: pracovní vykořisťování,"),
        "{}",
        csv.body
    );
    let people_csv = admin
        .get("/export/lide-vykoristovani.csv?obdobi=rok&sluzba=1")
        .await;
    assert!(
        people_csv.body.contains("labour,Pracovní vykořisťování,x"),
        "{}",
        people_csv.body
    );
}

/// Tests by type and result: a drug service logs them, another may not,
/// and the figures, the CSV and the yearly report count them.
#[tokio::test]
async fn drug_services_log_tests_by_type_and_result() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    create_worker(&mut admin, "both", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("both", PASSWORD).await;
    let tested = |n: u32, service: i64, tests: Value| {
        let mut record = exchange(n, Some(service));
        record["details"]["tests"] = tests;
        record
    };
    let outcomes = sync(
        &mut phone,
        vec![
            tested(
                1,
                1,
                json!([{ "test": "hcv", "result": "positive" }, { "test": "hiv" }]),
            ),
            tested(2, 1, json!([{ "test": "hcv", "result": "negative" }])),
            tested(3, 1, json!([{ "test": "hcv", "result": "positive" }])),
            {
                let mut contact = crisis_visit(4, Some(2));
                contact["details"] = json!({ "kind": "contact", "first_contact": false,
                    "target_group": "other", "tests": [{ "test": "hiv" }] });
                contact
            },
            tested(5, 1, json!([{ "test": "hcv" }, { "test": "hcv" }])),
            tested(6, 1, json!([{ "test": "tuberculosis" }])),
            tested(7, 1, json!([{ "test": "urine_drugs" }])),
        ],
    )
    .await;
    assert_eq!(outcomes[0..3], ["Accepted", "Accepted", "Accepted"]);
    assert_eq!(outcomes[6], "Accepted");
    assert_eq!(outcomes[3], "tests:\"NotForService\"");
    assert!(
        outcomes[4].starts_with("tests[1]:{\"Malformed\""),
        "{}",
        outcomes[4]
    );
    assert!(
        outcomes[5].starts_with("record:{\"Malformed\""),
        "{}",
        outcomes[5]
    );

    let response = admin
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await;
    let tests: Vec<(String, i64)> = response.json()["figures"]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["code"].as_str().unwrap().to_owned(),
                l["count"].as_i64().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        tests,
        [
            ("hiv/none".into(), 1),
            ("hcv/negative".into(), 1),
            ("hcv/positive".into(), 2),
            ("urine_drugs/none".into(), 1)
        ]
    );
    let csv = admin.get("/export/testy.csv?obdobi=rok").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("hcv/positive,HCV – pozitivní,2"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("hbv/none,HBV – bez výsledku,0"),
        "{}",
        csv.body
    );
    let year = chrono::Local::now().format("%Y").to_string();
    let report = admin.get(&format!("/export/vykaz.csv?rok={year}")).await;
    // The NMS counts the four infection tests; a urine test is its own line.
    assert!(
        report.body.contains("\"Testy (HIV, HCV, HBV, syfilis)\",4"),
        "{}",
        report.body
    );
    assert!(
        report.body.contains("Testy na drogy z moči,1"),
        "{}",
        report.body
    );
    assert!(report.body.contains("HCV – pozitivní,2"), "{}", report.body);
}

/// Target groups are each type's own list: a crisis-help worker picks from
/// the ministry's groups of trafficked and exploited people, the contact
/// centre keeps its four, and the figures count clients under whichever
/// group their latest record gives, labelled from the list.
#[tokio::test]
async fn each_type_of_service_has_its_own_target_groups() {
    let app = TestApp::new().await;
    let mut admin = app.client();
    // Numbered in the law's order: contact centre 1, crisis help 2.
    let form = setup_form(&["crisis_help", "contact_centre"]);
    assert_eq!(admin.call("setup", &form).await.status, StatusCode::OK);
    create_worker(&mut admin, "eva", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("eva", PASSWORD).await;

    let catalogue = phone.call("catalogue", &[]).await.json();
    let groups_for = |service_type: &str| -> Vec<String> {
        catalogue["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["list"] == "target_group")
            .filter(|item| match item["service_types"].as_array() {
                Some(types) => types.iter().any(|t| t == service_type),
                None => true,
            })
            .map(|item| item["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        groups_for("contact_centre"),
        [
            "injecting_user",
            "non_injecting_user",
            "family_or_close",
            "other"
        ]
    );
    let crisis_groups = groups_for("crisis_help");
    assert_eq!(crisis_groups[0], "other");
    assert!(crisis_groups.contains(&"kp-obeti-osl".to_owned()));
    assert!(!crisis_groups.contains(&"injecting_user".to_owned()));

    let contact = |n: u32, service: i64, code: &str, group: &str| {
        json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
            "client": { "code": code }, "service": service,
            "details": { "kind": "contact", "first_contact": false, "target_group": group,
                         "service_acts": [] }
        })
    };
    let mut exchange_for_victim = exchange(5, Some(1));
    exchange_for_victim["details"]["target_group"] = json!("kp-obeti-osl");
    let outcomes = sync(
        &mut phone,
        vec![
            contact(1, 2, "AAA01BBB02", "kp-obeti-osl"),
            contact(2, 2, "CCC03DDD04", "kp-v-krizi"),
            contact(3, 2, "III09JJJ10", "kp-obeti-osl"),
            contact(4, 1, "EEE05FFF06", "injecting_user"),
            exchange_for_victim,
            contact(6, 2, "GGG07HHH08", "obet"),
        ],
    )
    .await;
    assert_eq!(outcomes[..4], ["Accepted"; 4]);
    assert_eq!(outcomes[4], "target_group:\"NotForTargetGroup\"");
    assert_eq!(outcomes[5], "target_group:\"Unknown\"");

    let crisis = admin
        .call("reports/dashboard", &[("query", "obdobi=rok&sluzba=2")])
        .await
        .json();
    let groups = &crisis["figures"]["clients_by_group"];
    // In the list's order.
    assert_eq!(
        counts(groups),
        [("kp-obeti-osl".into(), 2), ("kp-v-krizi".into(), 1)]
    );
    assert_eq!(groups[0]["label"], "Oběti obchodu s lidmi");
    let all = admin
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await
        .json();
    assert_eq!(
        counts(&all["figures"]["clients_by_group"]),
        [
            ("injecting_user".into(), 1),
            ("kp-obeti-osl".into(), 2),
            ("kp-v-krizi".into(), 1)
        ]
    );
    admin
        .call("reports/suppression/set", &[("on", "false")])
        .await;
    let csv = admin.get("/export/skupiny.csv?obdobi=rok&sluzba=2").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.body.contains("Oběti obchodu s lidmi,2"), "{}", csv.body);
    assert!(!csv.body.contains("Injekční"), "{}", csv.body);
}

/// A coordinator lands on their own service's figures without naming it:
/// the only service they are assigned to, or the organisation's only one.
/// Totals are one choice away. Each page and CSV shows what the service's
/// type owes and nothing of the other types.
#[tokio::test]
async fn a_coordinator_lands_on_their_own_services_figures_and_cards() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    create_worker(&mut admin, "petr", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let outcomes = sync(
        &mut phone,
        vec![exchange(1, Some(1)), crisis_visit(2, Some(2))],
    )
    .await;
    assert_eq!(outcomes, ["Accepted"; 2]);
    let created = admin
        .call(
            "admin/users/create",
            &[
                ("username", "vedouci"),
                ("display_name", "Vedoucí IC"),
                ("role", "coordinator"),
                ("password", PASSWORD),
                ("services[]", "2"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let mut coordinator = app.client();
    coordinator.login("vedouci", PASSWORD).await;

    async fn dashboard(client: &mut Client<'_>, query: &str) -> Value {
        let response = client.call("reports/dashboard", &[("query", query)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        response.json()
    }
    let own = dashboard(&mut coordinator, "obdobi=rok").await;
    assert_eq!(own["filter"]["service_id"], 2);
    assert_eq!(own["service_types"], json!(["intervention_centre"]));
    assert_eq!(own["figures"]["contacts"], 1, "a crisis visit is a contact");
    assert_eq!(own["figures"]["exchanges"], 0);
    assert_eq!(
        counts(&own["figures"]["interventions"]),
        [("crisis_intervention".into(), 1)]
    );
    let totals = dashboard(&mut coordinator, "obdobi=rok&sluzba=vse").await;
    assert_eq!(totals["filter"]["service_id"], Value::Null);
    assert_eq!(totals["figures"]["contacts"], 2);
    assert_eq!(
        totals["service_types"],
        json!(["contact_centre", "intervention_centre"])
    );

    // The page renders the intervention centre's cards, not the drug ones.
    let page = coordinator.get("/prehled?obdobi=rok").await;
    assert_eq!(page.status, StatusCode::OK);
    for owed in [
        "Intervence při krizových návštěvách",
        "Konzultace podle typu a formy",
        "Vykázání: nabídka pomoci do 48 h",
    ] {
        assert!(page.body.contains(owed), "{owed} missing");
    }
    for not_owed in [
        "graf-strikacky",
        "Vydaný materiál",
        "data-figure=\"exchanges\"",
    ] {
        assert!(!page.body.contains(not_owed), "{not_owed} shown");
    }
    let csv = coordinator.get("/export/souhrn.csv?obdobi=rok").await;
    assert!(csv.body.contains("Krizové návštěvy,1"), "{}", csv.body);
    assert!(csv.body.contains("Kontakty,1"), "{}", csv.body);
    assert!(!csv.body.contains("stříkačky"), "{}", csv.body);
    let interventions = coordinator.get("/export/intervence.csv?obdobi=rok").await;
    assert!(
        interventions
            .body
            .contains("crisis_intervention,Krizová intervence,1"),
        "{}",
        interventions.body
    );

    // The yearly report of their service, with its parts, by default too.
    let annual = this_years_report(&mut coordinator, None).await;
    assert_eq!(annual[0]["service_id"], 2);
    assert_eq!(annual[0]["contacts"], 1);
}

/// An organisation of one service sees that service's own figures, such as
/// crisis help's people by form of exploitation, without choosing it.
#[tokio::test]
async fn a_one_service_organisation_shows_that_services_figures() {
    let app = TestApp::new().await;
    let mut admin = app.client();
    let form = setup_form(&["crisis_help"]);
    assert_eq!(admin.call("setup", &form).await.status, StatusCode::OK);
    create_worker(&mut admin, "petr", &["1"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let contact = json!({
        "id": uuid(1), "occurred_at": now_local(), "locality": "centrum",
        "client": { "code": "ANA01PET01" },
        "details": { "kind": "contact", "first_contact": true,
                     "target_group": "kp-pracovni-vykoristovani", "service_acts": [],
                     "particulars": { "exploitation": "labour", "citizenship": "other" } }
    });
    assert_eq!(sync(&mut phone, vec![contact]).await, ["Accepted"]);
    let response = admin
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await;
    let dashboard = response.json();
    assert_eq!(dashboard["filter"]["service_id"], 1);
    assert_eq!(
        counts(&dashboard["people_by_exploitation"]),
        [
            ("labour".into(), 1),
            ("sexual".into(), 0),
            ("other".into(), 0)
        ]
    );
    let groups = counts(&dashboard["figures"]["clients_by_group"]);
    assert!(
        groups.contains(&("kp-pracovni-vykoristovani".into(), 1)),
        "{groups:?}"
    );
}

/// Street work with exchanges adds to the hours of direct work: an exchange
/// carries its length, a new one starts with its service's usual length
/// (the admin's setting, which reaches the phone with the lists), and the
/// figures count it like a contact's.
#[tokio::test]
async fn an_exchanges_length_counts_as_direct_work_and_its_usual_length_is_the_services() {
    let app = TestApp::new().await;
    let mut admin = two_services(&app).await;
    create_worker(&mut admin, "petr", &["1"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;

    let catalogue = phone.call("catalogue", &[]).await.json();
    let usual = |catalogue: &Value| {
        catalogue["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == 1)
            .unwrap()["exchange_minutes"]
            .clone()
    };
    assert_eq!(usual(&catalogue), 10, "the default");
    let set = |minutes: &'static str| {
        [
            ("id", "1"),
            ("name", "Kontaktní centrum"),
            ("registry_id", ""),
            ("active", "true"),
            ("exchange_minutes", minutes),
        ]
    };
    let changed = admin.call("admin/services/update", &set("15")).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    for wrong in ["-1", "601", "deset"] {
        let refused = admin.call("admin/services/update", &set(wrong)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{wrong}");
    }
    // A form without the field keeps the setting.
    let kept = admin
        .call(
            "admin/services/update",
            &[
                ("id", "1"),
                ("name", "Kontaktní centrum"),
                ("registry_id", ""),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(kept.json()["exchange_minutes"], 15);
    let catalogue = phone.call("catalogue", &[]).await.json();
    assert_eq!(usual(&catalogue), 15);

    let timed = |n: u32, minutes: Option<i64>| {
        let mut record = exchange(n, Some(1));
        if let Some(minutes) = minutes {
            record["details"]["duration_minutes"] = json!(minutes);
        }
        record
    };
    let outcomes = sync(
        &mut phone,
        vec![
            timed(1, Some(15)),
            timed(2, Some(20)),
            timed(3, None),
            timed(4, Some(-5)),
        ],
    )
    .await;
    assert_eq!(outcomes[..3], ["Accepted"; 3]);
    assert!(outcomes[3].starts_with("duration_minutes:"), "{outcomes:?}");
    let dashboard = admin
        .call("reports/dashboard", &[("query", "obdobi=rok&sluzba=1")])
        .await
        .json();
    assert_eq!(dashboard["figures"]["direct_minutes"], 35);
    // An exchange stored without a length reads back as it was sent.
    let stored = app
        .rows(&format!(
            "SELECT CAST(details AS TEXT) FROM records WHERE id = '{}'",
            uuid(3)
        ))
        .await
        .remove(0)
        .remove(0)
        .unwrap();
    assert!(!stored.contains("duration_minutes"), "{stored}");
}

/// A halfway house asks where its users come from and how many people live
/// with them, once per code; the yearly report of the house counts them,
/// and no other service may send them.
#[tokio::test]
async fn a_halfway_house_counts_its_users_by_origin_and_who_lives_with_them() {
    let app = TestApp::new().await;
    let mut admin = app.client();
    // Contact centre 1, halfway house 2.
    let form = setup_form(&["contact_centre", "halfway_house"]);
    assert_eq!(admin.call("setup", &form).await.status, StatusCode::OK);
    create_worker(&mut admin, "petr", &["1", "2"]).await;
    let mut phone = app.client();
    phone.login("petr", PASSWORD).await;
    let met = |n: u32, code: &str, service: i64, basics: Value| {
        json!({
            "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
            "client": { "code": code }, "service": service, "basics": basics,
            "details": { "kind": "contact", "first_contact": false,
                         "target_group": if service == 2 { "dpc-z-ustavni-pece" } else { "other" },
                         "service_acts": [] }
        })
    };
    let outcomes = sync(
        &mut phone,
        vec![
            met(
                1,
                "ANA01PET01",
                2,
                json!({ "origin": "institutional_care", "household": 1 }),
            ),
            met(2, "ANA01PET01", 2, json!({})),
            met(
                3,
                "BOR02JAN02",
                2,
                json!({ "origin": "foster_care", "household": 0 }),
            ),
            met(4, "CIL03KAR03", 2, json!({ "sex": "male" })),
            met(5, "DAN04EVA04", 1, json!({ "origin": "foster_care" })),
            met(6, "EMA05OTA05", 2, json!({ "household": 21 })),
        ],
    )
    .await;
    assert_eq!(outcomes[..4], ["Accepted"; 4]);
    assert_eq!(outcomes[4], "origin:\"NotForService\"");
    assert!(outcomes[5].starts_with("household:"), "{outcomes:?}");

    let year = chrono::Local::now().format("%Y").to_string();
    let annual = this_years_report(&mut admin, Some(2)).await;
    assert_eq!(
        counts(&annual[0]["users_by_origin"]),
        [
            ("institutional_care".into(), 1),
            ("foster_care".into(), 1),
            ("other".into(), 0),
            (String::new(), 1)
        ]
    );
    assert_eq!(annual[0]["living_with_users"], 1);
    let off = admin
        .call("reports/suppression/set", &[("on", "false")])
        .await;
    assert_eq!(off.status, StatusCode::OK);
    let csv = admin
        .get(&format!("/export/vykaz.csv?rok={year}&sluzba=2"))
        .await;
    for line in [
        "Původ uživatele: Ústavní péče,1",
        "Původ uživatele: Pěstounská péče,1",
        "Osoby žijící s uživateli,1",
        "Přímá práce",
    ] {
        assert!(csv.body.contains(line), "{line} in {}", csv.body);
    }
}
