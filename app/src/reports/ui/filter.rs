//! The period and filter form, and the page's parameters it reads.

use crate::i18n::*;
use crate::records::kinds::Kind;
use crate::records::labels::kind_name;
use crate::reports::period::PeriodKind;
use crate::reports::query::{ReportQuery, ALL_SERVICES};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The page's query string without the `?`.
pub fn search() -> Memo<String> {
    let location = use_location();
    Memo::new(move |_| location.search.get().trim_start_matches('?').to_owned())
}

/// The page's parameters, decoded by the router.
fn parsed() -> ReportQuery {
    let params = use_query_map().get_untracked();
    let get = |key: &str| params.get(key).filter(|value| !value.is_empty());
    ReportQuery {
        obdobi: get("obdobi"),
        od: get("od"),
        to: get("do"),
        lokalita: get("lokalita"),
        pracovnik: get("pracovnik"),
        druh: get("druh"),
        sluzba: get("sluzba"),
        strana: get("strana"),
        rok: get("rok"),
    }
}

/// The period and filter form: a plain GET form, so choosing is a page load
/// of a new address.
#[component]
pub(super) fn FilterForm(
    localities: Vec<(String, String)>,
    workers: Vec<(i64, String)>,
    services: Vec<(i64, String)>,
    /// The service the figures are of (none: the organisation's totals).
    service: Option<i64>,
    #[prop(optional)] with_kind: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let q = parsed();
    let period = q.period().unwrap_or(PeriodKind::Month);
    let period_name = move |kind: PeriodKind| match kind {
        PeriodKind::Today => t_string!(i18n, rep_period_today).to_string(),
        PeriodKind::Week => t_string!(i18n, rep_period_week).to_string(),
        PeriodKind::Month => t_string!(i18n, rep_period_month).to_string(),
        PeriodKind::Quarter => t_string!(i18n, rep_period_quarter).to_string(),
        PeriodKind::Year => t_string!(i18n, rep_period_year).to_string(),
        PeriodKind::Custom => t_string!(i18n, rep_period_custom).to_string(),
    };
    let locality = q.lokalita.clone().unwrap_or_default();
    let worker = q.pracovnik.clone().unwrap_or_default();
    let kind = q.druh.clone().unwrap_or_default();
    view! {
        <form class="report-filter no-print" method="get">
            <label>
                <span>{t!(i18n, rep_period)}</span>
                <select name="obdobi">
                    {PeriodKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.slug() selected=k == period>
                                    {period_name(k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{t!(i18n, rep_from)}</span>
                <input type="date" name="od" value=q.od.clone().unwrap_or_default() />
            </label>
            <label>
                <span>{t!(i18n, rep_to)}</span>
                <input type="date" name="do" value=q.to.clone().unwrap_or_default() />
            </label>
            <ServiceSelect services selected=service />
            <label>
                <span>{t!(i18n, rep_locality)}</span>
                <select name="lokalita">
                    <option value="">{t!(i18n, rep_all)}</option>
                    {localities
                        .into_iter()
                        .map(|(code, label)| {
                            let selected = code == locality;
                            view! { <option value=code selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{t!(i18n, rep_worker)}</span>
                <select name="pracovnik">
                    <option value="">{t!(i18n, rep_all)}</option>
                    {workers
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = id.to_string() == worker;
                            view! { <option value=id.to_string() selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            {with_kind
                .then(|| {
                    let kind = kind.clone();
                    view! {
                        <label>
                            <span>{t!(i18n, rep_kind)}</span>
                            <select name="druh">
                                <option value="">{t!(i18n, rep_all)}</option>
                                {Kind::ALL
                                    .into_iter()
                                    .map(|k| {
                                        view! {
                                            <option value=k.as_str() selected=k.as_str() == kind>
                                                {kind_name(i18n, k)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })}
            <button type="submit" class="primary">{t!(i18n, rep_show)}</button>
        </form>
    }
}

/// The service filter, showing the service the figures are of (the
/// server picks the coordinator's own where the address names none); an
/// organisation with one service has nothing to choose.
#[component]
pub(super) fn ServiceSelect(services: Vec<(i64, String)>, selected: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    (services.len() > 1).then(|| {
        view! {
            <label>
                <span>{t!(i18n, rf_service)}</span>
                <select name="sluzba">
                    <option value=ALL_SERVICES selected=selected.is_none()>{t!(i18n, rep_all_services)}</option>
                    {services
                        .into_iter()
                        .map(|(id, name)| {
                            let is_selected = Some(id) == selected;
                            view! { <option value=id.to_string() selected=is_selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    })
}
