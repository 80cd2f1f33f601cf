//! CSV downloads: every report table as a file Excel opens with Czech
//! letters intact (UTF-8 with a byte-order mark). Unique-client counts from
//! 1 to 4 are hidden when the organisation's setting says so, because a
//! file leaves the office.

use super::csv_file::Csv;
use super::figures::{AnnualReport, BreakdownBy, BreakdownRow, Dashboard};
use super::labels::{
    age_band_label, citizenship_label, consultation_label, contact_form_label, drug_label,
    exploitation_label, mean_age_cell, missed_label, published_parts, refusal_label, role_label,
    sex_label, situation_label, test_label, users_table, NO_GROUP,
};
use super::query::ReportQuery;
use super::store::ReportStore;
use super::suppress::{beside_people, cell, is_small, parts, show};
use super::{api, db};
use crate::auth::session::Visitor;
use crate::auth::{guard, Role};
use crate::error::AppError;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::Datelike;
use std::sync::Arc;

/// Every table that downloads, by file name (without `.csv`).
pub const TABLES: [&str; 24] = [
    "souhrn",
    "skupiny",
    "pohlavi",
    "vek",
    "drogy",
    "material",
    "ukony",
    "situace",
    "formy",
    "odmitnuti",
    "role",
    "vykoristovani",
    "obcanstvi",
    "lide-vykoristovani",
    "lide-obcanstvi",
    "zmeskana",
    "testy",
    "intervence",
    "konzultace",
    "v-case",
    "lokality",
    "rozpad-lokality",
    "rozpad-pracovnici",
    "vykaz",
];

