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
    Hidden {
        min: i64,
        max: i64,
    },
    /// A count sent as it is to an umbrella that the service's own files
    /// hide: the umbrella must keep it from being worked out of its
    /// tables, which it can do only knowing which counts these are.
    Withheld(i64),
}

impl Cell {
    pub fn min(self) -> i64 {
        match self {
            Cell::Count(n) | Cell::Withheld(n) => n,
            Cell::Hidden { min, .. } => min,
        }
    }

    pub fn max(self) -> i64 {
        match self {
            Cell::Count(n) | Cell::Withheld(n) => n,
            Cell::Hidden { max, .. } => max,
        }
    }

    pub fn exact(self) -> Option<i64> {
        match self {
            Cell::Count(n) | Cell::Withheld(n) => Some(n),
            Cell::Hidden { .. } => None,
        }
    }

    /// Whether whoever reads the service's own files knows it.
    pub fn public(self) -> bool {
        matches!(self, Cell::Count(_))
    }

    /// As a table shows it: the count, or its range.
    pub fn shown(self) -> String {
        match self {
            Cell::Count(n) | Cell::Withheld(n) => n.to_string(),
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

/// The DHIS2 category option combination's code: its options' DHIS2
/// codes joined by `.` (`TG_OTHER.SX_FEMALE.AG_19_26`), at most DHIS2's 50
/// characters; `default` with none.
pub fn dhis2_combination(disaggregation: &[(Dim, String)]) -> String {
    if disaggregation.is_empty() {
        return "default".to_owned();
    }
    disaggregation
        .iter()
        .map(|(dim, option)| dim.dhis2_option(option))
        .collect::<Vec<_>>()
        .join(".")
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

/// How a hidden cell goes out: as its range (what anyone may know of
/// it), or as it is, marked withheld (to the umbrella, which protects it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    Range,
    Withheld,
}

/// The groups of one service's yearly report, hidden where it hides.
pub fn groups(r: &AnnualReport, service: &Service, hidden: Hidden) -> Vec<Group> {
    codes::owed(service.service_type)
        .into_iter()
        .map(|dataset| Group {
            dataset: dataset.to_owned(),
            org_unit: service.registry_id.to_owned(),
            service_type: service.service_type.as_str().to_owned(),
            year: r.year,
            values: values(dataset, r, hidden),
        })
        .collect()
}

struct Out<'a> {
    r: &'a AnnualReport,
    hidden: Hidden,
    values: Vec<Value>,
}

impl Out<'_> {
    fn put(&mut self, element: &str, disaggregation: Vec<(Dim, String)>, cell: Cell) {
        self.values.push(Value {
            element: element.to_owned(),
            disaggregation,
            cell,
        });
    }

    fn count(&mut self, element: &str, count: i64) {
        self.put(element, Vec::new(), Cell::Count(count));
    }

    /// A cell the report names `key`.
    fn keyed(&mut self, element: &str, key: &str, count: i64) {
        let cell = self.cell(count, self.r.hides(key));
        self.put(element, Vec::new(), cell);
    }

    /// A count as published: a hidden one with the range it lies in (a
    /// small one 1–4, another anywhere from 0 to what its report counts
    /// in all), for the umbrella that sums it.
    fn cell(&self, count: i64, hidden: bool) -> Cell {
        match hidden {
            false => Cell::Count(count),
            true if self.hidden == Hidden::Withheld => Cell::Withheld(count),
            true if suppress::is_small(count) => Cell::Hidden { min: 1, max: 4 },
            // A partner may be 0.
            true => Cell::Hidden {
                min: 0,
                max: count.max(self.r.clients).max(self.r.contacts),
            },
        }
    }

    /// Every option of `dim` from the report's lines of `table`: an option
    /// is hidden when a line that went into it is.
    fn lines(&mut self, element: &str, dim: Dim, table: &str, lines: &[Line]) {
        let rename = match dim {
            Dim::District | Dim::Origin => not_given,
            _ => as_is,
        };
        for (option, count, hidden) in complete(dim, lines, rename, |line| {
            self.r.hides(&suppress::key::line(table, &line.code))
        }) {
            let cell = self.cell(count, hidden);
            self.put(element, vec![(dim, option)], cell);
        }
    }
}

/// Lines with every option of `dim`, in the code list's order: missing
/// options count 0, codes the list does not know go to `fallback`; with
/// whether any line in each is hidden.
fn complete(
    dim: Dim,
    lines: &[Line],
    rename: impl Fn(&str) -> String,
    hidden: impl Fn(&Line) -> bool,
) -> Vec<(String, i64, bool)> {
    let mut out: Vec<(String, i64, bool)> = dim
        .options()
        .into_iter()
        .map(|(c, _)| (c, 0, false))
        .collect();
    let fallback = match dim {
        Dim::TargetGroup => OWN_GROUP,
        Dim::District | Dim::Origin => NOT_GIVEN,
        _ => UNKNOWN,
    };
    for line in lines {
        let code = rename(&line.code);
        let at = out
            .iter()
            .position(|(known, ..)| *known == code)
            .or_else(|| out.iter().position(|(known, ..)| known == fallback));
        if let Some(at) = at {
            out[at].1 += line.count;
            out[at].2 |= hidden(line);
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

fn values(dataset: &str, r: &AnnualReport, hidden: Hidden) -> Vec<Value> {
    use suppress::key;
    let mut out = Out {
        r,
        hidden,
        values: Vec::new(),
    };
    match dataset {
        codes::MINISTRY => {
            out.keyed("KLIENTI", key::CLIENTS, r.clients);
            out.lines("KLIENTI_POHLAVI", Dim::Sex, key::SEX, &r.clients_by_sex);
            out.lines("KLIENTI_VEK", Dim::Age, key::AGE, &r.age_bands);
            users_table(&mut out, r);
            out.lines(
                "KLIENTI_OKRES",
                Dim::District,
                key::DISTRICT,
                &r.clients_by_district,
            );
            out.keyed("PRVOKONTAKTY", key::FIRST_CONTACTS, r.first_contacts);
            out.keyed("KONTAKTY", key::CONTACTS, r.contacts);
            out.count("MINUTY_PRIME_PRACE", r.direct_minutes);
            out.count("ODMITNUTI", r.refusals);
            if !r.users_by_origin.is_empty() {
                out.lines(
                    "UZIVATELE_PUVOD",
                    Dim::Origin,
                    key::ORIGIN,
                    &r.users_by_origin,
                );
                out.keyed("OSOBY_S_UZIVATELI", key::LIVING_WITH, r.living_with_users);
            }
        }
        codes::DRUG_MONITORING => {
            out.keyed("KLIENTI", key::CLIENTS, r.clients);
            out.keyed("KLIENTI_INJEKCNI", key::INJECTING, r.injecting_clients);
            out.lines("KLIENTI_POHLAVI", Dim::Sex, key::SEX, &r.clients_by_sex);
            out.lines("KLIENTI_DROGA", Dim::Drug, key::DRUG, &r.clients_by_drug);
            out.keyed("PRVOKONTAKTY", key::FIRST_CONTACTS, r.first_contacts);
            out.keyed("KONTAKTY", key::CONTACTS, r.contacts);
            out.count("VYMENY", r.exchanges);
            out.count("STRIKACKY_VYDANE", r.syringes_given);
            out.count("STRIKACKY_VRACENE", r.syringes_returned);
            out.count("KAPSLE", r.gelatin_capsules);
            out.count("TESTY_INFEKCE", r.tests);
            out.count("TESTY_MOC", r.urine_tests);
            events(&mut out, "TESTY_TYP", Dim::Test, &r.tests_by_type);
        }
        codes::INTERVENTION_CENTRES => {
            let c = &r.cases;
            out.count("VYKAZANI", c.cases);
            out.count("VYKAZANI_48H", c.offered_within_48h);
            out.count("VYKAZANI_OPAKOVANA", c.repeat_evictions);
            out.count("DETI", c.children);
            out.count("VYKAZANI_DALSI_KONTAKT", c.with_follow_up);
            let endangered = c.endangered_by_sex.iter().map(|l| l.count).sum();
            out.keyed("OHROZENE_OSOBY", key::ENDANGERED, endangered);
            out.lines(
                "OHROZENE_OSOBY_POHLAVI",
                Dim::Sex,
                key::ENDANGERED_SEX,
                &c.endangered_by_sex,
            );
            out.lines(
                "OHROZENE_OSOBY_VEK",
                Dim::Age,
                key::ENDANGERED_AGE,
                &c.endangered_by_band,
            );
            out.keyed("KRIZOVE_NAVSTEVY", key::CRISIS_VISITS, r.crisis_visits);
            events(&mut out, "KONZULTACE", Dim::Consultation, &r.consultations);
        }
        codes::TRAFFICKING => {
            out.lines(
                "OSOBY_VYKORISTOVANI",
                Dim::Exploitation,
                key::EXPLOITATION,
                &r.people_by_exploitation,
            );
            out.lines(
                "OSOBY_OBCANSTVI",
                Dim::Citizenship,
                key::CITIZENSHIP,
                &r.people_by_citizenship,
            );
            out.keyed("KONTAKTY", key::CONTACTS, r.contacts);
            out.keyed("KRIZOVE_NAVSTEVY", key::CRISIS_VISITS, r.crisis_visits);
        }
        codes::DIRECT_WORK => {
            out.count("MINUTY_PRIME_PRACE", r.direct_minutes);
            out.lines(
                "KONTAKTY_FORMA",
                Dim::ContactForm,
                key::CONTACT_FORM,
                &r.contact_forms,
            );
            out.lines("KONTAKTY_ROLE", Dim::Role, key::ROLE, &r.roles);
            events(
                &mut out,
                "SETKANI_ZMESKANA",
                Dim::Missed,
                &r.missed_meetings,
            );
        }
        _ => {}
    }
    out.values
}

/// Event counts by every option of `dim`, never hidden.
fn events(out: &mut Out, element: &str, dim: Dim, lines: &[Line]) {
    for (option, count, _) in complete(dim, lines, as_is, |_| false) {
        out.put(element, vec![(dim, option)], Cell::Count(count));
    }
}

/// The ministry's users table: every target group, sex and age band,
/// hidden where the printed table hides them.
fn users_table(out: &mut Out, r: &AnnualReport) {
    let groups = Dim::TargetGroup.options();
    let sexes = Dim::Sex.options();
    let bands = Dim::Age.options();
    // The code list's row of each of the report's rows.
    let row_of = |group: &str| {
        if group.is_empty() {
            NO_GROUP.to_owned()
        } else if groups.iter().any(|(code, _)| code == group) {
            group.to_owned()
        } else {
            OWN_GROUP.to_owned()
        }
    };
    for (group, _) in &groups {
        for (sex, _) in &sexes {
            for (band_at, (band, _)) in bands.iter().enumerate() {
                let (mut count, mut hidden) = (0, false);
                for row in r
                    .clients_by_group_sex_age
                    .iter()
                    .filter(|row| row_of(&row.group) == *group && row.sex == *sex)
                {
                    count += row.bands.get(band_at).copied().unwrap_or(0);
                    hidden |= r.hides(&suppress::key::users(&row.group, &row.sex, band_at));
                }
                let cell = out.cell(count, hidden);
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
