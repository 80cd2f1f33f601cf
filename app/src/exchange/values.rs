//! The yearly report as coded values: one group per service and part it
//! owes, each value an element, its disaggregation and a count. Hidden
//! where the yearly report hides them (the same rules, so a file and the
//! printed report never give away each other's hidden cells), with the
//! range each hidden cell lies in.

use super::codes::{self, Dim, NOT_GIVEN, NO_GROUP, OWN_GROUP};
use crate::reports::figures::{AnnualReport, Line, UNKNOWN};
use crate::reports::suppress;
use serde::{Deserialize, Serialize};

/// A published count, or a hidden one with the range it lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Count(i64),
    Hidden { min: i64, max: i64 },
}

impl Cell {
    pub fn min(self) -> i64 {
        match self {
            Cell::Count(n) => n,
            Cell::Hidden { min, .. } => min,
        }
    }

    pub fn max(self) -> i64 {
        match self {
            Cell::Count(n) => n,
            Cell::Hidden { max, .. } => max,
        }
    }

    pub fn exact(self) -> Option<i64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Hidden { .. } => None,
        }
    }

    /// As a table shows it: the count, or its range.
    pub fn shown(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Hidden { min, max } if min == max => min.to_string(),
            Cell::Hidden { min: 1, max: 4 } => suppress::HIDDEN.to_owned(),
            Cell::Hidden { min, max } => format!("{min}–{max}"),
        }
    }
}

/// One coded value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    pub element: String,
    /// Each of the element's dimensions with its option, in the element's
    /// order.
    pub disaggregation: Vec<(Dim, String)>,
    pub cell: Cell,
}

impl Value {
    /// `SEX=female;AGE=19-26`, or `default` with none: the DHIS2
    /// category option combination's code and the key tables sort by.
    pub fn combination(&self) -> String {
        combination(&self.disaggregation)
    }
}

pub fn combination(disaggregation: &[(Dim, String)]) -> String {
    if disaggregation.is_empty() {
        return "default".to_owned();
    }
    disaggregation
        .iter()
        .map(|(dim, option)| format!("{}={option}", dim.code()))
        .collect::<Vec<_>>()
        .join(";")
}

/// One part of one service's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub dataset: String,
    /// The service's registry identifier.
    pub org_unit: String,
    pub service_type: String,
    pub year: i32,
    pub values: Vec<Value>,
}

/// The service a report is of, as an org unit.
pub struct Service<'a> {
    pub registry_id: &'a str,
    pub service_type: crate::services::ServiceType,
}

/// The groups of one service's yearly report.
pub fn groups(r: &AnnualReport, service: &Service, suppress: bool) -> Vec<Group> {
    codes::owed(service.service_type)
        .into_iter()
        .map(|dataset| Group {
            dataset: dataset.to_owned(),
            org_unit: service.registry_id.to_owned(),
            service_type: service.service_type.as_str().to_owned(),
            year: r.year,
            values: values(dataset, r, suppress),
        })
        .collect()
}

struct Out(Vec<Value>);

impl Out {
    fn put(&mut self, element: &str, disaggregation: Vec<(Dim, String)>, cell: Cell) {
        self.0.push(Value {
            element: element.to_owned(),
            disaggregation,
            cell,
        });
    }

    fn count(&mut self, element: &str, count: i64) {
        self.put(element, Vec::new(), Cell::Count(count));
    }

    /// A count of people, hidden when small.
    fn people(&mut self, element: &str, count: i64, on: bool) {
        let cell = if on && suppress::is_small(count) {
            Cell::Hidden { min: 1, max: 4 }
        } else {
            Cell::Count(count)
        };
        self.put(element, Vec::new(), cell);
    }

    /// Parts of a published total of people, hidden as the report hides
    /// them (small ones and their partner).
    fn parts(&mut self, element: &str, dim: Dim, lines: &[(String, i64)], total: i64, on: bool) {
        let counts: Vec<i64> = lines.iter().map(|(_, n)| *n).collect();
        let shown = suppress::parts(&counts, on);
        let hidden_sum = total - shown.iter().map(|shown| shown.unwrap_or(0)).sum::<i64>();
        for ((option, count), shown) in lines.iter().zip(shown) {
            self.put(
                element,
                vec![(dim, option.clone())],
                hidden(*count, shown, hidden_sum),
            );
        }
    }

    /// Event counts by every option of `dim`, never hidden.
    fn events(&mut self, element: &str, dim: Dim, lines: &[Line]) {
        for (option, count) in complete(dim, lines, as_is) {
            self.put(element, vec![(dim, option)], Cell::Count(count));
        }
    }
}

