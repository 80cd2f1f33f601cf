//! The umbrella's coordinator: national tables per year, per region and
//! per type of service, who has sent and who has not, and the files.

use crate::exchange::api::load_national;
use crate::i18n::*;
use crate::reports::ui::search;
use crate::ui::error_text;
use leptos::prelude::*;

fn parameter(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

#[component]
pub fn NationalPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let tables = Resource::new(
        move || query.get(),
        |query| async move {
            let year = parameter(&query, "rok").and_then(|y| y.parse().ok());
            let column = parameter(&query, "tabulka").unwrap_or_default();
            load_national(year, column).await
        },
    );
    view! {
        <section class="page report national">
            <Suspense fallback=move || view! { <p>{t!(i18n, rep_loading)}</p> }>
                {move || Suspend::new(async move {
                    match tables.await {
                        Ok(view) => {
                            let year = view.year;
                            let column = view.column.clone();
                            let files = format!("rok={year}&tabulka={column}");
                            view! {
                                <h1>{t!(i18n, ex_national_title)} " " {year}</h1>
                                <form class="report-filter no-print" method="get">
                                    <label>
                                        <span>{t!(i18n, rep_year)}</span>
                                        <input type="number" name="rok" min="2000" max="2100" value=year.to_string() />
                                    </label>
                                    <label>
                                        <span>{t!(i18n, ex_table)}</span>
                                        <select name="tabulka">
                                            {view.columns.iter().map(|(code, name)| {
                                                let selected = *code == column;
                                                view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                                            }).collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="primary">{t!(i18n, rep_show)}</button>
                                </form>
                                {view.members.is_empty().then(|| view! { <p class="note">{t!(i18n, ex_no_members)}</p> })}
                                <h2>{t!(i18n, ex_members)}</h2>
                                <ul class="members">
                                    {view.members.iter().map(|(code, name, sent)| {
                                        let state = match sent {
                                            Some(at) => t_string!(i18n, ex_member_sent).to_string() + " " + &at.replace('T', " ")[..16.min(at.len())],
                                            None => t_string!(i18n, ex_member_missing).to_string(),
                                        };
                                        view! {
                                            <li data-member=code.clone() data-sent=sent.is_some().to_string()>
                                                {name.clone()} " – " {state}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <p class="note">{t!(i18n, ex_sum_note)} " " {view.services}</p>
                                {view.parts.iter().map(|(title, rows)| view! {
                                    <table class="annual-report national-table">
                                        <caption>{title.clone()}</caption>
                                        <tbody>
                                            {rows.iter().map(|(label, shown)| view! {
                                                <tr><th scope="row">{label.clone()}</th><td>{shown.text()}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }).collect_view()}
                                <p class="note">{t!(i18n, ex_hidden_note)}</p>
                                <p class="no-print">
                                    <a class="csv-link" download href=format!("/zastresujici/tabulky.csv?{files}")>{t!(i18n, rep_download_csv)}</a>
                                    " "
                                    <a class="csv-link" download href=format!("/zastresujici/tabulky.adx?{files}")>{t!(i18n, ex_download_adx)}</a>
                                </p>
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
