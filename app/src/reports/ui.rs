//! The coordinator pages: dashboard, breakdowns, annual report and the
//! records browser. Each page's address holds the whole report (period and
//! filters are query parameters of a plain GET form), so it renders on the
//! server, works without JavaScript, prints, and can be bookmarked. Charts
//! are SVG drawn here, not by a charting library.

use super::api::{load_annual, load_breakdown, load_dashboard, load_records, VoidRecord};
use super::figures::{BreakdownRow, Dashboard, Figures, Line, Point, RecordPage};
use super::labels::{annual_lines, situation_label};
use super::period::PeriodKind;
use super::query::ReportQuery;
use crate::i18n::*;
use crate::records::kinds::{Kind, TargetGroup};
use crate::records::ui::{kind_name, target_group_name};
use crate::ui::{action_error, error_text};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The page's query string without the `?`.
fn search() -> Memo<String> {
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
        strana: get("strana"),
        rok: get("rok"),
    }
}

fn number(value: i64) -> String {
    // Thin groups of thousands read faster in a table of large counts.
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    if value < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1} %").replace('.', ","))
}

/// Links between the coordinator pages, keeping the period and filters.
#[component]
fn ReportNav(active: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let link = move |path: &'static str| {
        let q = query.get();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{q}")
        }
    };
    let items: [(&'static str, String); 4] = [
        ("/prehled", t_string!(i18n, rep_nav_dashboard).to_string()),
        (
            "/prehled/rozpad",
            t_string!(i18n, rep_nav_breakdown).to_string(),
        ),
        (
            "/prehled/vykaz",
            t_string!(i18n, rep_nav_annual).to_string(),
        ),
        (
            "/prehled/zaznamy",
            t_string!(i18n, rep_nav_records).to_string(),
        ),
    ];
    view! {
        <nav class="report-nav no-print">
            {items
                .into_iter()
                .map(|(path, label)| {
                    view! {
                        <a href=move || link(path) aria-current=(path == active).then_some("page")>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The period and filter form: a plain GET form, so choosing is a page load
/// of a new address.
#[component]
fn FilterForm(
    localities: Vec<(String, String)>,
    workers: Vec<(i64, String)>,
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

/// A download link for one table, with the page's own parameters.
#[component]
fn CsvLink(table: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    view! {
        <a class="csv-link no-print" download href=move || format!("/export/{table}.csv?{}", query.get())>
            {t!(i18n, rep_download_csv)}
        </a>
    }
}

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

fn range_text(d: &Dashboard) -> String {
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
    let groups: Vec<(String, i64)> = TargetGroup::ALL
        .iter()
        .map(|g| (target_group_name(i18n, *g), f.clients_in_group(*g)))
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
    view! {
        <FilterForm localities=d.localities.clone() workers=d.workers.clone() with_kind=true />
        <p class="report-range">{range}</p>
        <Headline f=f.clone() />
        <div class="report-grid">
            <article class="report-card wide">
                <h2 id="graf-kontakty">{t!(i18n, rep_chart_contacts)}</h2>
                {bar_chart("graf-kontakty", &d.over_time, |p| p.contacts)}
                <CsvLink table="v-case" />
            </article>
            <article class="report-card wide">
                <h2 id="graf-strikacky">{t!(i18n, rep_chart_syringes)}</h2>
                {line_chart("graf-strikacky", &d.over_time)}
                <p class="legend">
                    <span class="swatch given"></span>{t!(i18n, rep_syringes_given)}
                    <span class="swatch returned"></span>{t!(i18n, rep_syringes_returned)}
                </p>
            </article>
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
                <h2>{t!(i18n, rep_materials)}</h2>
                <CountTable lines=f.materials.iter().map(|l| (l.label.clone(), l.count)).collect() total=None />
                <CsvLink table="material" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_service_acts)}</h2>
                <CountTable lines=f.service_acts.iter().map(|l| (l.label.clone(), l.count)).collect() total=None />
                <CsvLink table="ukony" />
            </article>
            <article class="report-card">
                <h2>{t!(i18n, rep_situations)}</h2>
                <CountTable lines=situations.iter().map(|l| (l.label.clone(), l.count)).collect() total=Some(f.crisis_visits) />
                <p>
                    {t!(i18n, rep_evictions)} ": " {number(f.eviction_cases)} ", "
                    {t!(i18n, rep_within_48h)} ": " {number(f.eviction_cases_within_48h)}
                    " (" {percent(f.eviction_share_percent())} ")"
                </p>
                <CsvLink table="situace" />
            </article>
        </div>
    }
}

/// The main figures as a table (the summary export has the same rows).
#[component]
fn Headline(f: Figures) -> impl IntoView {
    let i18n = use_i18n();
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

const CHART_W: f64 = 600.0;
const CHART_H: f64 = 180.0;
const AXIS: f64 = 24.0;

/// A label under every n-th bar so they never overlap.
fn tick_label(bucket: &str, i: usize, n: usize) -> Option<String> {
    let every = n.div_ceil(12).max(1);
    i.is_multiple_of(every).then(|| {
        if bucket.len() == 10 {
            format!(
                "{}.{}.",
                &bucket[8..10].trim_start_matches('0'),
                &bucket[5..7].trim_start_matches('0')
            )
        } else {
            format!("{}/{}", &bucket[5..7], &bucket[2..4])
        }
    })
}

/// Charts are named by their card's heading (`titled_by`); the numbers
/// behind each are in the table or CSV next to it.
fn bar_chart(titled_by: &'static str, points: &[Point], value: fn(&Point) -> i64) -> impl IntoView {
    let max = points.iter().map(value).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1);
    let slot = CHART_W / n as f64;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let v = value(p);
            let h = (v as f64 / max) * (CHART_H - AXIS - 12.0);
            let x = i as f64 * slot + slot * 0.15;
            let y = CHART_H - AXIS - h;
            let label = tick_label(&p.bucket, i, n);
            view! {
                <g>
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", slot * 0.7) height=format!("{h:.1}") class="bar">
                        <title>{format!("{}: {v}", p.bucket)}</title>
                    </rect>
                    {label.map(|l| view! {
                        <text x=format!("{:.1}", x + slot * 0.35) y=format!("{:.1}", CHART_H - 6.0) class="tick">{l}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {CHART_W} {CHART_H}") role="img" aria-labelledby=titled_by>
            <text x="2" y="10" class="max">{number(max as i64)}</text>
            <line x1="0" x2=CHART_W.to_string() y1=(CHART_H - AXIS).to_string() y2=(CHART_H - AXIS).to_string() class="axis" />
            {bars}
        </svg>
    }
}

fn line_chart(titled_by: &'static str, points: &[Point]) -> impl IntoView {
    let max = points
        .iter()
        .map(|p| p.syringes_given.max(p.syringes_returned))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = points.len().max(1);
    let slot = CHART_W / n as f64;
    let path = |value: fn(&Point) -> i64| {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let x = i as f64 * slot + slot / 2.0;
                let y = CHART_H - AXIS - (value(p) as f64 / max) * (CHART_H - AXIS - 12.0);
                format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
            })
            .collect::<String>()
    };
    let ticks = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            tick_label(&p.bucket, i, n).map(|l| {
                view! { <text x=format!("{:.1}", i as f64 * slot + slot / 2.0) y=format!("{:.1}", CHART_H - 6.0) class="tick">{l}</text> }
            })
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {CHART_W} {CHART_H}") role="img" aria-labelledby=titled_by>
            <text x="2" y="10" class="max">{number(max as i64)}</text>
            <line x1="0" x2=CHART_W.to_string() y1=(CHART_H - AXIS).to_string() y2=(CHART_H - AXIS).to_string() class="axis" />
            <path d=path(|p| p.syringes_given) class="line given" />
            <path d=path(|p| p.syringes_returned) class="line returned" />
            {ticks}
        </svg>
    }
}

fn hbar_chart(titled_by: &'static str, lines: &[Line]) -> impl IntoView {
    let max = lines.iter().map(|l| l.count).max().unwrap_or(0).max(1) as f64;
    let row = 26.0;
    let height = (lines.len().max(1) as f64) * row;
    let bars = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = i as f64 * row;
            let w = (l.count as f64 / max) * (CHART_W - 260.0);
            view! {
                <g>
                    <text x="0" y=format!("{:.1}", y + 17.0) class="label">{l.label.clone()}</text>
                    <rect x="180" y=format!("{:.1}", y + 4.0) width=format!("{w:.1}") height="18" class="bar" />
                    <text x=format!("{:.1}", 186.0 + w) y=format!("{:.1}", y + 17.0) class="value">{number(l.count)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {CHART_W} {height}") role="img" aria-labelledby=titled_by>{bars}</svg>
    }
}

#[component]
pub fn BreakdownPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let by_locality = Resource::new(move || query.get(), |q| load_breakdown(q, false));
    let by_worker = Resource::new(move || query.get(), |q| load_breakdown(q, true));
    let dashboard = Resource::new(move || query.get(), load_dashboard);
    view! {
        <section class="page report">
            <h1>{t!(i18n, rep_breakdown_title)}</h1>
            <ReportNav active="/prehled/rozpad" />
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    let d = match dashboard.await {
                        Ok(d) => d,
                        Err(error) => return view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    };
                    let (Ok(localities), Ok(workers)) = (by_locality.await, by_worker.await) else {
                        return view! { <p class="error" role="alert">{t!(i18n, err_internal)}</p> }.into_any();
                    };
                    view! {
                        <FilterForm localities=d.localities.clone() workers=d.workers.clone() with_kind=true />
                        <p class="report-range">{range_text(&d)}</p>
                        <h2>{t!(i18n, rep_by_locality)}</h2>
                        <BreakdownTable rows=localities label=t_string!(i18n, rep_by_locality).to_string() />
                        <CsvLink table="rozpad-lokality" />
                        <h2>{t!(i18n, rep_by_worker)}</h2>
                        <BreakdownTable rows=workers label=t_string!(i18n, rep_by_worker).to_string() />
                        <CsvLink table="rozpad-pracovnici" />
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn BreakdownTable(rows: Vec<BreakdownRow>, label: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            <table class="breakdown">
                <thead>
                    <tr>
                        <th></th>
                        <th>{t!(i18n, rep_contacts)}</th>
                        <th>{t!(i18n, rep_unique_clients)}</th>
                        <th>{t!(i18n, rep_first_contacts)}</th>
                        <th>{t!(i18n, rep_exchanges)}</th>
                        <th>{t!(i18n, rep_syringes_given)}</th>
                        <th>{t!(i18n, rep_syringes_returned)}</th>
                        <th>{t!(i18n, rep_crisis_visits)}</th>
                        <th>{t!(i18n, rep_found_syringes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row">{r.label}</th>
                                    <td>{number(r.contacts)}</td>
                                    <td>{number(r.unique_clients)}</td>
                                    <td>{number(r.first_contacts)}</td>
                                    <td>{number(r.exchanges)}</td>
                                    <td>{number(r.syringes_given)}</td>
                                    <td>{number(r.syringes_returned)}</td>
                                    <td>{number(r.crisis_visits)}</td>
                                    <td>{number(r.found_syringes)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn AnnualPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let report = Resource::new(move || query.get(), load_annual);
    view! {
        <section class="page report annual">
            <ReportNav active="/prehled/vykaz" />
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok((report, suppress)) => {
                            let year = report.year;
                            view! {
                                <h1>{t!(i18n, rep_annual_title)} " " {year}</h1>
                                <form class="report-filter no-print" method="get">
                                    <label>
                                        <span>{t!(i18n, rep_year)}</span>
                                        <input type="number" name="rok" min="2000" max="2100" value=year.to_string() />
                                    </label>
                                    <button type="submit" class="primary">{t!(i18n, rep_show)}</button>
                                    <button type="button" class="no-print" onclick="window.print()">{t!(i18n, rep_print)}</button>
                                </form>
                                <table class="annual-report">
                                    <tbody>
                                        {annual_lines(&report, suppress)
                                            .into_iter()
                                            .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                {suppress.then(|| view! { <p class="note">{t!(i18n, rep_suppression_note)}</p> })}
                                <CsvLink table="vykaz" />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn RecordsBrowserPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let void = ServerAction::<VoidRecord>::new();
    let page = Resource::new(
        move || (query.get(), void.version().get()),
        |(q, _)| load_records(q),
    );
    let dashboard = Resource::new(move || query.get(), load_dashboard);
    let void_result = void.value();
    view! {
        <section class="page report">
            <h1>{t!(i18n, rep_records_title)}</h1>
            <ReportNav active="/prehled/zaznamy" />
            {action_error(void_result)}
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    let (d, page) = match (dashboard.await, page.await) {
                        (Ok(d), Ok(page)) => (d, page),
                        (Err(error), _) | (_, Err(error)) => {
                            return view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any();
                        }
                    };
                    view! {
                        <FilterForm localities=d.localities.clone() workers=d.workers.clone() with_kind=true />
                        <RecordTable page void />
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RecordTable(page: RecordPage, void: ServerAction<VoidRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let query = search().get_untracked();
    let page_link = move |n: i64| {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("strana="))
            .collect();
        let mut q = kept.join("&");
        if !q.is_empty() {
            q.push('&');
        }
        format!("?{q}strana={n}")
    };
    let RecordPage {
        rows,
        page,
        pages,
        total,
    } = page;
    view! {
        <p class="report-range">{t!(i18n, rep_records_total)} ": " {number(total)}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || t_string!(i18n, rep_nav_records)>
            <table class="records">
                <thead>
                    <tr>
                        <th>{t!(i18n, rep_when)}</th>
                        <th>{t!(i18n, rep_kind)}</th>
                        <th>{t!(i18n, rep_locality)}</th>
                        <th>{t!(i18n, rep_worker)}</th>
                        <th>{t!(i18n, rep_client)}</th>
                        <th>{t!(i18n, rep_content)}</th>
                        <th>{t!(i18n, rep_void)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let is_voided = r.voided.is_some();
                            let voided = r.voided.clone();
                            let id = r.id.clone();
                            view! {
                                <tr class:voided=is_voided data-record=r.id.clone()>
                                    <td>{r.occurred_at.get(..16).unwrap_or(&r.occurred_at).replace('T', " ")}</td>
                                    <td>{kind_name(i18n, r.kind)}</td>
                                    <td>{r.locality}</td>
                                    <td>{r.worker}</td>
                                    <td>{r.client}</td>
                                    <td>{r.summary}</td>
                                    <td>
                                        {match voided {
                                            Some(why) => view! { <span class="void-reason">{t!(i18n, rep_voided)} " " {why}</span> }.into_any(),
                                            None => view! {
                                                <ActionForm action=void attr:class="void-form">
                                                    <input type="hidden" name="id" value=id />
                                                    <input type="text" name="reason" required maxlength="500" placeholder=move || t_string!(i18n, rep_void_reason).to_string() aria-label=move || t_string!(i18n, rep_void_reason).to_string() />
                                                    <button type="submit">{t!(i18n, rep_void)}</button>
                                                </ActionForm>
                                            }.into_any(),
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager">
            {(page > 1).then(|| view! { <a href=page_link(page - 1) rel="prev">{t!(i18n, rep_prev)}</a> })}
            <span>{page} " / " {pages}</span>
            {(page < pages).then(|| view! { <a href=page_link(page + 1) rel="next">{t!(i18n, rep_next)}</a> })}
        </nav>
    }
}
