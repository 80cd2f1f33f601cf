//! Links between the coordinator pages.

use super::filter::search;
use crate::i18n::*;
use leptos::prelude::*;

/// Links between the coordinator pages, keeping the period and filters.
#[component]
pub(super) fn ReportNav(active: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let link = move |path: &'static str| {
        let q = query.get();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{q}")
        }
    };
    let items: [(&'static str, String); 5] = [
        ("/prehled", t_string!(i18n, rep_nav_dashboard).to_string()),
        (
            "/prehled/rozpad",
            t_string!(i18n, rep_nav_breakdown).to_string(),
        ),
        (
            "/prehled/vykaz",
            t_string!(i18n, rep_nav_annual).to_string(),
        ),
        ("/prehled/pripady", t_string!(i18n, nav_cases).to_string()),
        (
            "/prehled/zaznamy",
            t_string!(i18n, rep_nav_records).to_string(),
        ),
    ];
    view! {
        <nav class="report-nav no-print">
            {items
                .into_iter()
                .map(|(path, label)| {
                    view! {
                        <a href=move || link(path) aria-current=(path == active).then_some("page")>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
