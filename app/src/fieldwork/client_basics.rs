//! The client's sex, birth year and district, asked the first time a code is seen on
//! this phone for a service and then kept with the code (sealed, see
//! [`crate::sync::kept`]), so the worker is not asked again and reports can
//! count women, mean age and age bands.

use super::one_of::{index_of, OneOf};
use crate::i18n::*;
use crate::records::district::{District, DISTRICTS};
use crate::records::kinds::{Origin, PrimaryDrug, Sex};
use crate::records::labels::{drug_name, origin_name, sex_name};
use leptos::prelude::*;

/// Sex chips and the birth year, and for a drug service the primary drug;
/// all optional.
#[component]
pub(super) fn ClientBasicsFields(
    sex: RwSignal<Option<Sex>>,
    birth_year: RwSignal<String>,
    primary_drug: RwSignal<Option<PrimaryDrug>>,
    district: RwSignal<Option<District>>,
    origin: RwSignal<Option<Origin>>,
    household: RwSignal<String>,
    #[prop(into)] drug_service: Signal<bool>,
    #[prop(into)] halfway_house: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="client-basics">
            <legend>{t_string!(i18n, basics_legend)}</legend>
            <p class="muted">{t_string!(i18n, basics_help)}</p>
            <div class="chips" role="group" aria-label=move || t_string!(i18n, rf_sex).to_string()>
                <OneOf
                    labels=Sex::ALL.map(|value| sex_name(i18n, value)).to_vec()
                    chosen=Signal::derive(move || sex.get().and_then(|v| index_of(&Sex::ALL, &v)))
                    on_choose=move |i: usize| sex.update(|sex| *sex = Sex::ALL.get(i).copied().filter(|v| *sex != Some(*v)))
                />
            </div>
            <label>
                <span>{t_string!(i18n, rf_birth_year)}</span>
                <input
                    name="birth_year"
                    inputmode="numeric"
                    maxlength="4"
                    autocomplete="off"
                    prop:value=move || birth_year.get()
                    on:input=move |ev| birth_year.set(event_target_value(&ev))
                />
            </label>
            <label>
                <span>{t_string!(i18n, rf_district)}</span>
                <select
                    name="district"
                    on:change=move |ev| district.set(District::parse(&event_target_value(&ev)))
                >
                    <option value="" selected=move || district.get().is_none()>"–"</option>
                    {DISTRICTS
                        .iter()
                        .map(|(code, name)| {
                            let code = *code;
                            view! {
                                <option value=code selected=move || district.get().is_some_and(|d| d.code() == code)>
                                    {*name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || halfway_house.get()>
                <div class="chips" role="group" aria-label=move || t_string!(i18n, rf_origin).to_string()>
                    <span class="muted">{t_string!(i18n, rf_origin)}</span>
                    <OneOf
                        labels=Origin::ALL.map(|value| origin_name(i18n, value)).to_vec()
                        chosen=Signal::derive(move || origin.get().and_then(|v| index_of(&Origin::ALL, &v)))
                        on_choose=move |i: usize| origin.update(|o| *o = Origin::ALL.get(i).copied().filter(|v| *o != Some(*v)))
                    />
                </div>
                <label>
                    <span>{t_string!(i18n, rf_household)}</span>
                    <input
                        name="household"
                        inputmode="numeric"
                        maxlength="2"
                        autocomplete="off"
                        prop:value=move || household.get()
                        on:input=move |ev| household.set(event_target_value(&ev))
                    />
                </label>
            </Show>
            <Show when=move || drug_service.get()>
                <div class="chips" role="group" aria-label=move || t_string!(i18n, rf_primary_drug).to_string()>
                    <span class="muted">{t_string!(i18n, rf_primary_drug)}</span>
                    <OneOf
                        labels=PrimaryDrug::ALL.map(|drug| drug_name(i18n, drug)).to_vec()
                        chosen=Signal::derive(move || primary_drug.get().and_then(|v| index_of(&PrimaryDrug::ALL, &v)))
                        on_choose=move |i: usize| primary_drug.update(|d| *d = PrimaryDrug::ALL.get(i).copied().filter(|v| *d != Some(*v)))
                    />
                </div>
            </Show>
        </fieldset>
    }
}
