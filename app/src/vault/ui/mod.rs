//! What stands in front of the worker's pages until the safe is open.

mod new_pin;
mod password_entry;
mod pin_entry;

use super::{use_vault, Lock};
use crate::i18n::*;
use leptos::prelude::*;

/// Renders `children` once the phone's data is open; until then the screen
/// that opens it: a new PIN, the PIN, or the password.
#[component]
pub fn Unlocked(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let children = StoredValue::new(children);
    move || match vault.lock.get() {
        Lock::Unlocked => children.read_value()().into_any(),
        Lock::NewPin => view! { <new_pin::NewPin /> }.into_any(),
        Lock::Locked => view! { <pin_entry::PinEntry /> }.into_any(),
        Lock::NeedsPassword => view! { <password_entry::PasswordEntry /> }.into_any(),
        Lock::Checking => view! {
            <section class="page vault">
                <p class="muted" role="status">{t_string!(i18n, vault_checking)}</p>
            </section>
        }
        .into_any(),
        Lock::Unavailable => view! {
            <section class="page vault">
                <h1>{t_string!(i18n, vault_unavailable_title)}</h1>
                <p class="warning" role="alert">{t_string!(i18n, vault_unavailable)}</p>
            </section>
        }
        .into_any(),
    }
}
