//! The yearly figures in standard formats, and an umbrella that takes its
//! members' years: the ADX file against its schema (libxml2's xmllint, as a
//! receiving system checks it), DHIS2's JSON, a member's message signed,
//! checked, stored once and replaced by a resend, a forged or inconsistent
//! one refused whole, the courier holding a year until the umbrella can
//! be reached, and the umbrella's tables equal to the sum of its members'.

use crate::common;
use common::TestApp;

use app::exchange::download::Figures;
use app::exchange::send::{sign, MEMBER_HEADER, RECEIVE_PATH, SIGNATURE_HEADER};
use app::exchange::store::{ExchangeStore, Member};
use app::exchange::values::{Cell, Group};
use app::exchange::{adx, check, codes, download, national, schema};
use app::reports::audit;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

const YEAR: i32 = 2026;
const KEY_A: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const KEY_B: &str = "2222222222222222222222222222222222222222222222222222222222222222";

/// A member organisation with a seeded year, its services numbered.
async fn member_app(seed: u64, records: u64) -> TestApp {
    let app = TestApp::new().await;
    let mut options =
        server::seed::Options::new(records, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    options.days = 330;
    options.clients = 700;
    options.workers = 6;
    options.seed = seed;
    server::seed::seed(app.db(), &options).await.unwrap();
    app.execute(&format!(
        "UPDATE services SET registry_id = CAST({seed} * 1000 + id AS TEXT)"
    ))
    .await;
    app
}

async fn groups_of(app: &TestApp, figures: Figures) -> Vec<Group> {
    let mut reader = app.reader().await;
    download::groups(&mut *reader, YEAR, None, figures)
        .await
        .unwrap()
}

fn xmllint(schema_file: &std::path::Path, document: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("figures.adx.xml");
    std::fs::write(&file, document).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema_file)
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils; scripts/test.sh installs it)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[tokio::test]
async fn the_yearly_report_leaves_as_adx_its_schema_takes_and_as_dhis2_json() {
    common::sqlite_only!("seeds a year with the SQLite seeder");
    let app = member_app(7, 6_000).await;
    let mut coordinator = app.logged_in("koordinatorka", "coordinator").await;

    let file = coordinator
        .get(&format!("/vymena/rocni.adx?rok={YEAR}&sluzba=vse"))
        .await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    assert!(file.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("adx+xml"));
    let schema_response = app.client().get("/adx/teren.xsd").await;
    assert_eq!(schema_response.status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("teren.xsd");
    std::fs::write(&xsd, &schema_response.body).unwrap();
    xmllint(&xsd, &file.body).unwrap();
    // And the IHE profile's base structure, which any ADX reader expects;
    // a member's message too, with its hidden counts either way.
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/adx/base.xsd");
    xmllint(&base, &file.body).unwrap();
    assert!(
        xmllint(&base, &file.body.replacen("/P1Y", "/a-year", 1)).is_err(),
        "the base schema takes a period that is none"
    );
    for figures in [Figures::Published, Figures::Withheld] {
        let header = adx::Header {
            exported: chrono::Utc::now().to_rfc3339(),
            member: Some("A".into()),
            message: Some("m-1".into()),
        };
        let body = adx::write(&header, &groups_of(&app, figures).await);
        xmllint(&base, &body).unwrap();
        xmllint(&xsd, &body).unwrap();
        assert_eq!(adx::parse(&body).unwrap().1, groups_of(&app, figures).await);
    }

    // The schema can refuse: a code the list does not have, a negative
    // count, a disaggregation option it does not know.
    for (from, to) in [
        ("dataElement=\"KLIENTI\"", "dataElement=\"KLIENTI_VSICHNI\""),
        ("value=\"0\"", "value=\"-1\""),
        ("SEX=\"SX_FEMALE\"", "SEX=\"SX_ZENA\""),
    ] {
        assert!(file.body.contains(from), "{from}");
        let forged = file.body.replacen(from, to, 1);
        assert!(xmllint(&xsd, &forged).is_err(), "{to} passed the schema");
    }

    // It reads back to the same figures less the hidden cells: a
    // receiving system would store a hidden cell's lower end as a count,
    // and its range would tell a small cell from its partner. Every
    // service's parts are there; the full figures pass the umbrella's
    // checks.
    let (header, groups) = adx::parse(&file.body).unwrap();
    assert!(header.member.is_none());
    let full = groups_of(&app, Figures::Published).await;
    assert_eq!(groups, download::published(full.clone()));
    // Nor a group attribute DHIS2 would read as a category.
    for attribute in ["suppressed=", "valueMax=", "published=", "serviceType="] {
        assert!(
            !file.body.contains(attribute),
            "{attribute} in a published file"
        );
    }
    check::check(&full).unwrap();
    check::check(&groups_of(&app, Figures::Exact).await).unwrap();
    let services = app
        .count("SELECT COUNT(*) FROM services WHERE active = 1")
        .await as usize;
    assert_eq!(
        groups.len(),
        services * 2,
        "each service's výkaz and its type's part"
    );
    let hidden = full
        .iter()
        .flat_map(|g| &g.values)
        .filter(|v| v.cell.exact().is_none())
        .count();
    assert!(hidden > 0, "a realistic year has small cells to hide");
    // The clients are the same number in the file as in the yearly report.
    let report = coordinator
        .call(
            "reports/annual",
            &[("query", &format!("rok={YEAR}&sluzba=vse"))],
        )
        .await;
    assert_eq!(report.status, StatusCode::OK);
    let total: i64 = groups
        .iter()
        .filter(|g| g.dataset == codes::MINISTRY)
        .flat_map(|g| &g.values)
        .filter(|v| v.element == "KLIENTI")
        .map(|v| v.cell.min())
        .sum();
    assert!(total > 0);

    // DHIS2: one data set a file, named at the top; every published count
    // as a string value, every hidden one listed apart, not as a value and
    // with no range; every combination's code within DHIS2's 50 characters.
    for set in codes::DATASETS {
        let json = coordinator
            .get(&format!(
                "/vymena/rocni.json?rok={YEAR}&sluzba=vse&sada={}",
                set.code
            ))
            .await;
        assert_eq!(json.status, StatusCode::OK);
        let json = json.json();
        assert_eq!(json["dataSet"], set.code);
        assert_eq!(json["period"], YEAR.to_string());
        let values = json["dataValues"].as_array().unwrap();
        let suppressed = json["teren:suppressed"].as_array().unwrap();
        let of_set = full.iter().filter(|g| g.dataset == set.code);
        let all: usize = of_set.clone().map(|g| g.values.len()).sum();
        let hidden = of_set
            .flat_map(|g| &g.values)
            .filter(|v| v.cell.exact().is_none())
            .count();
        assert_eq!(values.len() + suppressed.len(), all);
        assert_eq!(suppressed.len(), hidden);
        assert!(suppressed
            .iter()
            .all(|cell| cell.get("value").is_none() && cell.get("min").is_none()));
        for value in values {
            assert!(
                value["value"].as_str().unwrap().parse::<u64>().is_ok(),
                "{value}"
            );
            assert!(codes::element_of(value["dataElement"].as_str().unwrap()).is_some());
            assert_eq!(value["period"], YEAR.to_string());
            assert!(value.get("dataSet").is_none(), "DHIS2 reads it at the top");
        }
    }
    // The ministry's unless another is named; an unknown one is refused.
    let json = coordinator
        .get(&format!("/vymena/rocni.json?rok={YEAR}&sluzba=vse"))
        .await;
    assert_eq!(json.json()["dataSet"], codes::MINISTRY);
    let unknown = coordinator
        .get(&format!("/vymena/rocni.json?rok={YEAR}&sada=NOPE"))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
}

/// What DHIS2 needs of the codes: a category option's code unique across
/// every category, and a category option combination's at most 50
/// characters, every one telling its options apart.
#[test]
fn every_dhis2_code_is_unique_and_fits() {
    use codes::Dim;
    let mut options = std::collections::HashSet::new();
    for dim in Dim::ALL {
        for (option, _) in dim.options() {
            let code = dim.dhis2_option(&option);
            assert!(code.len() <= 50, "{code}");
            assert!(options.insert(code.clone()), "{code} twice");
        }
    }
    let mut combinations = std::collections::HashSet::new();
    for element in codes::DATASETS.iter().flat_map(|set| set.elements) {
        let dims = codes::element_of(element).unwrap().dims;
        let mut combos: Vec<Vec<(Dim, String)>> = vec![Vec::new()];
        for dim in dims.iter() {
            combos = combos
                .into_iter()
                .flat_map(|combo| {
                    dim.options().into_iter().map(move |(option, _)| {
                        let mut combo = combo.clone();
                        combo.push((*dim, option));
                        combo
                    })
                })
                .collect();
        }
        for combo in combos {
            let code = app::exchange::values::dhis2_combination(&combo);
            assert!(code.len() <= 50, "{element}: {code} is {} long", code.len());
            combinations.insert((element, code));
        }
    }
    assert!(combinations.len() > 500);
}

#[test]
fn the_published_code_list_is_the_one_the_code_makes() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/codes.md");
    let made = schema::code_list();
    if std::env::var_os("TEREN_WRITE_CODES").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == made,
        "docs/codes.md differs from the code list: TEREN_WRITE_CODES=1 cargo test -p server \
         --test integration the_published_code_list rewrites it"
    );
}

