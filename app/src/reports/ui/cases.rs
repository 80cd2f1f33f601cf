//! The office screen of an intervention centre: the period's eviction
//! cases against the 48-hour duty, the cases still inside the window with
//! the hours left, and the ones offered late or never, to act on.

use super::filter::{search, ServiceSelect};
use super::format::{number, percent};
use super::nav::ReportNav;
use crate::i18n::*;
use crate::reports::api::load_cases;
use crate::reports::figures::{CaseState, CaseStatus};
use crate::ui::{error_text, ScrollingTable};
use chrono::{DateTime, Local};
use leptos::prelude::*;

fn local_time(utc: &str) -> String {
    DateTime::parse_from_rfc3339(utc)
        .map(|at| {
            at.with_timezone(&Local)
                .format("%-d. %-m. %Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let report = Resource::new(move || query.get(), load_cases);
    view! {
        <section class="page report cases">
            <h1>{t!(i18n, cases_title)}</h1>
            <ReportNav active="/prehled/pripady" />
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    let r = match report.await {
                        Ok(r) => r,
                        Err(error) => return view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    };
                    let f = r.figures.clone();
                    let service = r.filter.service_id;
                    let range = format!("{} – {}", r.filter.range.from.format("%-d. %-m. %Y"), r.filter.range.to.format("%-d. %-m. %Y"));
                    view! {
                        <form class="report-filter no-print" method="get">
                            <ServiceSelect services=r.services.clone() selected=service />
                            <button type="submit" class="primary">{t!(i18n, rep_show)}</button>
                        </form>
                        <p class="report-range">{range}</p>
                        <p class="case-share" data-cases=f.cases data-within=f.offered_within_48h>
                            {t!(i18n, rep_evictions)} ": " {number(f.cases)} ", "
                            {t!(i18n, rep_cases_offered)} ": " {number(f.offered_within_48h)}
                            " (" {percent(f.share_percent())} ")"
                        </p>
                        <h2>{t!(i18n, cases_open_title)}</h2>
                        <CaseTable cases=r.open.clone() label=t_string!(i18n, cases_open_title).to_string() class="cases-open" />
                        <h2>{t!(i18n, cases_late_title)}</h2>
                        <CaseTable cases=r.late.clone() label=t_string!(i18n, cases_late_title).to_string() class="cases-late" />
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CaseTable(cases: Vec<CaseStatus>, label: String, class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if cases.is_empty() {
        return view! { <p class=class>{t!(i18n, cases_none)}</p> }.into_any();
    }
    view! {
        <ScrollingTable label=label>
            <table class=class>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, cases_number)}</th>
                        <th scope="col">{t!(i18n, cases_received)}</th>
                        <th scope="col">{t!(i18n, cases_first_offer)}</th>
                        <th scope="col">{t!(i18n, cases_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {cases.into_iter().map(|case| {
                        let status = match case.state {
                            CaseState::Open => t_string!(i18n, case_hours_left, hours = case.hours).to_string(),
                            CaseState::Late => t_string!(i18n, cases_late_by, hours = case.hours).to_string(),
                            CaseState::Never => t_string!(i18n, cases_never).to_string(),
                            CaseState::InTime => t_string!(i18n, case_offered).to_string(),
                        };
                        view! {
                            <tr data-case=case.id.clone()>
                                <th scope="row">{case.number.clone()}</th>
                                <td>{local_time(&case.received_utc)}</td>
                                <td>{case.first_offer_utc.as_deref().map(local_time).unwrap_or_default()}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollingTable>
    }
    .into_any()
}
