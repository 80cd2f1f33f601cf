//! The PostgreSQL store against the SQLite one: the same schema, and the
//! same batches leave the same rows, tallies, clients and phones.

// Helpers unwrap as tests do: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use app::store::Store;
use app::sync::plan::Batch;
use app::sync::protocol::Outcome;
use app::sync::store::SyncStore;
use chrono::{DateTime, TimeZone, Utc};
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn contact(n: u32, day: &str, code: &str, basics: Value) -> Value {
    json!({
        "id": uuid(n), "occurred_at": format!("{day}T10:15:00+01:00"), "locality": "centrum",
        "client": { "code": code }, "note": "",
        "details": { "kind": "contact", "first_contact": n.is_multiple_of(2),
                     "target_group": "non_injecting_user" },
        "basics": basics
    })
}

fn exchange(n: u32, day: &str, code: &str, syringes: u32) -> Value {
    json!({
        "id": uuid(n), "occurred_at": format!("{day}T16:40:00+01:00"), "locality": "nadrazi",
        "client": { "code": code }, "note": "",
        "details": { "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                     "materials": [{ "material": "strikacky", "count": syringes }],
                     "returned_syringes": 3 }
    })
}

fn found(n: u32, day: &str) -> Value {
    json!({
        "id": uuid(n), "occurred_at": format!("{day}T08:00:00+01:00"), "locality": "sidliste",
        "client": "anonymous", "note": "", "details": { "kind": "found_syringes", "count": 4 }
    })
}

fn case(n: u32, code: &str) -> Value {
    json!({
        "id": uuid(n), "service": 2, "occurred_at": "2026-10-02T09:00:00+02:00",
        "locality": "centrum", "client": { "code": code }, "note": "",
        "details": { "kind": "case", "number": "VK-2026-1", "received_at": "2026-10-01T22:00:00+02:00",
                     "children": 1, "relation": "partner", "target_group": "ic-obeti-domaciho-nasili" }
    })
}

fn offer(n: u32, case: u32, code: &str) -> Value {
    json!({
        "id": uuid(n), "service": 2, "occurred_at": "2026-10-03T09:00:00+02:00",
        "locality": "centrum", "client": { "code": code }, "note": "",
        "details": { "kind": "offer", "case": uuid(case), "method": "phone", "outcome": "accepted" }
    })
}

fn revised(mut record: Value, revision: u32) -> Value {
    record["revision"] = json!(revision);
    record["note"] = json!(format!("revision {revision}"));
    record
}

/// What every table holds that a sync writes, as text, minus the times
/// the database stamps. ORDER BY names the table's columns: PostgreSQL
/// would otherwise sort by the text casts of the same name.
const TABLES: &[(&str, &str)] = &[
    (
        "records",
        "SELECT id, CAST(revision AS TEXT), kind, occurred_at, occurred_utc, day, week,
                CAST(service_id AS TEXT), CAST(worker_id AS TEXT), device_id, locality,
                client_kind, client_code, CAST(first_contact AS TEXT), note, details, content,
                target_group, situation, police_record_utc, police_record_day, voided_at,
                case_id, exploitation, citizenship, outcome
         FROM records ORDER BY records.id",
    ),
    (
        "tallies",
        "SELECT grain, CAST(worker_id AS TEXT), CAST(service_id AS TEXT), period, locality, kind,
                measure, code, CAST(value AS TEXT)
         FROM tallies WHERE value <> 0
         ORDER BY tallies.grain, tallies.worker_id, tallies.service_id, tallies.period,
                  tallies.locality, tallies.kind, tallies.measure, tallies.code",
    ),
    (
        "clients",
        "SELECT code, sex, CAST(birth_year AS TEXT), primary_drug, district FROM clients
         ORDER BY code",
    ),
    (
        "client_basics",
        "SELECT code, CAST(service_id AS TEXT), sex, CAST(birth_year AS TEXT), primary_drug,
                district, origin, CAST(household AS TEXT)
         FROM client_basics ORDER BY client_basics.code, client_basics.service_id",
    ),
    (
        "devices",
        "SELECT device_id, CAST(worker_id AS TEXT), CAST(last_sent AS TEXT),
                CAST(last_refused AS TEXT), CAST(stored AS TEXT)
         FROM devices ORDER BY devices.device_id, devices.worker_id",
    ),
    ("settings", "SELECT key, value FROM settings ORDER BY key"),
];