/// An umbrella with two members, A (Praha) and B (Brno).
async fn umbrella() -> TestApp {
    let umbrella = TestApp::new().await;
    let store: Arc<dyn ExchangeStore> = Arc::new(umbrella.db().clone());
    for (code, name, region, key) in [
        ("A", "Spolek A", "CZ010", KEY_A),
        ("B", "Spolek B", "CZ064", KEY_B),
    ] {
        store
            .add_member(
                &Member {
                    code: code.into(),
                    name: name.into(),
                    region: region.into(),
                },
                key,
            )
            .await
            .unwrap();
    }
    umbrella
}

/// A message's time `days` before now: the umbrella refuses one dated
/// ahead of its clock.
fn ago(days: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339()
}

fn message(member: &str, id: &str, exported: &str, groups: &[Group]) -> String {
    adx::write(
        &adx::Header {
            exported: exported.into(),
            member: Some(member.into()),
            message: Some(id.into()),
        },
        groups,
    )
}

async fn post(umbrella: &TestApp, member: &str, key: &str, body: &str) -> common::Response {
    let request = Request::post(RECEIVE_PATH)
        .header(header::CONTENT_TYPE, "application/adx+xml")
        .header(MEMBER_HEADER, member)
        .header(SIGNATURE_HEADER, sign(key, body.as_bytes()))
        .body(Body::from(body.to_owned()))
        .unwrap();
    umbrella.client().send(request).await
}

