//! A client's sex and birth year: given once for a code and service, kept
//! by the server, counted by reports, and checked against injecting
//! material for the under-15s.

use crate::common;
use common::{now_local, sync, uuid, TestApp};

use axum::http::StatusCode;
use chrono::Datelike;
use serde_json::{json, Value};

fn contact(n: u32, code: &str, basics: Option<Value>) -> Value {
    let mut record = json!({
        "id": uuid(n), "occurred_at": now_local(), "locality": "centrum",
        "client": { "code": code },
        "details": { "kind": "contact", "first_contact": true, "target_group": "non_injecting_user" }
    });
    if let Some(basics) = basics {
        record["basics"] = basics;
    }
    record
}

fn exchange(n: u32, code: &str, basics: Option<Value>) -> Value {
    let mut record = contact(n, code, basics);
    record["details"] = json!({
        "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
        "materials": [{ "material": "strikacky", "count": 5 }], "returned_syringes": 0
    });
    record
}

async fn kept(app: &TestApp, code: &str) -> (Option<String>, Option<i64>) {
    let row = app
        .rows(&format!(
            "SELECT sex, CAST(birth_year AS TEXT) FROM client_basics WHERE code = '{code}'"
        ))
        .await
        .remove(0);
    (
        row[0].clone(),
        row[1].as_deref().map(|y| y.parse().unwrap()),
    )
}

#[tokio::test]
async fn basics_are_kept_with_the_code_and_a_blank_answer_erases_nothing() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let year = chrono::Local::now().year();
    let outcomes = sync(
        &mut phone,
        vec![
            contact(
                1,
                "LUD07TOM08",
                Some(json!({ "sex": "female", "birth_year": 1990 })),
            ),
            contact(
                2,
                "PAV11JAN03",
                Some(json!({ "sex": "male", "birth_year": year - 14 })),
            ),
            // The stored birth year makes him too young for injecting material.
            exchange(3, "PAV11JAN03", None),
            // So does one given on the exchange itself.
            exchange(4, "MAR01EVA02", Some(json!({ "birth_year": year - 10 }))),
            // Basics belong to a code.
            {
                let mut anonymous = contact(5, "LUD07TOM08", Some(json!({ "sex": "male" })));
                anonymous["client"] = json!("anonymous");
                anonymous
            },
            exchange(6, "MAR01EVA02", Some(json!({ "birth_year": 1899 }))),
            exchange(7, "MAR01EVA02", Some(json!({ "sex": "other" }))),
        ],
    )
    .await;
    assert_eq!(outcomes[0..2], ["Accepted", "Accepted"]);
    assert_eq!(outcomes[2], "birth_year:\"UnderAge\"");
    assert_eq!(outcomes[3], "birth_year:\"UnderAge\"");
    assert_eq!(outcomes[4], "basics:\"WithoutCode\"");
    assert!(
        outcomes[5].starts_with("birth_year:{\"OutOfRange\""),
        "{}",
        outcomes[5]
    );
    assert!(
        outcomes[6].starts_with("record:{\"Malformed\""),
        "{}",
        outcomes[6]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM client_basics").await, 2);
    assert_eq!(
        kept(&app, "LUD07TOM08").await,
        (Some("female".into()), Some(1990))
    );

    // A later record corrects the year and leaves the sex as it was.
    let later = contact(8, "LUD07TOM08", Some(json!({ "birth_year": 1991 })));
    assert_eq!(sync(&mut phone, vec![later]).await, ["Accepted"]);
    assert_eq!(
        kept(&app, "LUD07TOM08").await,
        (Some("female".into()), Some(1991))
    );
    // Fifteen this year: counselling was fine before, material is now.
    let grown = contact(9, "OLD01ADA01", Some(json!({ "birth_year": year - 15 })));
    let material = exchange(10, "OLD01ADA01", None);
    assert_eq!(
        sync(&mut phone, vec![grown, material]).await,
        ["Accepted", "Accepted"]
    );
}