fn short(outcomes: &[Vec<Outcome>]) -> Vec<Vec<String>> {
    outcomes
        .iter()
        .map(|batch| {
            batch
                .iter()
                .map(|outcome| match outcome {
                    Outcome::Accepted => "accepted".to_owned(),
                    Outcome::Duplicate => "duplicate".to_owned(),
                    Outcome::Rejected(rejection) => format!("refused {}", rejection.field),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_same_batches_leave_the_same_rows_on_both_engines() {
    let sqlite = sqlite().await;
    let (postgres, _) = postgres().await;
    set_up(&sqlite, &postgres).await;
    let catalogue = catalogue(&sqlite).await;

    let first = [
        contact(
            1,
            "2026-09-14",
            "LUD07TOM08",
            json!({ "sex": "female", "birth_year": 1990 }),
        ),
        exchange(2, "2026-09-14", "LUD07TOM08", 10),
        found(3, "2026-10-01"),
        exchange(4, "2026-11-02", "PAV11JAN03", 5),
    ];
    let resent = [
        contact(
            1,
            "2026-09-14",
            "LUD07TOM08",
            json!({ "sex": "female", "birth_year": 1990 }),
        ),
        revised(exchange(2, "2026-10-20", "LUD07TOM08", 12), 1),
        // An old revision arriving after the newer one.
        revised(exchange(2, "2026-09-14", "LUD07TOM08", 10), 0),
    ];
    let other_worker = [
        // Jana's record's id, sent by Petr.
        found(3, "2026-10-01"),
        contact(
            5,
            "2026-11-03",
            "LUD07TOM08",
            json!({ "sex": null, "birth_year": 1991 }),
        ),
    ];
    let casework = [offer(7, 6, "MAR01EVA02"), case(6, "MAR01EVA02")];

    let mut seen = Vec::new();
    for (sqlite_or_postgres, store) in [
        ("sqlite", &sqlite.db as &dyn Store),
        ("postgres", &postgres as &dyn Store),
    ] {
        let (c1, r1) = batch(&catalogue, 1, "phone-j", 1, &first, now());
        let (c2, r2) = batch(&catalogue, 1, "phone-j", 1, &resent, now());
        let (c3, r3) = batch(&catalogue, 2, "phone-p", 1, &other_worker, now());
        let (c4, r4) = batch(&catalogue, 1, "phone-j", 2, &casework, now());
        let mut outcomes = store
            .write_batches(&[Batch {
                contact: &c1,
                records: &r1,
            }])
            .await
            .unwrap();
        // Three phones' batches written together, as a busy queue does.
        outcomes.extend(
            store
                .write_batches(&[
                    Batch {
                        contact: &c2,
                        records: &r2,
                    },
                    Batch {
                        contact: &c3,
                        records: &r3,
                    },
                    Batch {
                        contact: &c4,
                        records: &r4,
                    },
                ])
                .await
                .unwrap(),
        );
        assert_eq!(
            short(&outcomes),
            vec![
                vec!["accepted"; 4],
                vec!["duplicate", "accepted", "duplicate"],
                vec!["refused id", "accepted"],
                vec!["accepted", "accepted"],
            ],
            "{sqlite_or_postgres}"
        );
        seen.push(sqlite_or_postgres);
    }
    assert_eq!(seen.len(), 2);

    let mut compared = BTreeMap::new();
    for (table, sql) in TABLES {
        let on_sqlite = rows_sqlite(&sqlite.db, sql).await;
        let on_postgres = rows_postgres(&postgres, sql).await;
        assert_eq!(
            on_sqlite, on_postgres,
            "{table} differs between the engines"
        );
        compared.insert(*table, on_sqlite);
    }
    // And they are right, not only equal.
    let records = &compared["records"];
    assert_eq!(records.len(), 7);
    let exchange = records
        .iter()
        .find(|row| row[0].as_deref() == Some(&*uuid(2)))
        .unwrap();
    assert_eq!(
        exchange[1].as_deref(),
        Some("1"),
        "the newer revision is stored"
    );
    assert_eq!(exchange[5].as_deref(), Some("2026-10-20"));
    let offer = records
        .iter()
        .find(|row| row[0].as_deref() == Some(&*uuid(7)))
        .unwrap();
    assert_eq!(
        offer[17].as_deref(),
        Some("ic-obeti-domaciho-nasili"),
        "the offer takes its case's group though it came first"
    );
    assert_eq!(
        offer[25].as_deref(),
        Some("accepted"),
        "generated outcome column"
    );
    let basics = &compared["client_basics"];
    assert_eq!(
        basics[0][..4],
        [
            Some("LUD07TOM08".to_owned()),
            Some("1".to_owned()),
            Some("female".to_owned()),
            Some("1991".to_owned())
        ],
        "a blank sex keeps the earlier answer, a new year replaces it"
    );
    let syringes_in = |month: &str| -> i64 {
        compared["tallies"]
            .iter()
            .filter(|row| {
                row[0].as_deref() == Some("month")
                    && row[1].as_deref() == Some("0")
                    && row[2].as_deref() == Some("0")
                    && row[3].as_deref() == Some(month)
                    && row[6].as_deref() == Some("material")
                    && row[7].as_deref() == Some("strikacky")
            })
            .map(|row| row[8].as_deref().unwrap().parse::<i64>().unwrap())
            .sum()
    };
    assert_eq!(
        syringes_in("2026-09"),
        0,
        "the exchange moved out of September"
    );
    assert_eq!(syringes_in("2026-10"), 12);
    assert_eq!(syringes_in("2026-11"), 5);
    let devices = &compared["devices"];
    assert_eq!(
        devices[0],
        ["phone-j", "1", "2", "0", "7"].map(|s| Some(s.to_owned())),
        "Jana's phone: its last batch of two (the case), none refused, seven accepted in all"
    );
    let version = compared["settings"]
        .iter()
        .find(|row| row[0].as_deref() == Some("catalogue_version"))
        .unwrap();
    assert_eq!(
        version[1].as_deref(),
        Some("2"),
        "a new case bumps the lists' version"
    );
}

fn code(i: u32) -> String {
    let first = ["JAN", "PET", "EVA", "MAR", "LUD", "TOM", "ANA", "KAR"][(i % 8) as usize];
    format!("{first}{:02}NOV{:02}", 1 + (i / 8) % 28, 1 + i % 12)
}

/// One writer's batches: contacts and exchanges over six months, clients
/// shared with every other writer, each client's basics the same whoever
/// gives them (so the end state does not depend on who commits first), and
/// every third batch sent twice, as a phone that lost the answer does.
fn writer_batches(writer: u32) -> Vec<Vec<Value>> {
    let mut batches = Vec::new();
    for b in 0..8u32 {
        let records: Vec<Value> = (0..25u32)
            .map(|r| {
                let n = writer * 10_000 + b * 100 + r;
                let client = (writer * 7 + b * 31 + r * 13) % 200;
                let day = format!("2026-{:02}-{:02}", 6 + (n % 6), 1 + (n % 28));
                if r % 3 == 0 {
                    exchange(n, &day, &code(client), 1 + r % 7)
                } else {
                    let basics = json!({
                        "sex": if client.is_multiple_of(2) { "female" } else { "male" },
                        "birth_year": 1960 + client % 40
                    });
                    contact(n, &day, &code(client), basics)
                }
            })
            .collect();
        batches.push(records.clone());
        if b % 3 == 2 {
            batches.push(records);
        }
    }
    batches
}

/// Sends `batches` of `worker`'s records from `device` one after another
/// and counts the records accepted.
async fn send(
    store: teren_postgres::PgStore,
    catalogue: std::sync::Arc<app::catalogue::Catalogue>,
    worker: i64,
    device: String,
    batches: Vec<Vec<Value>>,
) -> Result<usize, app::error::AppError> {
    let mut accepted = 0;
    for records in &batches {
        let (contact, rows) = batch(&catalogue, worker, &device, 1, records, now());
        let batch = Batch {
            contact: &contact,
            records: &rows,
        };
        let outcomes = store.write_batches(&[batch]).await?;
        accepted += outcomes[0]
            .iter()
            .filter(|o| matches!(o, Outcome::Accepted))
            .count();
    }
    Ok(accepted)
}

#[tokio::test]
async fn many_writers_at_once_on_postgresql_end_as_one_writer_on_sqlite() {
    const WRITERS: u32 = 16;
    let sqlite = sqlite().await;
    let (postgres, url) = postgres().await;
    set_up(&sqlite, &postgres).await;
    for worker in 3..=WRITERS {
        let add = format!(
            "INSERT INTO users (id, username, display_name, password_hash, role)
             VALUES ({worker}, 'w{worker}', 'W', '-', 'worker')"
        );
        sqlx::query(&add).execute(sqlite.db.write()).await.unwrap();
        sqlx::query(&add).execute(postgres.pool()).await.unwrap();
    }
    let catalogue = std::sync::Arc::new(catalogue(&sqlite).await);

    // One writer after another on SQLite.
    for writer in 1..=WRITERS {
        let device = format!("phone-{writer}");
        for records in writer_batches(writer) {
            let (contact, rows) = batch(&catalogue, i64::from(writer), &device, 1, &records, now());
            let batch = Batch {
                contact: &contact,
                records: &rows,
            };
            sqlite.db.write_batches(&[batch]).await.unwrap();
        }
    }

    // All at once on PostgreSQL, through two stores as two servers would.
    let second = teren_postgres::PgStore::open(&url).await.unwrap();
    let mut writers = Vec::new();
    for writer in 1..=WRITERS {
        let store = if writer % 2 == 0 {
            postgres.clone()
        } else {
            second.clone()
        };
        writers.push(tokio::spawn(send(
            store,
            catalogue.clone(),
            i64::from(writer),
            format!("phone-{writer}"),
            writer_batches(writer),
        )));
    }
    let mut accepted = 0;
    for writer in writers {
        accepted += writer.await.unwrap().expect("no error under load");
    }
    assert_eq!(
        accepted,
        WRITERS as usize * 8 * 25,
        "each record stored once"
    );

    for (table, sql) in TABLES {
        let on_sqlite = rows_sqlite(&sqlite.db, sql).await;
        let on_postgres = rows_postgres(&postgres, sql).await;
        assert!(!on_sqlite.is_empty(), "{table}");
        assert_eq!(
            on_sqlite, on_postgres,
            "{table} differs between the engines"
        );
    }
}

#[tokio::test]
async fn the_same_records_sent_from_two_places_at_once_are_stored_once() {
    const SENDERS: u32 = 8;
    let sqlite = sqlite().await;
    let (postgres, url) = postgres().await;
    set_up(&sqlite, &postgres).await;
    let catalogue = std::sync::Arc::new(catalogue(&sqlite).await);
    let batches = writer_batches(1);
    for records in &batches {
        let (contact, rows) = batch(&catalogue, 1, "phone", 1, records, now());
        let batch = Batch {
            contact: &contact,
            records: &rows,
        };
        sqlite.db.write_batches(&[batch]).await.unwrap();
    }

    // A phone and the handover file of the same records, many times over,
    // on two servers: every record is new to each of them when it reads.
    let second = teren_postgres::PgStore::open(&url).await.unwrap();
    let mut senders = Vec::new();
    for sender in 0..SENDERS {
        let store = if sender % 2 == 0 {
            postgres.clone()
        } else {
            second.clone()
        };
        senders.push(tokio::spawn(send(
            store,
            catalogue.clone(),
            1,
            "phone".to_owned(),
            batches.clone(),
        )));
    }
    let mut accepted = 0;
    for sender in senders {
        accepted += sender.await.unwrap().expect("no error under load");
    }
    assert_eq!(
        accepted,
        8 * 25,
        "each record accepted once, all else duplicates"
    );
    for (table, sql) in TABLES.iter().filter(|(table, _)| *table != "devices") {
        let on_sqlite = rows_sqlite(&sqlite.db, sql).await;
        assert_eq!(on_sqlite, rows_postgres(&postgres, sql).await, "{table}");
    }
}
