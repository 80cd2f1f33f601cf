//! Settings: the account on this phone, and the language.

use crate::auth::ui::WhoAmI;
use crate::i18n::*;
use crate::sync::ui::LogoutButton;
use crate::ui::LanguageSwitch;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page settings">
            <h1>{t!(i18n, settings_title)}</h1>
            <WhoAmI />
            <LanguageSwitch />
            <LogoutButton />
        </section>
    }
}
