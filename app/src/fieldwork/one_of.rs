//! One of a few fixed choices, as a row of chips. The choice is an index
//! into the labels, so every such list on the phone shares this one
//! compiled component instead of a copy per type of value.

use super::chip::Chip;
use leptos::prelude::*;

#[component]
pub(super) fn OneOf(
    labels: Vec<String>,
    #[prop(into)] chosen: Signal<Option<usize>>,
    #[prop(into)] on_choose: Callback<usize>,
) -> impl IntoView {
    view! {
        <div class="chips">
            {labels
                .into_iter()
                .enumerate()
                .map(|(index, label)| view! {
                    <Chip label pressed=Signal::derive(move || chosen.get() == Some(index)) on_press=move || on_choose.run(index) />
                })
                .collect_view()}
        </div>
    }
}

/// Where `value` is in `all`, for a record being edited.
pub(super) fn index_of<T: PartialEq>(all: &[T], value: &T) -> Option<usize> {
    all.iter().position(|candidate| candidate == value)
}
