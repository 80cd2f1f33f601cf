//! The yearly report as files for others' systems: `GET
//! /vymena/rocni-{year}.adx` (ADX) and `.json` (DHIS2 `dataValueSets`),
//! with the annual page's address parameters; `GET /adx/teren.xsd`, the
//! schema the ADX file follows.

use super::values::{self, Group};
use super::{adx, dhis2, schema};
use crate::auth::session::Visitor;
use crate::auth::{guard, Role};
use crate::error::AppError;
use crate::reports::api;
use crate::reports::query::ReportQuery;
use crate::reports::store::{ReportReader, ReportStore};
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::Datelike;
use std::sync::Arc;

/// The service's org unit: its registry identifier, or, until the admin
/// fills that in, Terén's own id for it.
pub fn org_unit(service: &crate::services::Service) -> String {
    if service.registry_id.trim().is_empty() {
        format!("teren-{}", service.id)
    } else {
        service.registry_id.trim().to_owned()
    }
}

/// Which counts a set of groups carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figures {
    /// As the yearly report publishes them: hidden cells as their ranges.
    Published,
    /// Every count as it is (suppression switched off).
    Exact,
    /// Every count as it is, those the published files hide marked
    /// withheld: for an umbrella, which must keep them hidden.
    Withheld,
}

/// Every part the chosen services owe for `year`: one service, or each
/// active one.
pub async fn groups(
    db: &mut dyn ReportReader,
    year: i32,
    service: Option<i64>,
    figures: Figures,
) -> Result<Vec<Group>, AppError> {
    let catalogue = db.catalogue().await?;
    let protect = figures != Figures::Exact;
    let reports = crate::reports::disclosure::year_reports_as(db, year, protect).await?;
    let hidden = match figures {
        Figures::Withheld => values::Hidden::Withheld,
        _ => values::Hidden::Range,
    };
    let mut groups = Vec::new();
    for s in catalogue
        .services
        .iter()
        .filter(|s| service.map_or(s.active, |id| s.id == id))
    {
        let Some(report) = reports.iter().find(|r| r.service_id == Some(s.id)) else {
            continue;
        };
        let unit = org_unit(s);
        groups.extend(values::groups(
            report,
            &values::Service {
                registry_id: &unit,
                service_type: s.service_type,
            },
            hidden,
        ));
    }
    Ok(groups)
}

/// The groups as a file for another system publishes them: hidden cells
/// left out. A receiving system has no hidden value (DHIS2 drops the
/// attributes it does not know and would store a range's lower end as a
/// count), and a range would tell a small cell from the partner hidden
/// with it. Only an umbrella's message carries the ranges
/// ([`super::send`]), because the umbrella protects its sums with them.
pub fn published(groups: Vec<Group>) -> Vec<Group> {
    groups
        .into_iter()
        .map(|mut group| {
            group.values.retain(|value| value.cell.public());
            // DHIS2 reads a group's attributes beyond its org unit, period
            // and data set as an attribute option combination's categories.
            group.service_type.clear();
            group
        })
        .filter(|group| !group.values.is_empty())
        .collect()
}

pub async fn download(
    State(pool): State<Arc<dyn ReportStore>>,
    visitor: Option<Extension<Visitor>>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let visitor = visitor_of(visitor);
    attachment(render(&*pool, &visitor, &file, query.as_deref().unwrap_or("")).await)
}

/// The visitor the session layer found, or an anonymous one.
fn visitor_of(visitor: Option<Extension<Visitor>>) -> Visitor {
    visitor.map(|Extension(v)| v).unwrap_or(Visitor {
        profile: None,
        client_addr: "unknown".into(),
    })
}

