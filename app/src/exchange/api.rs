//! Server functions: sending the year to the umbrella, and the umbrella's
//! tables.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::national::Column,
    super::send::{prepare, Link},
    super::store::{ExchangeStore, Outgoing},
    crate::auth::{guard, Role},
    crate::error::{internal, respond, Problem},
    crate::reports::store::ReportStore,
    std::sync::Arc,
};

/// A published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shown {
    Count(i64),
    /// Hidden: small, a partner, or a sum with a part its service hid.
    Hidden,
}

impl Shown {
    pub fn text(self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Hidden => "x".to_owned(),
        }
    }
}

/// Where the year's message to the umbrella stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sending {
    /// The year the page shows.
    pub year: i32,
    /// The umbrella's address, when this organisation sends to one.
    pub umbrella: Option<String>,
    /// Whether counts go as they are (small ones too).
    pub unsuppressed: bool,
    /// When the year's latest message was made, if ever.
    pub created_at: Option<String>,
    pub sent_at: Option<String>,
    /// The umbrella's answer to it, or why it has not reached it.
    pub answer: Option<String>,
    pub refused: bool,
    pub attempts: i64,
    /// This server is an umbrella itself (it has members).
    pub is_umbrella: bool,
}

#[cfg(feature = "ssr")]
fn exchange() -> Result<Arc<dyn ExchangeStore>, AppError> {
    use_context::<Arc<dyn ExchangeStore>>().ok_or_else(|| {
        AppError::bad_request("an umbrella is not available on a PostgreSQL host yet")
    })
}

#[cfg(feature = "ssr")]
async fn sending(year: i32) -> Result<Sending, AppError> {
    let link = use_context::<Link>();
    let Ok(store) = exchange() else {
        return Ok(Sending {
            year,
            umbrella: None,
            unsuppressed: false,
            created_at: None,
            sent_at: None,
            answer: None,
            refused: false,
            attempts: 0,
            is_umbrella: false,
        });
    };
    let outgoing: Option<Outgoing> = store.outgoing(year).await?;
    let is_umbrella = !store.members().await?.is_empty();
    Ok(Sending {
        year,
        umbrella: link.as_ref().map(|l| l.url.clone()),
        unsuppressed: link.as_ref().is_some_and(|l| l.unsuppressed),
        created_at: outgoing.as_ref().map(|o| o.created_at.clone()),
        sent_at: outgoing.as_ref().and_then(|o| o.sent_at.clone()),
        answer: outgoing.as_ref().and_then(|o| o.answer.clone()),
        refused: outgoing.as_ref().is_some_and(|o| o.refused),
        attempts: outgoing.as_ref().map_or(0, |o| o.attempts),
        is_umbrella,
    })
}

/// For the yearly report's address (`rok=…`).
#[server(endpoint = "exchange/sending")]
pub async fn load_sending(query: String) -> Result<Sending, AppError> {
    respond(async move {
        guard::require(Role::Coordinator)?;
        let query = crate::reports::query::ReportQuery::parse(&query)?;
        let year = query.year(chrono::Datelike::year(&crate::reports::api::today()))?;
        sending(year).await
    })
    .await
}

/// Makes the year's message and has it sent; waits a few seconds for the
/// umbrella's answer, then leaves it to the courier (offline, it goes when
/// the umbrella can be reached).
#[server(endpoint = "exchange/send")]
pub async fn send_year(year: i32) -> Result<Sending, AppError> {
    respond(async move {
        guard::require(Role::Coordinator)?;
        if !(2000..=2100).contains(&year) {
            return Err(AppError::invalid("rok", Problem::Unknown));
        }
        let link = use_context::<Link>()
            .ok_or_else(|| AppError::bad_request("this organisation sends to no umbrella"))?;
        let store = exchange()?;
        let reports = guard::store::<dyn ReportStore>()?;
        let outgoing = prepare(&mut *reports.report_reader().await?, &link, year).await?;
        store.queue(&outgoing).await?;
        link.wake.notify_one();
        for _ in 0..40 {
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            match store.outgoing(year).await? {
                Some(o) if o.message == outgoing.message && o.attempts > 0 => break,
                Some(o) if o.message == outgoing.message => {}
                _ => return Err(internal("the year's message was replaced while sending")),
            }
        }
        sending(year).await
    })
    .await
}

/// The umbrella's tables for a year, one column of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalView {
    pub years: Vec<i32>,
    pub year: i32,
    /// Every table to choose from, code and name.
    pub columns: Vec<(String, String)>,
    pub column: String,
    /// Services counted in the chosen table.
    pub services: usize,
    /// Members, with when they sent the year (none: not yet).
    pub members: Vec<(String, String, Option<String>)>,
    /// Per data set (its title): rows of a label and a published cell.
    pub parts: Vec<(String, Vec<(String, Shown)>)>,
}

#[cfg(feature = "ssr")]
pub async fn national_view(
    store: &dyn ExchangeStore,
    year: Option<i32>,
    column: &str,
) -> Result<(NationalView, super::national::Tables), AppError> {
    let years = store.years().await?;
    let year = year
        .or_else(|| years.first().copied())
        .unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()) - 1);
    let column =
        Column::parse(column).ok_or_else(|| AppError::invalid("tabulka", Problem::Unknown))?;
    let members = store.members().await?;
    let received = store.received(year).await?;
    let tables = super::national::cached(year, members.clone(), received.clone()).await?;
    let at = tables.column(column);
    let mut parts: Vec<(String, Vec<(String, Shown)>)> = Vec::new();
    if let Some(at) = at {
        for (row, key) in tables.keys.iter().enumerate() {
            let shown = tables.cells[at][row];
            // Rows of nothing anywhere are left out.
            if (0..tables.columns.len()).all(|c| tables.cells[c][row] == Shown::Count(0)) {
                continue;
            }
            let title = super::codes::dataset(&key.dataset)
                .map_or(key.dataset.clone(), |d| d.title.to_owned());
            match parts.last_mut() {
                Some((t, rows)) if *t == title => rows.push((label(key), shown)),
                _ => parts.push((title, vec![(label(key), shown)])),
            }
        }
    }
    let view = NationalView {
        years,
        year,
        columns: tables
            .columns
            .iter()
            .map(|c| (c.code(), c.label()))
            .collect(),
        column: column.code(),
        services: at.map_or(0, |at| tables.services[at]),
        members: members
            .iter()
            .map(|m| {
                let sent = received
                    .iter()
                    .find(|r| r.member == m.code)
                    .map(|r| r.received_at.clone());
                (m.code.clone(), m.name.clone(), sent)
            })
            .collect(),
        parts,
    };
    Ok((view, (*tables).clone()))
}

/// A row's label; people do not add across services, and the label says so.
#[cfg(feature = "ssr")]
fn label(key: &super::national::Key) -> String {
    if key.people() {
        format!("{} (součet počtů služeb)", key.label())
    } else {
        key.label()
    }
}

#[server(endpoint = "exchange/national")]
pub async fn load_national(year: Option<i32>, column: String) -> Result<NationalView, AppError> {
    respond(async move {
        guard::require(Role::Coordinator)?;
        // A server with no members (a PostgreSQL host among them) has no
        // tables: the page says so rather than fail.
        let Ok(store) = exchange() else {
            return Ok(NationalView {
                years: Vec::new(),
                year: year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now())),
                columns: Vec::new(),
                column: "CZ".to_owned(),
                services: 0,
                members: Vec::new(),
                parts: Vec::new(),
            });
        };
        Ok(national_view(&*store, year, &column).await?.0)
    })
    .await
}
