//! Lists per type of service: each type brings its default pack once, the
//! admin narrows an item to some types, and a form offers a service only
//! what is meant for it.

use crate::common;

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD, SETUP_CODE};
use serde_json::Value;

async fn contact_centre_only(app: &TestApp) -> Client<'_> {
    let mut admin = app.client();
    let created = admin
        .call(
            "setup",
            &[
                ("setup_code", SETUP_CODE),
                ("username", "spravce"),
                ("display_name", "Jana Správcová"),
                ("password", PASSWORD),
                ("password_again", PASSWORD),
                ("services[]", "contact_centre"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    admin
}

fn item<'a>(catalogue: &'a Value, code: &str) -> Option<&'a Value> {
    catalogue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["code"] == code)
}

fn types(item: &Value) -> Vec<&str> {
    item["service_types"]
        .as_array()
        .map(|types| types.iter().map(|t| t.as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_type_of_service_brings_its_pack_once_and_leaves_the_admins_edits_alone() {
    let app = TestApp::new().await;
    let mut admin = contact_centre_only(&app).await;
    let before = admin.call("catalogue", &[]).await.json();
    assert!(
        item(&before, "dpc-finance").is_none(),
        "no halfway house yet"
    );
    assert_eq!(
        types(item(&before, "strikacky").unwrap()),
        ["contact_centre", "field_programme"]
    );
    assert_eq!(
        types(item(&before, "hr-informace").unwrap()),
        ["contact_centre", "field_programme"]
    );
    assert!(types(item(&before, "poradenstvi").unwrap()).is_empty());

    let open = |name: &'static str| {
        [
            ("service_type", "halfway_house"),
            ("name", name),
            ("registry_id", ""),
        ]
    };
    let created = admin.call("admin/services/create", &open("DPC Brno")).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let after = admin.call("catalogue", &[]).await.json();
    assert!(after["version"].as_i64() > before["version"].as_i64());
    let finance = item(&after, "dpc-finance").expect("the halfway house's pack");
    assert_eq!(types(finance), ["halfway_house"]);
    assert_eq!(finance["label"], "Hospodaření s penězi");
    let items = after["items"].as_array().unwrap().len();
    assert_eq!(
        items,
        before["items"].as_array().unwrap().len()
            + app::services::packs::of(app::services::ServiceType::HalfwayHouse).len()
    );

    // The admin renames and retires a pack item; a second halfway house, and
    // a later start of the server, add nothing and undo nothing.
    let id = finance["id"].to_string();
    let renamed = admin
        .call(
            "admin/catalogue/update",
            &[
                ("id", &id),
                ("label", "Peníze"),
                ("active", "false"),
                ("types[]", "halfway_house"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let created = admin.call("admin/services/create", &open("DPC Zlín")).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    // A new version's start adds only what is missing.
    if !crate::common::on_postgres() {
        let mut db = app.pool().acquire().await.unwrap();
        assert_eq!(app::services::db::add_packs(&mut db).await.unwrap(), 0);
    }
    let last = admin.call("catalogue", &[]).await.json();
    assert_eq!(last["items"].as_array().unwrap().len(), items);
    let finance = item(&last, "dpc-finance").unwrap();
    assert_eq!(finance["label"], "Peníze");
    assert_eq!(finance["active"], false);
}

#[tokio::test]
async fn the_admin_narrows_an_item_to_types_and_bad_types_change_nothing() {
    let app = TestApp::new().await;
    let mut admin = contact_centre_only(&app).await;
    let added = admin
        .call(
            "admin/catalogue/add",
            &[
                ("list", "service_act"),
                ("label", "Nácvik vaření"),
                ("types[]", "social_rehabilitation"),
                ("types[]", "halfway_house"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let added = added.json();
    assert_eq!(types(&added), ["halfway_house", "social_rehabilitation"]);
    let id = added["id"].to_string();
    let version = admin.call("catalogue", &[]).await.json()["version"].clone();

    for bad in ["shelter", "", "Halfway_House"] {
        let refused = admin
            .call(
                "admin/catalogue/update",
                &[
                    ("id", &id),
                    ("label", "Nácvik vaření"),
                    ("active", "true"),
                    ("types[]", bad),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            refused.body
        );
        assert_eq!(refused.json()["Invalid"]["field"], "types");
    }
    let refused = admin
        .call(
            "admin/catalogue/add",
            &[
                ("list", "material"),
                ("label", "Mýdlo"),
                ("types[]", "shelter"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    let now = admin.call("catalogue", &[]).await.json();
    assert_eq!(now["version"], version, "refused edits change nothing");
    assert!(item(&now, "mydlo").is_none());
    assert_eq!(
        types(item(&now, "nacvik-vareni").unwrap()),
        ["halfway_house", "social_rehabilitation"]
    );

    // No box checked: the item is for every service again.
    let widened = admin
        .call(
            "admin/catalogue/update",
            &[("id", &id), ("label", "Nácvik vaření"), ("active", "true")],
        )
        .await;
    assert_eq!(widened.status, StatusCode::OK, "{}", widened.body);
    assert!(types(&widened.json()).is_empty());
}

/// The demo data's contacts name only acts meant for their service's type.
#[tokio::test]
async fn demo_contacts_name_only_acts_meant_for_their_service() {
    common::sqlite_only!("demo data is seeded into a SQLite file");
    let app = TestApp::new().await;
    let mut options = server::seed::Options::new(2000, chrono::Local::now().date_naive());
    options.workers = 12;
    options.days = 30;
    server::seed::seed(app.db(), &options).await.unwrap();

    let named: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT DISTINCT s.type, act.value, c.service_types
         FROM records r
         JOIN services s ON s.id = r.service_id
         JOIN json_each(r.details, '$.service_acts') act
         JOIN catalogue_items c ON c.list = 'service_act' AND c.code = act.value",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    assert!(!named.is_empty());
    for (service_type, act, types) in &named {
        assert!(
            types.is_empty() || types.split(' ').any(|t| t == service_type),
            "{service_type} named {act}, meant for {types}"
        );
    }
    for own in ["halfway_house", "social_rehabilitation", "crisis_help"] {
        assert!(
            named.iter().any(|(t, _, types)| t == own && types == own),
            "{own} names none of its own acts"
        );
    }
}

/// Places and interventions of a crisis visit are lists too: the old
/// values are items with their old codes (so stored visits stay valid), an
/// admin adds a place the service needs, and a visit naming anything not
/// in the lists is refused with the field that is wrong.
#[tokio::test]
async fn crisis_visits_take_places_and_interventions_from_the_lists() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let catalogue = admin.call("catalogue", &[]).await.json();
    let codes = |list: &str| -> Vec<String> {
        catalogue["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["list"] == list)
            .map(|item| item["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        codes("place"),
        ["home", "hospital", "shelter", "police", "street", "other"]
    );
    assert_eq!(codes("intervention").len(), 9);
    assert_eq!(
        codes("target_group"),
        [
            "injecting_user",
            "non_injecting_user",
            "family_or_close",
            "other"
        ]
    );

    let added = admin
        .call(
            "admin/catalogue/add",
            &[("list", "place"), ("label", "Ubytovna pro dělníky")],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let code = added.json()["code"].as_str().unwrap().to_owned();

    let visit = |n: u32, place: &str, interventions: &[&str]| {
        serde_json::json!({
            "id": common::uuid(n), "occurred_at": common::now_local(), "locality": "centrum",
            "client": "anonymous",
            "details": { "kind": "crisis_visit", "situation": "acute_crisis", "place": place,
                         "interventions": interventions, "children_present": 0 }
        })
    };
    let outcomes = common::sync(
        &mut admin,
        vec![
            visit(1, &code, &["crisis_intervention", "accompanying"]),
            visit(2, "bar", &["crisis_intervention"]),
            visit(3, "home", &["safety_plan", "safety_plan"]),
            visit(4, "home", &["yoga"]),
        ],
    )
    .await;
    assert_eq!(
        outcomes,
        [
            "Accepted",
            "place:\"Unknown\"",
            "interventions[1]:\"Unknown\"",
            "interventions[0]:\"Unknown\""
        ]
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE {} = '{code}'",
            common::json_field("details", "place")
        ))
        .await,
        1
    );
}
