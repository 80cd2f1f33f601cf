//! Server functions for coordinators. Each takes the page's query string and
//! reads it on the server, so the page address is the whole report: it can
//! be bookmarked, sent to a colleague, and opened without JavaScript.

use super::figures::{AnnualReport, BreakdownRow, CaseReport, Dashboard, RecordPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::store::{ReportReader, ReportStore},
    super::{db, figures::BreakdownBy, figures::Filter, query::ReportQuery},
    crate::auth::{guard, Role},
    crate::catalogue::{self, ListKind},
    crate::error::{respond, Problem},
    chrono::Datelike,
};

/// Today in the server's time zone: the organisation's day.
#[cfg(feature = "ssr")]
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Reads and checks the report address, including that a chosen locality
/// is one of the list's. An address that names no service shows the one
/// service `viewer` reports for: the organisation's only service, or the
/// only one the viewer is assigned to. Totals are then one choice away
/// (`sluzba=vse`), never the page a coordinator lands on by default where
/// a single service's figures are what they owe.
#[cfg(feature = "ssr")]
pub async fn filter_for(
    db: &mut dyn ReportReader,
    query: &ReportQuery,
    viewer: i64,
) -> Result<Filter, AppError> {
    let mut filter = query.filter(today())?;
    let catalogue = db.catalogue().await?;
    if let Some(locality) = &filter.locality {
        if !catalogue
            .list(ListKind::Locality)
            .any(|item| &item.code == locality)
        {
            return Err(AppError::invalid("lokalita", Problem::Unknown));
        }
    }
    if let Some(service) = filter.service_id {
        if !catalogue.services.iter().any(|s| s.id == service) {
            return Err(AppError::invalid("sluzba", Problem::Unknown));
        }
    }
    if !query.names_service() {
        filter.service_id = own_service(db, &catalogue, viewer).await?;
    }
    Ok(filter)
}

#[cfg(feature = "ssr")]
async fn own_service(
    db: &mut dyn ReportReader,
    catalogue: &catalogue::Catalogue,
    viewer: i64,
) -> Result<Option<i64>, AppError> {
    let active: Vec<i64> = catalogue
        .services
        .iter()
        .filter(|service| service.active)
        .map(|service| service.id)
        .collect();
    if let [only] = active[..] {
        return Ok(Some(only));
    }
    let assigned = db.assigned(viewer).await?;
    Ok(match assigned[..] {
        [only] => Some(only),
        _ => None,
    })
}

#[server(endpoint = "reports/dashboard")]
pub async fn load_dashboard(query: String) -> Result<Dashboard, AppError> {
    respond(async move {
        let viewer = guard::require(Role::Coordinator)?.id;
        let query = ReportQuery::parse(&query)?;
        let pool = guard::store::<dyn ReportStore>()?;
        // Contexts are read before the first await, while the request's
        // owner is still current.
        let shared = use_context::<std::sync::Arc<Dashboards>>()
            .ok_or_else(|| crate::error::internal("no dashboards in context"))?;
        let filter = filter_for(&mut *pool.lookup_reader().await?, &query, viewer).await?;
        shared
            .get(filter.clone(), pool.report_reader(), |mut db| async move {
                db::dashboard(&mut *db, filter).await
            })
            .await
    })
    .await
}

/// Dashboards being computed, shared by the requests for the same one.
#[cfg(feature = "ssr")]
pub type Dashboards = super::shared::Shared<Filter, Dashboard>;

#[server(endpoint = "reports/breakdown")]
pub async fn load_breakdown(query: String, by_worker: bool) -> Result<Vec<BreakdownRow>, AppError> {
    respond(async move {
        let viewer = guard::require(Role::Coordinator)?.id;
        let query = ReportQuery::parse(&query)?;
        let mut db = guard::store::<dyn ReportStore>()?.report_reader().await?;
        let filter = filter_for(&mut *db, &query, viewer).await?;
        let by = if by_worker {
            BreakdownBy::Worker
        } else {
            BreakdownBy::Locality
        };
        db::breakdown(&mut *db, &filter, by).await
    })
    .await
}

/// The annual report and whether small counts are hidden in it.
#[server(endpoint = "reports/annual")]
pub async fn load_annual(query: String) -> Result<(AnnualReport, bool), AppError> {
    respond(async move {
        let viewer = guard::require(Role::Coordinator)?.id;
        let query = ReportQuery::parse(&query)?;
        let year = query.year(today().year())?;
        let mut db = guard::store::<dyn ReportStore>()?.report_reader().await?;
        let service = filter_for(&mut *db, &query, viewer).await?.service_id;
        let report = super::disclosure::annual(&mut *db, year, service).await?;
        Ok((report, db.suppression().await?))
    })
    .await
}

/// An intervention centre's cases over the period, and those late or
/// still waiting for an offer of help.
#[server(endpoint = "reports/cases")]
pub async fn load_cases(query: String) -> Result<CaseReport, AppError> {
    respond(async move {
        let viewer = guard::require(Role::Coordinator)?.id;
        let query = ReportQuery::parse(&query)?;
        let mut db = guard::store::<dyn ReportStore>()?.report_reader().await?;
        let filter = filter_for(&mut *db, &query, viewer).await?;
        db::cases::case_report(&mut *db, filter, chrono::Utc::now()).await
    })
    .await
}

#[server(endpoint = "reports/records")]
pub async fn load_records(query: String) -> Result<RecordPage, AppError> {
    respond(async move {
        let viewer = guard::require(Role::Coordinator)?.id;
        let query = ReportQuery::parse(&query)?;
        let mut db = guard::store::<dyn ReportStore>()?.report_reader().await?;
        let filter = filter_for(&mut *db, &query, viewer).await?;
        db::records(&mut *db, &filter, query.page()).await
    })
    .await
}

#[server(endpoint = "reports/void")]
pub async fn void_record(id: String, reason: String) -> Result<(), AppError> {
    respond(async move {
        let coordinator = guard::require(Role::Coordinator)?;
        let actor = guard::actor(Some(&coordinator));
        db::void(&*guard::store::<dyn ReportStore>()?, &actor, &id, &reason).await
    })
    .await
}

/// Whether small counts are hidden in exports and the annual report.
#[server(endpoint = "reports/suppression")]
pub async fn load_suppression() -> Result<bool, AppError> {
    respond(async move {
        guard::require(Role::Coordinator)?;
        guard::store::<dyn ReportStore>()?
            .lookup_reader()
            .await?
            .suppression()
            .await
    })
    .await
}

/// An organisation setting, so only an admin changes it.
#[server(endpoint = "reports/suppression/set")]
pub async fn set_suppression(on: bool) -> Result<(), AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let actor = guard::actor(Some(&admin));
        guard::store::<dyn ReportStore>()?
            .set_suppression(&actor, on)
            .await
    })
    .await
}
