//! CSV downloads: every report table as a file Excel opens with Czech
//! letters intact (UTF-8 with a byte-order mark). Unique-client counts from
//! 1 to 4 are hidden when the organisation's setting says so, because a
//! file leaves the office.

use super::csv_file::Csv;
use super::figures::{AnnualReport, BreakdownBy, BreakdownRow, Dashboard};
use super::labels::{
    age_band_label, citizenship_label, consultation_label, contact_form_label, drug_label,
    exploitation_label, mean_age_cell, missed_label, refusal_label, role_label, sex_label,
    situation_label, test_label, users_table, NO_GROUP,
};
use super::query::ReportQuery;
use super::store::ReportStore;
use super::suppress::{is_small, key, shown};
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
        let report = super::disclosure::annual(db, year, service).await?;
        annual(&mut out, &report)?;
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
                // The period's people as its report would publish them, so
                // a table here and the report never give each other away.
                let protected = if suppress {
                    super::disclosure::for_filter(db, &filter).await?
                } else {
                    AnnualReport::default()
                };
                let dashboard = db::dashboard(db, filter).await?;
                dashboard_table(&mut out, table, &dashboard, &protected)?;
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

/// One dashboard table; `p` says which of the period's people cells are
/// hidden.
fn dashboard_table(
    out: &mut Csv,
    table: &str,
    d: &Dashboard,
    p: &AnnualReport,
) -> Result<(), AppError> {
    let f = &d.figures;
    match table {
        "souhrn" => {
            out.row(["Ukazatel", "Hodnota"])?;
            let women = f
                .clients_by_sex
                .iter()
                .find(|line| line.code == "female")
                .map_or(0, |line| line.count);
            // Each row with its figure's name on the page, so the file
            // shows what the page shows.
            let rows = [
                ("Kontakty", p.shown(key::CONTACTS, f.contacts), "contacts"),
                (
                    "Unikátní klienti",
                    p.shown(key::CLIENTS, f.unique_clients),
                    "unique-clients",
                ),
                (
                    "z toho ženy",
                    p.shown(&key::line(key::SEX, "female"), women),
                    "women",
                ),
                (
                    "Průměrný věk klientů",
                    mean_age_cell(f.mean_age(), p.hides(key::MEAN_AGE)),
                    "mean-age",
                ),
                (
                    "Prvokontakty",
                    p.shown(key::FIRST_CONTACTS, f.first_contacts),
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
            let groups = f
                .clients_by_group
                .iter()
                .map(|line| (line.label.as_str(), line.code.as_str(), line.count))
                .chain([(NO_GROUP, "", f.clients_without_group)]);
            for (label, code, count) in groups {
                let cell = p.shown(&key::line(key::GROUP, code), count);
                out.row([label, cell.as_str()])?;
            }
            out.row(["Celkem", p.shown(key::CLIENTS, f.unique_clients).as_str()])?;
        }
        "pohlavi" | "vek" | "drogy" => {
            let (heading, lines, label, kind): (_, _, fn(&str) -> &'static str, _) = match table {
                "pohlavi" => ("Pohlaví", &f.clients_by_sex, sex_label, key::SEX),
                "vek" => ("Věková skupina", &f.age_bands, age_band_label, key::AGE),
                _ => ("Primární droga", &f.clients_by_drug, drug_label, key::DRUG),
            };
            out.row(["Kód", heading, "Unikátní klienti"])?;
            for line in lines {
                let cell = p.shown(&key::line(kind, &line.code), line.count);
                out.row([line.code.as_str(), label(&line.code), cell.as_str()])?;
            }
            out.row([
                "",
                "Celkem",
                p.shown(key::CLIENTS, f.unique_clients).as_str(),
            ])?;
        }
        "lide-vykoristovani" | "lide-obcanstvi" => {
            // A person met in two forms is in both lines: no total, and
            // each small count hidden on its own.
            let (heading, lines, kind) = if table == "lide-vykoristovani" {
                (
                    "Forma vykořisťování",
                    &d.people_by_exploitation,
                    key::EXPLOITATION,
                )
            } else {
                (
                    "Státní občanství",
                    &d.people_by_citizenship,
                    key::CITIZENSHIP,
                )
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
                    p.shown(&key::line(kind, &line.code), line.count).as_str(),
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
                // published beside the people counted the same way: a few
                // beside hidden people would bound them.
                let people = match table {
                    "vykoristovani" => Some(key::EXPLOITATION),
                    "obcanstvi" => Some(key::CITIZENSHIP),
                    _ => None,
                };
                let people_hidden =
                    people.is_some_and(|kind| p.hides(&key::line(kind, &line.code)));
                let cell = shown(line.count, people_hidden && is_small(line.count));
                out.row([line.code.as_str(), label, cell.as_str()])?;
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
    // A locality's or a worker's clients overlap the others', so no row
    // adds up with another: each small count is hidden on its own, and the
    // few contacts beside it with it.
    for r in rows {
        let clients_hidden = suppress && is_small(r.unique_clients);
        let beside = |events: i64| shown(events, clients_hidden && is_small(events));
        out.row([
            r.label.clone(),
            beside(r.contacts),
            shown(r.unique_clients, clients_hidden),
            beside(r.first_contacts),
            r.exchanges.to_string(),
            r.syringes_given.to_string(),
            r.syringes_returned.to_string(),
            r.crisis_visits.to_string(),
            r.found_syringes.to_string(),
        ])?;
    }
    Ok(())
}

fn annual(out: &mut Csv, r: &AnnualReport) -> Result<(), AppError> {
    out.row(["Ukazatel", &r.year.to_string()])?;
    for part in super::annual_layout::parts(r) {
        out.row([""])?;
        out.row([part.title])?;
        for (label, value) in &part.lines {
            out.row([label.as_str(), value.as_str()])?;
        }
        if part.title == super::annual_layout::MINISTRY {
            out.row([""])?;
            out.row(["Uživatelé podle cílové skupiny, pohlaví a věku"])?;
            let (heading, rows) = users_table(r);
            out.row(heading)?;
            for row in rows {
                out.row(row)?;
            }
        }
    }
    Ok(())
}
