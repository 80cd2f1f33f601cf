//! Small counts stay hidden across everything published together: no
//! hidden 1–4 can be worked out by subtracting what another cell, total
//! or file of the same period shows.

use crate::common;
use common::{now_local, setup_form, sync, uuid, Client, TestApp};

use axum::http::StatusCode;
use serde_json::json;
use std::collections::HashMap;

/// A downloaded CSV as (first cell → last cell) and (code → count) maps.
struct Published {
    by_label: HashMap<String, String>,
    by_code: HashMap<String, String>,
}

async fn published(client: &mut Client<'_>, file: &str) -> Published {
    let response = client.get(&format!("/export/{file}")).await;
    assert_eq!(response.status, StatusCode::OK, "{file}: {}", response.body);
    let mut by_label = HashMap::new();
    let mut by_code = HashMap::new();
    for line in response.body.trim_start_matches('\u{feff}').lines() {
        let cells: Vec<String> = line
            .split(',')
            .map(|c| c.trim_matches('"').to_owned())
            .collect();
        let last = cells.last().cloned().unwrap_or_default();
        by_label.insert(cells[0].clone(), last.clone());
        if cells.len() >= 3 {
            by_code.insert(cells[0].clone(), last);
        }
    }
    Published { by_label, by_code }
}

fn number(cell: &str) -> Option<i64> {
    cell.parse().ok()
}

fn hidden(cell: &str) -> bool {
    cell == "x"
}

async fn setup<'a>(app: &'a TestApp, services: &[&'static str]) -> Client<'a> {
    let mut admin = app.client();
    let created = admin.call("setup", &setup_form(services)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    admin
}

fn client(n: u32) -> String {
    format!("KLI{:02}ENT{:02}", n % 28 + 1, n / 28 + 1)
}

#[tokio::test]
async fn two_hidden_men_cannot_be_worked_out_from_the_summary_or_the_yearly_report() {
    let app = TestApp::new().await;
    let mut admin = setup(&app, &["contact_centre"]).await;
    let mut phone = app.logged_in("jana", "worker").await;
    // Ten women who inject and take a set each, two men who do not.
    let mut records = Vec::new();
    for n in 0..12u32 {
        let woman = n < 10;
        let details = if woman {
            json!({ "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                    "materials": [{ "material": "strikacky", "count": 5 }], "returned_syringes": 0 })
        } else {
            json!({ "kind": "contact", "first_contact": false, "target_group": "non_injecting_user" })
        };
        records.push(json!({
            "id": uuid(n + 1), "occurred_at": now_local(), "locality": "centrum",
            "client": { "code": client(n) },
            "basics": { "sex": if woman { "female" } else { "male" }, "birth_year": 1990 },
            "details": details
        }));
    }
    assert_eq!(sync(&mut phone, records).await, ["Accepted"; 12]);

    let sexes = published(&mut admin, "pohlavi.csv?obdobi=rok").await;
    assert!(hidden(&sexes.by_code["male"]), "{:?}", sexes.by_code);
    let summary = published(&mut admin, "souhrn.csv?obdobi=rok").await;
    // Total less women less the other shown sexes would be the men.
    let total = number(&summary.by_label["Unikátní klienti"]);
    let women = number(&summary.by_label["z toho ženy"]);
    let unknown = number(sexes.by_code.get("unknown").map_or("0", String::as_str));
    assert_eq!(total, Some(12));
    if let (Some(total), Some(women), Some(unknown)) = (total, women, unknown) {
        let men = total - women - unknown;
        assert!(!(1..=4).contains(&men), "the summary gives away {men} men");
    }

    // The yearly report: clients less those who inject are the two men,
    // hidden in the users table.
    let year = chrono::Local::now().format("%Y");
    let report = published(&mut admin, &format!("vykaz.csv?rok={year}")).await;
    let clients = number(&report.by_label["Počet klientů"]);
    let injecting = number(&report.by_label["z toho injekčních uživatelů drog"]);
    if let (Some(clients), Some(injecting)) = (clients, injecting) {
        let others = clients - injecting;
        assert!(
            !(1..=4).contains(&others),
            "the report gives away {others} clients"
        );
    }
    let women_line = report.by_label.get("Ženy").cloned().unwrap_or_default();
    if let (Some(clients), Some(women)) = (clients, number(&women_line)) {
        let men = clients - women;
        assert!(!(1..=4).contains(&men), "the report gives away {men} men");
    }
}

#[tokio::test]
async fn one_contact_never_stands_beside_one_hidden_person() {
    let app = TestApp::new().await;
    let mut admin = setup(&app, &["crisis_help"]).await;
    let mut phone = app.logged_in("alena", "worker").await;
    let met = json!({
        "id": uuid(1), "occurred_at": now_local(), "locality": "centrum",
        "client": { "code": "KOV05IVA07" },
        "basics": { "sex": "female", "birth_year": 1995 },
        "details": { "kind": "contact", "first_contact": true, "target_group": "kp-pracovni-vykoristovani",
                     "particulars": { "exploitation": "labour", "citizenship": "eu" } }
    });
    assert_eq!(sync(&mut phone, vec![met]).await, ["Accepted"]);

    let people = published(&mut admin, "lide-vykoristovani.csv?obdobi=rok").await;
    assert!(hidden(&people.by_code["labour"]), "{:?}", people.by_code);
    let contacts = published(&mut admin, "vykoristovani.csv?obdobi=rok").await;
    assert!(
        contacts.by_code.get("labour").is_none_or(|c| c != "1"),
        "one contact names the one hidden person: {:?}",
        contacts.by_code
    );
    let citizens = published(&mut admin, "obcanstvi.csv?obdobi=rok").await;
    assert!(citizens.by_code.get("eu").is_none_or(|c| c != "1"));

    let summary = published(&mut admin, "souhrn.csv?obdobi=rok").await;
    assert!(hidden(&summary.by_label["Unikátní klienti"]));
    assert_ne!(summary.by_label["Kontakty"], "1");

    let year = chrono::Local::now().format("%Y");
    let report = published(&mut admin, &format!("vykaz.csv?rok={year}")).await;
    assert!(hidden(&report.by_label["Počet klientů"]));
    // One contact would pin the one hidden client; one first contact only
    // says there is at least one, which a hidden cell says anyway.
    assert_ne!(report.by_label["Kontakty"], "1", "{:?}", report.by_label);

    let response = admin.get("/export/rozpad-pracovnici.csv?obdobi=rok").await;
    let row = response
        .body
        .lines()
        .find(|line| line.contains("alena"))
        .map(|line| line.split(',').map(str::to_owned).collect::<Vec<_>>())
        .unwrap_or_else(|| panic!("{}", response.body));
    // Contacts, clients, first contacts.
    assert_eq!(row[2], "x");
    assert_ne!(row[1], "1");
    assert_ne!(row[3], "1");
}
