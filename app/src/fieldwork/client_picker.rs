//! Who the record is about: a client code (typed, recent, or built from the
//! name parts, which are never stored), anonymous or NCC.

use super::chip::Chip;
use crate::i18n::*;
use crate::records::client_code::{self, ClientCode};
use crate::sync::engine::use_sync;
use crate::sync::outbox::{self};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClientMode {
    Code,
    Anonymous,
    Ncc,
}

/// Code, anonymous or NCC; the code typed, picked from recent clients, or
/// built from the name parts (which are never stored).
#[component]
pub(super) fn ClientPicker(mode: RwSignal<ClientMode>, code: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let recent = Memo::new(move |_| {
        engine
            .entries
            .with(|entries| outbox::recent_codes(entries, 8))
    });
    let builder_open = RwSignal::new(false);
    let mother = RwSignal::new(String::new());
    let day = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let month = RwSignal::new(String::new());
    let built = move || {
        let day = day.get().trim().parse().ok()?;
        let month = month.get().trim().parse().ok()?;
        ClientCode::build(&mother.get(), day, &name.get(), month).ok()
    };
    let typed_ok = move || ClientCode::parse(&code.get()).is_ok();

    let mode_chip = move |value: ClientMode, label: String| {
        view! { <Chip label pressed=Signal::derive(move || mode.get() == value) on_press=move || mode.set(value) /> }
    };

    view! {
        <fieldset class="client">
            <legend>{t_string!(i18n, client_legend)}</legend>
            <div class="chips">
                {mode_chip(ClientMode::Code, t_string!(i18n, client_code).to_string())}
                {mode_chip(ClientMode::Anonymous, t_string!(i18n, client_anonymous).to_string())}
                {mode_chip(ClientMode::Ncc, t_string!(i18n, client_ncc).to_string())}
            </div>
            <Show when=move || mode.get() == ClientMode::Code>
                <div class="chips recent-codes">
                    <For each=move || recent.get() key=|code| code.clone() let:recent_code>
                        {
                            let value = recent_code.clone();
                            view! {
                                <Chip
                                    label=recent_code.clone()
                                    pressed=Signal::derive(move || code.get() == value)
                                    on_press=move || code.set(recent_code.clone())
                                />
                            }
                        }
                    </For>
                </div>
                <label>
                    <span>{t_string!(i18n, client_code_label)}</span>
                    <input
                        name="client_code"
                        autocomplete="off"
                        autocapitalize="characters"
                        maxlength=client_code::LENGTH.to_string()
                        placeholder="LUD07TOM08"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev).to_ascii_uppercase())
                        class:invalid=move || !code.get().is_empty() && !typed_ok()
                    />
                </label>
                <button type="button" class="link" on:click=move |_| builder_open.update(|open| *open = !*open)>
                    {t_string!(i18n, code_builder_toggle)}
                </button>
                <Show when=move || builder_open.get()>
                    <div class="builder">
                        <p class="muted">{t_string!(i18n, code_builder_hint)}</p>
                        <label>
                            <span>{t_string!(i18n, code_mother)}</span>
                            <input autocomplete="off" prop:value=move || mother.get() on:input=move |ev| mother.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            <span>{t_string!(i18n, code_day)}</span>
                            <input inputmode="numeric" maxlength="2" autocomplete="off" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            <span>{t_string!(i18n, code_name)}</span>
                            <input autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            <span>{t_string!(i18n, code_month)}</span>
                            <input inputmode="numeric" maxlength="2" autocomplete="off" prop:value=move || month.get() on:input=move |ev| month.set(event_target_value(&ev)) />
                        </label>
                        <p class="built-code" aria-live="polite">
                            {move || built().map(|code| code.to_string()).unwrap_or_else(|| "—".into())}
                        </p>
                        <button
                            type="button"
                            disabled=move || built().is_none()
                            on:click=move |_| {
                                if let Some(value) = built() {
                                    code.set(value.to_string());
                                    for part in [mother, day, name, month] {
                                        part.set(String::new());
                                    }
                                    builder_open.set(false);
                                }
                            }
                        >
                            {t_string!(i18n, code_use)}
                        </button>
                    </div>
                </Show>
            </Show>
        </fieldset>
    }
}
