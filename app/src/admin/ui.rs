//! Admin pages: the start page, accounts, audit log. Guarded by `Protected` in the
//! routes and, independently, by every server function they call.

use super::api::{
    audit_log, list_users, ChangeRole, CreateUser, ResetPassword, SetUserActive, SetUserServices,
};
use super::services::list_services;
use super::UserSummary;
use crate::auth::ui::role_name;
use crate::auth::{validate, Role};
use crate::i18n::*;
use crate::reports::api::{load_suppression, SetSuppression};
use crate::services::Service;
use crate::ui::{action_error, error_text, ScrollingTable};
use leptos::prelude::*;

#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page admin">
            <h1>{t!(i18n, admin_title)}</h1>
            <nav class="tiles">
                <a class="tile" href="/sprava/uzivatele">{t!(i18n, admin_users)}</a>
                <a class="tile" href="/sprava/sluzby">{t!(i18n, admin_services)}</a>
                <a class="tile" href="/sprava/seznamy">{t!(i18n, admin_lists)}</a>
                <a class="tile" href="/sprava/audit">{t!(i18n, admin_audit)}</a>
                <a class="tile" href="/sprava/stav">{t!(i18n, admin_status)}</a>
            </nav>
            <SuppressionSetting />
        </section>
    }
}

/// The organisation's small-count suppression switch.
#[component]
fn SuppressionSetting() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetSuppression>::new();
    let current = Resource::new(move || set.version().get(), |_| load_suppression());
    view! {
        <section class="setting" data-setting="suppression">
            <h2>{t!(i18n, admin_suppression_title)}</h2>
            <p>{t!(i18n, admin_suppression_help)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let on = current.await.unwrap_or(true);
                    view! {
                        <p class="state">
                            {if on { t!(i18n, admin_suppression_on).into_any() } else { t!(i18n, admin_suppression_off).into_any() }}
                        </p>
                        <ActionForm action=set>
                            <input type="hidden" name="on" value=(!on).to_string() />
                            <button type="submit">
                                {if on { t!(i18n, admin_suppression_turn_off).into_any() } else { t!(i18n, admin_suppression_turn_on).into_any() }}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            {action_error(set.value())}
        </section>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUser>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let change_role = ServerAction::<ChangeRole>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let set_services = ServerAction::<SetUserServices>::new();
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                set_active.version().get(),
                change_role.version().get(),
                set_services.version().get(),
            )
        },
        |_| list_users(),
    );
    let services = Resource::new(|| (), |_| list_services());
    let create_result = create.value();
    let set_active_result = set_active.value();
    let change_role_result = change_role.value();
    let reset_result = reset.value();

    let row = move |user: UserSummary, services: Vec<Service>| {
        let id = StoredValue::new(user.id.to_string());
        let role_options = Role::ALL.map(|role| {
            view! {
                <option value=role.as_str() selected=role == user.role>
                    {role_name(i18n, role)}
                </option>
            }
        });
        view! {
            <li class="user" class:inactive=!user.active data-username=user.username.clone()>
                <div class="user-head">
                    <strong>{user.display_name.clone()}</strong>
                    <span class="muted">{user.username.clone()}</span>
                    {(!user.active).then(|| view! { <span class="tag">{t!(i18n, user_inactive)}</span> })}
                </div>
                <ActionForm action=change_role attr:class="inline">
                    <input type="hidden" name="user_id" value=id.get_value() />
                    <label>
                        <span>{t!(i18n, field_role)}</span>
                        <select name="role">{role_options}</select>
                    </label>
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
                <ActionForm action=set_services attr:class="inline">
                    <input type="hidden" name="user_id" value=id.get_value() />
                    <ServiceChoice services chosen=user.services.clone() />
                    <button type="submit">{t!(i18n, save_services)}</button>
                </ActionForm>
                <ActionForm action=set_active attr:class="inline">
                    <input type="hidden" name="user_id" value=id.get_value() />
                    <input type="hidden" name="active" value=(!user.active).to_string() />
                    <button type="submit" class=if user.active { "danger" } else { "" }>
                        {if user.active {
                            t_string!(i18n, deactivate).to_string()
                        } else {
                            t_string!(i18n, reactivate).to_string()
                        }}
                    </button>
                </ActionForm>
                <ActionForm action=reset attr:class="inline">
                    <input type="hidden" name="user_id" value=id.get_value() />
                    <label>
                        <span>{t!(i18n, new_password)}</span>
                        <input type="password" name="password" autocomplete="new-password" minlength=validate::PASSWORD_MIN.to_string() required />
                    </label>
                    <button type="submit">{t!(i18n, reset_password)}</button>
                </ActionForm>
            </li>
        }
    };

    view! {
        <section class="page users">
            <h1>{t!(i18n, admin_users)}</h1>
            {action_error(set_active_result)}
            {action_error(change_role_result)}
            {action_error(reset_result)}
            {action_error(set_services.value())}
            {move || {
                reset_result
                    .get()
                    .and_then(Result::ok)
                    .map(|_| view! { <p class="ok" role="status">{t!(i18n, password_was_reset)}</p> })
            }}
            <Transition>
                {move || Suspend::new(async move {
                    match (users.await, services.await) {
                        (Ok(users), Ok(services)) => {
                            let rows = users
                                .into_iter()
                                .map(|user| row(user, services.clone()))
                                .collect_view();
                            view! {
                                <ul class="cards">{rows}</ul>
                                <h2>{t!(i18n, new_user)}</h2>
                                <NewUserForm create services />
                            }
                                .into_any()
                        }
                        (Err(error), _) | (_, Err(error)) => {
                            view! { <p class="error">{error_text(i18n, &error)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
            {action_error(create_result)}
        </section>
    }
}

/// Checkboxes of the active services, sent as `services[]`; a user's
/// closed service stays checked so saving does not drop it unseen.
#[component]
fn ServiceChoice(services: Vec<Service>, chosen: Vec<i64>) -> impl IntoView {
    let i18n = use_i18n();
    // One service: everyone works for it, nothing to choose.
    let only = services.iter().filter(|service| service.active).count() == 1;
    let boxes = services
        .into_iter()
        .filter(|service| service.active || chosen.contains(&service.id))
        .map(|service| {
            let checked = chosen.contains(&service.id) || only;
            view! {
                <label class="check">
                    <input type="checkbox" name="services[]" value=service.id.to_string() checked=checked />
                    <span>{service.name}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, field_services)}</legend>
            {boxes}
        </fieldset>
    }
}

#[component]
fn NewUserForm(create: ServerAction<CreateUser>, services: Vec<Service>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
            <ActionForm action=create attr:class="form">
                <label>
                    <span>{t!(i18n, field_username)}</span>
                    <input name="username" autocapitalize="none" required />
                </label>
                <label>
                    <span>{t!(i18n, field_display_name)}</span>
                    <input name="display_name" required />
                </label>
                <label>
                    <span>{t!(i18n, field_role)}</span>
                    <select name="role">
                        {Role::ALL.map(|role| view! { <option value=role.as_str()>{role_name(i18n, role)}</option> })}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, field_password)}</span>
                    <input type="password" name="password" autocomplete="new-password" minlength=validate::PASSWORD_MIN.to_string() required />
                </label>
                <ServiceChoice services chosen=Vec::new() />
                <button type="submit" class="primary">{t!(i18n, create_user)}</button>
            </ActionForm>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let entries = Resource::new(|| (), |_| audit_log());
    view! {
        <section class="page audit">
            <h1>{t!(i18n, admin_audit)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(entries) => {
                            view! {
                                <ScrollingTable label=move || t_string!(i18n, admin_audit).to_string()>
                                    <table>
                                        <thead>
                                            <tr>
                                                <th>{t!(i18n, audit_at)}</th>
                                                <th>{t!(i18n, audit_actor)}</th>
                                                <th>{t!(i18n, audit_action)}</th>
                                                <th>{t!(i18n, audit_subject)}</th>
                                                <th>{t!(i18n, audit_detail)}</th>
                                                <th>{t!(i18n, audit_addr)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {entries
                                                .into_iter()
                                                .map(|entry| {
                                                    view! {
                                                        <tr>
                                                            <td>{entry.at}</td>
                                                            <td>{entry.actor}</td>
                                                            <td>{entry.action}</td>
                                                            <td>{entry.subject}</td>
                                                            <td>{entry.detail}</td>
                                                            <td>{entry.client_addr}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </ScrollingTable>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <p class="error">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
