//! The PIN asked when the app is opened again, or after 15 minutes unused.

use crate::i18n::*;
use crate::vault::keys::PIN_MAX;
use crate::vault::state::pins_left;
use crate::vault::{use_vault, Lock};
use leptos::prelude::*;

#[component]
pub fn PinEntry() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let pin = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = pin.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let opened = vault.unlock(&typed).await.is_ok();
            wrong.set(!opened);
            pin.set(String::new());
            busy.set(false);
        });
    };
    let left = move || pins_left(vault.wrong_pins.get());
    view! {
        <section class="page vault">
            <h1>{t_string!(i18n, vault_unlock_title)}</h1>
            <p class="lead">{t_string!(i18n, vault_unlock_help)}</p>
            <form class="form" on:submit=submit>
                <label>
                    <span>{t_string!(i18n, vault_pin)}</span>
                    <input
                        type="password"
                        name="pin"
                        inputmode="numeric"
                        autocomplete="off"
                        maxlength=PIN_MAX.to_string()
                        required
                        prop:value=move || pin.get()
                        on:input=move |ev| pin.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {t_string!(i18n, vault_unlock_submit)}
                </button>
            </form>
            {move || (wrong.get() || vault.wrong_pins.get() > 0).then(|| {
                let count = left();
                view! { <p class="error" role="alert">{t_string!(i18n, vault_wrong_pin, count)}</p> }
            })}
            <button
                type="button"
                class="secondary"
                on:click=move |_| vault.lock.set(Lock::NeedsPassword)
            >
                {t_string!(i18n, vault_forgot)}
            </button>
        </section>
    }
}
