//! An intervention centre's cases: the 48-hour duty counted over every
//! case received, offers by any means, follow-ups linked by case and not by
//! a typed time, and the centres' statistics, on a hand-worked fixture.

use crate::common;
use common::{counts, sync, uuid, Client, TestApp, PASSWORD, SETUP_CODE};

use axum::http::StatusCode;
use chrono::{DateTime, Duration, FixedOffset, Local};
use serde_json::{json, Value};

fn at(time: DateTime<FixedOffset>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn case(n: u32, received: DateTime<FixedOffset>, relation: &str, children: i64) -> Value {
    json!({
        "id": uuid(n), "service": 1, "occurred_at": at(received), "locality": "centrum",
        "client": "anonymous",
        "details": { "kind": "case", "number": format!("VK-T-{n}"), "received_at": at(received),
                     "children": children, "relation": relation }
    })
}

fn offer(n: u32, case: u32, when: DateTime<FixedOffset>, method: &str, outcome: &str) -> Value {
    json!({
        "id": uuid(n), "service": 1, "occurred_at": at(when), "locality": "centrum",
        "client": "anonymous",
        "details": { "kind": "offer", "case": uuid(case), "method": method, "outcome": outcome }
    })
}

async fn cases_page(coordinator: &mut Client<'_>, query: &str) -> Value {
    let response = coordinator.call("reports/cases", &[("query", query)]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

/// An organisation running one intervention centre (service 1), its admin
/// logged in, and a worker of the centre logged in on a phone.
async fn centre(app: &TestApp) -> (Client<'_>, Client<'_>) {
    let mut admin = app.client();
    let setup = [
        ("setup_code", SETUP_CODE),
        ("username", "spravce"),
        ("display_name", "Jana Správcová"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
        ("services[]", "intervention_centre"),
    ];
    assert_eq!(admin.call("setup", &setup).await.status, StatusCode::OK);
    let created = admin
        .call(
            "admin/users/create",
            &[
                ("username", "iva"),
                ("display_name", "Iva"),
                ("role", "worker"),
                ("password", PASSWORD),
                ("services[]", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let mut phone = app.client();
    phone.login("iva", PASSWORD).await;
    (admin, phone)
}

#[tokio::test]
async fn the_48_hour_share_counts_every_case_received_and_any_offer() {
    let app = TestApp::new().await;
    let (mut admin, mut phone) = centre(&app).await;

    let now = Local::now().fixed_offset();
    let base = now - Duration::days(10);
    let h = Duration::hours;
    // A: offered by phone after 3 h and met again: in time, followed up.
    let mut a = case(1, base, "partner", 1);
    a["client"] = json!({ "code": "AAA01BBB01" });
    a["basics"] = json!({ "sex": "female", "birth_year": 1990 });
    // E: the same household evicted again a day later, visited twice; the
    // second visit has another police time typed on it.
    let mut e = case(5, base + h(24), "partner", 2);
    e["client"] = json!({ "code": "AAA01BBB01" });
    e["details"]["repeat_of"] = json!(uuid(1));
    let visit = |n: u32, when: DateTime<FixedOffset>, police: DateTime<FixedOffset>| {
        json!({
            "id": uuid(n), "service": 1, "occurred_at": at(when), "locality": "centrum",
            "client": { "code": "AAA01BBB01" },
            "details": { "kind": "crisis_visit", "situation": "eviction",
                         "police_record_at": at(police), "place": "home",
                         "interventions": [], "children_present": 2, "case": uuid(5) }
        })
    };
    let outcomes = sync(
        &mut phone,
        vec![
            a,
            offer(11, 1, base + h(3), "phone", "accepted"),
            json!({
                "id": uuid(12), "service": 1, "occurred_at": at(base + h(48)),
                "locality": "centrum", "client": { "code": "AAA01BBB01" },
                "details": { "kind": "consultation", "case": uuid(1), "topic": "legal",
                             "form": "office", "role": "endangered",
                             "service_acts": ["ic-navrh-soudu"], "duration_minutes": 60 }
            }),
            // B: a letter after 60 h that did not reach her: 12 h late.
            case(2, base, "rodic", 0),
            offer(21, 2, base + h(60), "letter", "not_reached"),
            // C: never offered.
            case(3, base, "partner", 3),
            // D: a text within 48 h that reached no one still was an offer.
            case(4, base, "byvaly-partner", 0),
            offer(41, 4, base + h(5), "sms", "not_reached"),
            e,
            visit(51, base + h(34), base + h(24)),
            visit(52, base + h(72), base + h(25)),
            // F: received two hours ago, still inside the window.
            case(6, now - h(2), "dite", 0),
            // A relation not in the list, and an offer in no case.
            case(7, base, "soused", 0),
            offer(71, 99, base, "phone", "bogus"),
        ],
    )
    .await;
    assert_eq!(outcomes[..12], ["Accepted"; 12], "{outcomes:?}");
    assert_eq!(outcomes[12], "relation:\"Unknown\"");
    assert!(outcomes[13].starts_with("record:"), "{outcomes:?}");

    let from = (base - Duration::days(1)).format("%Y-%m-%d").to_string();
    let to = now.format("%Y-%m-%d").to_string();
    let query = format!("obdobi=vlastni&od={from}&do={to}");
    let report = cases_page(&mut admin, &query).await;
    let f = &report["figures"];
    assert_eq!(f["cases"], 6, "A–F, whether offered or not");
    assert_eq!(
        f["offered_within_48h"], 3,
        "A by phone, D by text, E by a visit"
    );
    assert_eq!(f["repeat_evictions"], 1, "E");
    assert_eq!(f["children"], 6, "1 + 0 + 3 + 0 + 2 + 0");
    assert_eq!(
        f["with_follow_up"], 2,
        "A: offer reached + consultation; E: two visits; B and D reached no one"
    );
    assert_eq!(
        counts(&f["by_relation"])
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect::<Vec<_>>(),
        [
            ("partner".into(), 3),
            ("byvaly-partner".into(), 1),
            ("rodic".into(), 1),
            ("dite".into(), 1)
        ]
    );
    assert_eq!(
        counts(&f["endangered_by_sex"]),
        [
            ("female".into(), 1),
            ("male".into(), 0),
            ("unknown".into(), 4)
        ],
        "A and E are one woman; each anonymous case one person"
    );
    let states = |list: &Value| -> Vec<(String, String, i64)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_owned(),
                    c["state"].as_str().unwrap().to_owned(),
                    c["hours"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        states(&report["late"]),
        [(uuid(2), "late".into(), 12), (uuid(3), "never".into(), 240)]
    );
    let open = states(&report["open"]);
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].0.as_str(), open[0].1.as_str()),
        (uuid(6).as_str(), "open")
    );
    assert!((45..=46).contains(&open[0].2), "{open:?}");

    // The dashboard's figure is the same count.
    let dashboard = admin
        .call("reports/dashboard", &[("query", query.as_str())])
        .await;
    let d = dashboard.json();
    assert_eq!(d["figures"]["eviction_cases"], 6);
    assert_eq!(d["figures"]["eviction_cases_within_48h"], 3);
    assert_eq!(
        counts(&d["figures"]["consultations"])
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect::<Vec<_>>(),
        [("legal/office".into(), 1)]
    );
    // A contact is an exchange with the person: A's offer that reached
    // her, her consultation and E's two visits. B's and D's offers reached
    // no one: they count for the duty above, not as contacts, in every
    // figure that counts contacts.
    let f = &d["figures"];
    assert_eq!(
        (f["contacts"].as_i64(), f["anonymous_contacts"].as_i64()),
        (Some(4), Some(1))
    );
    let charted: i64 = d["over_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|point| point["contacts"].as_i64().unwrap())
        .sum();
    assert_eq!(charted, 4);
    assert_eq!(counts(&d["contacts_by_locality"]), [("centrum".into(), 4)]);
    for by_worker in ["true", "false"] {
        let rows = admin
            .call(
                "reports/breakdown",
                &[("query", query.as_str()), ("by_worker", by_worker)],
            )
            .await
            .json();
        let contacts: i64 = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["contacts"].as_i64().unwrap())
            .sum();
        assert_eq!(contacts, 4, "by worker: {by_worker}");
    }
    let filter = app::reports::figures::Filter {
        range: app::reports::period::DayRange::custom(
            (base - Duration::days(1)).date_naive(),
            now.date_naive(),
        )
        .unwrap(),
        locality: None,
        worker_id: None,
        kind: None,
        service_id: None,
    };
    let copy = app.sqlite_copy().await;
    let mut conn = copy.write().acquire().await.unwrap();
    let plain = app::reports::plain::figures(&mut conn, &filter)
        .await
        .unwrap();
    assert_eq!(
        (plain.contacts, plain.anonymous_contacts),
        (4, 1),
        "plain GROUP BY"
    );

    // An offer by phone logged for C now makes it late, not never.
    let outcomes = sync(&mut phone, vec![offer(31, 3, now, "phone", "declined")]).await;
    assert_eq!(outcomes, ["Accepted"]);
    let report = cases_page(&mut admin, &query).await;
    assert_eq!(report["late"][1]["state"], "late");
    assert_eq!(report["figures"]["offered_within_48h"], 3);

    // The phone gets the service's recent cases with the lists.
    let catalogue = phone.call("catalogue", &[] as &[(&str, &str)]).await.json();
    let numbers: Vec<&str> = catalogue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), 6, "{numbers:?}");
    assert_eq!(numbers[0], "VK-T-6", "newest first");
}

#[tokio::test]
async fn the_yearly_report_has_the_centres_statistics_with_small_counts_hidden() {
    let app = TestApp::new().await;
    let (mut admin, mut phone) = centre(&app).await;
    let now = Local::now().fixed_offset();
    let received = now - Duration::hours(30);
    let outcomes = sync(
        &mut phone,
        vec![
            case(1, received, "partner", 2),
            offer(2, 1, received + Duration::hours(1), "phone", "accepted"),
        ],
    )
    .await;
    assert_eq!(outcomes, ["Accepted", "Accepted"]);
    let year = received.format("%Y").to_string();
    let csv = admin.get(&format!("/export/vykaz.csv?rok={year}")).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    for line in [
        "Vykázání (přijaté záznamy policie),1",
        "Nabídka pomoci do 48 hodin od přijetí,1",
        "Podíl nabídek do 48 hodin (%),\"100,0\"",
        "Děti ve společné domácnosti,2",
        "\"Vztah násilné osoby: Manžel, partner\",1",
    ] {
        assert!(csv.body.contains(line), "{line} in {}", csv.body);
    }
    // One endangered person of unknown sex: a small count, hidden.
    assert!(
        csv.body.contains("Ohrožené osoby: Neuvedeno,x"),
        "{}",
        csv.body
    );
}

/// The endangered person's target group is asked once, on the case: the
/// person's consultations and offers in the case take it, whichever of
/// them reaches the server first, and the ministry's users table files the
/// person under it rather than under "no target group". A child met in the
/// case (another code) does not take the endangered person's group.
#[tokio::test]
async fn a_cases_target_group_reaches_the_persons_records_in_the_case() {
    let app = TestApp::new().await;
    let (mut admin, mut phone) = centre(&app).await;
    let received = Local::now().fixed_offset() - Duration::days(2);
    let consultation = |n: u32, code: &str| {
        json!({
            "id": uuid(n), "service": 1, "occurred_at": at(received + Duration::hours(n.into())),
            "locality": "centrum", "client": { "code": code },
            "details": { "kind": "consultation", "case": uuid(1), "topic": "legal",
                         "form": "office", "role": "endangered" }
        })
    };
    // The consultations arrive before their case.
    let early = sync(
        &mut phone,
        vec![consultation(2, "MAR01JAN02"), consultation(3, "DET05EVA06")],
    )
    .await;
    assert_eq!(early, ["Accepted"; 2]);
    let mut opened = case(1, received, "partner", 1);
    opened["client"] = json!({ "code": "MAR01JAN02" });
    opened["details"]["target_group"] = json!("ic-obeti-domaciho-nasili");
    assert_eq!(sync(&mut phone, vec![opened]).await, ["Accepted"]);
    // A later one in the same case.
    assert_eq!(
        sync(&mut phone, vec![consultation(4, "MAR01JAN02")]).await,
        ["Accepted"]
    );

    let grouped: Vec<(String, Option<String>)> = app
        .rows("SELECT id, target_group FROM records WHERE kind = 'consultation' ORDER BY id")
        .await
        .into_iter()
        .map(|row| (row[0].clone().unwrap(), row[1].clone()))
        .collect();
    let victim = Some("ic-obeti-domaciho-nasili".to_owned());
    assert_eq!(
        grouped,
        [
            (uuid(2), victim.clone()),
            (uuid(3), None),
            (uuid(4), victim.clone())
        ]
    );

    let dashboard = admin
        .call("reports/dashboard", &[("query", "obdobi=rok")])
        .await
        .json();
    let groups = counts(&dashboard["figures"]["clients_by_group"]);
    assert!(
        groups.contains(&("ic-obeti-domaciho-nasili".into(), 1)),
        "{groups:?}"
    );
    assert_eq!(
        dashboard["figures"]["clients_without_group"], 1,
        "only the child"
    );

    // A case's group must be one of the lists'.
    let mut wrong = case(9, received, "partner", 0);
    wrong["details"]["target_group"] = json!("nikdo");
    let refused = sync(&mut phone, vec![wrong]).await;
    assert!(refused[0].starts_with("target_group:"), "{refused:?}");
}
