//! What some services also ask of a contact or visit: social
//! rehabilitation the worker's role; crisis help the form of exploitation,
//! the citizenship group and whether an interpreter was needed. Shown only
//! for those services, so nobody else is asked.

use super::chip::Chip;
use crate::i18n::*;
use crate::records::kinds::{Citizenship, Exploitation, Particulars, WorkerRole};
use crate::records::labels::{citizenship_name, exploitation_name, role_name};
use crate::services::ServiceType;
use leptos::prelude::*;

#[component]
pub(super) fn ParticularsFields(
    particulars: RwSignal<Particulars>,
    #[prop(into)] service_type: Signal<Option<ServiceType>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role_chips = move || {
        WorkerRole::ALL.map(|role| {
            view! {
                <Chip
                    label=role_name(i18n, role)
                    pressed=Signal::derive(move || particulars.with(|p| p.role == Some(role)))
                    on_press=move || particulars.update(|p| p.role = Some(role))
                />
            }
        })
    };
    let crisis_help = move || {
        view! {
            <fieldset>
                <legend>{t!(i18n, rf_exploitation)}</legend>
                <div class="chips">
                    {Exploitation::ALL.map(|form| view! {
                        <Chip
                            label=exploitation_name(i18n, form)
                            pressed=Signal::derive(move || particulars.with(|p| p.exploitation == Some(form)))
                            on_press=move || particulars.update(|p| p.exploitation = Some(form))
                        />
                    })}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, rf_citizenship)}</legend>
                <div class="chips">
                    {Citizenship::ALL.map(|group| view! {
                        <Chip
                            label=citizenship_name(i18n, group)
                            pressed=Signal::derive(move || particulars.with(|p| p.citizenship == Some(group)))
                            on_press=move || particulars.update(|p| p.citizenship = Some(group))
                        />
                    })}
                </div>
            </fieldset>
            <div class="chips">
                <Chip
                    label=t_string!(i18n, rf_interpreter).to_string()
                    pressed=Signal::derive(move || particulars.with(|p| p.interpreter))
                    on_press=move || particulars.update(|p| p.interpreter = !p.interpreter)
                />
            </div>
        }
    };
    move || match service_type.get() {
        Some(ServiceType::SocialRehabilitation) => Some(
            view! {
                <fieldset>
                    <legend>{t!(i18n, rf_role)}</legend>
                    <div class="chips">{role_chips()}</div>
                </fieldset>
            }
            .into_any(),
        ),
        Some(ServiceType::CrisisHelp) => Some(crisis_help().into_any()),
        _ => None,
    }
}
