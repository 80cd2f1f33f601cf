//! The yearly report in the layout funders ask for.

use super::csv_link::CsvLink;
use super::filter::{search, ServiceSelect};
use super::nav::ReportNav;
use crate::i18n::*;
use crate::reports::annual_layout::{parts, MINISTRY};
use crate::reports::api::load_annual;
use crate::reports::labels::users_table;
use crate::ui::{error_text, ScrollingTable};
use leptos::prelude::*;

/// `children`: what the page shows below the report (the shell adds the
/// standard files and sending to an umbrella, which this module does not
/// know of).
#[component]
pub fn AnnualPage(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let report = Resource::new(move || query.get(), load_annual);
    view! {
        <section class="page report annual">
            <ReportNav active="/prehled/vykaz" />
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok((report, suppress)) => {
                            let year = report.year;
                            let service = report.service_id;
                            view! {
                                <h1>{t!(i18n, rep_annual_title)} " " {year}</h1>
                                <form class="report-filter no-print" method="get">
                                    <label>
                                        <span>{t!(i18n, rep_year)}</span>
                                        <input type="number" name="rok" min="2000" max="2100" value=year.to_string() />
                                    </label>
                                    <ServiceSelect services=report.services.clone() selected=service />
                                    <button type="submit" class="primary">{t!(i18n, rep_show)}</button>
                                    <button type="button" class="no-print" onclick="window.print()">{t!(i18n, rep_print)}</button>
                                </form>
                                {parts(&report)
                                    .into_iter()
                                    .map(|part| {
                                        let users = (part.title == MINISTRY).then(|| users(&report));
                                        view! {
                                            <table class="annual-report">
                                                <caption>{part.title}</caption>
                                                <tbody>
                                                    {part
                                                        .lines
                                                        .into_iter()
                                                        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                            {users}
                                        }
                                    })
                                    .collect_view()}
                                {suppress.then(|| view! { <p class="note">{t!(i18n, rep_suppression_note)}</p> })}
                                <CsvLink table="vykaz" />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            {children.map(|children| children())}
        </section>
    }
}

/// In Czech like the rest of the published report.
const USERS_TITLE: &str = "Uživatelé podle cílové skupiny, pohlaví a věku";

/// The ministry's users table, when any client is counted.
fn users(report: &crate::reports::figures::AnnualReport) -> Option<impl IntoView> {
    let (heading, rows) = users_table(report);
    (!rows.is_empty()).then(|| {
        view! {
            <ScrollingTable label=USERS_TITLE.to_owned()>
                <table class="annual-report annual-users">
                    <caption>{USERS_TITLE}</caption>
                    <thead>
                        <tr>{heading.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| {
                                let mut cells = row.into_iter();
                                let group = cells.next().unwrap_or_default();
                                let sex = cells.next().unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{group}</th>
                                        <th scope="row">{sex}</th>
                                        {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </ScrollingTable>
        }
    })
}
