//! The dashboard: headline figures, counts and charts for a period.

use super::charts::{bar_chart, hbar_chart, line_chart};
use super::csv_link::CsvLink;
use super::filter::{search, FilterForm};
use super::format::{hours, number, percent};
use super::nav::ReportNav;
use crate::i18n::*;
use crate::reports::api::load_dashboard;
use crate::reports::figures::{Dashboard, Line, CRISIS_SERVICES, DRUG_SERVICES};
use crate::reports::labels::{
    age_band_label, citizenship_label, consultation_label, contact_form_label, drug_label,
    exploitation_label, missed_label, refusal_label, role_label, sex_label, situation_label,
    test_label,
};
use crate::services::ServiceType;
use crate::ui::error_text;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let dashboard = Resource::new(move || query.get(), load_dashboard);
    view! {
        <section class="page report">
            <h1>{t!(i18n, rep_dashboard_title)}</h1>
            <ReportNav active="/prehled" />
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    match dashboard.await {
                        Ok(d) => view! { <DashboardBody d /> }.into_any(),
                        Err(error) => view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

pub(super) fn range_text(d: &Dashboard) -> String {
    let r = &d.filter.range;
    format!(
        "{} – {}",
        r.from.format("%-d. %-m. %Y"),
        r.to.format("%-d. %-m. %Y")
    )
}

#[component]
fn DashboardBody(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let f = d.figures.clone();
    let range = range_text(&d);
    // Each card where the service's type owes its figure, and only there.
    let drug = d.owes(&DRUG_SERVICES);
    let crisis = d.owes(&CRISIS_SERVICES);
    let cases = d.owes(&[ServiceType::InterventionCentre]);
    let groups: Vec<(String, i64)> = f
        .clients_by_group
        .iter()
        .map(|line| (line.label.clone(), line.count))
        .chain(std::iter::once((
            t_string!(i18n, rep_no_group).to_string(),
            f.clients_without_group,
        )))
        .collect();
    let situations: Vec<Line> = f
        .situations
        .iter()
        .map(|l| Line {
            label: situation_label(&l.code).to_owned(),
            ..l.clone()
        })
        .collect();
    let contact_forms: Vec<(String, i64)> = f
        .contact_forms
        .iter()
        .map(|l| (contact_form_label(&l.code).to_owned(), l.count))
        .collect();
    let labelled = |lines: &[Line], label: fn(&str) -> &'static str| -> Vec<(String, i64)> {
        lines
            .iter()
            .map(|l| (label(&l.code).to_owned(), l.count))
            .collect()
    };
    let refusals = labelled(&f.refusals, refusal_label);
    let consultations: Vec<(String, i64)> = labelled(&f.consultations, consultation_label)
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .collect();
    let consulted = consultations.iter().map(|(_, count)| count).sum();
    let sexes = labelled(&f.clients_by_sex, sex_label);
    let ages = labelled(&f.age_bands, age_band_label);
    let drugs = f
        .clients_by_drug
        .iter()
        .any(|l| l.code != "unknown" && l.count > 0)
        .then(|| {
            let lines = labelled(&f.clients_by_drug, drug_label);
            view! {
                <article class="report-card">
                    <h2>{t!(i18n, rep_clients_by_drug)}</h2>
                    <CountTable lines total=Some(f.unique_clients) />
                    <CsvLink table="drogy" />
                </article>
            }
        });
    let mean_age = f.mean_age().map_or_else(
        || "–".to_owned(),
        |age| format!("{age:.1}").replace('.', ","),
    );
    // Cards of what only some services log, shown where there is any.
    let optional = [
        (
            t_string!(i18n, rep_roles).to_string(),
            labelled(&f.roles, role_label),
            "role",
        ),
        (
            t_string!(i18n, rep_exploitation).to_string(),
            labelled(&f.exploitation, exploitation_label),
            "vykoristovani",
        ),
        (
            t_string!(i18n, rep_citizenship).to_string(),
            labelled(&f.citizenship, citizenship_label),
            "obcanstvi",
        ),
        (
            t_string!(i18n, rep_people_exploitation).to_string(),
            labelled(&d.people_by_exploitation, exploitation_label),
            "lide-vykoristovani",
        ),
        (
            t_string!(i18n, rep_people_citizenship).to_string(),
            labelled(&d.people_by_citizenship, citizenship_label),
            "lide-obcanstvi",
        ),
        (
            t_string!(i18n, rep_missed).to_string(),
            labelled(&f.missed_meetings, missed_label),
            "zmeskana",
        ),
        (
            t_string!(i18n, rf_tests).to_string(),
            labelled(&f.tests, test_label)
                .into_iter()
                .filter(|(_, count)| *count > 0)
                .collect(),
            "testy",
        ),
    ]
    .into_iter()
    .filter(|(_, lines, _)| lines.iter().any(|(_, count)| *count > 0))
    .map(|(title, lines, table)| {
        let total = lines.iter().map(|(_, count)| count).sum();
        view! {
            <article class="report-card">
                <h2>{title}</h2>
                <CountTable lines total=Some(total) />
                <CsvLink table />
            </article>
        }
    })
    .collect_view();
    let interpreter = (f.with_interpreter > 0).then(|| {
        view! {
            <article class="report-card">
                <h2>{t!(i18n, rep_interpreter)}</h2>
                <CountTable lines=vec![(t_string!(i18n, rep_contacts).to_string(), f.with_interpreter)] total=None />
            </article>
        }
    });
    view! {
        <FilterForm localities=d.localities.clone() workers=d.workers.clone() services=d.services.clone() service=d.filter.service_id with_kind=true />
        <p class="report-range">{range}</p>
        <Headline d=d.clone() />
        <div class="report-grid">
            <article class="report-card wide">
                <h2 id="graf-kontakty">{t!(i18n, rep_chart_contacts)}</h2>
                {bar_chart("graf-kontakty", &d.over_time, |p| p.contacts)}
                <CsvLink table="v-case" />
            </article>
            {drug.then(|| view! {
                <article class="report-card wide">
                    <h2 id="graf-strikacky">{t!(i18n, rep_chart_syringes)}</h2>
                    {line_chart("graf-strikacky", &d.over_time)}
                    <p class="legend">
                        <span class="swatch given"></span>{t!(i18n, rep_syringes_given)}
                        <span class="swatch returned"></span>{t!(i18n, rep_syringes_returned)}
                    </p>
                </article>
            })}
            <article class="report-card">
                <h2 id="graf-lokality">{t!(i18n, rep_chart_localities)}</h2>
                {hbar_chart("graf-lokality", &d.contacts_by_locality)}
                <CsvLink table="lokality" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_clients_by_group)}</h2>
                <CountTable lines=groups total=Some(f.unique_clients) />
                <CsvLink table="skupiny" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_clients_by_sex)}</h2>
                <CountTable lines=sexes total=Some(f.unique_clients) />
                <p>{t!(i18n, rep_mean_age)} ": " <span class="mean-age">{mean_age}</span></p>
                <CsvLink table="pohlavi" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_age_bands)}</h2>
                <CountTable lines=ages total=Some(f.unique_clients) />
                <CsvLink table="vek" />
            </article>
            {drugs}
            {drug.then(|| view! {
                <article class="report-card">
                    <h2>{t!(i18n, rep_materials)}</h2>
                    <CountTable lines=f.materials.iter().map(|l| (l.label.clone(), l.count)).collect() total=None />
                    <CsvLink table="material" />
                </article>
            })}
            <article class="report-card">
                <h2>{t!(i18n, rep_service_acts)}</h2>
                <CountTable lines=f.service_acts.iter().map(|l| (l.label.clone(), l.count)).collect() total=None />
                <CsvLink table="ukony" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_contact_forms)}</h2>
                <CountTable lines=contact_forms total=None />
                <CsvLink table="formy" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_refusals)}</h2>
                <CountTable lines=refusals total=Some(f.refusals_total()) />
                <CsvLink table="odmitnuti" />
            </article>
            {optional}
            {interpreter}
            {crisis.then(|| view! {
                <article class="report-card">
                    <h2>{t!(i18n, rep_situations)}</h2>
                    <CountTable lines=situations.iter().map(|l| (l.label.clone(), l.count)).collect() total=Some(f.crisis_visits) />
                    {cases.then(|| view! {
                        <p>
                            {t!(i18n, rep_evictions)} ": " {number(f.eviction_cases)} ", "
                            {t!(i18n, rep_within_48h)} ": " {number(f.eviction_cases_within_48h)}
                            " (" {percent(f.eviction_share_percent())} ")"
                        </p>
                    })}
                    <CsvLink table="situace" />
                </article>
                <article class="report-card">
                    <h2>{t!(i18n, rep_interventions)}</h2>
                    <CountTable lines=f.interventions.iter().map(|l| (l.label.clone(), l.count)).collect() total=None />
                    <CsvLink table="intervence" />
                </article>
            })}
            {cases.then(|| view! {
                <article class="report-card">
                    <h2>{t!(i18n, rep_consultations)}</h2>
                    <CountTable lines=consultations total=Some(consulted) />
                    <CsvLink table="konzultace" />
                </article>
            })}
        </div>
    }
}

