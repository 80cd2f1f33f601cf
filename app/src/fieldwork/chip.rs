//! A chip: one choice of a list, pressed or not. The press is a
//! [`Callback`], not a generic closure, so the phone's many chips share one
//! compiled component.

use leptos::prelude::*;

#[component]
pub(super) fn Chip(
    label: String,
    #[prop(into)] pressed: Signal<bool>,
    #[prop(into)] on_press: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="chip"
            aria-pressed=move || pressed.get().to_string()
            on:click=move |_| on_press.run(())
        >
            {label}
        </button>
    }
}
