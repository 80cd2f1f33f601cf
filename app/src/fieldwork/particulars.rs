//! What some services also ask of a contact or visit: social
//! rehabilitation the worker's role; crisis help the form of exploitation,
//! the citizenship group and whether an interpreter was needed. Shown only
//! for those services, so nobody else is asked.

use super::chip::Chip;
use super::one_of::{index_of, OneOf};
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
        view! {
            <OneOf
                labels=WorkerRole::ALL.map(|role| role_name(i18n, role)).to_vec()
                chosen=Signal::derive(move || particulars.with(|p| p.role.and_then(|r| index_of(&WorkerRole::ALL, &r))))
                on_choose=move |i: usize| particulars.update(|p| p.role = WorkerRole::ALL.get(i).copied())
            />
        }
    };
    let crisis_help = move || {
        view! {
            <fieldset>
                <legend>{t_string!(i18n, rf_exploitation)}</legend>
                <OneOf
                    labels=Exploitation::ALL.map(|form| exploitation_name(i18n, form)).to_vec()
                    chosen=Signal::derive(move || particulars.with(|p| p.exploitation.and_then(|f| index_of(&Exploitation::ALL, &f))))
                    on_choose=move |i: usize| particulars.update(|p| p.exploitation = Exploitation::ALL.get(i).copied())
                />
            </fieldset>
            <fieldset>
                <legend>{t_string!(i18n, rf_citizenship)}</legend>
                <OneOf
                    labels=Citizenship::ALL.map(|group| citizenship_name(i18n, group)).to_vec()
                    chosen=Signal::derive(move || particulars.with(|p| p.citizenship.and_then(|g| index_of(&Citizenship::ALL, &g))))
                    on_choose=move |i: usize| particulars.update(|p| p.citizenship = Citizenship::ALL.get(i).copied())
                />
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
                    <legend>{t_string!(i18n, rf_role)}</legend>
                    {role_chips()}
                </fieldset>
            }
            .into_any(),
        ),
        Some(ServiceType::CrisisHelp) => Some(crisis_help().into_any()),
        _ => None,
    }
}
