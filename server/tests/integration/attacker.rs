//! The published year read as an attacker reads it: every file a
//! coordinator can download for a seeded year of small services (the
//! yearly report's CSV for the organisation and each service, the
//! dashboard's people tables for the year, the ADX file), each cell named,
//! and a linear program over all of them with the relations the tables are
//! known to keep (a total is the sum of its parts, the users table adds up
//! by row and by column, a service's people are among the organisation's,
//! contacts are at least the clients met). No hidden cell may be pinned,
//! no small one narrowed below "1 to 4", and no label may contradict the
//! truth (the same files downloaded with suppression off).

use crate::common;
use common::TestApp;

use app::exchange::adx;
use app::exchange::values::Cell as Coded;
use app::reports::audit::{self, Cell, Relation};
use app::reports::figures::{AGE_BANDS, UNKNOWN};
use app::reports::labels::{
    age_band_label, people_citizenship_label, people_exploitation_label, sex_label,
};
use axum::http::StatusCode;
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};

const SEED: u64 = 11;

/// What a file shows of a cell: a count, or hidden.
type Shown = Option<i64>;

/// Every named cell of every file: (scope, key) → what each file showed.
#[derive(Default)]
struct Files {
    cells: BTreeMap<(String, String), Vec<(String, Shown)>>,
}

impl Files {
    fn put(&mut self, scope: &str, key: String, file: &str, text: &str) {
        let shown = match text {
            "x" => None,
            text => Some(
                text.parse()
                    .unwrap_or_else(|_| panic!("{file}: {key} shows {text:?}")),
            ),
        };
        self.cells
            .entry((scope.to_owned(), key))
            .or_default()
            .push((file.to_owned(), shown));
    }
}

fn sexes() -> [&'static str; 3] {
    ["female", "male", "unknown"]
}

fn ages() -> Vec<&'static str> {
    AGE_BANDS
        .iter()
        .map(|(_, code)| *code)
        .chain([UNKNOWN])
        .collect()
}