/// The main figures as a table (the summary export has the same rows).
#[component]
fn Headline(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let f = &d.figures;
    let rows: Vec<(String, String, &'static str)> = vec![
        (
            t_string!(i18n, rep_contacts).to_string(),
            number(f.contacts),
            "contacts",
        ),
        (
            t_string!(i18n, rep_unique_clients).to_string(),
            number(f.unique_clients),
            "unique-clients",
        ),
        (
            t_string!(i18n, rep_first_contacts).to_string(),
            number(f.first_contacts),
            "first-contacts",
        ),
        (
            t_string!(i18n, rep_anonymous).to_string(),
            number(f.anonymous_contacts),
            "anonymous",
        ),
        (
            t_string!(i18n, rep_exchanges).to_string(),
            number(f.exchanges),
            "exchanges",
        ),
        (
            t_string!(i18n, rep_syringes_given).to_string(),
            number(f.syringes_given),
            "syringes-given",
        ),
        (
            t_string!(i18n, rep_syringes_returned).to_string(),
            number(f.syringes_returned),
            "syringes-returned",
        ),
        (
            t_string!(i18n, rep_return_rate).to_string(),
            percent(f.return_rate_percent()),
            "return-rate",
        ),
        (
            t_string!(i18n, rep_direct_hours).to_string(),
            hours(f.direct_hours()),
            "direct-hours",
        ),
        (
            t_string!(i18n, rep_crisis_visits).to_string(),
            number(f.crisis_visits),
            "crisis-visits",
        ),
        (
            t_string!(i18n, rep_eviction_share).to_string(),
            percent(f.eviction_share_percent()),
            "eviction-share",
        ),
        (
            t_string!(i18n, rep_found_syringes).to_string(),
            number(f.found_syringes),
            "found-syringes",
        ),
    ];
    let rows = rows.into_iter().filter(|(_, _, id)| d.owes_figure(id));
    view! {
        <article class="report-card headline">
            <table class="figures">
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(label, value, id)| {
                            view! {
                                <tr data-figure=id>
                                    <th scope="row">{label}</th>
                                    <td>{value}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <CsvLink table="souhrn" />
        </article>
    }
}

#[component]
fn CountTable(lines: Vec<(String, i64)>, total: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="empty">{t!(i18n, rep_nothing)}</p> }.into_any();
    }
    view! {
        <table class="counts">
            <tbody>
                {lines
                    .into_iter()
                    .map(|(label, count)| view! { <tr><th scope="row">{label}</th><td>{number(count)}</td></tr> })
                    .collect_view()}
            </tbody>
            {total.map(|total| view! {
                <tfoot><tr><th scope="row">{t!(i18n, rep_total)}</th><td>{number(total)}</td></tr></tfoot>
            })}
        </table>
    }
    .into_any()
}
