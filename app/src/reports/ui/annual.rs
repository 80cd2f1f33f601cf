//! The yearly report in the layout funders ask for.

use super::csv_link::CsvLink;
use super::filter::{search, ServiceSelect};
use super::nav::ReportNav;
use crate::i18n::*;
use crate::reports::api::load_annual;
use crate::reports::labels::annual_lines;
use crate::ui::error_text;
use leptos::prelude::*;

#[component]
pub fn AnnualPage() -> impl IntoView {
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
                            let service = report.service_id.map(|id| id.to_string()).unwrap_or_default();
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
                                <table class="annual-report">
                                    <tbody>
                                        {annual_lines(&report, suppress)
                                            .into_iter()
                                            .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                {suppress.then(|| view! { <p class="note">{t!(i18n, rep_suppression_note)}</p> })}
                                <CsvLink table="vykaz" />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
