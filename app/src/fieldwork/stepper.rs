//! A stepper: a count changed by thumb, or typed.

use leptos::prelude::*;

#[component]
pub(super) fn Stepper(label: String, value: RwSignal<i64>, min: i64, max: i64) -> impl IntoView {
    let name = label.clone();
    let group = label.clone();
    let input_label = label.clone();
    view! {
        <div class="stepper" role="group" aria-label=group>
            <span class="stepper-label">{label}</span>
            <button
                type="button"
                aria-label=format!("{} −", name)
                on:click=move |_| value.update(|v| *v = (*v - 1).max(min))
            >
                "−"
            </button>
            <input
                type="number"
                inputmode="numeric"
                aria-label=input_label
                min=min
                max=max
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(number) = event_target_value(&ev).trim().parse::<i64>() {
                        value.set(number);
                    }
                }
            />
            <button
                type="button"
                aria-label=format!("{} +", name.clone())
                on:click=move |_| value.update(|v| *v = (*v + 1).min(max))
            >
                "+"
            </button>
        </div>
    }
}
