//! The PIN chosen after a login on this phone, or after a recovery.

use crate::i18n::*;
use crate::vault::keys::{check_pin, PinProblem, PIN_MAX};
use crate::vault::use_vault;
use leptos::prelude::*;

#[component]
pub fn NewPin() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (typed, repeated) = (pin.get_untracked(), again.get_untracked());
        if let Err(why) = check_pin(&typed, &repeated) {
            problem.set(Some(match why {
                PinProblem::Form => t_string!(i18n, vault_pin_form).to_string(),
                PinProblem::Mismatch => t_string!(i18n, vault_pin_mismatch).to_string(),
            }));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            if vault.set_pin(&typed).await.is_err() {
                problem.set(Some(t_string!(i18n, vault_failed).to_string()));
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page vault">
            <h1>{t_string!(i18n, vault_new_title)}</h1>
            <p class="lead">{t_string!(i18n, vault_new_help)}</p>
            <form class="form" on:submit=submit>
                <label>
                    <span>{t_string!(i18n, vault_pin_new)}</span>
                    <input
                        type="password"
                        name="pin"
                        inputmode="numeric"
                        autocomplete="new-password"
                        maxlength=PIN_MAX.to_string()
                        required
                        prop:value=move || pin.get()
                        on:input=move |ev| pin.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{t_string!(i18n, vault_pin_again)}</span>
                    <input
                        type="password"
                        name="pin_again"
                        inputmode="numeric"
                        autocomplete="new-password"
                        maxlength=PIN_MAX.to_string()
                        required
                        prop:value=move || again.get()
                        on:input=move |ev| again.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {t_string!(i18n, vault_new_submit)}
                </button>
            </form>
            {move || problem.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        </section>
    }
}