/// A cell as published: its count, or the range a hidden one lies in (a
/// small one 1–4, a partner anywhere up to what its line hides in all).
fn hidden(count: i64, shown: Option<i64>, hidden_sum: i64) -> Cell {
    match shown {
        Some(n) => Cell::Count(n),
        None if suppress::is_small(count) => Cell::Hidden { min: 1, max: 4 },
        None => Cell::Hidden {
            min: 0,
            max: hidden_sum.max(count),
        },
    }
}

/// Lines with every option of `dim`, in the code list's order: missing
/// options count 0, codes the list does not know go to `fallback`.
fn complete(dim: Dim, lines: &[Line], rename: impl Fn(&str) -> String) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = dim.options().into_iter().map(|(c, _)| (c, 0)).collect();
    let fallback = match dim {
        Dim::TargetGroup => OWN_GROUP,
        Dim::District | Dim::Origin => NOT_GIVEN,
        _ => UNKNOWN,
    };
    for line in lines {
        let code = rename(&line.code);
        let at = out
            .iter()
            .position(|(known, _)| *known == code)
            .or_else(|| out.iter().position(|(known, _)| known == fallback));
        if let Some(at) = at {
            out[at].1 += line.count;
        }
    }
    out
}

fn as_is(code: &str) -> String {
    code.to_owned()
}

fn not_given(code: &str) -> String {
    if code.is_empty() {
        NOT_GIVEN.to_owned()
    } else {
        code.to_owned()
    }
}

fn values(dataset: &str, r: &AnnualReport, on: bool) -> Vec<Value> {
    let mut out = Out(Vec::new());
    let clients_hidden = on && suppress::is_small(r.clients);
    match dataset {
        codes::MINISTRY => {
            out.people("KLIENTI", r.clients, on);
            let sexes = complete(Dim::Sex, &r.clients_by_sex, as_is);
            out.parts("KLIENTI_POHLAVI", Dim::Sex, &sexes, r.clients, on);
            let ages = complete(Dim::Age, &r.age_bands, as_is);
            out.parts("KLIENTI_VEK", Dim::Age, &ages, r.clients, on);
            users_table(&mut out, r, on);
            let districts = complete(Dim::District, &r.clients_by_district, not_given);
            out.parts("KLIENTI_OKRES", Dim::District, &districts, r.clients, on);
            out.put(
                "PRVOKONTAKTY",
                Vec::new(),
                beside(r.first_contacts, clients_hidden),
            );
            out.put("KONTAKTY", Vec::new(), beside(r.contacts, clients_hidden));
            out.count("MINUTY_PRIME_PRACE", r.direct_minutes);
            out.count("ODMITNUTI", r.refusals);
            if !r.users_by_origin.is_empty() {
                let origins = complete(Dim::Origin, &r.users_by_origin, not_given);
                let users = origins.iter().map(|(_, n)| n).sum();
                out.parts("UZIVATELE_PUVOD", Dim::Origin, &origins, users, on);
                out.people("OSOBY_S_UZIVATELI", r.living_with_users, on);
            }
        }
        codes::DRUG_MONITORING => {
            out.people("KLIENTI", r.clients, on);
            let injecting = suppress::part_of(r.injecting_clients, r.clients, on);
            out.put(
                "KLIENTI_INJEKCNI",
                Vec::new(),
                hidden(r.injecting_clients, injecting, r.clients),
            );
            let sexes = complete(Dim::Sex, &r.clients_by_sex, as_is);
            out.parts("KLIENTI_POHLAVI", Dim::Sex, &sexes, r.clients, on);
            let drugs = complete(Dim::Drug, &r.clients_by_drug, as_is);
            out.parts("KLIENTI_DROGA", Dim::Drug, &drugs, r.clients, on);
            out.put(
                "PRVOKONTAKTY",
                Vec::new(),
                beside(r.first_contacts, clients_hidden),
            );
            out.put("KONTAKTY", Vec::new(), beside(r.contacts, clients_hidden));
            out.count("VYMENY", r.exchanges);
            out.count("STRIKACKY_VYDANE", r.syringes_given);
            out.count("STRIKACKY_VRACENE", r.syringes_returned);
            out.count("KAPSLE", r.gelatin_capsules);
            out.count("TESTY_INFEKCE", r.tests);
            out.count("TESTY_MOC", r.urine_tests);
            out.events("TESTY_TYP", Dim::Test, &r.tests_by_type);
        }
        codes::INTERVENTION_CENTRES => {
            let c = &r.cases;
            out.count("VYKAZANI", c.cases);
            out.count("VYKAZANI_48H", c.offered_within_48h);
            out.count("VYKAZANI_OPAKOVANA", c.repeat_evictions);
            out.count("DETI", c.children);
            out.count("VYKAZANI_DALSI_KONTAKT", c.with_follow_up);
            let sexes = complete(Dim::Sex, &c.endangered_by_sex, as_is);
            let endangered: i64 = sexes.iter().map(|(_, n)| n).sum();
            out.people("OHROZENE_OSOBY", endangered, on);
            out.parts("OHROZENE_OSOBY_POHLAVI", Dim::Sex, &sexes, endangered, on);
            let ages = complete(Dim::Age, &c.endangered_by_band, as_is);
            out.parts("OHROZENE_OSOBY_VEK", Dim::Age, &ages, endangered, on);
            out.count("KRIZOVE_NAVSTEVY", r.crisis_visits);
            out.events("KONZULTACE", Dim::Consultation, &r.consultations);
        }
        codes::TRAFFICKING => {
            let forms = complete(Dim::Exploitation, &r.people_by_exploitation, as_is);
            let forms_total = forms.iter().map(|(_, n)| n).sum();
            out.parts(
                "OSOBY_VYKORISTOVANI",
                Dim::Exploitation,
                &forms,
                forms_total,
                on,
            );
            let citizenship = complete(Dim::Citizenship, &r.people_by_citizenship, as_is);
            let citizens = citizenship.iter().map(|(_, n)| n).sum();
            out.parts(
                "OSOBY_OBCANSTVI",
                Dim::Citizenship,
                &citizenship,
                citizens,
                on,
            );
            let people_hidden = on
                && r.people_by_exploitation
                    .iter()
                    .chain(&r.people_by_citizenship)
                    .any(|line| suppress::is_small(line.count));
            out.put("KONTAKTY", Vec::new(), beside(r.contacts, people_hidden));
            out.put(
                "KRIZOVE_NAVSTEVY",
                Vec::new(),
                beside(r.crisis_visits, people_hidden),
            );
        }
        codes::DIRECT_WORK => {
            out.count("MINUTY_PRIME_PRACE", r.direct_minutes);
            out.events("KONTAKTY_FORMA", Dim::ContactForm, &r.contact_forms);
            out.events("KONTAKTY_ROLE", Dim::Role, &r.roles);
            out.events("SETKANI_ZMESKANA", Dim::Missed, &r.missed_meetings);
        }
        _ => {}
    }
    out.0
}

