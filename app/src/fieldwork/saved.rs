//! The "saved" notice on the start screen after a record.

use crate::i18n::*;
use crate::sync::engine::use_sync;
use leptos::prelude::*;

/// The "saved" notice on the start screen after a record. Kept in memory,
/// not in the address: a page reloaded from the offline cache must render
/// exactly as the server rendered it.
#[component]
pub fn SavedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    on_cleanup(move || engine.just_saved.set(false));
    move || {
        engine
            .just_saved
            .get()
            .then(|| view! { <p class="ok" role="status">{t_string!(i18n, record_saved)}</p> })
    }
}
