//! Every figure a coordinator sees or downloads is the same on both
//! engines: an organisation seeded on SQLite, moved to PostgreSQL with
//! `teren org import`, and asked the same questions on each.

use app::auth::session::Visitor;
use app::auth::{Profile, Role};
use app::db::Db;
use app::records::kinds::Kind;
use app::reports::db;
use app::reports::figures::{BreakdownBy, Filter};
use app::reports::period::DayRange;
use app::reports::store::ReportStore;
use chrono::{NaiveDate, TimeZone, Utc};
use teren_postgres::organisations::{database_url, Control};
use teren_postgres::PgStore;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Whole months, edge days at both ends, one month, and one week (charted
/// by day).
const RANGES: [(&str, &str); 4] = [
    ("2025-01-01", "2025-12-31"),
    ("2025-03-17", "2026-02-09"),
    ("2026-04-01", "2026-04-30"),
    ("2026-05-04", "2026-05-10"),
];

async fn engines(test: &str) -> (tempfile::TempDir, Db, PgStore) {
    let cluster = std::env::var("TEREN_TEST_POSTGRES")
        .expect("TEREN_TEST_POSTGRES: scripts/test.sh starts a throwaway PostgreSQL");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.db");
    let url = format!("sqlite://{}", file.display());
    let sqlite = server::db::connect(&url).await.unwrap();
    let mut options = server::seed::Options::new(12_000, day("2026-06-30"));
    options.workers = 8;
    options.clients = 900;
    options.days = 600;
    server::seed::seed(&sqlite, &options).await.unwrap();
    sqlite.close().await;

    let control_url = database_url(&cluster, &format!("control_{test}_{}", std::process::id()));
    let control = Control::open(&control_url.unwrap()).await.unwrap();
    let host = format!("{test}-{}.example", std::process::id());
    let (organisation, records) = server::org::import(&control, &host, "Figures", &file)
        .await
        .unwrap();
    let postgres = PgStore::open(&control.url_of(&organisation).unwrap())
        .await
        .unwrap();
    let sqlite = server::db::connect(&url).await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
        .fetch_one(sqlite.read())
        .await
        .unwrap();
    assert_eq!(records, stored);
    assert!(records > 11_000, "{records} records imported");
    (dir, sqlite, postgres)
}

/// The filters asked: each range over every service and each one, then
/// narrowed to a worker, a locality and a kind.
async fn filters(store: &dyn ReportStore) -> Vec<Filter> {
    let mut reader = store.report_reader().await.unwrap();
    let catalogue = reader.catalogue().await.unwrap();
    let worker = reader.workers().await.unwrap()[0].0;
    let locality = catalogue
        .items
        .iter()
        .find(|item| item.list == "locality")
        .unwrap()
        .code
        .clone();
    let mut out = Vec::new();
    for (from, to) in RANGES {
        let range = DayRange::custom(day(from), day(to)).unwrap();
        let services = std::iter::once(None).chain(catalogue.services.iter().map(|s| Some(s.id)));
        for service_id in services {
            let base = Filter {
                range,
                locality: None,
                worker_id: None,
                kind: None,
                service_id,
            };
            out.push(base.clone());
            out.push(Filter {
                worker_id: Some(worker),
                ..base.clone()
            });
            out.push(Filter {
                locality: Some(locality.clone()),
                ..base.clone()
            });
            for kind in [Kind::Exchange, Kind::Case] {
                out.push(Filter {
                    kind: Some(kind),
                    ..base.clone()
                });
            }
        }
    }
    out
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

/// One seeded organisation for both comparisons: seeding and importing it
/// is most of the cost.
#[tokio::test]
async fn every_figure_and_download_is_the_same_on_sqlite_and_postgresql() {
    let (_dir, sqlite, postgres) = engines("figures").await;
    every_report_figure_is_the_same(&sqlite, &postgres).await;
    every_download_is_the_same_file(&sqlite, &postgres).await;
}

async fn every_report_figure_is_the_same(sqlite: &Db, postgres: &PgStore) {
    let filters = filters(sqlite).await;
    assert_eq!(
        filters.len(),
        4 * (1 + 6) * 5,
        "a service of every type seeded"
    );
    let mut on_sqlite = sqlite.report_reader().await.unwrap();
    let mut on_postgres = postgres.report_reader().await.unwrap();
    let now = Utc.with_ymd_and_hms(2026, 5, 9, 12, 0, 0).unwrap();
    let mut nonzero = 0;
    for filter in &filters {
        let a = db::dashboard(&mut *on_sqlite, filter.clone())
            .await
            .unwrap();
        let b = db::dashboard(&mut *on_postgres, filter.clone())
            .await
            .unwrap();
        assert_eq!(json(&a), json(&b), "dashboard {filter:?}");
        if a.figures.contacts > 0 && a.figures.unique_clients > 0 {
            nonzero += 1;
        }
        for by in [BreakdownBy::Locality, BreakdownBy::Worker] {
            let a = db::breakdown(&mut *on_sqlite, filter, by).await.unwrap();
            let b = db::breakdown(&mut *on_postgres, filter, by).await.unwrap();
            assert_eq!(json(&a), json(&b), "breakdown {by:?} {filter:?}");
        }
        let a = db::cases::case_report(&mut *on_sqlite, filter.clone(), now).await;
        let b = db::cases::case_report(&mut *on_postgres, filter.clone(), now).await;
        assert_eq!(json(&a.unwrap()), json(&b.unwrap()), "cases {filter:?}");
    }
    // The comparison is of figures, not of empty pages.
    assert!(
        nonzero > filters.len() / 3,
        "{nonzero} dashboards with figures"
    );

    let services = on_sqlite.catalogue().await.unwrap().services;
    let mut cases = 0;
    for year in [2025, 2026] {
        for service in std::iter::once(None).chain(services.iter().map(|s| Some(s.id))) {
            let a = db::annual(&mut *on_sqlite, year, service).await.unwrap();
            let b = db::annual(&mut *on_postgres, year, service).await.unwrap();
            assert_eq!(json(&a), json(&b), "annual {year} {service:?}");
            cases += a.cases.cases;
        }
    }
    assert!(
        cases > 0,
        "the intervention centre's cases are compared too"
    );
}

async fn every_download_is_the_same_file(sqlite: &Db, postgres: &PgStore) {
    let visitor = Visitor {
        profile: Some(Profile {
            id: 1,
            username: "koordinatorka".into(),
            display_name: "Koordinátorka".into(),
            role: Role::Coordinator,
        }),
        client_addr: "test".into(),
    };
    let services: Vec<i64> = {
        let mut reader = sqlite.report_reader().await.unwrap();
        let catalogue = reader.catalogue().await.unwrap();
        catalogue.services.iter().map(|s| s.id).collect()
    };
    let choices = std::iter::once("vse".to_owned()).chain(services.iter().map(i64::to_string));
    let mut compared = 0;
    for service in choices {
        for table in app::reports::export::TABLES {
            let query = if table == "vykaz" {
                format!("rok=2025&sluzba={service}")
            } else {
                format!("obdobi=vlastni&od=2025-03-17&do=2026-02-09&sluzba={service}")
            };
            let file = format!("{table}.csv");
            let a = app::reports::export::render(sqlite, &visitor, &file, &query).await;
            let b = app::reports::export::render(postgres, &visitor, &file, &query).await;
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!(a.0, b.0);
            assert_eq!(
                String::from_utf8_lossy(&a.1),
                String::from_utf8_lossy(&b.1),
                "{file}?{query}"
            );
            compared += a.1.len();
        }
    }
    assert!(compared > 50_000, "{compared} bytes of CSV compared");
}
