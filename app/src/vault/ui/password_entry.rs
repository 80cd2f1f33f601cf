//! The password, typed again to open the phone's data through the server:
//! after too many wrong PINs, a forgotten PIN, or when the phone has no key
//! for this user yet.

use crate::auth::validate::PASSWORD_MAX;
use crate::browser;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text;
use crate::vault::use_vault;
use leptos::prelude::*;

#[component]
pub fn PasswordEntry() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = password.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            failure.set(vault.recover(typed).await.err());
            password.set(String::new());
            busy.set(false);
        });
    };
    view! {
        <section class="page vault">
            <h1>{t_string!(i18n, vault_password_title)}</h1>
            <p class="lead">{t_string!(i18n, vault_password_help)}</p>
            {move || (!browser::is_online()).then(|| view! {
                <p class="warning">{t_string!(i18n, vault_password_offline)}</p>
            })}
            <form class="form" on:submit=submit>
                <label>
                    <span>{t_string!(i18n, field_password)}</span>
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        maxlength=PASSWORD_MAX.to_string()
                        required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {t_string!(i18n, vault_password_submit)}
                </button>
            </form>
            {move || failure.get().map(|error| view! {
                <p class="error" role="alert">{error_text(i18n, &error)}</p>
            })}
        </section>
    }
}
