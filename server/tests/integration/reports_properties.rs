//! Property: after any sequence of syncs and voids, the tallies kept in step
//! inside each transaction equal a recomputation from the records, and the
//! dashboard's fast figures equal the plain GROUP BY ones for any filter.

use crate::common;

use app::records::kinds::Kind;
use app::reports::figures::{BreakdownBy, Filter};
use app::reports::period::DayRange;
use app::services::ServiceType;
use chrono::{Duration, NaiveDate};
use common::TestApp;
use proptest::prelude::*;
use serde_json::{json, Value};

const CODES: [&str; 5] = [
    "AAA01BBB01",
    "CCC02DDD02",
    "EEE03FFF03",
    "GGG04HHH04",
    "III05JJJ05",
];
const LOCALITIES: [&str; 3] = ["centrum", "nadrazi", "sidliste"];
const GROUPS: [&str; 4] = [
    "injecting_user",
    "non_injecting_user",
    "family_or_close",
    "other",
];
const ACTS: [&str; 4] = ["hr-informace", "poradenstvi", "test-hiv", "doprovod"];
const SITUATIONS: [&str; 3] = ["eviction", "trafficking", "acute_crisis"];
const REASONS: [&str; 4] = [
    "not_provided",
    "no_capacity",
    "health_condition",
    "contract_ended",
];

/// A record drawn from a handful of numbers.
fn record(n: u32, seed: [u8; 8]) -> Value {
    let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap() + Duration::days((seed[0] % 91).into());
    let at = format!("{day}T{:02}:30:00+02:00", 8 + seed[1] % 10);
    let client = match seed[2] % 7 {
        5 => json!("anonymous"),
        6 => json!("ncc"),
        i => json!({ "code": CODES[i as usize % CODES.len()] }),
    };
    let group = GROUPS[(seed[3] % 4) as usize];
    let acts: Vec<&str> = ACTS
        .iter()
        .enumerate()
        .filter(|(i, _)| seed[4] >> i & 1 == 1)
        .map(|(_, a)| *a)
        .collect();
    let details = match seed[5] % 5 {
        0 => {
            let minutes = (!seed[7].is_multiple_of(4)).then(|| i64::from(seed[7] % 4) * 15);
            let mut contact = json!({ "kind": "contact", "first_contact": seed[6].is_multiple_of(3),
                    "target_group": group, "service_acts": acts, "duration_minutes": minutes });
            match seed[5] / 5 % 5 {
                1 => contact["form"] = json!("phone"),
                2 => contact["form"] = json!("online"),
                3 => {
                    contact["form"] = json!("group");
                    contact["head_count"] = json!(2 + seed[6] % 10);
                }
                // Written out or left to the default, in person counts the same.
                4 => contact["form"] = json!("in_person"),
                _ => {}
            }
            // What only social rehabilitation and crisis help ask.
            match seed[7] % 5 {
                1 => {
                    contact["particulars"] =
                        json!({ "role": (["consultant", "assistant"][(seed[6] % 2) as usize]) })
                }
                2 => {
                    contact["particulars"] = json!({
                        "exploitation": (["labour", "sexual", "other"][(seed[6] % 3) as usize]),
                        "citizenship": (["czech", "eu", "other"][(seed[4] % 3) as usize]),
                        "interpreter": seed[6].is_multiple_of(2),
                    });
                }
                _ => {}
            }
            contact
        }
        1 => {
            // Injecting material only for the groups that use drugs.
            let group = GROUPS[(seed[3] % 2) as usize];
            json!({ "kind": "exchange", "first_contact": seed[6].is_multiple_of(5), "target_group": group,
                     "materials": [{ "material": "strikacky", "count": seed[6] % 20 }, { "material": "kapsle", "count": seed[7] % 4 }],
                     "returned_syringes": seed[7] % 15, "service_acts": acts })
        }
        2 => {
            let situation = SITUATIONS[(seed[6] % 3) as usize];
            let police = (situation == "eviction").then(|| {
                // Police records shared by several visits make multi-visit cases.
                format!(
                    "{}T06:00:00+02:00",
                    day - Duration::days((seed[7] % 4).into())
                )
            });
            let interventions = [
                vec![],
                vec!["crisis_intervention"],
                vec!["safety_plan", "referral_police"],
            ][(seed[5] % 3) as usize]
                .clone();
            json!({ "kind": "crisis_visit", "first_contact": seed[7].is_multiple_of(4), "situation": situation,
                    "police_record_at": police, "place": "home", "interventions": interventions })
        }
        3 if seed[5].is_multiple_of(2) => {
            json!({ "kind": "missed_meeting", "cancelled": seed[6].is_multiple_of(2) })
        }
        3 => json!({ "kind": "found_syringes", "count": seed[6] % 9 }),
        _ => json!({ "kind": "refusal", "reason": REASONS[(seed[6] % 4) as usize] }),
    };
    // A refused applicant is not a client: never with a code.
    let client = if details["kind"] == "refusal" && client.is_object() {
        json!("anonymous")
    } else {
        client
    };
    let mut record = json!({ "id": format!("00000000-0000-4000-8000-{n:012x}"), "occurred_at": at,
            "locality": LOCALITIES[(seed[1] % 3) as usize], "client": client, "details": details });
    // Tests by type, with or without a result, on contacts and exchanges.
    if matches!(
        record["details"]["kind"].as_str(),
        Some("contact" | "exchange")
    ) && seed[7].is_multiple_of(3)
    {
        let result = [None, Some("negative"), Some("positive")][(seed[4] % 3) as usize];
        let test = ["hiv", "hcv", "hbv", "syphilis", "urine_drugs"][(seed[6] % 5) as usize];
        let mut tests = vec![json!({ "test": test, "result": result })];
        if seed[1].is_multiple_of(2) && test != "hcv" {
            tests.push(json!({ "test": "hcv" }));
        }
        record["details"]["tests"] = json!(tests);
    }
    // Some records say the client's sex and birth year, some only one.
    if record["client"].is_object() && seed[0].is_multiple_of(3) {
        let sex = [None, Some("female"), Some("male")][(seed[3] % 3) as usize];
        let born = (!seed[6].is_multiple_of(5)).then(|| 1950 + i64::from(seed[6] % 60));
        let drug = ["pervitin", "heroin", "cannabis"]
            .get(usize::from(seed[5] % 5))
            .copied();
        record["basics"] = json!({ "sex": sex, "birth_year": born, "primary_drug": drug });
    }
    record
}

