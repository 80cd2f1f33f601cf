//! One disclosure control for everything published of a year: the
//! organisation's totals and every service's report are one linked set of
//! tables (a total is the sum of its parts, a service's clients are among
//! the organisation's, contacts are at least the clients met), protected
//! together by [`super::audit`]; each report then carries its hidden keys
//! ([`AnnualReport::hidden`]), and every file shows what they say.

use super::audit::{self, Cell, Relation};
use super::figures::{AnnualReport, Filter, AGE_BANDS, UNKNOWN};
use super::store::ReportReader;
use super::suppress::key;
use crate::error::AppError;
use crate::records::kinds::target_group::INJECTING_USER;
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// The yearly report of one service (or, with none, the organisation's
/// totals), hidden where the organisation's setting and the year's other
/// reports say.
pub async fn annual(
    db: &mut dyn ReportReader,
    year: i32,
    service: Option<i64>,
) -> Result<AnnualReport, AppError> {
    if !db.suppression().await? {
        return super::db::annual(db, year, service).await;
    }
    let mut reports = year_reports_as(db, year, true).await?;
    let at = reports
        .iter()
        .position(|r| r.service_id == service)
        .unwrap_or(0);
    Ok(reports.swap_remove(at))
}

/// The organisation's totals, then every service's report, for `year`,
/// protected as one set when the organisation hides small counts.
pub async fn year_reports(
    db: &mut dyn ReportReader,
    year: i32,
) -> Result<Vec<AnnualReport>, AppError> {
    let suppress = db.suppression().await?;
    year_reports_as(db, year, suppress).await
}

/// [`year_reports`], hidden or not as `suppress` says.
pub async fn year_reports_as(
    db: &mut dyn ReportReader,
    year: i32,
    suppress: bool,
) -> Result<Vec<AnnualReport>, AppError> {
    let mut reports = vec![super::db::annual(db, year, None).await?];
    for (id, _) in reports[0].services.clone() {
        reports.push(super::db::annual(db, year, Some(id)).await?);
    }
    if suppress {
        reports = protected(reports).await?;
    }
    Ok(reports)
}

/// The report for a dashboard's filter, for its CSV files: the year's
/// protected report where the filter is a whole year of one service or
/// all, otherwise the filter's own figures protected on their own.
pub async fn for_filter(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<AnnualReport, AppError> {
    let (from, to) = (filter.range.from, filter.range.to);
    let year = from.year();
    let whole_year = (from.month(), from.day(), to.month(), to.day()) == (1, 1, 12, 31)
        && to.year() == year
        && filter.locality.is_none()
        && filter.worker_id.is_none()
        && filter.kind.is_none();
    if whole_year {
        return annual(db, year, filter.service_id).await;
    }
    let report = super::db::annual_of(db, filter).await?;
    if !db.suppression().await? {
        return Ok(report);
    }
    let mut reports = protected(vec![report]).await?;
    Ok(reports.remove(0))
}

/// [`protect`] off the request's thread: a year's audit takes seconds of
/// solving the first time, and other requests must not wait behind it.
async fn protected(mut reports: Vec<AnnualReport>) -> Result<Vec<AnnualReport>, AppError> {
    tokio::task::spawn_blocking(move || {
        protect(&mut reports);
        reports
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "the disclosure audit stopped");
        AppError::Internal
    })
}

/// Decides the hidden cells of `reports` together: the first is the
/// others' totals when there are several. The same figures give the same
/// decision, so it is kept for figures seen lately: a year's files are
/// downloaded one after another, each asking again.
pub fn protect(reports: &mut [AnnualReport]) {
    use std::hash::{Hash, Hasher};
    static DECIDED: Mutex<Vec<(u64, Vec<Vec<String>>)>> = Mutex::new(Vec::new());
    const KEPT: usize = 32;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(&*reports)
        .unwrap_or_default()
        .hash(&mut hasher);
    let fingerprint = hasher.finish();
    let known = DECIDED.lock().ok().and_then(|d| {
        d.iter()
            .find(|(f, _)| *f == fingerprint)
            .map(|(_, h)| h.clone())
    });
    let hidden = known.unwrap_or_else(|| {
        let hidden = decide(reports);
        if let Ok(mut decided) = DECIDED.lock() {
            if decided.len() >= KEPT {
                decided.remove(0);
            }
            decided.push((fingerprint, hidden.clone()));
        }
        hidden
    });
    for (report, keys) in reports.iter_mut().zip(hidden) {
        report.hidden = keys;
    }
}

