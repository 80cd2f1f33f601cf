//! Figures by locality and by worker.

use super::csv_link::CsvLink;
use super::dashboard::range_text;
use super::filter::{search, FilterForm};
use super::format::number;
use super::nav::ReportNav;
use crate::i18n::*;
use crate::reports::api::{load_breakdown, load_dashboard};
use crate::reports::figures::BreakdownRow;
use crate::ui::{error_text, ScrollingTable};
use leptos::prelude::*;

#[component]
pub fn BreakdownPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let by_locality = Resource::new(move || query.get(), |q| load_breakdown(q, false));
    let by_worker = Resource::new(move || query.get(), |q| load_breakdown(q, true));
    let dashboard = Resource::new(move || query.get(), load_dashboard);
    view! {
        <section class="page report">
            <h1>{t!(i18n, rep_breakdown_title)}</h1>
            <ReportNav active="/prehled/rozpad" />
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    let d = match dashboard.await {
                        Ok(d) => d,
                        Err(error) => return view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    };
                    let (Ok(localities), Ok(workers)) = (by_locality.await, by_worker.await) else {
                        return view! { <p class="error" role="alert">{t!(i18n, err_internal)}</p> }.into_any();
                    };
                    view! {
                        <FilterForm localities=d.localities.clone() workers=d.workers.clone() services=d.services.clone() service=d.filter.service_id with_kind=true />
                        <p class="report-range">{range_text(&d)}</p>
                        <h2>{t!(i18n, rep_by_locality)}</h2>
                        <BreakdownTable rows=localities label=t_string!(i18n, rep_by_locality).to_string() />
                        <CsvLink table="rozpad-lokality" />
                        <h2>{t!(i18n, rep_by_worker)}</h2>
                        <BreakdownTable rows=workers label=t_string!(i18n, rep_by_worker).to_string() />
                        <CsvLink table="rozpad-pracovnici" />
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn BreakdownTable(rows: Vec<BreakdownRow>, label: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ScrollingTable label=label>
            <table class="breakdown">
                <thead>
                    <tr>
                        <th></th>
                        <th>{t!(i18n, rep_contacts)}</th>
                        <th>{t!(i18n, rep_unique_clients)}</th>
                        <th>{t!(i18n, rep_first_contacts)}</th>
                        <th>{t!(i18n, rep_exchanges)}</th>
                        <th>{t!(i18n, rep_syringes_given)}</th>
                        <th>{t!(i18n, rep_syringes_returned)}</th>
                        <th>{t!(i18n, rep_crisis_visits)}</th>
                        <th>{t!(i18n, rep_found_syringes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row">{r.label}</th>
                                    <td>{number(r.contacts)}</td>
                                    <td>{number(r.unique_clients)}</td>
                                    <td>{number(r.first_contacts)}</td>
                                    <td>{number(r.exchanges)}</td>
                                    <td>{number(r.syringes_given)}</td>
                                    <td>{number(r.syringes_returned)}</td>
                                    <td>{number(r.crisis_visits)}</td>
                                    <td>{number(r.found_syringes)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </ScrollingTable>
    }
}