/// `GET /export/{table}.csv?…` with the same address parameters as the
/// page the table is on.
pub async fn download(
    State(pool): State<Arc<dyn ReportStore>>,
    visitor: Option<Extension<Visitor>>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let visitor = visitor.map(|Extension(v)| v).unwrap_or(Visitor {
        profile: None,
        client_addr: "unknown".into(),
    });
    match render(&*pool, &visitor, &file, query.as_deref().unwrap_or("")).await {
        Ok((name, body)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// The CSV file `file` (with its name) for the page address `query`, as
/// `visitor` may download it.
pub async fn render(
    pool: &dyn ReportStore,
    visitor: &Visitor,
    file: &str,
    query: &str,
) -> Result<(String, Vec<u8>), AppError> {
    let viewer = guard::check(visitor, Role::Coordinator)?.id;
    let table = file
        .strip_suffix(".csv")
        .filter(|t| TABLES.contains(t))
        .ok_or(AppError::NotFound)?;
    let query = ReportQuery::parse(query)?;
    let mut db = pool.report_reader().await?;
    let db = &mut *db;
    let suppress = db.suppression().await?;
    let mut out = Csv::new();
    let name;
    if table == "vykaz" {
        let year = query.year(api::today().year())?;
        let service = api::filter_for(db, &query, viewer).await?.service_id;
        let report = db::annual(db, year, service).await?;
        annual(&mut out, &report, suppress)?;
        name = format!("teren-vykaz-{year}.csv");
    } else {
        let filter = api::filter_for(db, &query, viewer).await?;
        name = format!(
            "teren-{table}-{}-{}.csv",
            filter.range.from.format("%Y-%m-%d"),
            filter.range.to.format("%Y-%m-%d")
        );
        match table {
            "rozpad-lokality" | "rozpad-pracovnici" => {
                let by = if table == "rozpad-lokality" {
                    BreakdownBy::Locality
                } else {
                    BreakdownBy::Worker
                };
                let rows = db::breakdown(db, &filter, by).await?;
                breakdown(&mut out, by, &rows, suppress)?;
            }
            _ => {
                let dashboard = db::dashboard(db, filter).await?;
                dashboard_table(&mut out, table, &dashboard, suppress)?;
            }
        }
    }
    Ok((name, out.finish()?))
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(String::new, decimal)
}

/// To a tenth, with the decimal comma Czech spreadsheets expect.
fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

fn dashboard_table(
    out: &mut Csv,
    table: &str,
    d: &Dashboard,
    suppress: bool,
) -> Result<(), AppError> {
    let f = &d.figures;
    match table {
        "souhrn" => {
            out.row(["Ukazatel", "Hodnota"])?;
            // Women as `pohlavi.csv` shows them, so the total less the
            // women never gives away the men hidden there; contacts beside
            // hidden clients as [`suppress::beside_people`] says.
            let clients_hidden = suppress && is_small(f.unique_clients);
            let women = published_parts(&f.clients_by_sex, sex_label, suppress)
                .into_iter()
                .zip(&f.clients_by_sex)
                .find(|(_, line)| line.code == "female")
                .map_or_else(|| "0".to_owned(), |((_, shown), _)| shown);
            // Each row with its figure's name on the page, so the file
            // shows what the page shows.
            let rows = [
                (
                    "Kontakty",
                    beside_people(f.contacts, clients_hidden),
                    "contacts",
                ),
                (
                    "Unikátní klienti",
                    cell(f.unique_clients, suppress),
                    "unique-clients",
                ),
                ("z toho ženy", women, "women"),
                (
                    "Průměrný věk klientů",
                    mean_age_cell(f.mean_age(), f.ages_known, suppress),
                    "mean-age",
                ),
                (
                    "Prvokontakty",
                    beside_people(f.first_contacts, clients_hidden),
                    "first-contacts",
                ),
                (
                    "Anonymní kontakty",
                    f.anonymous_contacts.to_string(),
                    "anonymous",
                ),
                ("Výměny", f.exchanges.to_string(), "exchanges"),
                (
                    "Vydané stříkačky",
                    f.syringes_given.to_string(),
                    "syringes-given",
                ),
                (
                    "Vrácené stříkačky",
                    f.syringes_returned.to_string(),
                    "syringes-returned",
                ),
                (
                    "Návratnost (%)",
                    percent(f.return_rate_percent()),
                    "return-rate",
                ),
                (
                    "Hodiny přímé práce",
                    decimal(f.direct_hours()),
                    "direct-hours",
                ),
                (
                    "Krizové návštěvy",
                    f.crisis_visits.to_string(),
                    "crisis-visits",
                ),
                (
                    "Případy vykázání",
                    f.eviction_cases.to_string(),
                    "eviction-cases",
                ),
                (
                    "Z toho nabídka pomoci do 48 hodin",
                    f.eviction_cases_within_48h.to_string(),
                    "eviction-within-48h",
                ),
                (
                    "Podíl do 48 hodin (%)",
                    percent(f.eviction_share_percent()),
                    "eviction-share",
                ),
                (
                    "Nalezené stříkačky",
                    f.found_syringes.to_string(),
                    "found-syringes",
                ),
                (
                    "Odmítnutí zájemci",
                    f.refusals_total().to_string(),
                    "refusals",
                ),
                (
                    "Kontakty s tlumočníkem",
                    f.with_interpreter.to_string(),
                    "interpreter",
                ),
            ];
            for (label, value, _) in rows.iter().filter(|(_, _, id)| d.owes_figure(id)) {
                out.row([*label, value.as_str()])?;
            }
        }
        "skupiny" => {
            out.row(["Cílová skupina", "Unikátní klienti"])?;
            let mut groups: Vec<(&str, i64)> = f
                .clients_by_group
                .iter()
                .map(|line| (line.label.as_str(), line.count))
                .collect();
            groups.push((NO_GROUP, f.clients_without_group));
            let counts: Vec<i64> = groups.iter().map(|(_, n)| *n).collect();
            for ((group, _), shown) in groups.iter().zip(parts(&counts, suppress)) {
                out.row([*group, show(shown).as_str()])?;
            }
            out.row(["Celkem", cell(f.unique_clients, suppress).as_str()])?;
        }
        "pohlavi" | "vek" | "drogy" => {
            let (heading, lines, label): (_, _, fn(&str) -> &'static str) = match table {
                "pohlavi" => ("Pohlaví", &f.clients_by_sex, sex_label),
                "vek" => ("Věková skupina", &f.age_bands, age_band_label),
                _ => ("Primární droga", &f.clients_by_drug, drug_label),
            };
            out.row(["Kód", heading, "Unikátní klienti"])?;
            let counts: Vec<i64> = lines.iter().map(|line| line.count).collect();
            for (line, shown) in lines.iter().zip(parts(&counts, suppress)) {
                out.row([line.code.as_str(), label(&line.code), show(shown).as_str()])?;
            }
            out.row(["", "Celkem", cell(f.unique_clients, suppress).as_str()])?;
        }
        "lide-vykoristovani" | "lide-obcanstvi" => {
            // A person met in two forms is in both lines: no total, and
            // each small count hidden on its own.
            let (heading, lines) = if table == "lide-vykoristovani" {
                ("Forma vykořisťování", &d.people_by_exploitation)
            } else {
                ("Státní občanství", &d.people_by_citizenship)
            };
            out.row(["Kód", heading, "Lidé"])?;
            for line in lines {
                let label = if table == "lide-vykoristovani" {
                    exploitation_label(&line.code)
                } else {
                    citizenship_label(&line.code)
                };
                out.row([
                    line.code.as_str(),
                    label,
                    cell(line.count, suppress).as_str(),
                ])?;
            }
        }
        "material" | "ukony" | "situace" | "formy" | "odmitnuti" | "role" | "vykoristovani"
        | "obcanstvi" | "zmeskana" | "testy" | "intervence" | "konzultace" | "lokality" => {
            let (heading, lines) = match table {
                "material" => ("Materiál", &f.materials),
                "ukony" => ("Úkon", &f.service_acts),
                "situace" => ("Situace", &f.situations),
                "formy" => ("Forma kontaktu", &f.contact_forms),
                "odmitnuti" => ("Důvod odmítnutí", &f.refusals),
                "role" => ("Role pracovníka", &f.roles),
                "vykoristovani" => ("Forma vykořisťování", &f.exploitation),
                "obcanstvi" => ("Státní občanství", &f.citizenship),
                "zmeskana" => ("Zmeškané setkání", &f.missed_meetings),
                "testy" => ("Test a výsledek", &f.tests),
                "intervence" => ("Intervence", &f.interventions),
                "konzultace" => ("Konzultace (typ / forma)", &f.consultations),
                _ => ("Lokalita", &d.contacts_by_locality),
            };
            let count = if table == "lokality" {
                "Kontakty"
            } else {
                "Počet"
            };
            out.row(["Kód", heading, count])?;
            for line in lines {
                let label = match table {
                    "situace" => situation_label(&line.code),
                    "formy" => contact_form_label(&line.code),
                    "odmitnuti" => refusal_label(&line.code),
                    "role" => role_label(&line.code),
                    "vykoristovani" => exploitation_label(&line.code),
                    "obcanstvi" => citizenship_label(&line.code),
                    "zmeskana" => missed_label(&line.code),
                    "testy" => test_label(&line.code),
                    "konzultace" => consultation_label(&line.code),
                    _ => line.label.as_str(),
                };
                // Contacts by a person's exploitation or citizenship are
                // published beside the people counted the same way.
                let people = match table {
                    "vykoristovani" => Some(&d.people_by_exploitation),
                    "obcanstvi" => Some(&d.people_by_citizenship),
                    _ => None,
                };
                let people_hidden = people.is_some_and(|people| {
                    suppress
                        && people
                            .iter()
                            .any(|p| p.code == line.code && is_small(p.count))
                });
                out.row([
                    line.code.as_str(),
                    label,
                    beside_people(line.count, people_hidden).as_str(),
                ])?;
            }
        }
        _ => {
            out.row([
                "Období",
                "Kontakty",
                "Vydané stříkačky",
                "Vrácené stříkačky",
                "Krizové návštěvy",
            ])?;
            for p in &d.over_time {
                out.row([
                    p.bucket.clone(),
                    p.contacts.to_string(),
                    p.syringes_given.to_string(),
                    p.syringes_returned.to_string(),
                    p.crisis_visits.to_string(),
                ])?;
            }
        }
    }
    Ok(())
}

fn breakdown(
    out: &mut Csv,
    by: BreakdownBy,
    rows: &[BreakdownRow],
    suppress: bool,
) -> Result<(), AppError> {
    let first = match by {
        BreakdownBy::Locality => "Lokalita",
        BreakdownBy::Worker => "Pracovník",
    };
    out.row([
        first,
        "Kontakty",
        "Unikátní klienti",
        "Prvokontakty",
        "Výměny",
        "Vydané stříkačky",
        "Vrácené stříkačky",
        "Krizové návštěvy",
        "Nalezené stříkačky",
    ])?;
    for r in rows {
        let clients_hidden = suppress && is_small(r.unique_clients);
        out.row([
            r.label.clone(),
            beside_people(r.contacts, clients_hidden),
            cell(r.unique_clients, suppress),
            beside_people(r.first_contacts, clients_hidden),
            r.exchanges.to_string(),
            r.syringes_given.to_string(),
            r.syringes_returned.to_string(),
            r.crisis_visits.to_string(),
            r.found_syringes.to_string(),
        ])?;
    }
    Ok(())
}

fn annual(out: &mut Csv, r: &AnnualReport, suppress: bool) -> Result<(), AppError> {
    out.row(["Ukazatel", &r.year.to_string()])?;
    for part in super::annual_layout::parts(r, suppress) {
        out.row([""])?;
        out.row([part.title])?;
        for (label, value) in &part.lines {
            out.row([label.as_str(), value.as_str()])?;
        }
        if part.title == super::annual_layout::MINISTRY {
            out.row([""])?;
            out.row(["Uživatelé podle cílové skupiny, pohlaví a věku"])?;
            let (heading, rows) = users_table(r, suppress);
            out.row(heading)?;
            for row in rows {
                out.row(row)?;
            }
        }
    }
    Ok(())
}