fn decide(reports: &[AnnualReport]) -> Vec<Vec<String>> {
    let set = linked(reports);
    let outcome = audit::protect(&set.cells, &set.relations);
    // A cell nothing beside it can protect fails closed: its report hides
    // every count of people.
    let exposed: Vec<usize> = outcome.exposed.iter().map(|&c| set.keys[c].0).collect();
    if !exposed.is_empty() {
        tracing::warn!(
            cells = outcome.exposed.len(),
            "no partner protects some small counts: their reports hide every count of people"
        );
    }
    let mut hidden: Vec<Vec<String>> = vec![Vec::new(); reports.len()];
    for (at, (scope, key)) in set.keys.iter().enumerate() {
        if outcome.hidden[at] || (set.people[at] && exposed.contains(scope)) {
            hidden[*scope].push(key.clone());
        }
    }
    for keys in &mut hidden {
        keys.sort();
        keys.dedup();
    }
    hidden
}

/// The cells of every report and the relations between them.
pub struct Linked {
    /// Each cell's report (its position) and key.
    pub keys: Vec<(usize, String)>,
    pub cells: Vec<Cell>,
    /// Whether each cell counts people.
    pub people: Vec<bool>,
    pub relations: Vec<Relation>,
    index: HashMap<(usize, String), usize>,
}

impl Linked {
    fn cell(&mut self, scope: usize, key: String, value: i64, people: bool) -> usize {
        if let Some(&at) = self.index.get(&(scope, key.clone())) {
            return at;
        }
        let at = self.cells.len();
        self.cells.push(Cell {
            value,
            primary: people && super::suppress::is_small(value),
            may_hide: true,
            known: true,
        });
        self.people.push(people);
        self.keys.push((scope, key.clone()));
        self.index.insert((scope, key), at);
        at
    }

    /// `Σ coefficient × cell` is 0 (`exact`) or at most 0, where the
    /// figures keep it: a relation they do not keep (a line the report
    /// leaves out, a client's group told differently in two services) is
    /// no relation.
    fn keep(&mut self, terms: Vec<(usize, i64)>, exact: bool) {
        let total: i64 = terms.iter().map(|&(c, k)| k * self.cells[c].value).sum();
        let kept = if exact { total == 0 } else { total <= 0 };
        if terms.len() > 1 && kept {
            self.relations.push(Relation { terms, exact });
        }
    }

    /// `total` is the sum of `parts`.
    fn sum(&mut self, total: usize, parts: &[usize]) {
        let terms = std::iter::once((total, 1)).chain(parts.iter().map(|&p| (p, -1)));
        self.keep(terms.collect(), true);
    }

    /// The sum of `parts` is at most `whole`.
    fn at_most(&mut self, parts: &[usize], whole: usize) {
        let terms = parts.iter().map(|&p| (p, 1)).chain([(whole, -1)]);
        self.keep(terms.collect(), false);
    }
}

/// The linked set of `reports` (the first the others' totals).
pub fn linked(reports: &[AnnualReport]) -> Linked {
    let mut set = Linked {
        keys: Vec::new(),
        cells: Vec::new(),
        people: Vec::new(),
        relations: Vec::new(),
        index: HashMap::new(),
    };
    for (scope, r) in reports.iter().enumerate() {
        one(&mut set, scope, r);
    }
    // A service's people are among the organisation's, which are at most
    // all the services' together; events simply add up.
    if reports.len() > 1 {
        let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (at, (scope, key)) in set.keys.iter().enumerate() {
            if *scope > 0 {
                by_key.entry(key.clone()).or_default().push(at);
            }
        }
        for (key, parts) in by_key {
            let Some(&total) = set.index.get(&(0, key.clone())) else {
                continue;
            };
            if is_event(&key) {
                set.sum(total, &parts);
            } else {
                for &part in &parts {
                    set.at_most(&[part], total);
                }
                let terms = std::iter::once((total, 1)).chain(parts.iter().map(|&p| (p, -1)));
                set.keep(terms.collect(), false);
            }
        }
    }
    set
}