fn rows(body: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The yearly report's CSV: its lines by label, and its users table.
fn vykaz(files: &mut Files, scope: &str, body: &str) {
    let file = format!("vykaz.csv {scope}");
    let mut in_users = false;
    // "Neuvedeno" ends the sexes and also names an unknown drug or origin:
    // the sexes are the lines right after the clients.
    let mut after_clients = false;
    for row in rows(body) {
        if row.first().is_some_and(|c| c == "Cílová skupina") {
            in_users = true;
            continue;
        }
        if in_users && row.len() > 3 {
            let group = &row[0];
            let sex = sexes()
                .into_iter()
                .find(|s| sex_label(s) == row[1])
                .unwrap_or_else(|| panic!("{file}: sex {:?}", row[1]));
            let bands = &row[2..row.len() - 1];
            for (band, text) in bands.iter().enumerate() {
                files.put(scope, format!("users:{group}:{sex}:{band}"), &file, text);
            }
            let total = row.last().unwrap();
            files.put(scope, format!("users:{group}:{sex}"), &file, total);
            continue;
        }
        in_users = false;
        let [label, value] = row.as_slice() else {
            continue;
        };
        let sexes_here = after_clients;
        after_clients = matches!(
            label.as_str(),
            "Počet klientů" | "z toho injekčních uživatelů drog" | "Ženy" | "Muži"
        );
        let key = match label.as_str() {
            "Počet klientů" => Some("clients".to_owned()),
            "z toho injekčních uživatelů drog" => Some("injecting".to_owned()),
            "Prvokontakty" => Some("first_contacts".to_owned()),
            "Kontakty" => Some("contacts".to_owned()),
            "Krizové návštěvy" => Some("crisis_visits".to_owned()),
            label => sexes()
                .into_iter()
                .find(|s| sexes_here && sex_label(s) == label)
                .map(|s| format!("sex:{s}"))
                .or_else(|| {
                    ages()
                        .into_iter()
                        .find(|a| age_band_label(a) == label)
                        .map(|a| format!("age:{a}"))
                })
                .or_else(|| {
                    ["labour", "sexual", "other"]
                        .into_iter()
                        .find(|c| people_exploitation_label(c) == label)
                        .map(|c| format!("exploitation:{c}"))
                })
                .or_else(|| {
                    ["czech", "eu", "other"]
                        .into_iter()
                        .find(|c| people_citizenship_label(c) == label)
                        .map(|c| format!("citizenship:{c}"))
                })
                .or_else(|| {
                    let rest = label.strip_prefix("Ohrožené osoby: ")?;
                    sexes()
                        .into_iter()
                        .find(|s| sex_label(s) == rest)
                        .map(|s| format!("endangered_sex:{s}"))
                        .or_else(|| {
                            ages()
                                .into_iter()
                                .find(|a| age_band_label(a) == rest)
                                .map(|a| format!("endangered_age:{a}"))
                        })
                }),
        };
        if let Some(key) = key {
            files.put(scope, key, &file, value);
        }
    }
}

/// A dashboard table for the year.
fn dashboard(files: &mut Files, scope: &str, table: &str, body: &str) {
    let file = format!("{table}.csv {scope}");
    for row in rows(body).into_iter().skip(1) {
        match table {
            "souhrn" => {
                let key = match row[0].as_str() {
                    "Unikátní klienti" => "clients",
                    "z toho ženy" => "sex:female",
                    "Kontakty" => "contacts",
                    "Prvokontakty" => "first_contacts",
                    _ => continue,
                };
                files.put(scope, key.to_owned(), &file, &row[1]);
            }
            "skupiny" => {
                let key = if row[0] == "Celkem" {
                    "clients".to_owned()
                } else {
                    format!("group:{}", row[0])
                };
                files.put(scope, key, &file, &row[1]);
            }
            _ => {
                let prefix = match table {
                    "pohlavi" => "sex",
                    "vek" => "age",
                    "drogy" => "drug",
                    "lide-vykoristovani" => "exploitation",
                    _ => "citizenship",
                };
                let key = if row[1] == "Celkem" {
                    "clients".to_owned()
                } else {
                    format!("{prefix}:{}", row[0])
                };
                files.put(scope, key, &file, &row[2]);
            }
        }
    }
}

/// The ADX file's people cells, each service's under its scope; a cell
/// the code list has but the file leaves out is hidden.
fn adx_file(files: &mut Files, body: &str, scope_of: &BTreeMap<String, String>) {
    let (_, groups) = adx::parse(body).unwrap();
    for group in groups {
        let scope = &scope_of[&group.org_unit];
        for value in group.values {
            let option = |at: usize| value.disaggregation.get(at).map(|(_, o)| o.clone());
            let key = match (value.element.as_str(), option(0)) {
                ("KLIENTI", None) => "clients".to_owned(),
                ("KLIENTI_INJEKCNI", None) => "injecting".to_owned(),
                ("KONTAKTY", None) => "contacts".to_owned(),
                ("PRVOKONTAKTY", None) => "first_contacts".to_owned(),
                ("KRIZOVE_NAVSTEVY", None) => "crisis_visits".to_owned(),
                ("OHROZENE_OSOBY", None) => "endangered".to_owned(),
                ("KLIENTI_POHLAVI", Some(o)) => format!("sex:{o}"),
                ("KLIENTI_VEK", Some(o)) => format!("age:{o}"),
                ("KLIENTI_DROGA", Some(o)) => format!("drug:{o}"),
                ("OSOBY_VYKORISTOVANI", Some(o)) => format!("exploitation:{o}"),
                ("OSOBY_OBCANSTVI", Some(o)) => format!("citizenship:{o}"),
                ("OHROZENE_OSOBY_POHLAVI", Some(o)) => format!("endangered_sex:{o}"),
                ("OHROZENE_OSOBY_VEK", Some(o)) => format!("endangered_age:{o}"),
                _ => continue,
            };
            let text = match value.cell {
                Coded::Count(n) => n.to_string(),
                Coded::Hidden { .. } | Coded::Withheld(_) => "x".to_owned(),
            };
            files.put(scope, key, &format!("adx {scope}"), &text);
        }
    }
}

async fn download(
    coordinator: &mut common::Client<'_>,
    scope_of: &BTreeMap<String, String>,
    year: i32,
) -> Files {
    let mut files = Files::default();
    let scopes: BTreeSet<&String> = scope_of.values().collect();
    for scope in std::iter::once(&"vse".to_owned()).chain(scopes) {
        let response = coordinator
            .get(&format!("/export/vykaz.csv?rok={year}&sluzba={scope}"))
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        vykaz(&mut files, scope, &response.body);
        for table in [
            "souhrn",
            "skupiny",
            "pohlavi",
            "vek",
            "drogy",
            "lide-vykoristovani",
            "lide-obcanstvi",
        ] {
            let response = coordinator
                .get(&format!(
                    "/export/{table}.csv?obdobi=vlastni&od={year}-01-01&do={year}-12-31&sluzba={scope}"
                ))
                .await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.body);
            dashboard(&mut files, scope, table, &response.body);
        }
    }
    let response = coordinator
        .get(&format!("/vymena/rocni.adx?rok={year}&sluzba=vse"))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    adx_file(&mut files, &response.body, scope_of);
    files
}