#[tokio::test]
async fn the_dashboard_and_the_exports_count_women_ages_and_bands() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let year = chrono::Local::now().year();
    // Six clients: four women, one man, one unknown; ages 20, 20, 30, 40, 70
    // and one not given.
    let clients = [
        (
            "AAA01AAA01",
            json!({ "sex": "female", "birth_year": year - 20, "primary_drug": "heroin" }),
        ),
        (
            "BBB01BBB01",
            json!({ "sex": "female", "birth_year": year - 20, "primary_drug": "pervitin" }),
        ),
        (
            "CCC01CCC01",
            json!({ "sex": "female", "birth_year": year - 30 }),
        ),
        (
            "DDD01DDD01",
            json!({ "sex": "female", "birth_year": year - 40 }),
        ),
        (
            "EEE01EEE01",
            json!({ "sex": "male", "birth_year": year - 70 }),
        ),
        ("FFF01FFF01", json!({})),
    ];
    let records = clients
        .iter()
        .enumerate()
        .map(|(n, (code, basics))| contact(n as u32 + 1, code, Some(basics.clone())))
        .collect();
    assert!(sync(&mut phone, records)
        .await
        .iter()
        .all(|o| o == "Accepted"));

    let mut coordinator = app.logged_in("eva", "coordinator").await;
    let response = coordinator
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let figures = &response.json()["figures"];
    let counts = |lines: &Value| -> Vec<(String, i64)> {
        lines
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
            .collect()
    };
    assert_eq!(figures["unique_clients"], 6);
    assert_eq!(
        counts(&figures["clients_by_sex"]),
        [
            ("female".into(), 4),
            ("male".into(), 1),
            ("unknown".into(), 1)
        ]
    );
    assert_eq!(
        counts(&figures["age_bands"]),
        [
            ("19-26".into(), 2),
            ("27-64".into(), 2),
            ("65-80".into(), 1),
            ("unknown".into(), 1)
        ]
    );
    assert_eq!(
        (figures["age_sum"].as_i64(), figures["ages_known"].as_i64()),
        (Some(180), Some(5))
    );
    assert_eq!(
        counts(&figures["clients_by_drug"]),
        [
            ("pervitin".into(), 1),
            ("heroin".into(), 1),
            ("unknown".into(), 4)
        ]
    );
    // The ministry's table: target group × sex × age band.
    let table: Vec<(String, String, Vec<i64>)> =
        serde_json::from_value(figures["clients_by_group_sex_age"].clone())
            .map(|rows: Vec<Value>| {
                rows.iter()
                    .map(|r| {
                        (
                            r["group"].as_str().unwrap().to_owned(),
                            r["sex"].as_str().unwrap().to_owned(),
                            serde_json::from_value(r["bands"].clone()).unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap();
    let group = || "non_injecting_user".to_owned();
    assert_eq!(
        table,
        [
            (group(), "female".into(), vec![0, 0, 0, 0, 2, 2, 0, 0, 0, 0]),
            (group(), "male".into(), vec![0, 0, 0, 0, 0, 0, 1, 0, 0, 0]),
            (
                group(),
                "unknown".into(),
                vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
            ),
        ]
    );
    let drugs = coordinator.get("/export/drogy.csv?obdobi=rok").await;
    assert!(drugs.body.contains("heroin,Heroin,x"), "{}", drugs.body);

    // Published, small counts hide, and a lone hidden part takes another with it.
    let csv = coordinator.get("/export/pohlavi.csv?obdobi=rok").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("female,Ženy,x"), "{}", csv.body);
    assert!(csv.body.contains("\nmale,Muži,x"), "{}", csv.body);
    assert!(csv.body.contains("unknown,Neuvedeno,x"), "{}", csv.body);
    let summary = coordinator.get("/export/souhrn.csv?obdobi=rok").await;
    assert!(summary.body.contains("z toho ženy,x"), "{}", summary.body);
    assert!(
        summary.body.contains("Průměrný věk klientů,\"36,0\""),
        "{}",
        summary.body
    );
    let report = coordinator
        .get(&format!("/export/vykaz.csv?rok={year}"))
        .await;
    assert!(
        report.body.contains("Průměrný věk klientů,\"36,0\""),
        "{}",
        report.body
    );
    assert!(report.body.contains("19–26 let,x"), "{}", report.body);
    assert!(
        report.body.contains(
            "Neinjekční uživatelé drog,Ženy,0,0,0,0,x,x,0,0,0,0,x\n\
             Neinjekční uživatelé drog,Muži,0,0,0,0,0,0,x,0,0,0,x\n"
        ),
        "{}",
        report.body
    );
}

#[tokio::test]
async fn many_phones_give_the_same_clients_basics_at_once() {
    let app = TestApp::new().await;
    let mut phones = Vec::new();
    for n in 0..10 {
        phones.push(app.logged_in(&format!("worker{n}"), "worker").await);
    }
    let codes = ["AAA01AAA01", "BBB01BBB01", "CCC01CCC01"];
    let syncs = phones.iter_mut().enumerate().map(|(n, phone)| async move {
        let mut all = Vec::new();
        for round in 0..5u32 {
            let records = (0..30u32)
                .map(|i| {
                    let id = n as u32 * 1000 + round * 100 + i;
                    let sex = if i % 2 == 0 { "female" } else { "male" };
                    let basics = json!({ "sex": sex, "birth_year": 1960 + (id % 40) });
                    contact(id, codes[(i % 3) as usize], Some(basics))
                })
                .collect();
            all.extend(sync(phone, records).await);
        }
        all
    });
    for outcome in futures::future::join_all(syncs).await.into_iter().flatten() {
        assert_eq!(outcome, "Accepted");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 10 * 5 * 30);
    assert_eq!(app.count("SELECT COUNT(*) FROM client_basics").await, 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM client_basics WHERE sex IS NULL OR birth_year IS NULL")
            .await,
        0
    );
}

/// The district a client lives in is given once for the code like sex and
/// birth year; a later blank answer keeps it, an unknown one is refused,
/// and the yearly report counts users by district (hidden when small).
#[tokio::test]
async fn users_are_counted_by_the_district_they_live_in() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let lives = |district: &str| Some(json!({ "district": district }));
    let outcomes = sync(
        &mut phone,
        vec![
            contact(1, "AAA01BBB01", lives("CZ0806")),
            contact(2, "AAA01BBB01", None),
            contact(3, "CCC02DDD02", lives("CZ0806")),
            contact(4, "EEE03FFF03", lives("ZZ")),
            contact(5, "GGG04HHH04", None),
            contact(6, "III05JJJ05", lives("Ostrava")),
        ],
    )
    .await;
    assert_eq!(outcomes[..5], ["Accepted"; 5]);
    assert!(outcomes[5].starts_with("record:"), "{outcomes:?}");
    let kept = app
        .rows("SELECT district FROM clients WHERE code = 'AAA01BBB01'")
        .await
        .remove(0)
        .remove(0);
    assert_eq!(
        kept.as_deref(),
        Some("CZ0806"),
        "a blank answer erases nothing"
    );

    let mut reader = app.reader().await;
    let year = chrono::Local::now().year();
    let report = app::reports::db::annual(&mut *reader, year, None)
        .await
        .unwrap();
    drop(reader);
    let by_district: Vec<(String, i64)> = report
        .clients_by_district
        .iter()
        .map(|line| (line.code.clone(), line.count))
        .collect();
    assert_eq!(
        by_district,
        [("CZ0806".into(), 2), ("ZZ".into(), 1), (String::new(), 1)]
    );
    assert_eq!(
        by_district.iter().map(|(_, n)| n).sum::<i64>(),
        report.clients,
        "every client once"
    );

    let mut coordinator = app.logged_in("vedouci", "coordinator").await;
    let csv = coordinator
        .get(&format!("/export/vykaz.csv?rok={year}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("Okres bydliště: Ostrava-město,x"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("Okres bydliště: Zahraničí / neznámo,x"),
        "{}",
        csv.body
    );
}