fn is_event(key: &str) -> bool {
    key == key::CONTACTS
        || key == key::FIRST_CONTACTS
        || key == key::CRISIS_VISITS
        || key.starts_with(key::CONTACT_FORM)
        || key.starts_with(key::ROLE)
}

fn one(set: &mut Linked, scope: usize, r: &AnnualReport) {
    let clients = set.cell(scope, key::CLIENTS.into(), r.clients, true);
    let lines = |set: &mut Linked, table: &str, lines: &[super::figures::Line]| {
        let parts: Vec<usize> = lines
            .iter()
            .map(|l| set.cell(scope, key::line(table, &l.code), l.count, true))
            .collect();
        set.sum(clients, &parts);
        parts
    };
    lines(set, key::SEX, &r.clients_by_sex);
    lines(set, key::AGE, &r.age_bands);
    lines(set, key::DRUG, &r.clients_by_drug);
    lines(set, key::DISTRICT, &r.clients_by_district);
    lines(set, key::ORIGIN, &r.users_by_origin);
    set.cell(scope, key::LIVING_WITH.into(), r.living_with_users, true);
    // The mean age tells of the ages it is made of: hidden with few.
    set.cell(scope, key::MEAN_AGE.into(), r.ages_known, true);

    // The users table, its rows' totals, each group's total (the
    // dashboard's), and its columns as the sexes and the age bands.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut sexes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut bands: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for row in &r.clients_by_group_sex_age {
        let cells: Vec<usize> = row
            .bands
            .iter()
            .enumerate()
            .map(|(band, &n)| set.cell(scope, key::users(&row.group, &row.sex, band), n, true))
            .collect();
        for (band, &cell) in cells.iter().enumerate() {
            bands.entry(band).or_default().push(cell);
        }
        let total = set.cell(
            scope,
            key::users_row(&row.group, &row.sex),
            row.total(),
            true,
        );
        set.sum(total, &cells);
        groups.entry(&row.group).or_default().push(total);
        sexes.entry(&row.sex).or_default().push(total);
    }
    let mut group_totals = Vec::new();
    for (group, rows) in &groups {
        let count = rows.iter().map(|&c| set.cells[c].value).sum();
        let total = set.cell(scope, key::line(key::GROUP, group), count, true);
        set.sum(total, rows);
        group_totals.push(total);
    }
    set.sum(clients, &group_totals);
    for (sex, rows) in &sexes {
        if let Some(&total) = set.index.get(&(scope, key::line(key::SEX, sex))) {
            set.sum(total, rows);
        }
    }
    for (band, cells) in &bands {
        let code = AGE_BANDS.get(*band).map_or(UNKNOWN, |(_, code)| *code);
        if let Some(&total) = set.index.get(&(scope, key::line(key::AGE, code))) {
            set.sum(total, cells);
        }
    }
    let injecting = set.cell(scope, key::INJECTING.into(), r.injecting_clients, true);
    set.at_most(&[injecting], clients);
    if let Some(&group) = set
        .index
        .get(&(scope, key::line(key::GROUP, INJECTING_USER)))
    {
        set.sum(group, &[injecting]);
    }

    // Events: at least one contact per client met, a first contact at most
    // one per client; contacts by form, and by the worker's role, add up to
    // the contacts.
    let contacts = set.cell(scope, key::CONTACTS.into(), r.contacts, false);
    let first = set.cell(scope, key::FIRST_CONTACTS.into(), r.first_contacts, false);
    set.at_most(&[clients], contacts);
    set.at_most(&[first], clients);
    set.at_most(&[first], contacts);
    for (table, lines) in [(key::CONTACT_FORM, &r.contact_forms), (key::ROLE, &r.roles)] {
        let parts: Vec<usize> = lines
            .iter()
            .map(|l| set.cell(scope, key::line(table, &l.code), l.count, false))
            .collect();
        set.sum(contacts, &parts);
    }
    set.cell(scope, key::CRISIS_VISITS.into(), r.crisis_visits, false);

    // People crisis help met, each at least one contact.
    for (table, lines) in [
        (key::EXPLOITATION, &r.people_by_exploitation),
        (key::CITIZENSHIP, &r.people_by_citizenship),
    ] {
        for l in lines {
            let person = set.cell(scope, key::line(table, &l.code), l.count, true);
            set.at_most(&[person], contacts);
        }
    }

    // An intervention centre's endangered persons, by sex and by age.
    let c = &r.cases;
    let count: i64 = c.endangered_by_sex.iter().map(|l| l.count).sum();
    let endangered = set.cell(scope, key::ENDANGERED.into(), count, true);
    for (table, lines) in [
        (key::ENDANGERED_SEX, &c.endangered_by_sex),
        (key::ENDANGERED_AGE, &c.endangered_by_band),
    ] {
        let parts: Vec<usize> = lines
            .iter()
            .map(|l| set.cell(scope, key::line(table, &l.code), l.count, true))
            .collect();
        set.sum(endangered, &parts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::figures::{GroupSexAge, Line};

    fn line(code: &str, count: i64) -> Line {
        Line {
            code: code.into(),
            label: code.into(),
            count,
        }
    }

    fn service(id: i64, women: i64, men: i64) -> AnnualReport {
        AnnualReport {
            service_id: Some(id),
            clients: women + men,
            clients_by_sex: vec![line("female", women), line("male", men), line("unknown", 0)],
            contacts: 10 * (women + men),
            clients_by_group_sex_age: vec![
                GroupSexAge {
                    group: "g".into(),
                    label: "g".into(),
                    sex: "female".into(),
                    bands: vec![women],
                },
                GroupSexAge {
                    group: "g".into(),
                    label: "g".into(),
                    sex: "male".into(),
                    bands: vec![men],
                },
            ],
            ..AnnualReport::default()
        }
    }

    fn totals(services: &[AnnualReport]) -> AnnualReport {
        let sum = |f: &dyn Fn(&AnnualReport) -> i64| services.iter().map(f).sum::<i64>();
        let women = sum(&|r| r.clients_by_sex[0].count);
        let men = sum(&|r| r.clients_by_sex[1].count);
        AnnualReport {
            service_id: None,
            ..service(0, women, men)
        }
    }

    #[test]
    fn a_small_count_hides_its_partner_in_every_table_that_shows_it() {
        let mut reports = vec![service(1, 3, 40)];
        protect(&mut reports);
        let r = &reports[0];
        for key in [
            "sex:female",
            "sex:male",
            "users:g:female:0",
            "users:g:male:0",
        ] {
            assert!(r.hides(key), "{key} in {:?}", r.hidden);
        }
        assert!(!r.hides(key::CLIENTS), "{:?}", r.hidden);
    }

    #[test]
    fn a_service_hidden_cell_is_not_given_away_by_the_totals() {
        // A: 3 women, 40 men; B: 20 women, 30 men; totals 23 and 70. With
        // A's women hidden and B's shown, the totals' women would give
        // them away (23 - 20) unless the protection hides more.
        let services = [service(1, 3, 40), service(2, 20, 30)];
        let mut reports = vec![totals(&services)];
        reports.extend(services);
        protect(&mut reports);
        let set = linked(&reports);
        let unknown: Vec<bool> = set
            .keys
            .iter()
            .map(|(scope, key)| reports[*scope].hides(key))
            .collect();
        let found = audit::intervals(&set.cells, &unknown, &set.relations);
        for (at, interval) in found.iter().enumerate() {
            if let Some(interval) = interval {
                assert!(
                    interval.protects(set.cells[at].value),
                    "{:?} {interval:?}",
                    set.keys[at]
                );
            }
        }
        assert!(reports[1].hides("sex:female"));
    }
}