/// A file to save (its name, type and body), never cached; or the error.
fn attachment(file: Result<(String, &'static str, String), AppError>) -> Response {
    match file {
        Ok((name, content_type, body)) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
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

async fn render(
    pool: &dyn ReportStore,
    visitor: &Visitor,
    file: &str,
    query: &str,
) -> Result<(String, &'static str, String), AppError> {
    let viewer = guard::check(visitor, Role::Coordinator)?.id;
    let (stem, adx_file) = match (file.strip_suffix(".adx"), file.strip_suffix(".json")) {
        (Some(stem), _) => (stem, true),
        (None, Some(stem)) => (stem, false),
        _ => return Err(AppError::NotFound),
    };
    if stem != "rocni" {
        return Err(AppError::NotFound);
    }
    let query_text = query;
    let query = ReportQuery::parse(query)?;
    let mut db = pool.report_reader().await?;
    let db = &mut *db;
    let suppress = db.suppression().await?;
    let year = query.year(api::today().year())?;
    let service = api::filter_for(db, &query, viewer).await?.service_id;
    let figures = if suppress {
        Figures::Published
    } else {
        Figures::Exact
    };
    let groups = groups(db, year, service, figures).await?;
    // DHIS2 imports one data set a file: the ministry's unless `sada`
    // names another.
    let dataset = query_text
        .split('&')
        .find_map(|pair| pair.strip_prefix("sada="))
        .unwrap_or(super::codes::MINISTRY);
    if !super::codes::DATASETS.iter().any(|set| set.code == dataset) {
        return Err(AppError::invalid("sada", crate::error::Problem::Unknown));
    }
    let name = if adx_file {
        format!("teren-rocni-{year}.adx.xml")
    } else {
        format!("teren-rocni-{year}-{dataset}.json")
    };
    Ok(if adx_file {
        let header = adx::Header {
            exported: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ..adx::Header::default()
        };
        (
            name,
            "application/adx+xml",
            adx::write(&header, &published(groups)),
        )
    } else {
        (
            name,
            "application/json",
            dhis2::write(&groups, dataset, year).to_string(),
        )
    })
}

/// `GET /adx/teren.xsd`: public, like any published code list.
pub async fn xsd() -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        schema::xsd(),
    )
        .into_response()
}

/// `GET /zastresujici/tabulky.csv?rok=…` and `.adx`: an umbrella's
/// published tables for the year, every table (national, each region,
/// each type of service) as a column of the CSV, a group of the ADX. What
/// the page hides the files leave out.
pub async fn national(
    State(store): State<Arc<dyn super::store::ExchangeStore>>,
    visitor: Option<Extension<Visitor>>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let visitor = visitor_of(visitor);
    let result = async {
        guard::check(&visitor, Role::Coordinator)?;
        let query = query.unwrap_or_default();
        let year = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("rok="))
            .map(|y| {
                y.parse::<i32>()
                    .map_err(|_| AppError::invalid("rok", crate::error::Problem::Unknown))
            })
            .transpose()?;
        let (view, tables) = super::api::national_view(&*store, year, "CZ").await?;
        match file.as_str() {
            "tabulky.csv" => Ok((
                format!("teren-narodni-{}.csv", view.year),
                "text/csv; charset=utf-8",
                national_csv(&tables),
            )),
            "tabulky.adx" => Ok((
                format!("teren-narodni-{}.adx.xml", view.year),
                "application/adx+xml",
                national_adx(&tables),
            )),
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    attachment(result)
}

fn national_csv(tables: &super::national::Tables) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    // A byte-order mark, so Excel reads the Czech letters.
    let mut out = String::from("\u{feff}");
    let mut heading = vec![quote("Data set"), quote("Ukazatel"), quote("Kód")];
    heading.extend(tables.columns.iter().map(|c| quote(&c.label())));
    out.push_str(&heading.join(";"));
    out.push_str("\r\n");
    for (row, key) in tables.keys.iter().enumerate() {
        let mut line = vec![
            quote(&key.dataset),
            quote(&key.label()),
            quote(&super::national::key_of(
                &key.dataset,
                &key.element,
                &key.disaggregation,
            )),
        ];
        line.extend((0..tables.columns.len()).map(|c| quote(&tables.cells[c][row].text())));
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    out
}

fn national_adx(tables: &super::national::Tables) -> String {
    use super::national::{Column, Shown};
    use super::values::{Cell, Value};
    let mut groups = Vec::new();
    for (c, column) in tables.columns.iter().enumerate() {
        // A type of service's table is an org unit of its own under the
        // country: DHIS2 keys a value by data element, period, org unit and
        // combination only, and drops any other attribute, so under `CZ`
        // it would overwrite the national value.
        let org_unit = match column {
            Column::Type(t) => format!("CZ-{}", t.as_str().to_uppercase().replace('_', "-")),
            other => other.code(),
        };
        for set in super::codes::DATASETS {
            let values: Vec<Value> = tables
                .keys
                .iter()
                .enumerate()
                .filter(|(_, key)| key.dataset == set.code)
                .filter_map(|(row, key)| {
                    // Hidden cells stay out, as in [`published`].
                    let cell = match tables.cells[c][row] {
                        Shown::Count(n) => Cell::Count(n),
                        Shown::Hidden => return None,
                    };
                    Some(Value {
                        element: key.element.clone(),
                        disaggregation: key.disaggregation.clone(),
                        cell,
                    })
                })
                .collect();
            if !values.is_empty() {
                groups.push(Group {
                    dataset: set.code.to_owned(),
                    org_unit: org_unit.clone(),
                    service_type: String::new(),
                    year: tables.year,
                    values,
                });
            }
        }
    }
    let header = adx::Header {
        exported: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ..adx::Header::default()
    };
    adx::write(&header, &groups)
}
