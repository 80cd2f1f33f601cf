//! The yearly report laid out for whoever asks for it. Every service owes
//! the ministry its *výkaz*; a drug service also reports to the drug
//! monitoring centre, an intervention centre to the centres' statistics,
//! crisis help to the anti-trafficking report, and a halfway house or a
//! social rehabilitation programme counts its direct work. A service's report
//! has the parts its type owes; the organisation's totals have every part
//! with anything in it. Labels are in Czech, as the forms are.

use super::case_lines::case_lines;
use super::figures::AnnualReport;
use super::labels::{
    age_band_label, contact_form_label, drug_label, mean_age_cell, missed_label,
    people_citizenship_label, people_exploitation_label, published_parts, role_label, sex_label,
    test_label,
};
use super::suppress::{self, key};
use crate::records::district::name_of as district_name;
use crate::services::ServiceType;

/// One part of the report: its title and its lines with published values.
pub struct Part {
    pub title: &'static str,
    pub lines: Vec<(String, String)>,
}

/// The ministry's part; the users table by target group, sex and age
/// ([`super::labels::users_table`]) belongs to it and follows it.
pub const MINISTRY: &str = "Výkaz MPSV (§85 odst. 5 zákona o sociálních službách)";
pub const DRUG_MONITORING: &str = "Závěrečná zpráva pro NMS (adiktologické služby)";
pub const INTERVENTION_CENTRES: &str = "Statistika intervenčních center";
pub const TRAFFICKING: &str = "Pomoc obětem obchodování s lidmi a vykořisťování (MV)";
pub const DIRECT_WORK: &str = "Přímá práce";

pub fn parts(r: &AnnualReport) -> Vec<Part> {
    let owes = |types: &[ServiceType], any: bool| match r.service_type {
        Some(service_type) => types.contains(&service_type),
        None => any,
    };
    let mut parts = vec![Part {
        title: MINISTRY,
        lines: ministry(r),
    }];
    let drug_known = r
        .clients_by_drug
        .iter()
        .any(|l| l.code != "unknown" && l.count > 0);
    if owes(
        &[ServiceType::ContactCentre, ServiceType::FieldProgramme],
        r.exchanges > 0 || r.injecting_clients > 0 || drug_known,
    ) {
        parts.push(Part {
            title: DRUG_MONITORING,
            lines: drug_monitoring(r),
        });
    }
    let cases = case_lines(r);
    if owes(&[ServiceType::InterventionCentre], !cases.is_empty()) {
        let mut lines = cases;
        lines.push((
            "Krizové návštěvy".to_owned(),
            r.shown(key::CRISIS_VISITS, r.crisis_visits),
        ));
        lines.extend(intervention_lines(r));
        parts.push(Part {
            title: INTERVENTION_CENTRES,
            lines,
        });
    }
    let people_met = r
        .people_by_exploitation
        .iter()
        .chain(&r.people_by_citizenship)
        .any(|l| l.count > 0);
    if owes(&[ServiceType::CrisisHelp], people_met) {
        parts.push(Part {
            title: TRAFFICKING,
            lines: trafficking(r),
        });
    }
    let worked = r
        .roles
        .iter()
        .chain(&r.missed_meetings)
        .any(|l| l.count > 0);
    if owes(
        &[ServiceType::HalfwayHouse, ServiceType::SocialRehabilitation],
        worked,
    ) {
        parts.push(Part {
            title: DIRECT_WORK,
            lines: direct_work(r),
        });
    }
    parts
}

fn origin_label(code: &str) -> &'static str {
    match code {
        "institutional_care" => "Ústavní péče",
        "foster_care" => "Pěstounská péče",
        "other" => "Odjinud",
        _ => "Neuvedeno",
    }
}

