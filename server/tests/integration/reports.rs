//! The coordinator's figures on a small fixed data set whose every figure
//! was worked out by hand (the comments show the sums), through the query
//! functions, the pages' server functions and the CSV downloads.

use crate::common;
use common::uuid;

use app::records::kinds::Kind;
use app::reports::db;
use app::reports::figures::{Figures, Filter};
use app::reports::period::DayRange;
use app::reports::plain;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use common::TestApp;
use serde_json::{json, Value};

fn now() -> DateTime<Utc> {
    "2026-07-01T00:00:00Z".parse().unwrap()
}

fn contact(
    n: u32,
    at: &str,
    locality: &str,
    client: Value,
    first: bool,
    group: &str,
    acts: &[&str],
) -> Value {
    json!({ "id": uuid(n), "occurred_at": at, "locality": locality, "client": client,
            "details": { "kind": "contact", "first_contact": first, "target_group": group,
                         "service_acts": acts } })
}

fn exchange(
    n: u32,
    at: &str,
    locality: &str,
    client: Value,
    first: bool,
    group: &str,
    (materials, returned): (&[(&str, i64)], i64),
) -> Value {
    let materials: Vec<Value> = materials
        .iter()
        .map(|(m, c)| json!({ "material": m, "count": c }))
        .collect();
    json!({ "id": uuid(n), "occurred_at": at, "locality": locality, "client": client,
            "details": { "kind": "exchange", "first_contact": first, "target_group": group,
                         "materials": materials, "returned_syringes": returned } })
}

fn crisis(
    n: u32,
    at: &str,
    locality: &str,
    client: Value,
    situation: &str,
    police: Option<&str>,
) -> Value {
    json!({ "id": uuid(n), "occurred_at": at, "locality": locality, "client": client,
            "details": { "kind": "crisis_visit", "situation": situation, "police_record_at": police,
                         "place": "home" } })
}

fn code(code: &str) -> Value {
    json!({ "code": code })
}

struct Fixture {
    app: TestApp,
    jana: i64,
    petr: i64,
}