/// The relations anyone reading the tables knows they keep, over the
/// cells named in `keys`, with their true values.
fn relations(keys: &[(String, String)]) -> Vec<Relation> {
    let index: BTreeMap<&(String, String), usize> =
        keys.iter().enumerate().map(|(at, k)| (k, at)).collect();
    let scopes: BTreeSet<&String> = keys.iter().map(|(s, _)| s).collect();
    let mut out = Vec::new();
    let find = |scope: &str, key: &str| index.get(&(scope.to_owned(), key.to_owned())).copied();
    fn sum(out: &mut Vec<Relation>, total: Option<usize>, parts: Vec<usize>) {
        if let (Some(total), false) = (total, parts.is_empty()) {
            let mut terms = vec![(total, 1)];
            terms.extend(parts.into_iter().map(|p| (p, -1)));
            out.push(Relation { terms, exact: true });
        }
    }
    fn at_most(out: &mut Vec<Relation>, parts: Vec<usize>, whole: Option<usize>) {
        if let (Some(whole), false) = (whole, parts.is_empty()) {
            let mut terms: Vec<(usize, i64)> = parts.into_iter().map(|p| (p, 1)).collect();
            terms.push((whole, -1));
            out.push(Relation {
                terms,
                exact: false,
            });
        }
    }
    for scope in &scopes {
        let of = |prefix: &str| -> Vec<usize> {
            keys.iter()
                .enumerate()
                .filter(|(_, (s, k))| s == *scope && k.starts_with(prefix))
                .filter(|(_, (_, k))| k[prefix.len()..].split(':').count() == 1)
                .map(|(at, _)| at)
                .collect()
        };
        let clients = find(scope, "clients");
        for table in ["sex:", "age:", "drug:", "group:"] {
            sum(&mut out, clients, of(table));
        }
        // The users table by row, by group, by sex and by age band.
        let users: Vec<(usize, Vec<String>)> = keys
            .iter()
            .enumerate()
            .filter(|(_, (s, k))| s == *scope && k.starts_with("users:"))
            .map(|(at, (_, k))| (at, k.split(':').skip(1).map(str::to_owned).collect()))
            .collect();
        let mut by_row: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        let mut by_band: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut rows_by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut rows_by_sex: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (at, parts) in &users {
            match parts.as_slice() {
                [g, s, band] => {
                    by_row.entry((g.clone(), s.clone())).or_default().push(*at);
                    by_band.entry(band.clone()).or_default().push(*at);
                }
                [g, s] => {
                    rows_by_group.entry(g.clone()).or_default().push(*at);
                    rows_by_sex.entry(s.clone()).or_default().push(*at);
                }
                _ => {}
            }
        }
        for ((g, s), cells) in by_row {
            sum(&mut out, find(scope, &format!("users:{g}:{s}")), cells);
        }
        for (g, rows) in rows_by_group {
            sum(&mut out, find(scope, &format!("group:{g}")), rows);
        }
        for (s, rows) in rows_by_sex {
            sum(&mut out, find(scope, &format!("sex:{s}")), rows);
        }
        for (band, cells) in by_band {
            let code = ages()[band.parse::<usize>().unwrap()];
            sum(&mut out, find(scope, &format!("age:{code}")), cells);
        }
        let endangered = find(scope, "endangered");
        sum(&mut out, endangered, of("endangered_sex:"));
        sum(&mut out, endangered, of("endangered_age:"));
        let contacts = find(scope, "contacts");
        at_most(
            &mut out,
            find(scope, "injecting").into_iter().collect(),
            clients,
        );
        at_most(&mut out, clients.into_iter().collect(), contacts);
        at_most(
            &mut out,
            find(scope, "first_contacts").into_iter().collect(),
            clients,
        );
        for person in of("exploitation:").into_iter().chain(of("citizenship:")) {
            at_most(&mut out, vec![person], contacts);
        }
    }
    // A service's people are among the organisation's, which are at most
    // all of the services' together.
    let keys_of_services: BTreeSet<&String> = keys
        .iter()
        .filter(|(s, _)| s != "vse")
        .map(|(_, k)| k)
        .collect();
    for key in keys_of_services {
        let parts: Vec<usize> = scopes
            .iter()
            .filter(|s| s.as_str() != "vse")
            .filter_map(|s| find(s, key))
            .collect();
        let total = find("vse", key);
        for &part in &parts {
            at_most(&mut out, vec![part], total);
        }
        if let Some(total) = total {
            let mut terms: Vec<(usize, i64)> = parts.iter().map(|&p| (p, -1)).collect();
            terms.push((total, 1));
            out.push(Relation {
                terms,
                exact: false,
            });
        }
    }
    out
}