fn owned(lines: Vec<(&'static str, String)>) -> impl Iterator<Item = (String, String)> {
    lines
        .into_iter()
        .map(|(label, value)| (label.to_owned(), value))
}

fn hours(minutes: i64) -> String {
    format!("{:.1}", (minutes as f64 / 6.0).round() / 10.0).replace('.', ",")
}

fn ministry(r: &AnnualReport) -> Vec<(String, String)> {
    let mut lines = vec![("Počet klientů".to_owned(), r.shown(key::CLIENTS, r.clients))];
    lines.extend(owned(published_parts(
        r,
        key::SEX,
        &r.clients_by_sex,
        sex_label,
    )));
    lines.push((
        "Průměrný věk klientů".to_owned(),
        mean_age_cell(r.mean_age(), r.hides(key::MEAN_AGE)),
    ));
    lines.extend(owned(published_parts(
        r,
        key::AGE,
        &r.age_bands,
        age_band_label,
    )));
    lines.extend(owned(vec![
        (
            "Prvokontakty",
            r.shown(key::FIRST_CONTACTS, r.first_contacts),
        ),
        ("Kontakty", r.shown(key::CONTACTS, r.contacts)),
        ("Hodiny přímé práce", hours(r.direct_minutes)),
        ("Odmítnutí zájemci (§91 odst. 3)", r.refusals.to_string()),
    ]));
    // A residential service's users by where they come from, and the
    // people living with them.
    if r.service_type == Some(ServiceType::HalfwayHouse) {
        lines.extend(
            published_parts(r, key::ORIGIN, &r.users_by_origin, origin_label)
                .into_iter()
                .map(|(name, value)| (format!("Původ uživatele: {name}"), value)),
        );
        lines.push((
            "Osoby žijící s uživateli".to_owned(),
            r.shown(key::LIVING_WITH, r.living_with_users),
        ));
    }
    // Users by district of residence, as parts of the clients.
    lines.extend(
        published_parts(r, key::DISTRICT, &r.clients_by_district, district_name)
            .into_iter()
            .map(|(name, value)| (format!("Okres bydliště: {name}"), value)),
    );
    lines
}

fn drug_monitoring(r: &AnnualReport) -> Vec<(String, String)> {
    // A ratio of a hidden count is hidden with it.
    let per_client = if r.hides(key::INJECTING) {
        suppress::HIDDEN.to_owned()
    } else {
        r.syringes_per_injecting_client()
            .map_or_else(String::new, |v| format!("{v:.1}").replace('.', ","))
    };
    let mut lines = vec![
        ("Počet klientů".to_owned(), r.shown(key::CLIENTS, r.clients)),
        (
            "z toho injekčních uživatelů drog".to_owned(),
            r.shown(key::INJECTING, r.injecting_clients),
        ),
    ];
    lines.extend(owned(published_parts(
        r,
        key::SEX,
        &r.clients_by_sex,
        sex_label,
    )));
    lines.push((
        "Průměrný věk klientů".to_owned(),
        mean_age_cell(r.mean_age(), r.hides(key::MEAN_AGE)),
    ));
    lines.extend(owned(published_parts(
        r,
        key::DRUG,
        &r.clients_by_drug,
        drug_label,
    )));
    lines.extend(owned(vec![
        (
            "Prvokontakty",
            r.shown(key::FIRST_CONTACTS, r.first_contacts),
        ),
        ("Kontakty", r.shown(key::CONTACTS, r.contacts)),
        ("Výměny", r.exchanges.to_string()),
        ("Vydané injekční stříkačky", r.syringes_given.to_string()),
        (
            "Vrácené injekční stříkačky",
            r.syringes_returned.to_string(),
        ),
        ("Stříkačky na injekčního klienta", per_client),
        ("Želatinové kapsle", r.gelatin_capsules.to_string()),
        ("Testy (HIV, HCV, HBV, syfilis)", r.tests.to_string()),
        ("Testy na drogy z moči", r.urine_tests.to_string()),
    ]));
    lines.extend(
        r.tests_by_type
            .iter()
            .filter(|l| l.count > 0)
            .map(|l| (test_label(&l.code).to_owned(), l.count.to_string())),
    );
    lines
}

fn trafficking(r: &AnnualReport) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = owned(published_parts(
        r,
        key::EXPLOITATION,
        &r.people_by_exploitation,
        people_exploitation_label,
    ))
    .collect();
    lines.extend(owned(published_parts(
        r,
        key::CITIZENSHIP,
        &r.people_by_citizenship,
        people_citizenship_label,
    )));
    lines.extend(owned(vec![
        ("Kontakty", r.shown(key::CONTACTS, r.contacts)),
        (
            "Krizové návštěvy",
            r.shown(key::CRISIS_VISITS, r.crisis_visits),
        ),
    ]));
    lines.extend(intervention_lines(r));
    lines
}

