//! The start screen's tiles, one per kind of record.

use crate::i18n::*;
use crate::records::kinds::Kind;
use crate::records::labels::{form_path, kind_name};
use leptos::prelude::*;

/// The start screen's big buttons, one per kind.
#[component]
pub fn KindTiles() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="kind-tiles" aria-label=move || t_string!(i18n, new_record)>
            {Kind::ALL
                .map(|kind| {
                    view! {
                        <a class="kind-tile" data-kind=kind.as_str() href=form_path(kind)>
                            {kind_name(i18n, kind)}
                        </a>
                    }
                })}
        </nav>
    }
}
