//! Settings that belong to this phone, not to the account.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();

    let choice = move |locale: Locale, label: &'static str| {
        view! {
            <button
                type="button"
                class="choice"
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };

    view! {
        <section class="page settings">
            <h1>{t!(i18n, settings_title)}</h1>
            <fieldset class="choices">
                <legend>{t!(i18n, language_label)}</legend>
                {choice(Locale::cs, t_string!(i18n, language_cs))}
                {choice(Locale::en, t_string!(i18n, language_en))}
            </fieldset>
        </section>
    }
}
