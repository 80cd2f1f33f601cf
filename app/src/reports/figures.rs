//! The figures, as they cross the wire. Each field says exactly what it
//! counts; voided records count nowhere.

use super::period::DayRange;
use crate::records::kinds::Kind;
use crate::services::ServiceType;
use serde::{Deserialize, Serialize};

/// Which records a figure is computed over.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    pub range: DayRange,
    pub locality: Option<String>,
    pub worker_id: Option<i64>,
    pub kind: Option<Kind>,
    /// One service, or the organisation's totals.
    pub service_id: Option<i64>,
}

/// A code from one of the lists with its label and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Records of the contact kinds ([`crate::tally::CONTACT_KINDS`]: an
    /// exchange is also a contact), anonymous ones included; an offer of
    /// help that reached no one is not one.
    pub contacts: i64,
    pub exchanges: i64,
    /// Distinct client codes among the period's records of any kind;
    /// anonymous and NCC records are contacts, not clients.
    pub unique_clients: i64,
    /// Each client under the target group of their latest record in the
    /// period that has one (contacts and exchanges do), so a client is in
    /// exactly one group; clients seen only in crisis visits are in
    /// `clients_without_group`. The groups and that add up to
    /// `unique_clients`. Groups are the admin's list: labelled from it,
    /// in its order, groups with no client left out.
    pub clients_by_group: Vec<Line>,
    pub clients_without_group: i64,
    /// Unique clients by sex (`female`, `male`, `unknown`), every line
    /// listed; they add up to `unique_clients`.
    pub clients_by_sex: Vec<Line>,
    /// Unique clients by the age they reach in the range's last year, in
    /// the ministry's bands (`code` like `19-26`, then `unknown`).
    pub age_bands: Vec<Line>,
    /// Unique clients by primary drug (drug services), every drug listed,
    /// then `unknown`.
    pub clients_by_drug: Vec<Line>,
    /// The ministry's table of users: one row per target group and sex
    /// that has any, counts by age band.
    pub clients_by_group_sex_age: Vec<GroupSexAge>,
    /// Sum and number of the ages known, for the mean age.
    pub age_sum: i64,
    pub ages_known: i64,
    /// Records marked as the first contact in this service (contacts,
    /// exchanges and crisis visits).
    pub first_contacts: i64,
    pub anonymous_contacts: i64,
    /// Minutes of direct work: the durations given on contacts.
    pub direct_minutes: i64,
    /// Contact records by form, every form listed (`code` is the form's
    /// wire name; the page names it in its language).
    pub contact_forms: Vec<Line>,
    /// Refused applicants by the law's reason, every reason listed (`code`
    /// is its wire name).
    pub refusals: Vec<Line>,
    /// Contacts by the worker's role (social rehabilitation).
    pub roles: Vec<Line>,
    /// Contacts and crisis visits by form of exploitation and by
    /// citizenship group, and how many needed an interpreter (crisis help).
    pub exploitation: Vec<Line>,
    pub citizenship: Vec<Line>,
    pub with_interpreter: i64,
    /// Tests by type and result, every pair listed (`code` like
    /// `hcv/positive`, `hiv/none` for one without a result).
    pub tests: Vec<Line>,
    /// Missed meetings: `cancelled` beforehand, or `no_show`.
    pub missed_meetings: Vec<Line>,
    /// An intervention centre's consultations by type and form (`code`
    /// like `legal/office`), every pair listed.
    #[serde(default)]
    pub consultations: Vec<Line>,
    /// Offers of help by how and what came of it (`phone/not_reached`),
    /// every pair listed.
    #[serde(default)]
    pub offers: Vec<Line>,
    pub syringes_given: i64,
    pub syringes_returned: i64,
    /// Every material given, in list order; zero lines are left out.
    pub materials: Vec<Line>,
    /// Service acts by type, in list order.
    pub service_acts: Vec<Line>,
    pub crisis_visits: i64,
    /// Crisis visits by situation.
    pub situations: Vec<Line>,
    /// Interventions done on crisis visits, by the admin's list, in list
    /// order; zero lines are left out.
    #[serde(default)]
    pub interventions: Vec<Line>,
    /// Eviction cases received in the period (an intervention centre's
    /// cases, and eviction visits logged without one), and how many were
    /// offered help within 48 hours of receipt.
    pub eviction_cases: i64,
    pub eviction_cases_within_48h: i64,
    pub found_syringes: i64,
}

