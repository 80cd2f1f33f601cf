//! The admin's services page: the organisation's registered services, each
//! renamed, given its registry identifier or closed here, and new ones.

use super::services::{list_services, CreateService, UpdateService};
use crate::i18n::*;
use crate::services::labels::type_name;
use crate::services::{Service, ServiceType, EXCHANGE_MINUTES_MAX, NAME_MAX, REGISTRY_ID_MAX};
use crate::ui::{action_error, error_text};
use leptos::prelude::*;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateService>::new();
    let update = ServerAction::<UpdateService>::new();
    let services = Resource::new(
        move || (create.version().get(), update.version().get()),
        |_| list_services(),
    );

    let card = move |service: Service| {
        let id = service.id.to_string();
        let (shown_id, data_id) = (id.clone(), id.clone());
        let name_label = format!("{} ({})", t_string!(i18n, field_service_name), service.name);
        let registry_label = format!("{} ({})", t_string!(i18n, field_registry_id), service.name);
        let state_label = format!("{} ({})", t_string!(i18n, item_state), service.name);
        let minutes_label = format!(
            "{} ({})",
            t_string!(i18n, field_exchange_minutes),
            service.name
        );
        // Only the services that exchange injecting material ask it.
        let exchanges = matches!(
            service.service_type,
            ServiceType::ContactCentre | ServiceType::FieldProgramme
        );
        view! {
            <li class="item" class:inactive=!service.active data-service=data_id>
                <div class="user-head">
                    <strong>{service.name.clone()}</strong>
                    <span class="muted">{type_name(i18n, service.service_type)} " · id " {shown_id}</span>
                </div>
                <ActionForm action=update attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <input name="name" value=service.name.clone() required maxlength=NAME_MAX aria-label=name_label />
                    <input
                        name="registry_id"
                        value=service.registry_id.clone()
                        inputmode="numeric"
                        maxlength=REGISTRY_ID_MAX
                        aria-label=registry_label
                    />
                    <select name="active" aria-label=state_label>
                        <option value="true" selected=service.active>{t!(i18n, item_active)}</option>
                        <option value="false" selected=!service.active>{t!(i18n, item_inactive)}</option>
                    </select>
                    {exchanges.then(|| view! {
                        <input
                            name="exchange_minutes"
                            type="number"
                            inputmode="numeric"
                            min="0"
                            max=EXCHANGE_MINUTES_MAX
                            value=service.exchange_minutes
                            aria-label=minutes_label.clone()
                            title=minutes_label.clone()
                        />
                    })}
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
            </li>
        }
    };

    view! {
        <section class="page services">
            <h1>{t!(i18n, admin_services)}</h1>
            <p>{t!(i18n, services_help)}</p>
            {action_error(update.value())}
            <Transition>
                {move || Suspend::new(async move {
                    match services.await {
                        Ok(services) => {
                            view! { <ul class="cards">{services.into_iter().map(card).collect_view()}</ul> }
                                .into_any()
                        }
                        Err(error) => view! { <p class="error">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <h2>{t!(i18n, new_service)}</h2>
            <ActionForm action=create attr:class="form">
                <label>
                    <span>{t!(i18n, field_service_type)}</span>
                    <select name="service_type">
                        {ServiceType::ALL
                            .map(|kind| view! { <option value=kind.as_str()>{type_name(i18n, kind)}</option> })}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, field_service_name)}</span>
                    <input name="name" required maxlength=NAME_MAX />
                </label>
                <label>
                    <span>{t!(i18n, field_registry_id)}</span>
                    <input name="registry_id" inputmode="numeric" maxlength=REGISTRY_ID_MAX />
                </label>
                <button type="submit" class="primary">{t!(i18n, create_service)}</button>
            </ActionForm>
            {action_error(create.value())}
        </section>
    }
}