/// Twelve records in May and June 2026 by two workers; the last is voided.
async fn fixture() -> Fixture {
    let app = TestApp::new().await;
    let jana = app.user("jana", "worker").await;
    let petr = app.user("petr", "worker").await;
    let anon = || json!("anonymous");
    let jana_records = vec![
        contact(
            1,
            "2026-05-04T10:00:00+02:00",
            "centrum",
            code("AAA01BBB01"),
            true,
            "injecting_user",
            &["hr-informace", "test-hiv"],
        ),
        exchange(
            2,
            "2026-05-11T10:00:00+02:00",
            "centrum",
            code("AAA01BBB01"),
            false,
            "injecting_user",
            (&[("strikacky", 10), ("kapsle", 5)], 6),
        ),
        contact(
            5,
            "2026-06-03T09:00:00+02:00",
            "nadrazi",
            code("CCC02DDD02"),
            false,
            "injecting_user",
            &["test-hcv"],
        ),
        exchange(
            6,
            "2026-06-10T09:00:00+02:00",
            "centrum",
            json!("ncc"),
            false,
            "injecting_user",
            (&[("strikacky", 20)], 20),
        ),
        // One eviction case, visited twice; first visit 28 h after the police record.
        crisis(
            7,
            "2026-06-05T12:00:00+02:00",
            "centrum",
            code("EEE03FFF03"),
            "eviction",
            Some("2026-06-04T08:00:00+02:00"),
        ),
        crisis(
            8,
            "2026-06-08T12:00:00+02:00",
            "centrum",
            code("EEE03FFF03"),
            "eviction",
            Some("2026-06-04T08:00:00+02:00"),
        ),
        exchange(
            12,
            "2026-06-25T10:00:00+02:00",
            "centrum",
            code("GGG04HHH04"),
            true,
            "injecting_user",
            (&[("strikacky", 5)], 0),
        ),
    ];
    let petr_records = vec![
        exchange(
            3,
            "2026-05-12T11:00:00+02:00",
            "nadrazi",
            code("CCC02DDD02"),
            true,
            "non_injecting_user",
            (&[("strikacky", 4)], 0),
        ),
        contact(
            4,
            "2026-06-02T09:00:00+02:00",
            "nadrazi",
            anon(),
            false,
            "other",
            &["poradenstvi"],
        ),
        // An eviction case first visited 72 h after the police record.
        crisis(
            9,
            "2026-06-20T12:00:00+02:00",
            "nadrazi",
            anon(),
            "eviction",
            Some("2026-06-17T12:00:00+02:00"),
        ),
        crisis(
            10,
            "2026-06-21T12:00:00+02:00",
            "nadrazi",
            anon(),
            "trafficking",
            None,
        ),
        json!({ "id": uuid(11), "occurred_at": "2026-06-22T08:00:00+02:00", "locality": "centrum",
                "client": "anonymous", "details": { "kind": "found_syringes", "count": 7 } }),
    ];
    for (worker, records) in [(jana, jana_records), (petr, petr_records)] {
        let records = records
            .iter()
            .map(|record| serde_json::value::to_raw_value(record).unwrap())
            .collect();
        let (results, _) = app::sync::apply::apply_batch(
            &Default::default(),
            &app.store(),
            worker,
            "phone",
            records,
            now(),
        )
        .await
        .unwrap();
        for result in results {
            assert_eq!(
                serde_json::to_value(&result.outcome).unwrap(),
                json!("Accepted"),
                "{result:?}"
            );
        }
    }
    let actor = app::audit::Actor {
        id: None,
        name: "test".into(),
        client_addr: "-".into(),
    };
    db::void(&*app.store(), &actor, &uuid(12), "zapsáno dvakrát")
        .await
        .unwrap();
    Fixture { app, jana, petr }
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn filter(from: &str, to: &str) -> Filter {
    Filter {
        range: DayRange::custom(date(from), date(to)).unwrap(),
        locality: None,
        worker_id: None,
        kind: None,
        service_id: None,
    }
}

/// The fast figures, checked to equal the plain GROUP BY ones.
async fn figures(app: &TestApp, filter: Filter) -> Figures {
    let fast = db::dashboard(&mut *app.reader().await, filter.clone())
        .await
        .unwrap()
        .figures;
    let copy = app.sqlite_copy().await;
    let mut conn = copy.write().acquire().await.unwrap();
    let slow = plain::figures(&mut conn, &filter).await.unwrap();
    assert_eq!(
        fast, slow,
        "tallies and plain GROUP BY agree for {filter:?}"
    );
    fast
}

fn count(lines: &[app::reports::figures::Line], code: &str) -> i64 {
    lines.iter().find(|l| l.code == code).map_or(0, |l| l.count)
}

#[tokio::test]
async fn every_dashboard_figure_matches_the_hand_computed_one() {
    let Fixture { app, .. } = fixture().await;
    let f = figures(&app, filter("2026-05-01", "2026-06-30")).await;
    assert_eq!(
        f.contacts, 10,
        "records 1-10: crisis visits are contacts; 11 is found syringes, 12 is voided"
    );
    assert_eq!(f.exchanges, 3, "records 2, 3, 6");
    assert_eq!(
        f.unique_clients, 3,
        "AAA, CCC, EEE; GGG only in a voided record"
    );
    assert_eq!(
        f.clients_in_group("injecting_user"),
        2,
        "AAA; CCC's latest (record 5) is injecting"
    );
    assert_eq!(f.clients_in_group("non_injecting_user"), 0);
    assert_eq!(
        f.clients_without_group, 1,
        "EEE is seen only in crisis visits"
    );
    assert_eq!(f.first_contacts, 2, "records 1 and 3");
    assert_eq!(
        f.anonymous_contacts, 4,
        "records 4, 9 and 10 anonymous, record 6 NCC"
    );
    assert_eq!(f.syringes_given, 34, "10 + 4 + 20");
    assert_eq!(f.syringes_returned, 26, "6 + 0 + 20");
    assert_eq!(format!("{:.2}", f.return_rate_percent().unwrap()), "76.47");
    assert_eq!(count(&f.materials, "strikacky"), 34);
    assert_eq!(count(&f.materials, "kapsle"), 5);
    assert_eq!(f.materials.len(), 2, "materials never given are left out");
    for act in ["hr-informace", "test-hiv", "poradenstvi", "test-hcv"] {
        assert_eq!(count(&f.service_acts, act), 1, "{act}");
    }
    assert_eq!(f.crisis_visits, 4);
    assert_eq!(count(&f.situations, "eviction"), 3);
    assert_eq!(count(&f.situations, "trafficking"), 1);
    assert_eq!(
        (f.eviction_cases, f.eviction_cases_within_48h),
        (2, 1),
        "EEE's case within, the anonymous one not"
    );
    assert_eq!(f.eviction_share_percent(), Some(50.0));
    assert_eq!(f.found_syringes, 7);
}

#[tokio::test]
async fn a_client_seen_in_two_weeks_is_one_client_and_groups_follow_the_period() {
    let Fixture { app, .. } = fixture().await;
    let may = figures(&app, filter("2026-05-01", "2026-05-31")).await;
    assert_eq!(may.contacts, 3);
    assert_eq!(may.unique_clients, 2, "AAA in weeks 19 and 20 counts once");
    assert_eq!(may.clients_in_group("injecting_user"), 1);
    assert_eq!(
        may.clients_in_group("non_injecting_user"),
        1,
        "CCC was non-injecting in May"
    );
    // Whole months plus edge days give the same as day by day.
    let edges = figures(&app, filter("2026-05-04", "2026-06-03")).await;
    assert_eq!(edges.contacts, 5, "records 1-5");
    assert_eq!(edges.syringes_given, 14);
}

#[tokio::test]
async fn filters_by_worker_locality_and_kind() {
    let Fixture { app, petr, jana } = fixture().await;
    let mut by_petr = filter("2026-05-01", "2026-06-30");
    by_petr.worker_id = Some(petr);
    let f = figures(&app, by_petr).await;
    assert_eq!((f.contacts, f.unique_clients, f.crisis_visits), (4, 1, 2));
    assert_eq!((f.eviction_cases, f.eviction_cases_within_48h), (1, 0));
    assert_eq!(f.found_syringes, 7);

    let mut nadrazi = filter("2026-05-01", "2026-06-30");
    nadrazi.locality = Some("nadrazi".into());
    let f = figures(&app, nadrazi).await;
    assert_eq!(
        (f.contacts, f.unique_clients),
        (5, 1),
        "records 3, 4, 5, 9, 10"
    );
    assert_eq!(f.clients_in_group("injecting_user"), 1);

    let mut exchanges = filter("2026-05-01", "2026-06-30");
    exchanges.kind = Some(Kind::Exchange);
    let f = figures(&app, exchanges).await;
    assert_eq!(
        (
            f.contacts,
            f.unique_clients,
            f.crisis_visits,
            f.eviction_cases
        ),
        (3, 2, 0, 0)
    );

    let rows = db::breakdown(
        &mut *app.reader().await,
        &filter("2026-05-01", "2026-06-30"),
        app::reports::figures::BreakdownBy::Worker,
    )
    .await
    .unwrap();
    let jana_row = rows.iter().find(|r| r.key == jana.to_string()).unwrap();
    assert_eq!(jana_row.label, "jana");
    assert_eq!(
        (
            jana_row.contacts,
            jana_row.unique_clients,
            jana_row.syringes_given
        ),
        (6, 3, 30)
    );
    let rows = db::breakdown(
        &mut *app.reader().await,
        &filter("2026-05-01", "2026-06-30"),
        app::reports::figures::BreakdownBy::Locality,
    )
    .await
    .unwrap();
    let centrum = rows.iter().find(|r| r.key == "centrum").unwrap();
    assert_eq!(
        (
            centrum.label.as_str(),
            centrum.contacts,
            centrum.unique_clients,
            centrum.found_syringes
        ),
        ("Centrum", 5, 2, 7)
    );
}

#[tokio::test]
async fn voiding_needs_a_reason_happens_once_and_is_audited() {
    let Fixture { app, .. } = fixture().await;
    let mut coordinator = app.logged_in("vedouci", "coordinator").await;
    let response = coordinator
        .call("reports/void", &[("id", &uuid(1)), ("reason", "  ")])
        .await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.body
    );
    assert!(response.body.contains("reason"));
    let response = coordinator
        .call(
            "reports/void",
            &[("id", &uuid(1)), ("reason", "chybný klient")],
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let again = coordinator
        .call("reports/void", &[("id", &uuid(1)), ("reason", "znovu")])
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    let unknown = coordinator
        .call("reports/void", &[("id", &uuid(99)), ("reason", "x")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'record_voided' AND subject = '00000000-0000-4000-8000-000000000001' AND detail = 'chybný klient'").await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records").await,
        12,
        "nothing is deleted"
    );
    let f = figures(&app, filter("2026-05-01", "2026-06-30")).await;
    assert_eq!((f.contacts, f.first_contacts), (9, 1), "record 1 drops out");
    assert_eq!(f.unique_clients, 3, "AAA is still seen in record 2");
}

#[tokio::test]
async fn the_annual_report_and_its_csv_hide_small_client_counts() {
    let Fixture { app, .. } = fixture().await;
    let report = db::annual(&mut *app.reader().await, 2026, None)
        .await
        .unwrap();
    assert_eq!(
        (
            report.clients,
            report.injecting_clients,
            report.first_contacts,
            report.contacts,
            report.exchanges
        ),
        (3, 2, 2, 10, 3)
    );
    assert_eq!(
        (
            report.syringes_given,
            report.gelatin_capsules,
            report.tests,
            report.crisis_visits
        ),
        (34, 5, 2, 4)
    );
    assert_eq!(report.syringes_per_injecting_client(), Some(17.0));

    let mut coordinator = app.logged_in("vedouci", "coordinator").await;
    let csv = coordinator.get("/export/vykaz.csv?rok=2026").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("teren-vykaz-2026.csv"));
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a byte-order mark for Excel"
    );
    assert!(csv.body.contains("Počet klientů,x"), "{}", csv.body);
    assert!(csv.body.contains("z toho injekčních uživatelů drog,x"));
    assert!(
        csv.body.contains("Stříkačky na injekčního klienta,x"),
        "the ratio would reveal the count"
    );
    assert!(csv.body.contains("Vydané injekční stříkačky,34"));

    let mut admin = app.logged_in("spravce", "admin").await;
    let off = admin
        .call("reports/suppression/set", &[("on", "false")])
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    let csv = coordinator.get("/export/vykaz.csv?rok=2026").await;
    assert!(csv.body.contains("Počet klientů,3"), "{}", csv.body);
    assert!(
        csv.body
            .contains("Stříkačky na injekčního klienta,\"17,0\""),
        "{}",
        csv.body
    );
}