/// The ministry's age bands: each band's lowest age and its code.
pub const AGE_BANDS: [(i64, &str); 9] = [
    (0, "0-6"),
    (7, "7-12"),
    (13, "13-15"),
    (16, "16-18"),
    (19, "19-26"),
    (27, "27-64"),
    (65, "65-80"),
    (81, "81-85"),
    (86, "86+"),
];

/// The code of a client's sex or age band not given.
pub const UNKNOWN: &str = "unknown";

/// One row of the ministry's users table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSexAge {
    /// A target group's code; `""` for clients without one.
    pub group: String,
    /// Its label in the admin's list.
    pub label: String,
    /// `female`, `male` or `unknown`.
    pub sex: String,
    /// Clients per [`AGE_BANDS`] band, then those of unknown age.
    pub bands: Vec<i64>,
}

impl GroupSexAge {
    pub fn total(&self) -> i64 {
        self.bands.iter().sum()
    }
}

/// The band of `age`; `None` for an age that cannot be (a birth year after
/// the range).
pub fn age_band(age: i64) -> Option<&'static str> {
    (age >= 0).then(|| {
        AGE_BANDS
            .iter()
            .rev()
            .find(|(lowest, _)| age >= *lowest)
            .map_or("0-6", |(_, code)| *code)
    })
}

fn mean(sum: i64, known: i64) -> Option<f64> {
    (known > 0).then(|| (sum as f64 * 10.0 / known as f64).round() / 10.0)
}

impl Figures {
    /// Mean age of the clients whose birth year is known, to a tenth.
    pub fn mean_age(&self) -> Option<f64> {
        mean(self.age_sum, self.ages_known)
    }

    pub fn women(&self) -> i64 {
        self.clients_by_sex
            .iter()
            .find(|line| line.code == "female")
            .map_or(0, |line| line.count)
    }

    /// Hours of direct work, to a tenth.
    pub fn direct_hours(&self) -> f64 {
        (self.direct_minutes as f64 / 6.0).round() / 10.0
    }

    /// Returned syringes per syringe given, in percent; `None` with none
    /// given.
    pub fn return_rate_percent(&self) -> Option<f64> {
        (self.syringes_given > 0)
            .then(|| self.syringes_returned as f64 * 100.0 / self.syringes_given as f64)
    }

    pub fn eviction_share_percent(&self) -> Option<f64> {
        (self.eviction_cases > 0)
            .then(|| self.eviction_cases_within_48h as f64 * 100.0 / self.eviction_cases as f64)
    }

    pub fn refusals_total(&self) -> i64 {
        self.refusals.iter().map(|line| line.count).sum()
    }

    pub fn clients_in_group(&self, group: &str) -> i64 {
        self.clients_by_group
            .iter()
            .find(|line| line.code == group)
            .map_or(0, |line| line.count)
    }
}

/// One bar (or point) of a chart over time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub bucket: String,
    pub contacts: i64,
    pub syringes_given: i64,
    pub syringes_returned: i64,
    pub crisis_visits: i64,
}

/// The dashboard: the figures, the same over time, and contacts by
/// locality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub filter: Filter,
    pub figures: Figures,
    pub over_time: Vec<Point>,
    pub contacts_by_locality: Vec<Line>,
    /// Unique people met by crisis help, by form of exploitation and by
    /// citizenship group (a person in two forms is in both lines), when the
    /// filter names a crisis-help service; empty otherwise.
    pub people_by_exploitation: Vec<Line>,
    pub people_by_citizenship: Vec<Line>,
    /// For the filter form: localities and workers to choose from.
    pub localities: Vec<(String, String)>,
    pub workers: Vec<(i64, String)>,
    pub services: Vec<(i64, String)>,
    /// The types of service the figures are of: the chosen service's, or
    /// every active service's for the organisation's totals. The page
    /// shows the cards these types owe (SERVICES.md) and no others.
    #[serde(default)]
    pub service_types: Vec<ServiceType>,
}