/// Each published exact cell of the national column, by key.
async fn national_cells(umbrella: &TestApp) -> HashMap<String, national::Shown> {
    let store: Arc<dyn ExchangeStore> = Arc::new(umbrella.db().clone());
    let (_, tables) = app::exchange::api::national_view(&*store, Some(YEAR), "CZ")
        .await
        .unwrap();
    tables
        .keys
        .iter()
        .enumerate()
        .map(|(row, key)| {
            (
                national::key_of(&key.dataset, &key.element, &key.disaggregation),
                tables.cells[0][row],
            )
        })
        .collect()
}

#[tokio::test]
async fn an_umbrella_keeps_each_members_year_once_and_refuses_a_forged_or_wrong_one() {
    common::sqlite_only!("an umbrella runs on SQLite");
    let (a, b) = (member_app(11, 3_000).await, member_app(12, 2_000).await);
    let (groups_a, groups_b) = (
        groups_of(&a, Figures::Withheld).await,
        groups_of(&b, Figures::Published).await,
    );
    let umbrella = umbrella().await;

    let first = message("A", "a-1", &ago(20), &groups_a);
    let stored = post(&umbrella, "A", KEY_A, &first).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
    assert_eq!(stored.json()["receipt"], "stored");
    let from_b = message("B", "b-1", &ago(19), &groups_b);
    assert_eq!(
        post(&umbrella, "B", KEY_B, &from_b).await.status,
        StatusCode::OK
    );

    // The national figure of what no member hid is the members' sum.
    let sum = |groups: &[Group], element: &str| -> i64 {
        groups
            .iter()
            .filter(|g| g.dataset == codes::MINISTRY)
            .flat_map(|g| &g.values)
            .filter(|v| v.element == element)
            .map(|v| v.cell.min())
            .sum()
    };
    let contacts = sum(&groups_a, "KONTAKTY") + sum(&groups_b, "KONTAKTY");
    let cells = national_cells(&umbrella).await;
    assert_eq!(
        cells[&format!("{}/KONTAKTY/default", codes::MINISTRY)],
        national::Shown::Count(contacts)
    );

    // The same message again changes nothing; nor does an older one.
    let again = post(&umbrella, "A", KEY_A, &first).await;
    assert_eq!(again.json()["receipt"], "already_had");
    // An older one is refused as such, so its sender does not take it
    // for delivered.
    let older = message("A", "a-0", &ago(21), &groups_a);
    let refused = post(&umbrella, "A", KEY_A, &older).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .contains("newer message"));
    // A message dated ahead of the umbrella's clock would outrank every
    // honest one of its year for good: refused, with the reason. A few
    // seconds of drift are not.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    let ahead = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-9", &tomorrow, &groups_a),
    )
    .await;
    assert_eq!(
        ahead.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        ahead.body
    );
    assert!(ahead.json()["error"].as_str().unwrap().contains("clock"));
    let unreadable = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-8", "next week", &groups_a),
    )
    .await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    let drift = (chrono::Utc::now() + chrono::Duration::seconds(30)).to_rfc3339();
    let close = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-7", &drift, &groups_a),
    )
    .await;
    assert_eq!(close.json()["receipt"], "stored", "{}", close.body);
    // Times compare as times, whatever offset they are written with: half
    // an hour before the last one, written in Prague's offset, is older.
    let earlier = (chrono::Utc::now() - chrono::Duration::minutes(30))
        .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
        .to_rfc3339();
    let offset = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-6", &earlier, &groups_a),
    )
    .await;
    assert_eq!(offset.status, StatusCode::CONFLICT, "{}", offset.body);
    assert_eq!(
        national_cells(&umbrella).await,
        cells,
        "a resend is not counted twice"
    );
    assert_eq!(
        umbrella
            .count("SELECT COUNT(*) FROM umbrella_received")
            .await,
        2
    );

    // Signed with another member's key, or changed after signing: refused,
    // and nothing of it kept.
    let forged = post(&umbrella, "A", KEY_B, &first).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{}", forged.body);
    let request = Request::post(RECEIVE_PATH)
        .header(MEMBER_HEADER, "A")
        .header(SIGNATURE_HEADER, sign(KEY_A, first.as_bytes()))
        .body(Body::from(first.replacen("value=\"", "value=\"9", 1)))
        .unwrap();
    let tampered = umbrella.client().send(request).await;
    assert_eq!(
        tampered.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        tampered.body
    );
    assert!(tampered.body.contains("signature"), "{}", tampered.body);
    let stranger = post(&umbrella, "C", KEY_A, &first).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);

    // Correctly signed but wrong: parts that do not add up, injecting
    // clients above the clients, a code not in the list, a negative count.
    let mut wrong = groups_a.clone();
    let ministry = wrong
        .iter_mut()
        .find(|g| g.dataset == codes::MINISTRY)
        .unwrap();
    let women = ministry
        .values
        .iter_mut()
        .find(|v| v.element == "KLIENTI_POHLAVI" && v.cell.exact().is_some_and(|n| n > 0))
        .unwrap();
    women.cell = Cell::Count(women.cell.min() + 1);
    let refused = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-2", &ago(10), &wrong),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.json()["error"].as_str().unwrap().contains("add up"),
        "{}",
        refused.body
    );

    let mut wrong = groups_a.clone();
    let nms = wrong
        .iter_mut()
        .find(|g| g.dataset == codes::DRUG_MONITORING)
        .unwrap();
    let clients = nms
        .values
        .iter()
        .find(|v| v.element == "KLIENTI")
        .unwrap()
        .cell
        .min();
    nms.values
        .iter_mut()
        .find(|v| v.element == "KLIENTI_INJEKCNI")
        .unwrap()
        .cell = Cell::Count(clients + 1);
    let refused = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-3", &ago(10), &wrong),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );

    for (from, to) in [
        (
            "dataElement=\"KONTAKTY\"",
            "dataElement=\"KONTAKTY_VSECHNY\"",
        ),
        ("value=\"0\"", "value=\"-3\""),
        ("SEX=\"SX_MALE\"", "SEX=\"SX_MUZ\""),
    ] {
        let body = message("A", "a-4", &ago(10), &groups_a).replacen(from, to, 1);
        let refused = post(&umbrella, "A", KEY_A, &body).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{to}: {}",
            refused.body
        );
    }
    assert_eq!(
        national_cells(&umbrella).await,
        cells,
        "nothing refused was kept"
    );

    // A newer correct message replaces the year whole.
    let fewer: Vec<Group> = groups_a
        .iter()
        .filter(|g| g.dataset == codes::MINISTRY)
        .cloned()
        .collect();
    // Newer than the one dated with a little drift above.
    let in_a_minute = (chrono::Utc::now() + chrono::Duration::minutes(1)).to_rfc3339();
    let replaced = post(
        &umbrella,
        "A",
        KEY_A,
        &message("A", "a-5", &in_a_minute, &fewer),
    )
    .await;
    assert_eq!(replaced.json()["receipt"], "stored");
    let after = national_cells(&umbrella).await;
    assert_eq!(
        after[&format!("{}/VYMENY/default", codes::DRUG_MONITORING)],
        national::Shown::Count(
            groups_b
                .iter()
                .filter(|g| g.dataset == codes::DRUG_MONITORING)
                .flat_map(|g| &g.values)
                .filter(|v| v.element == "VYMENY")
                .map(|v| v.cell.min())
                .sum()
        )
    );
}

