//! The admin's lists page: localities, service acts and materials, each
//! item renamed, retired or narrowed to the types of service it is meant
//! for, and new items added at the end of their list.

use crate::catalogue::api::{get_catalogue, AddCatalogueItem, UpdateCatalogueItem};
use crate::catalogue::{CatalogueItem, ListKind, LABEL_MAX};
use crate::i18n::*;
use crate::services::labels::type_name;
use crate::services::ServiceType;
use crate::ui::{action_error, error_text};
use leptos::prelude::*;

fn list_title(i18n: leptos_i18n::I18nContext<Locale>, kind: ListKind) -> String {
    match kind {
        ListKind::Locality => t_string!(i18n, list_locality).to_string(),
        ListKind::ServiceAct => t_string!(i18n, list_service_act).to_string(),
        ListKind::Material => t_string!(i18n, list_material).to_string(),
        ListKind::Relation => t_string!(i18n, list_relation).to_string(),
        ListKind::TargetGroup => t_string!(i18n, list_target_group).to_string(),
        ListKind::Place => t_string!(i18n, list_place).to_string(),
        ListKind::Intervention => t_string!(i18n, list_intervention).to_string(),
    }
}

#[component]
pub fn ListsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddCatalogueItem>::new();
    let update = ServerAction::<UpdateCatalogueItem>::new();
    let catalogue = Resource::new(
        move || (add.version().get(), update.version().get()),
        |_| get_catalogue(),
    );
    let add_result = add.value();
    let update_result = update.value();

    let item_row = move |item: CatalogueItem, run: Vec<ServiceType>| {
        let id = item.id.to_string();
        let code = item.code.clone();
        let label_label = format!("{} ({})", t_string!(i18n, item_label), item.code);
        let state_label = format!("{} ({})", t_string!(i18n, item_state), item.code);
        view! {
            <li class="item" class:inactive=!item.active data-code=item.code.clone()>
                <ActionForm action=update attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <input
                        name="label"
                        value=item.label.clone()
                        required
                        maxlength=LABEL_MAX.to_string()
                        aria-label=label_label
                    />
                    <select name="active" aria-label=state_label>
                        <option value="true" selected=item.active>{t!(i18n, item_active)}</option>
                        <option value="false" selected=!item.active>{t!(i18n, item_inactive)}</option>
                    </select>
                    <TypeChoice run chosen=item.service_types.clone() about=code />
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
            </li>
        }
    };

    view! {
        <section class="page lists">
            <h1>{t!(i18n, admin_lists)}</h1>
            {action_error(update_result)}
            <Transition>
                {move || Suspend::new(async move {
                    match catalogue.await {
                        Ok(catalogue) => {
                            let version = catalogue.version;
                            let run = catalogue.service_types();
                            let sections = ListKind::ALL.map(|kind| {
                                let items: Vec<CatalogueItem> = catalogue.list(kind).cloned().collect();
                                let run = run.clone();
                                view! {
                                    <h2>{list_title(i18n, kind)}</h2>
                                    <ul class="cards" data-list=kind.as_str()>
                                        {items.into_iter().map(|item| item_row(item, run.clone())).collect_view()}
                                    </ul>
                                    <ActionForm action=add attr:class="inline">
                                        <input type="hidden" name="list" value=kind.as_str() />
                                        <input
                                            name="label"
                                            required
                                            maxlength=LABEL_MAX.to_string()
                                            aria-label=format!("{} ({})", t_string!(i18n, new_item), list_title(i18n, kind))
                                        />
                                        <TypeChoice run chosen=Vec::new() about=list_title(i18n, kind) />
                                        <button type="submit">{t!(i18n, add_item)}</button>
                                    </ActionForm>
                                }
                            });
                            view! {
                                <p class="muted">{t!(i18n, lists_version)} " " {version}</p>
                                {sections}
                            }
                                .into_any()
                        }
                        Err(error) => view! { <p class="error">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Transition>
            {action_error(add_result)}
        </section>
    }
}

/// Checkboxes of the types of service the organisation runs, sent as
/// `types[]`; none checked means every service. A type the item is already
/// narrowed to stays offered even when no service of it runs, so saving a
/// rename does not silently widen the item. With one type to offer and the
/// item open to every service there is nothing to choose.
#[component]
fn TypeChoice(run: Vec<ServiceType>, chosen: Vec<ServiceType>, about: String) -> impl IntoView {
    let i18n = use_i18n();
    let offered: Vec<ServiceType> = ServiceType::ALL
        .into_iter()
        .filter(|t| run.contains(t) || chosen.contains(t))
        .collect();
    (offered.len() > 1 || !chosen.is_empty()).then(|| {
        let boxes = offered
            .into_iter()
            .map(|service_type| {
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            name="types[]"
                            value=service_type.as_str()
                            checked=chosen.contains(&service_type)
                        />
                        <span>{type_name(i18n, service_type)}</span>
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="choices">
                <legend>{t!(i18n, item_types)} " (" {about} ")"</legend>
                {boxes}
            </fieldset>
        }
    })
}
