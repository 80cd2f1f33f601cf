//! Czech labels for published tables (CSV files and the annual report),
//! which follow the funders' Czech forms whatever language the screen uses.

use super::figures::{AnnualReport, Line, AGE_BANDS, UNKNOWN};
use super::suppress::{self, key};

/// The row of clients with no target group: they were met only in records
/// that do not ask for one.
pub const NO_GROUP: &str = "Bez cílové skupiny";

pub fn contact_form_label(code: &str) -> &'static str {
    match code {
        "in_person" => "Osobně",
        "phone" => "Telefonicky",
        "online" => "Online",
        _ => "Skupina",
    }
}

pub fn refusal_label(code: &str) -> &'static str {
    match code {
        "not_provided" => "Služba neposkytuje, o co žádá",
        "no_capacity" => "Nedostatek kapacity",
        "health_condition" => "Zdravotní stav vylučuje poskytnutí",
        _ => "Smlouva vypovězena v posledních 6 měsících",
    }
}

pub fn role_label(code: &str) -> &'static str {
    match code {
        "consultant" => "Konzultant",
        _ => "Asistent",
    }
}

pub fn exploitation_label(code: &str) -> &'static str {
    match code {
        "labour" => "Pracovní vykořisťování",
        "sexual" => "Sexuální vykořisťování",
        _ => "Jiná forma",
    }
}

pub fn citizenship_label(code: &str) -> &'static str {
    match code {
        "czech" => "Česká republika",
        "eu" => "Jiný stát EU",
        _ => "Mimo EU",
    }
}

pub fn missed_label(code: &str) -> &'static str {
    match code {
        "cancelled" => "Zrušeno klientem předem",
        _ => "Klient nepřišel",
    }
}

/// Tests by type and result as published, by tally code.
const TEST_LABELS: [(&str, &str); 15] = [
    ("hiv/negative", "HIV – negativní"),
    ("hiv/positive", "HIV – pozitivní"),
    ("hiv/none", "HIV – bez výsledku"),
    ("hcv/negative", "HCV – negativní"),
    ("hcv/positive", "HCV – pozitivní"),
    ("hcv/none", "HCV – bez výsledku"),
    ("hbv/negative", "HBV – negativní"),
    ("hbv/positive", "HBV – pozitivní"),
    ("hbv/none", "HBV – bez výsledku"),
    ("syphilis/negative", "Syfilis – negativní"),
    ("syphilis/positive", "Syfilis – pozitivní"),
    ("syphilis/none", "Syfilis – bez výsledku"),
    ("urine_drugs/negative", "Test na drogy z moči – negativní"),
    ("urine_drugs/positive", "Test na drogy z moči – pozitivní"),
    ("urine_drugs/none", "Test na drogy z moči – bez výsledku"),
];

/// Consultations by type and form, as `Figures::consultations` codes them.
const CONSULTATION_LABELS: [(&str, &str); 12] = [
    ("social/office", "Sociální, na pracovišti"),
    ("social/field", "Sociální, v terénu"),
    ("social/phone", "Sociální, telefonicky"),
    ("legal/office", "Právní, na pracovišti"),
    ("legal/field", "Právní, v terénu"),
    ("legal/phone", "Právní, telefonicky"),
    ("psychological/office", "Psychologická, na pracovišti"),
    ("psychological/field", "Psychologická, v terénu"),
    ("psychological/phone", "Psychologická, telefonicky"),
    (
        "crisis_intervention/office",
        "Krizová intervence, na pracovišti",
    ),
    ("crisis_intervention/field", "Krizová intervence, v terénu"),
    (
        "crisis_intervention/phone",
        "Krizová intervence, telefonicky",
    ),
];

pub fn consultation_label(code: &str) -> &'static str {
    CONSULTATION_LABELS
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("Jiná konzultace", |(_, label)| *label)
}

pub fn test_label(code: &str) -> &'static str {
    TEST_LABELS
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("Jiný test", |(_, label)| *label)
}

pub fn drug_label(code: &str) -> &'static str {
    match code {
        "pervitin" => "Pervitin",
        "heroin" => "Heroin",
        "buprenorphine" => "Buprenorfin",
        "other_opioids" => "Jiné opioidy",
        "cannabis" => "Konopné látky",
        "other" => "Jiná droga",
        _ => "Neuvedeno",
    }
}

pub fn sex_label(code: &str) -> &'static str {
    match code {
        "female" => "Ženy",
        "male" => "Muži",
        _ => "Neuvedeno",
    }
}

pub fn age_band_label(code: &str) -> &'static str {
    match code {
        "0-6" => "0–6 let",
        "7-12" => "7–12 let",
        "13-15" => "13–15 let",
        "16-18" => "16–18 let",
        "19-26" => "19–26 let",
        "27-64" => "27–64 let",
        "65-80" => "65–80 let",
        "81-85" => "81–85 let",
        "86+" => "86 a více let",
        _ => "Věk neuveden",
    }
}

/// The mean age as published: hidden where fewer than five ages make it,
/// as it would tell of those few.
pub fn mean_age_cell(mean: Option<f64>, hidden: bool) -> String {
    if hidden {
        return suppress::HIDDEN.to_owned();
    }
    mean.map_or_else(String::new, |v| format!("{v:.1}").replace('.', ","))
}

pub fn situation_label(code: &str) -> &'static str {
    match code {
        "eviction" => "Domácí násilí po vykázání",
        "domestic_violence" => "Domácí násilí bez vykázání",
        "trafficking" => "Obchod s lidmi, pracovní vykořisťování",
        "acute_crisis" => "Akutní psychická krize",
        _ => "Jiná situace",
    }
}

pub fn people_exploitation_label(code: &str) -> &'static str {
    match code {
        "labour" => "Osoby: pracovní vykořisťování",
        "sexual" => "Osoby: sexuální vykořisťování",
        _ => "Osoby: jiná forma vykořisťování",
    }
}

pub fn people_citizenship_label(code: &str) -> &'static str {
    match code {
        "czech" => "Osoby: občanství ČR",
        "eu" => "Osoby: občanství jiného státu EU",
        _ => "Osoby: občanství mimo EU",
    }
}

/// The lines of `table` as `r` publishes them.
pub fn published_parts(
    r: &AnnualReport,
    table: &str,
    lines: &[Line],
    label: fn(&str) -> &'static str,
) -> Vec<(&'static str, String)> {
    lines
        .iter()
        .map(|line| {
            let shown = r.shown(&key::line(table, &line.code), line.count);
            (label(&line.code), shown)
        })
        .collect()
}

/// The ministry's users table as published: a heading row, then one row per
/// target group and sex with its clients by age band and in total.
pub fn users_table(r: &AnnualReport) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut heading = vec!["Cílová skupina", "Pohlaví"];
    heading.extend(
        AGE_BANDS
            .iter()
            .map(|(_, band)| age_band_label(band))
            .chain([age_band_label(UNKNOWN), "Celkem"]),
    );
    let body = r
        .clients_by_group_sex_age
        .iter()
        .map(|row| {
            let group = if row.group.is_empty() {
                NO_GROUP
            } else {
                &row.label
            };
            let mut cells = vec![group.to_owned(), sex_label(&row.sex).to_owned()];
            cells.extend(
                row.bands
                    .iter()
                    .enumerate()
                    .map(|(band, &n)| r.shown(&key::users(&row.group, &row.sex, band), n)),
            );
            cells.push(r.shown(&key::users_row(&row.group, &row.sex), row.total()));
            cells
        })
        .collect();
    (heading, body)
}