/// Interventions on crisis visits, one line each that was done.
fn intervention_lines(r: &AnnualReport) -> impl Iterator<Item = (String, String)> + '_ {
    r.interventions
        .iter()
        .filter(|l| l.count > 0)
        .map(|l| (format!("Intervence: {}", l.label), l.count.to_string()))
}

fn direct_work(r: &AnnualReport) -> Vec<(String, String)> {
    let mut lines = vec![("Hodiny přímé práce".to_owned(), hours(r.direct_minutes))];
    let named = |lines: &[super::figures::Line], prefix: &str, label: fn(&str) -> &'static str| {
        lines
            .iter()
            .map(|l| (format!("{prefix}{}", label(&l.code)), l.count.to_string()))
            .collect::<Vec<_>>()
    };
    // Contacts by form add up to the contacts, which may be hidden.
    lines.extend(r.contact_forms.iter().map(|l| {
        (
            format!("Kontakty: {}", contact_form_label(&l.code)),
            r.shown(&key::line(key::CONTACT_FORM, &l.code), l.count),
        )
    }));
    lines.extend(r.roles.iter().map(|l| {
        (
            format!("Kontakty: {}", role_label(&l.code)),
            r.shown(&key::line(key::ROLE, &l.code), l.count),
        )
    }));
    lines.extend(named(&r.missed_meetings, "Setkání: ", missed_label));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::figures::Line;

    fn titles(r: &AnnualReport) -> Vec<&'static str> {
        parts(r).into_iter().map(|part| part.title).collect()
    }

    #[test]
    fn a_service_gets_the_parts_its_type_owes_even_with_nothing_in_them() {
        let of = |service_type| AnnualReport {
            service_type: Some(service_type),
            ..AnnualReport::default()
        };
        assert_eq!(
            titles(&of(ServiceType::FieldProgramme)),
            [MINISTRY, DRUG_MONITORING]
        );
        assert_eq!(
            titles(&of(ServiceType::InterventionCentre)),
            [MINISTRY, INTERVENTION_CENTRES]
        );
        assert_eq!(
            titles(&of(ServiceType::CrisisHelp)),
            [MINISTRY, TRAFFICKING]
        );
        assert_eq!(
            titles(&of(ServiceType::HalfwayHouse)),
            [MINISTRY, DIRECT_WORK]
        );
    }

    #[test]
    fn the_totals_get_every_part_with_anything_in_it() {
        let mut r = AnnualReport::default();
        assert_eq!(titles(&r), [MINISTRY]);
        r.exchanges = 3;
        r.people_by_exploitation = vec![Line {
            code: "labour".into(),
            label: "labour".into(),
            count: 7,
        }];
        assert_eq!(titles(&r), [MINISTRY, DRUG_MONITORING, TRAFFICKING]);
        let trafficking = parts(&r).pop().unwrap();
        // Seven people are not a small count; the suppression keeps them.
        assert_eq!(
            trafficking.lines[0],
            ("Osoby: pracovní vykořisťování".to_owned(), "7".to_owned())
        );
    }

    #[test]
    fn direct_work_is_in_hours_to_a_tenth() {
        assert_eq!(hours(90), "1,5");
        assert_eq!(hours(0), "0,0");
        assert_eq!(hours(100), "1,7");
    }
}
