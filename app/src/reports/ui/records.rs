//! The records browser: every synced record, paged, with voiding.

use super::filter::{search, FilterForm};
use super::format::number;
use super::handover_import::HandoverImport;
use super::nav::ReportNav;
use crate::i18n::*;
use crate::records::labels::kind_name;
use crate::reports::api::{load_dashboard, load_records, VoidRecord};
use crate::reports::figures::RecordPage;
use crate::reports::VOID_REASON_MAX;
use crate::ui::{action_error, error_text, ScrollingTable};
use leptos::prelude::*;

#[component]
pub fn RecordsBrowserPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let void = ServerAction::<VoidRecord>::new();
    let page = Resource::new(
        move || (query.get(), void.version().get()),
        |(q, _)| load_records(q),
    );
    let dashboard = Resource::new(move || query.get(), load_dashboard);
    let void_result = void.value();
    view! {
        <section class="page report">
            <h1>{t!(i18n, rep_records_title)}</h1>
            <ReportNav active="/prehled/zaznamy" />
            {action_error(void_result)}
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    let (d, page) = match (dashboard.await, page.await) {
                        (Ok(d), Ok(page)) => (d, page),
                        (Err(error), _) | (_, Err(error)) => {
                            return view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any();
                        }
                    };
                    view! {
                        <FilterForm localities=d.localities.clone() workers=d.workers.clone() services=d.services.clone() service=d.filter.service_id with_kind=true />
                        <RecordTable page void />
                    }
                    .into_any()
                })}
            </Suspense>
            <HandoverImport />
        </section>
    }
}

#[component]
fn RecordTable(page: RecordPage, void: ServerAction<VoidRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let query = search().get_untracked();
    let page_link = move |n: i64| {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("strana="))
            .collect();
        let mut q = kept.join("&");
        if !q.is_empty() {
            q.push('&');
        }
        format!("?{q}strana={n}")
    };
    let RecordPage {
        rows,
        page,
        pages,
        total,
    } = page;
    view! {
        <p class="report-range">{t!(i18n, rep_records_total)} ": " {number(total)}</p>
        <ScrollingTable label=move || t_string!(i18n, rep_nav_records).to_string()>
            <table class="records">
                <thead>
                    <tr>
                        <th>{t!(i18n, rep_when)}</th>
                        <th>{t!(i18n, rep_kind)}</th>
                        <th>{t!(i18n, rep_locality)}</th>
                        <th>{t!(i18n, rep_worker)}</th>
                        <th>{t!(i18n, rep_client)}</th>
                        <th>{t!(i18n, rep_content)}</th>
                        <th>{t!(i18n, rep_void)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let is_voided = r.voided.is_some();
                            let voided = r.voided.clone();
                            let id = r.id.clone();
                            view! {
                                <tr class:voided=is_voided data-record=r.id.clone()>
                                    <td>{r.occurred_at.get(..16).unwrap_or(&r.occurred_at).replace('T', " ")}</td>
                                    <td>{kind_name(i18n, r.kind)}</td>
                                    <td>{r.locality}</td>
                                    <td>{r.worker}</td>
                                    <td>{r.client}</td>
                                    <td>{r.summary}</td>
                                    <td>
                                        {match voided {
                                            Some(why) => view! { <span class="void-reason">{t!(i18n, rep_voided)} " " {why}</span> }.into_any(),
                                            None => view! {
                                                <ActionForm action=void attr:class="void-form">
                                                    <input type="hidden" name="id" value=id />
                                                    <input type="text" name="reason" required maxlength=VOID_REASON_MAX.to_string() placeholder=move || t_string!(i18n, rep_void_reason).to_string() aria-label=move || t_string!(i18n, rep_void_reason).to_string() />
                                                    <button type="submit">{t!(i18n, rep_void)}</button>
                                                </ActionForm>
                                            }.into_any(),
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </ScrollingTable>
        <nav class="pager">
            {(page > 1).then(|| view! { <a href=page_link(page - 1) rel="prev">{t!(i18n, rep_prev)}</a> })}
            <span>{page} " / " {pages}</span>
            {(page < pages).then(|| view! { <a href=page_link(page + 1) rel="next">{t!(i18n, rep_next)}</a> })}
        </nav>
    }
}
