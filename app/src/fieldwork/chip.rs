//! A chip: one choice of a list, pressed or not.

use leptos::prelude::*;

#[component]
pub(super) fn Chip(
    label: String,
    #[prop(into)] pressed: Signal<bool>,
    on_press: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="chip"
            aria-pressed=move || pressed.get().to_string()
            on:click=move |_| on_press()
        >
            {label}
        </button>
    }
}