#[tokio::test]
async fn no_hidden_cell_of_a_published_year_can_be_worked_out_or_is_mislabelled() {
    common::sqlite_only!("seeds a year with the SQLite seeder");
    let app = TestApp::new().await;
    // Last year, whole, whatever day the test runs.
    let year = chrono::Local::now().year() - 1;
    let last_day = chrono::NaiveDate::from_ymd_opt(year, 12, 30).unwrap();
    let mut options = server::seed::Options::new(900, last_day);
    options.days = 360;
    options.clients = 90;
    options.workers = 4;
    options.seed = SEED;
    server::seed::seed(app.db(), &options).await.unwrap();
    app.execute("UPDATE services SET registry_id = 'S' || id")
        .await;
    let scope_of: BTreeMap<String, String> = app
        .rows("SELECT CAST(id AS TEXT) FROM services")
        .await
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .map(|id| (format!("S{id}"), id))
        .collect();

    app.execute(
        "INSERT INTO settings (key, value) VALUES ('suppress_small_counts', '0')
         ON CONFLICT (key) DO UPDATE SET value = '0'",
    )
    .await;
    let mut coordinator = app.logged_in("koordinatorka", "coordinator").await;
    let truth = download(&mut coordinator, &scope_of, year).await;
    app.execute("UPDATE settings SET value = '1' WHERE key = 'suppress_small_counts'")
        .await;
    let published = download(&mut coordinator, &scope_of, year).await;

    let mut keys = Vec::new();
    let mut cells = Vec::new();
    let mut unknown = Vec::new();
    for (name, showings) in &published.cells {
        let true_value = truth
            .cells
            .get(name)
            .and_then(|s| s.iter().find_map(|(_, v)| *v))
            .unwrap_or_else(|| panic!("{name:?} has no true value"));
        // A label never contradicts the truth: a count is the count.
        for (file, shown) in showings {
            if let Some(n) = shown {
                assert_eq!(*n, true_value, "{file} shows {name:?} as {n}");
            }
        }
        let hidden_somewhere = showings.iter().any(|(_, s)| s.is_none());
        let shown_somewhere = showings.iter().any(|(_, s)| s.is_some());
        assert!(
            !(hidden_somewhere && shown_somewhere),
            "{name:?} is hidden in one file and shown in another: {showings:?}"
        );
        keys.push(name.clone());
        cells.push(Cell {
            value: true_value,
            primary: false,
            may_hide: false,
            known: !hidden_somewhere,
        });
        unknown.push(hidden_somewhere);
    }
    // The relations are the tables' own; the few the figures do not keep
    // (a client's sex or drug told differently in two services) are left
    // out, as they would mislead an attacker too.
    let all = relations(&keys);
    let count = all.len();
    let relations: Vec<Relation> = all
        .into_iter()
        .filter(|relation| {
            let total: i64 = relation
                .terms
                .iter()
                .map(|(c, k)| k * cells[*c].value)
                .sum();
            if relation.exact {
                total == 0
            } else {
                total <= 0
            }
        })
        .collect();
    println!("relations: {} of {count} kept", relations.len());
    let found = audit::intervals(&cells, &unknown, &relations);
    let hidden = unknown.iter().filter(|u| **u).count();
    let small = (0..cells.len())
        .filter(|&c| unknown[c] && (1..=4).contains(&cells[c].value))
        .count();
    let mut narrowest: Vec<(i64, String)> = Vec::new();
    for (at, interval) in found.iter().enumerate() {
        let Some(interval) = interval else { continue };
        let value = cells[at].value;
        assert!(
            interval.low <= value && interval.high.is_none_or(|h| h >= value),
            "{:?}: the truth {value} is outside {interval:?}",
            keys[at]
        );
        assert!(
            interval.protects(value),
            "{:?} ({value}) is worked out to {interval:?}",
            keys[at]
        );
        if value == 0 {
            continue;
        }
        let width = interval.high.map_or(i64::MAX, |h| h - interval.low);
        narrowest.push((width, format!("{:?} {value} in {interval:?}", keys[at])));
    }
    narrowest.sort();
    println!(
        "cells named: {}, hidden: {hidden} ({small} small, {} partners); narrowest: {:?}",
        cells.len(),
        hidden - small,
        &narrowest[..narrowest.len().min(5)]
    );
    assert!(small > 0, "the seeded year has small cells to protect");
}
