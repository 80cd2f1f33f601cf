//! The start screen: one big button per kind of record.

use crate::fieldwork::{KindTiles, SavedNotice};
use crate::i18n::*;
use crate::sync::ui::QueueWarnings;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let about_open = RwSignal::new(false);

    view! {
        <section class="page home">
            <h1>{t_string!(i18n, home_title)}</h1>
            <SavedNotice />
            <QueueWarnings />
            <KindTiles />
            <button
                type="button"
                class="disclosure"
                aria-expanded=move || about_open.get().to_string()
                aria-controls="about-offline"
                on:click=move |_| about_open.update(|open| *open = !*open)
            >
                {t_string!(i18n, about_toggle)}
            </button>
            <p id="about-offline" class="disclosure-body" hidden=move || !about_open.get()>
                {t_string!(i18n, about_text)}
            </p>
        </section>
    }
}
