//! A download link for one table.

use super::filter::search;
use crate::i18n::*;
use leptos::prelude::*;

/// A download link for one table, with the page's own parameters.
#[component]
pub(super) fn CsvLink(table: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    view! {
        <a class="csv-link no-print" download href=move || format!("/export/{table}.csv?{}", query.get())>
            {t!(i18n, rep_download_csv)}
        </a>
    }
}