#[derive(Debug, Clone)]
enum Step {
    Sync {
        worker: usize,
        records: Vec<(u32, [u8; 8])>,
    },
    Void(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0usize..2, proptest::collection::vec((0u32..80, any::<[u8; 8]>()), 1..25))
            .prop_map(|(worker, records)| Step::Sync { worker, records }),
        1 => (0u32..80).prop_map(Step::Void),
    ]
}

type FilterSeed = (
    u8,
    u8,
    Option<usize>,
    Option<usize>,
    Option<usize>,
    Option<usize>,
);

fn filter_strategy() -> impl Strategy<Value = FilterSeed> {
    (
        0u8..91,
        0u8..91,
        proptest::option::of(0usize..3),
        proptest::option::of(0usize..2),
        proptest::option::of(0usize..6),
        proptest::option::of(0usize..2),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn tallies_equal_recomputation_after_any_syncs_and_voids(
        steps in proptest::collection::vec(step(), 1..12),
        filters in proptest::collection::vec(filter_strategy(), 3),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let app = TestApp::new().await;
            let workers = [app.user("jana", "worker").await, app.user("petr", "worker").await];
            // Petr works for a second service: his records are filed there.
            let actor = app::audit::Actor { id: None, name: "test".into(), client_addr: "-".into() };
            let store = app.store();
            let second = store.create_service(ServiceType::FieldProgramme, "Terénní program", "", &actor)
                .await
                .unwrap()
                .id;
            app.execute(&format!("UPDATE user_services SET service_id = {second} WHERE user_id = {}", workers[1])).await;
            let services = [1, second];
            let now = "2026-07-01T00:00:00Z".parse().unwrap();
            for step in &steps {
                match step {
                    Step::Sync { worker, records } => {
                        let records = records
                            .iter()
                            .map(|(n, seed)| serde_json::value::to_raw_value(&record(*n, *seed)).unwrap())
                            .collect();
                        app::sync::apply::apply_batch(&Default::default(), &store, workers[*worker], "phone", records, now)
                            .await
                            .unwrap();
                    }
                    Step::Void(n) => {
                        let id = format!("00000000-0000-4000-8000-{n:012x}");
                        // Unknown or already voided ids are refused and change nothing.
                        match app::reports::db::void(&*store, &actor, &id, "test").await {
                            Ok(()) | Err(app::error::AppError::NotFound) => {}
                            Err(app::error::AppError::Invalid { .. }) => {}
                            Err(error) => panic!("voiding {id}: {error:?}"),
                        }
                    }
                }
            }
            let copy = app.sqlite_copy().await;
            let mut conn = copy.write().acquire().await.unwrap();
            let mut reader = app.reader().await;
            let stored = app::tally::stored(&mut conn).await.unwrap();
            let recomputed = app::tally::recompute(&mut conn).await.unwrap();
            assert_eq!(stored, recomputed);

            let start = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
            for (a, b, locality, worker, kind, service) in &filters {
                let (a, b) = ((*a).min(*b), (*a).max(*b));
                let filter = Filter {
                    range: DayRange::custom(start + Duration::days(a.into()), start + Duration::days(b.into())).unwrap(),
                    locality: locality.map(|i| LOCALITIES[i].to_owned()),
                    worker_id: worker.map(|i| workers[i]),
                    kind: kind.map(|i| Kind::ALL[i]),
                    service_id: service.map(|i| services[i]),
                };
                let fast = app::reports::db::dashboard(&mut *reader, filter.clone()).await.unwrap().figures;
                let plain = app::reports::plain::figures(&mut conn, &filter).await.unwrap();
                assert_eq!(fast, plain, "{filter:?}");

                // Each breakdown row is the figures of its worker or locality.
                for by in [BreakdownBy::Worker, BreakdownBy::Locality] {
                    let rows = app::reports::db::breakdown(&mut *reader, &filter, by).await.unwrap();
                    for row in rows {
                        let mut own = filter.clone();
                        match by {
                            BreakdownBy::Worker => own.worker_id = Some(row.key.parse().unwrap()),
                            BreakdownBy::Locality => own.locality = Some(row.key.clone()),
                        }
                        let plain = app::reports::plain::figures(&mut conn, &own).await.unwrap();
                        assert_eq!(
                            (row.contacts, row.exchanges, row.crisis_visits, row.first_contacts,
                             row.syringes_given, row.syringes_returned, row.found_syringes,
                             row.unique_clients),
                            (plain.contacts, plain.exchanges, plain.crisis_visits, plain.first_contacts,
                             plain.syringes_given, plain.syringes_returned, plain.found_syringes,
                             plain.unique_clients),
                            "{by:?} {own:?}"
                        );
                    }
                }
            }
        });
    }
}