/// Events beside people who are hidden: hidden too when small.
fn beside(events: i64, people_hidden: bool) -> Cell {
    if people_hidden && suppress::is_small(events) {
        Cell::Hidden { min: 1, max: 4 }
    } else {
        Cell::Count(events)
    }
}

/// The ministry's users table: every target group, sex and age band, the
/// cells hidden as the printed table hides them (by row and column).
fn users_table(out: &mut Out, r: &AnnualReport, on: bool) {
    let groups = Dim::TargetGroup.options();
    let sexes = Dim::Sex.options();
    let bands = Dim::Age.options();
    // Rows as the report has them, each under its code in the list.
    let mut rows: Vec<(String, String, Vec<i64>)> = Vec::new();
    for row in &r.clients_by_group_sex_age {
        let group = if row.group.is_empty() {
            NO_GROUP.to_owned()
        } else if groups.iter().any(|(code, _)| *code == row.group) {
            row.group.clone()
        } else {
            OWN_GROUP.to_owned()
        };
        match rows
            .iter_mut()
            .find(|(g, s, _)| *g == group && *s == row.sex)
        {
            Some((_, _, bands)) => {
                for (sum, n) in bands.iter_mut().zip(&row.bands) {
                    *sum += n;
                }
            }
            None => rows.push((group, row.sex.clone(), row.bands.clone())),
        }
    }
    let counts: Vec<Vec<i64>> = rows.iter().map(|(_, _, bands)| bands.clone()).collect();
    let shown = suppress::grid(&counts, on);
    for (group, _) in &groups {
        for (sex, _) in &sexes {
            let row = rows.iter().position(|(g, s, _)| g == group && s == sex);
            for (band_at, (band, _)) in bands.iter().enumerate() {
                let cell = match row {
                    None => Cell::Count(0),
                    Some(at) => {
                        let count = counts[at].get(band_at).copied().unwrap_or(0);
                        let published = shown[at].get(band_at).copied().unwrap_or(Some(0));
                        hidden(count, published, r.clients)
                    }
                };
                out.put(
                    "KLIENTI_SKUPINA",
                    vec![
                        (Dim::TargetGroup, group.clone()),
                        (Dim::Sex, sex.clone()),
                        (Dim::Age, band.clone()),
                    ],
                    cell,
                );
            }
        }
    }
}