#[tokio::test]
async fn dashboard_csvs_carry_the_same_figures_and_suppress_client_cells() {
    let Fixture { app, .. } = fixture().await;
    let mut coordinator = app.logged_in("vedouci", "coordinator").await;
    let query = "obdobi=vlastni&od=2026-05-01&do=2026-06-30";
    let summary = coordinator
        .get(&format!("/export/souhrn.csv?{query}"))
        .await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    for line in [
        "Kontakty,10",
        "Unikátní klienti,x",
        "Vydané stříkačky,34",
        "Vrácené stříkačky,26",
        "\"76,5\"",
        "Nalezené stříkačky,7",
    ] {
        assert!(summary.body.contains(line), "{line} in {}", summary.body);
    }
    let groups = coordinator
        .get(&format!("/export/skupiny.csv?{query}"))
        .await;
    assert!(
        groups.body.contains("Injekční uživatelé drog,x"),
        "{}",
        groups.body
    );
    let by_locality = coordinator
        .get(&format!("/export/rozpad-lokality.csv?{query}"))
        .await;
    assert!(
        // One first contact beside hidden clients would tell of one of
        // them: hidden with them.
        by_locality.body.contains("Centrum,5,x,x,2,30,26,2,7"),
        "{}",
        by_locality.body
    );
    let over_time = coordinator
        .get(&format!("/export/v-case.csv?{query}"))
        .await;
    assert!(
        over_time.body.contains("2026-05,3,14,6,0"),
        "{}",
        over_time.body
    );
    assert!(
        over_time.body.contains("2026-06,7,20,20,4"),
        "{}",
        over_time.body
    );

    let bad = coordinator
        .get("/export/souhrn.csv?obdobi=vlastni&od=2026-05-01")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("do"),
        "names the missing parameter: {}",
        bad.body
    );
    let unknown = coordinator.get("/export/hesla.csv").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_dashboard_page_renders_figures_and_svg_charts_on_the_server() {
    let Fixture { app, .. } = fixture().await;
    let mut coordinator = app.logged_in("vedouci", "coordinator").await;
    let page = coordinator
        .get("/prehled?obdobi=vlastni&od=2026-05-01&do=2026-06-30")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let main = page.body.split("</main>").next().unwrap();
    assert!(
        main.contains("class=\"chart\""),
        "SVG charts in place, not streamed in later: {main}"
    );
    assert!(!main.contains("Načítám"), "no loading placeholder");
    assert!(
        page.body.contains("data-figure=\"contacts\""),
        "{}",
        page.body
    );
    let bad = coordinator.get("/prehled?obdobi=stoleti").await;
    assert!(
        bad.body.contains("Období"),
        "a bad period is named on the page: {}",
        bad.body
    );
}