#[tokio::test]
async fn a_year_sent_while_the_umbrella_is_away_arrives_when_it_is_back() {
    common::sqlite_only!("an umbrella runs on SQLite");
    let umbrella = umbrella().await;
    // A port nothing listens on yet.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);

    let a = TestApp::with_config(|config| {
        config.umbrella = Some(server::config::UmbrellaLink {
            url: format!("http://{addr}"),
            member: "A".into(),
            key: KEY_A.into(),
            unsuppressed: false,
        });
    })
    .await;
    let mut options =
        server::seed::Options::new(1_500, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    options.days = 300;
    server::seed::seed(a.db(), &options).await.unwrap();
    let mut coordinator = a.logged_in("koordinatorka", "coordinator").await;

    // No registry identifiers yet: refused with the reason, nothing queued.
    let refused = coordinator.call("exchange/send", &[("year", "2026")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("registry_id"), "{}", refused.body);
    a.execute("UPDATE services SET registry_id = CAST(5000 + id AS TEXT)")
        .await;

    let waiting = coordinator.call("exchange/send", &[("year", "2026")]).await;
    assert_eq!(waiting.status, StatusCode::OK, "{}", waiting.body);
    let waiting = waiting.json();
    assert!(waiting["sent_at"].is_null(), "{waiting}");
    assert_eq!(waiting["refused"], false);
    assert!(
        waiting["answer"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{waiting}"
    );

    // The umbrella comes up; the courier's next try delivers the year.
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let router = umbrella_router(&umbrella);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let deadline = std::time::Instant::now() + server::umbrella::RETRY * 2;
    loop {
        let state = coordinator
            .call("exchange/sending", &[("query", "rok=2026")])
            .await
            .json();
        if !state["sent_at"].is_null() {
            assert_eq!(state["answer"], "stored", "{state}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never sent: {state}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(
        umbrella
            .count("SELECT COUNT(*) FROM umbrella_received WHERE member = 'A' AND year = 2026")
            .await,
        1
    );
    // Sent again: the umbrella replaces the year, still one.
    let again = coordinator
        .call("exchange/send", &[("year", "2026")])
        .await
        .json();
    assert_eq!(again["answer"], "stored", "{again}");
    assert_eq!(
        umbrella
            .count("SELECT COUNT(*) FROM umbrella_received")
            .await,
        1
    );
}

fn umbrella_router(umbrella: &TestApp) -> axum::Router {
    umbrella.router.clone()
}

/// An exact fraction, for elimination that cannot round.
#[tokio::test]
async fn no_hidden_cell_follows_from_any_combination_of_what_is_published() {
    common::sqlite_only!("seeds years with the SQLite seeder");
    // Three members: two in one region, one sending its counts as they are.
    let members = vec![
        Member {
            code: "A".into(),
            name: "A".into(),
            region: "CZ010".into(),
        },
        Member {
            code: "B".into(),
            name: "B".into(),
            region: "CZ064".into(),
        },
        Member {
            code: "C".into(),
            name: "C".into(),
            region: "CZ064".into(),
        },
    ];
    let mut received = Vec::new();
    // Every service cell's true count, by name.
    let mut truth: HashMap<String, i64> = HashMap::new();
    for (member, seed, records, suppressed) in [
        ("A", 21, 1_600, true),
        ("B", 22, 900, false),
        ("C", 23, 700, true),
    ] {
        let app = member_app(seed, records).await;
        for group in groups_of(&app, Figures::Exact).await {
            for value in &group.values {
                truth.insert(
                    format!(
                        "{member}|{}|{}",
                        group.org_unit,
                        national::key_of(&group.dataset, &value.element, &value.disaggregation)
                    ),
                    value.cell.min(),
                );
            }
        }
        received.push(app::exchange::store::Received {
            member: member.into(),
            year: YEAR,
            message: member.into(),
            exported: String::new(),
            received_at: String::new(),
            suppressed,
            groups: groups_of(
                &app,
                if suppressed {
                    Figures::Published
                } else {
                    Figures::Withheld
                },
            )
            .await,
        });
    }
    let tables = national::tables(YEAR, &members, &received);

    // The attacker's view, written apart from the tables' own: every
    // published table is the sum of its services' cells, and each
    // service's parts add up to its totals.
    let region = |member: &str| {
        members
            .iter()
            .find(|m| m.code == member)
            .unwrap()
            .region
            .clone()
    };
    let mut protected: Vec<String> = Vec::new();
    let key_name = |dataset: &str, element: &str, d: &[(codes::Dim, String)]| {
        national::key_of(dataset, element, d)
    };
    let mut equations: Vec<Vec<String>> = Vec::new();
    let mut published_equations: Vec<Vec<String>> = Vec::new();
    // Published cells.
    let mut published_unknown = std::collections::HashSet::new();
    for (c, column) in tables.columns.iter().enumerate() {
        for (row, key) in tables.keys.iter().enumerate() {
            let name = format!(
                "{}|{}",
                column.code(),
                key_name(&key.dataset, &key.element, &key.disaggregation)
            );
            let shown = match tables.cells[c][row] {
                national::Shown::Count(n) => Some(n),
                _ => None,
            };
            if shown.is_none() {
                published_unknown.insert(name.clone());
                protected.push(name.clone());
            }
            let mut equation = vec![name.clone()];
            for message in &received {
                for group in message.groups.iter().filter(|g| g.dataset == key.dataset) {
                    let counted = match column {
                        national::Column::National => true,
                        national::Column::Region(_) => column.code() == region(&message.member),
                        national::Column::Type(t) => group.service_type == t.as_str(),
                    };
                    if counted
                        && group.values.iter().any(|v| {
                            v.element == key.element && v.disaggregation == key.disaggregation
                        })
                    {
                        equation.push(format!(
                            "-{}|{}|{}",
                            message.member,
                            group.org_unit,
                            key_name(&key.dataset, &key.element, &key.disaggregation)
                        ));
                    }
                }
            }
            let sum: i64 = equation[1..].iter().map(|t| truth[&t[1..]]).sum();
            // A published count is the true sum.
            if let Some(n) = shown {
                assert_eq!(n, sum, "{name} is published as {n}, its services sum {sum}");
            }
            truth.insert(name, sum);
            published_equations.push(equation);
        }
    }
    // Service cells: unknown unless the service published them itself.
    let mut service_unknown = std::collections::HashSet::new();
    for message in &received {
        for group in &message.groups {
            for value in &group.values {
                let name = format!(
                    "{}|{}|{}",
                    message.member,
                    group.org_unit,
                    key_name(&group.dataset, &value.element, &value.disaggregation)
                );
                if !value.cell.public() {
                    service_unknown.insert(name.clone());
                    protected.push(name);
                }
            }
            for (part, total) in codes::ADDS_UP {
                let dims = codes::element_of(total).unwrap().dims;
                for whole in group.values.iter().filter(|v| v.element == total) {
                    let mut equation = vec![format!(
                        "{}|{}|{}",
                        message.member,
                        group.org_unit,
                        key_name(&group.dataset, total, &whole.disaggregation)
                    )];
                    for p in group.values.iter().filter(|v| {
                        v.element == part
                            && dims.iter().all(|d| {
                                v.disaggregation.iter().find(|(x, _)| x == d)
                                    == whole.disaggregation.iter().find(|(x, _)| x == d)
                            })
                    }) {
                        equation.push(format!(
                            "-{}|{}|{}",
                            message.member,
                            group.org_unit,
                            key_name(&group.dataset, part, &p.disaggregation)
                        ));
                    }
                    if equation.len() > 1 {
                        equations.push(equation);
                    }
                }
            }
        }
        // The same figure in two parts of one service is one number.
        for a in &message.groups {
            for b in message
                .groups
                .iter()
                .filter(|b| b.org_unit == a.org_unit && b.dataset > a.dataset)
            {
                for v in &a.values {
                    if b.values
                        .iter()
                        .any(|w| w.element == v.element && w.disaggregation == v.disaggregation)
                    {
                        equations.push(vec![
                            format!(
                                "{}|{}|{}",
                                message.member,
                                a.org_unit,
                                key_name(&a.dataset, &v.element, &v.disaggregation)
                            ),
                            format!(
                                "-{}|{}|{}",
                                message.member,
                                b.org_unit,
                                key_name(&b.dataset, &v.element, &v.disaggregation)
                            ),
                        ]);
                    }
                }
            }
        }
    }
    let is_unknown =
        |name: &str| published_unknown.contains(name) || service_unknown.contains(name);
    let hidden_here = published_unknown.len();
    assert!(
        hidden_here > 0,
        "three small services' years have cells to hide"
    );
    // What the services' own figures give away is theirs: worked out as
    // if the umbrella published nothing, and the umbrella must add nothing
    // to it. A published cell adds one cell of each service, and services
    // share no relation, so unpublished its interval is the sum of its
    // parts' intervals.
    let started = std::time::Instant::now();
    let own = attack(&truth, &equations, &is_unknown);
    let own_interval = |name: &str| match own.get(name) {
        Some(&(_, interval)) => interval,
        None => audit::Interval {
            low: truth[name],
            high: Some(truth[name]),
        },
    };
    let mut given_away: std::collections::HashSet<&String> = own
        .iter()
        .filter(|(_, (value, interval))| !interval.protects(*value))
        .map(|(name, _)| name)
        .collect();
    for equation in &published_equations {
        let (low, high) = equation[1..]
            .iter()
            .fold((0, Some(0)), |(low, high), term| {
                let part = own_interval(&term[1..]);
                (low + part.low, high.zip(part.high).map(|(a, b)| a + b))
            });
        if !(audit::Interval { low, high }).protects(truth[&equation[0]]) {
            given_away.insert(&equation[0]);
        }
    }
    let all: Vec<Vec<String>> = equations
        .iter()
        .chain(&published_equations)
        .cloned()
        .collect();
    let found = attack(&truth, &all, &is_unknown);
    let mut worked_out = Vec::new();
    let mut narrowest: Vec<(i64, String)> = Vec::new();
    for name in &protected {
        let (value, interval) = found[name];
        assert!(
            interval.low <= value && interval.high.is_none_or(|h| h >= value),
            "{name}: the truth {value} is outside {interval:?}"
        );
        if !interval.protects(value) && !given_away.contains(name) {
            worked_out.push(format!("{name} ({value}) in {interval:?}"));
        }
        if value > 0 {
            let width = interval.high.map_or(i64::MAX, |h| h - interval.low);
            narrowest.push((width, format!("{name} {value} in {interval:?}")));
        }
    }
    assert!(
        worked_out.is_empty(),
        "{} hidden cells are worked out of the published ones, e.g. {:?}",
        worked_out.len(),
        &worked_out[..worked_out.len().min(5)]
    );
    narrowest.sort();
    println!(
        "attack solved in {:.1} s; {} published cells, {hidden_here} hidden, {} service cells not public ({} given away by \
         their own files), none worked out further; narrowest: {:?}",
        started.elapsed().as_secs_f64(),
        tables.columns.len() * tables.keys.len(),
        service_unknown.len(),
        protected.iter().filter(|n| given_away.contains(n)).count(),
        &narrowest[..narrowest.len().min(3)]
    );
}

/// The attacker's linear program: every named cell of `equations` (a
/// leading `-` subtracts), unknown where `is_unknown` says, counts
/// non-negative; each unknown cell's true count and interval. The
/// attacker is the public: it holds the umbrella's tables and every
/// member's own files, not a member's message to its umbrella.
fn attack(
    truth: &HashMap<String, i64>,
    equations: &[Vec<String>],
    is_unknown: &dyn Fn(&str) -> bool,
) -> HashMap<String, (i64, audit::Interval)> {
    let mut names: Vec<String> = Vec::new();
    let mut cells: Vec<audit::Cell> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut at = |name: &str, names: &mut Vec<String>, cells: &mut Vec<audit::Cell>| {
        *index.entry(name.to_owned()).or_insert_with(|| {
            names.push(name.to_owned());
            cells.push(audit::Cell {
                value: truth[name],
                primary: false,
                may_hide: false,
                known: !is_unknown(name),
            });
            cells.len() - 1
        })
    };
    let mut relations = Vec::new();
    for equation in equations {
        let terms = equation
            .iter()
            .map(|term| match term.strip_prefix('-') {
                Some(name) => (at(name, &mut names, &mut cells), -1),
                None => (at(term, &mut names, &mut cells), 1),
            })
            .collect();
        relations.push(audit::Relation { terms, exact: true });
    }
    let unknown: Vec<bool> = cells.iter().map(|c| !c.known).collect();
    // Each cell's interval where it is too narrow, else one at least as
    // wide as its rule asks.
    audit::check(&cells, &unknown, &relations)
        .into_iter()
        .enumerate()
        .filter_map(|(c, interval)| interval.map(|i| (names[c].clone(), (cells[c].value, i))))
        .collect()
}
