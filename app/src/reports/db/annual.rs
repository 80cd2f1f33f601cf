//! The yearly report.

use super::cases::{cases, figures as case_figures};
use super::clients::clients_by_group;
use super::dashboard::{assemble, people, service_choices};
use super::tallies::{binds, tallies};
use crate::catalogue::ListKind;
use crate::error::{AppError, Problem};
use crate::records::kinds::{target_group, wire_name, Origin};
use crate::records::screening::TestType;
use crate::reports::figures::Line;
use crate::reports::figures::{AnnualReport, Filter};
use crate::reports::period::DayRange;
use crate::reports::store::ReportReader;
use crate::reports::{CAPSULES, INFECTION_TEST_ACTS};
use crate::services::ServiceType;
use chrono::{Datelike, NaiveDate};

/// The annual report for `year`, over every locality, worker and kind, of
/// one service or of them all.
pub async fn annual(
    db: &mut dyn ReportReader,
    year: i32,
    service_id: Option<i64>,
) -> Result<AnnualReport, AppError> {
    let range = NaiveDate::from_ymd_opt(year, 1, 1)
        .zip(NaiveDate::from_ymd_opt(year, 12, 31))
        .and_then(|(from, to)| DayRange::custom(from, to))
        .ok_or_else(|| AppError::invalid("year", Problem::Unknown))?;
    let filter = Filter {
        range,
        locality: None,
        worker_id: None,
        kind: None,
        service_id,
    };
    annual_of(db, &filter).await
}

/// The yearly report's figures over any filter: a period's published
/// tables are the report's, over the period.
pub async fn annual_of(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<AnnualReport, AppError> {
    let filter = filter.clone();
    let year = filter.range.to.year();
    let service_id = filter.service_id;
    let catalogue = db.catalogue().await?;
    let rows = tallies(db, &filter).await?;
    let clients = clients_by_group(db, &filter, year).await?;
    let by_district = db.clients_by_district(&binds(&filter)).await?;
    let service_type = catalogue
        .services
        .iter()
        .find(|service| Some(service.id) == service_id)
        .map(|service| service.service_type);
    let (users_by_origin, living_with_users) = if service_type == Some(ServiceType::HalfwayHouse) {
        let rows = db.users_by_origin(&binds(&filter)).await?;
        let counts: Vec<(String, i64)> = rows.iter().map(|(o, n, _)| (o.clone(), *n)).collect();
        (
            origin_lines(&counts),
            rows.iter().map(|(_, _, living)| living).sum(),
        )
    } else {
        (Vec::new(), 0)
    };
    let case_rows = cases(db, &filter).await?;
    let relations: Vec<(String, String)> = catalogue
        .list(ListKind::Relation)
        .map(|item| (item.code.clone(), item.label.clone()))
        .collect();
    let case_figures = case_figures(&case_rows, year, &relations);
    let evictions = (case_figures.cases, case_figures.offered_within_48h);
    let f = assemble(&rows, &clients, evictions, &catalogue);
    let (people_by_exploitation, people_by_citizenship) = people(db, &filter).await?;
    Ok(AnnualReport {
        year,
        service_id,
        services: service_choices(&catalogue),
        service_type,
        users_by_origin,
        living_with_users,
        clients: f.unique_clients,
        injecting_clients: f.clients_in_group(target_group::INJECTING_USER),
        clients_by_sex: f.clients_by_sex.clone(),
        age_bands: f.age_bands.clone(),
        clients_by_group_sex_age: f.clients_by_group_sex_age.clone(),
        clients_by_drug: f.clients_by_drug.clone(),
        age_sum: f.age_sum,
        ages_known: f.ages_known,
        first_contacts: f.first_contacts,
        contacts: f.contacts,
        exchanges: f.exchanges,
        syringes_given: f.syringes_given,
        syringes_returned: f.syringes_returned,
        gelatin_capsules: f
            .materials
            .iter()
            .filter(|l| l.code == CAPSULES)
            .map(|l| l.count)
            .sum(),
        tests: f
            .service_acts
            .iter()
            .filter(|l| INFECTION_TEST_ACTS.contains(&l.code.as_str()))
            .chain(
                f.tests
                    .iter()
                    .filter(|l| tested(&l.code, &TestType::INFECTIONS)),
            )
            .map(|l| l.count)
            .sum(),
        urine_tests: f
            .tests
            .iter()
            .filter(|l| tested(&l.code, &[TestType::UrineDrugs]))
            .map(|l| l.count)
            .sum(),
        tests_by_type: f.tests.clone(),
        crisis_visits: f.crisis_visits,
        interventions: f.interventions.clone(),
        clients_by_district: district_lines(&by_district),
        refusals: f.refusals_total(),
        people_by_exploitation,
        people_by_citizenship,
        direct_minutes: f.direct_minutes,
        contact_forms: f.contact_forms.clone(),
        roles: f.roles.clone(),
        missed_meetings: f.missed_meetings.clone(),
        cases: case_figures,
        consultations: f.consultations.clone(),
        hidden: Vec::new(),
    })
}

/// Every origin, then the users whose origin was not given.
fn origin_lines(counts: &[(String, i64)]) -> Vec<Line> {
    Origin::ALL
        .iter()
        .map(wire_name)
        .chain(std::iter::once(String::new()))
        .map(|code| Line {
            count: counts
                .iter()
                .find(|(known, _)| *known == code)
                .map_or(0, |(_, n)| *n),
            label: code.clone(),
            code,
        })
        .collect()
}

/// Districts in the list's order, then the clients never asked.
fn district_lines(counts: &[(String, i64)]) -> Vec<Line> {
    use crate::records::district::DISTRICTS;
    let count = |code: &str| {
        counts
            .iter()
            .find(|(known, _)| known == code)
            .map_or(0, |(_, n)| *n)
    };
    DISTRICTS
        .iter()
        .map(|(code, name)| (*code, *name))
        .chain(std::iter::once(("", "Neuvedeno")))
        .map(|(code, name)| Line {
            code: code.to_owned(),
            label: name.to_owned(),
            count: count(code),
        })
        .filter(|line| line.count > 0)
        .collect()
}

/// Whether a test line (`type/result`) is of one of `types`.
fn tested(code: &str, types: &[TestType]) -> bool {
    let test = code.split('/').next().unwrap_or_default();
    types
        .iter()
        .any(|kind| crate::records::kinds::wire_name(kind) == test)
}

pub const PAGE_SIZE: i64 = 50;
