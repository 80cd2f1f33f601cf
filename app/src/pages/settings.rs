//! Settings: the account on this phone, what the phone keeps, and the
//! language.

use crate::auth::ui::WhoAmI;
use crate::i18n::*;
use crate::sync::engine::use_sync;
use crate::sync::outbox::KEEP_SYNCED_DAYS;
use crate::sync::ui::{HandoverButton, LogoutButton};
use crate::ui::LanguageSwitch;
use crate::vault::use_vault;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let engine = use_sync();
    let waiting = move || {
        engine
            .entries
            .with(|entries| entries.iter().any(|e| e.is_editable()))
    };
    // The sentence about sent records names the days kept; it must not
    // drift from the rule that prunes them.
    const _: () = assert!(KEEP_SYNCED_DAYS == 7);
    view! {
        <section class="page settings">
            <h1>{t!(i18n, settings_title)}</h1>
            <WhoAmI />
            <section class="kept" aria-labelledby="kept-title">
                <h2 id="kept-title">{t_string!(i18n, vault_kept_title)}</h2>
                <ul>
                    <li>{t_string!(i18n, vault_kept_records)}</li>
                    <li>{t_string!(i18n, vault_kept_synced)}</li>
                    <li>{t_string!(i18n, vault_kept_basics)}</li>
                </ul>
                <p>{t_string!(i18n, vault_kept_encrypted)}</p>
                <p>{t_string!(i18n, vault_kept_logout)}</p>
                <button type="button" on:click=move |_| vault.lock_now()>
                    {t_string!(i18n, vault_lock_now)}
                </button>
            </section>
            <LanguageSwitch />
            <LogoutButton />
            <Show when=waiting>
                <HandoverButton />
            </Show>
        </section>
    }
}