/// The services that exchange injecting material.
pub const DRUG_SERVICES: [ServiceType; 2] =
    [ServiceType::ContactCentre, ServiceType::FieldProgramme];
/// The services that log crisis visits and their interventions.
pub const CRISIS_SERVICES: [ServiceType; 2] =
    [ServiceType::InterventionCentre, ServiceType::CrisisHelp];

impl Dashboard {
    /// Whether the figures are of a service of one of `types`.
    pub fn owes(&self, types: &[ServiceType]) -> bool {
        self.service_types.iter().any(|kind| types.contains(kind))
    }

    /// Whether a headline figure, by its name on the page (`data-figure`)
    /// and in the summary CSV, is one the service's type owes: the page and
    /// the file show the same ones.
    pub fn owes_figure(&self, figure: &str) -> bool {
        match figure {
            "exchanges" | "syringes-given" | "syringes-returned" | "return-rate"
            | "found-syringes" => self.owes(&DRUG_SERVICES),
            "crisis-visits" => self.owes(&CRISIS_SERVICES),
            "eviction-cases" | "eviction-within-48h" | "eviction-share" => {
                self.owes(&[ServiceType::InterventionCentre])
            }
            _ => true,
        }
    }
}

/// A row of a breakdown by locality or by worker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub key: String,
    pub label: String,
    pub contacts: i64,
    pub unique_clients: i64,
    pub first_contacts: i64,
    pub exchanges: i64,
    pub syringes_given: i64,
    pub syringes_returned: i64,
    pub crisis_visits: i64,
    pub found_syringes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownBy {
    Locality,
    Worker,
}

/// The yearly summary, laid out like the funders' annual report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualReport {
    pub year: i32,
    /// The service it is for (none: the organisation's totals), and the
    /// services to choose from.
    pub service_id: Option<i64>,
    pub services: Vec<(i64, String)>,
    /// The chosen service's type, which decides whose layouts the report
    /// takes ([`super::annual_layout`]).
    #[serde(default)]
    pub service_type: Option<crate::services::ServiceType>,
    pub clients: i64,
    pub injecting_clients: i64,
    /// Clients by sex and age band, and the ages for the mean, as in
    /// [`Figures`].
    pub clients_by_sex: Vec<Line>,
    pub age_bands: Vec<Line>,
    pub clients_by_drug: Vec<Line>,
    /// The ministry's users table, as in [`Figures`].
    pub clients_by_group_sex_age: Vec<GroupSexAge>,
    pub age_sum: i64,
    pub ages_known: i64,
    pub first_contacts: i64,
    pub contacts: i64,
    pub exchanges: i64,
    pub syringes_given: i64,
    #[serde(default)]
    pub syringes_returned: i64,
    pub gelatin_capsules: i64,
    /// Infection tests (HIV, HCV, HBV, syphilis), logged as tests and as
    /// the older `test-` service acts.
    pub tests: i64,
    /// Urine drug tests, which the NMS does not count among its tests.
    #[serde(default)]
    pub urine_tests: i64,
    /// Tests by type and result, as in [`Figures`].
    pub tests_by_type: Vec<Line>,
    pub crisis_visits: i64,
    /// Interventions on crisis visits, as in [`Figures`].
    #[serde(default)]
    pub interventions: Vec<Line>,
    /// Unique clients by district of residence, in the list's order, those
    /// never asked last (`code` `""`); districts without clients left out.
    #[serde(default)]
    pub clients_by_district: Vec<Line>,
    /// A halfway house's users by where they come from (every value, then
    /// `""` for not given), and the people living with them; empty and 0
    /// for any other report.
    #[serde(default)]
    pub users_by_origin: Vec<Line>,
    #[serde(default)]
    pub living_with_users: i64,
    /// Applicants refused under §91(3), which the ministry's report asks.
    pub refusals: i64,
    /// Unique people crisis help met, by form of exploitation and by
    /// citizenship group (every value, zero or not).
    pub people_by_exploitation: Vec<Line>,
    pub people_by_citizenship: Vec<Line>,
    /// Direct work, as in [`Figures`]: minutes of contacts, contacts by form
    /// and by the worker's role, missed meetings.
    #[serde(default)]
    pub direct_minutes: i64,
    #[serde(default)]
    pub contact_forms: Vec<Line>,
    #[serde(default)]
    pub roles: Vec<Line>,
    #[serde(default)]
    pub missed_meetings: Vec<Line>,
    /// An intervention centre's cases received in the year, and its
    /// consultations by type and form.
    #[serde(default)]
    pub cases: CaseFigures,
    #[serde(default)]
    pub consultations: Vec<Line>,
    /// The [`super::suppress::key`]s of the cells to hide, sorted; empty
    /// when the organisation publishes exact counts.
    #[serde(default)]
    pub hidden: Vec<String>,
}

