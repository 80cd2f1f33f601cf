//! An intervention centre's part of the yearly report, in the layout of the
//! centres' shared statistics: evictions received (per month), the 48-hour
//! share, repeat evictions, children, endangered persons by sex and age,
//! relations, and consultations by type and form. Endangered persons are
//! unique people, so their small counts are hidden like the clients'.

use super::figures::{AnnualReport, Line};
use super::labels::{age_band_label, consultation_label, sex_label};
use super::suppress::key;

fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        return String::new();
    }
    format!("{:.1}", part as f64 * 100.0 / whole as f64).replace('.', ",")
}

fn parts(
    r: &AnnualReport,
    table: &str,
    lines: &[Line],
    prefix: &str,
    label: impl Fn(&Line) -> String,
) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|line| {
            let shown = r.shown(&key::line(table, &line.code), line.count);
            (format!("{prefix}{}", label(line)), shown)
        })
        .collect()
}

/// The lines, none where the report covers no cases and no consultations.
pub fn case_lines(r: &AnnualReport) -> Vec<(String, String)> {
    let c = &r.cases;
    let consulted = r.consultations.iter().any(|line| line.count > 0);
    if c.cases == 0 && !consulted {
        return Vec::new();
    }
    let mut lines = vec![(
        "Vykázání (přijaté záznamy policie)".to_owned(),
        c.cases.to_string(),
    )];
    lines.extend(c.by_month.iter().map(|line| {
        (
            format!("Vykázání přijatá v {}", line.code),
            line.count.to_string(),
        )
    }));
    lines.extend([
        (
            "Nabídka pomoci do 48 hodin od přijetí".to_owned(),
            c.offered_within_48h.to_string(),
        ),
        (
            "Podíl nabídek do 48 hodin (%)".to_owned(),
            percent(c.offered_within_48h, c.cases),
        ),
        (
            "Opakovaná vykázání v téže domácnosti".to_owned(),
            c.repeat_evictions.to_string(),
        ),
        (
            "Děti ve společné domácnosti".to_owned(),
            c.children.to_string(),
        ),
        (
            "Případy s dalším odborným kontaktem".to_owned(),
            c.with_follow_up.to_string(),
        ),
    ]);
    lines.extend(parts(
        r,
        key::ENDANGERED_SEX,
        &c.endangered_by_sex,
        "Ohrožené osoby: ",
        |line| sex_label(&line.code).to_owned(),
    ));
    lines.extend(parts(
        r,
        key::ENDANGERED_AGE,
        &c.endangered_by_band,
        "Ohrožené osoby: ",
        |line| age_band_label(&line.code).to_owned(),
    ));
    lines.extend(
        c.by_relation
            .iter()
            .filter(|line| line.count > 0)
            .map(|line| {
                let label = if line.code.is_empty() {
                    "neuvedeno"
                } else {
                    line.label.as_str()
                };
                (
                    format!("Vztah násilné osoby: {label}"),
                    line.count.to_string(),
                )
            }),
    );
    lines.extend(
        r.consultations
            .iter()
            .filter(|line| line.count > 0)
            .map(|line| {
                (
                    format!("Konzultace: {}", consultation_label(&line.code)),
                    line.count.to_string(),
                )
            }),
    );
    lines
}