impl AnnualReport {
    pub fn hides(&self, key: &str) -> bool {
        self.hidden
            .binary_search_by(|hidden| hidden.as_str().cmp(key))
            .is_ok()
    }

    /// The cell `key` of `count` as published.
    pub fn shown(&self, key: &str, count: i64) -> String {
        super::suppress::shown(count, self.hides(key))
    }

    pub fn mean_age(&self) -> Option<f64> {
        mean(self.age_sum, self.ages_known)
    }

    pub fn syringes_per_injecting_client(&self) -> Option<f64> {
        (self.injecting_clients > 0)
            .then(|| self.syringes_given as f64 / self.injecting_clients as f64)
    }
}

/// A synced record as the records browser lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    pub id: String,
    pub kind: Kind,
    pub occurred_at: String,
    pub locality: String,
    pub worker: String,
    pub client: String,
    pub summary: String,
    pub voided: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPage {
    pub rows: Vec<RecordRow>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

/// An intervention centre's cases received in a period, as its statistics
/// ask: every case received counts, offered or not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFigures {
    pub cases: i64,
    /// Cases whose first offer of help (a call, text, letter, visit or
    /// consultation, reached or not) came within 48 hours of receipt.
    pub offered_within_48h: i64,
    /// Cases that name an earlier case of the same household.
    pub repeat_evictions: i64,
    /// Children living in the cases' households.
    pub children: i64,
    /// The seed's measure of effect: cases with at least one professional
    /// contact beyond the first (offers that reached the person,
    /// consultations and visits).
    pub with_follow_up: i64,
    /// Cases per month received (`code` `YYYY-MM`).
    pub by_month: Vec<Line>,
    /// The violent person's relation (`code` from the list; `""` not
    /// given).
    pub by_relation: Vec<Line>,
    /// Endangered persons: each coded person once, each anonymous case one
    /// person of unknown sex and age; by sex and by the age band reached in
    /// the period's last year.
    pub endangered_by_sex: Vec<Line>,
    pub endangered_by_band: Vec<Line>,
}

impl CaseFigures {
    pub fn share_percent(&self) -> Option<f64> {
        (self.cases > 0).then(|| self.offered_within_48h as f64 * 100.0 / self.cases as f64)
    }
}

/// Where a case stands against the 48-hour duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    InTime,
    Late,
    /// No offer and the 48 hours are over.
    Never,
    /// No offer yet, still inside the 48 hours.
    Open,
}

/// One case for the coordinator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStatus {
    pub id: String,
    pub number: String,
    pub service_id: i64,
    /// RFC 3339 in UTC.
    pub received_utc: String,
    pub first_offer_utc: Option<String>,
    pub state: CaseState,
    /// Hours late for a late case, hours since receipt for one never
    /// offered, hours left for an open one; 0 in time.
    pub hours: i64,
}

/// The cases page: the figures and the cases needing action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseReport {
    pub filter: Filter,
    pub services: Vec<(i64, String)>,
    pub figures: CaseFigures,
    /// Cases still inside the window with no offer, soonest due first.
    pub open: Vec<CaseStatus>,
    /// Cases offered late or never, oldest first.
    pub late: Vec<CaseStatus>,
}
