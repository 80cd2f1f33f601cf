//! The dashboard's figures, assembled from the tallies and the client counts.

use super::clients::{clients_by_group, evictions, ClientTotals};
use super::tallies::{binds, contacts_by_locality, tallies, TallyRow};
use crate::catalogue::{Catalogue, ListKind};
use crate::error::AppError;
use crate::records::kinds::wire_name;
use crate::records::kinds::{
    Citizenship, ConsultationForm, ConsultationType, ContactForm, Exploitation, Kind, OfferMethod,
    OfferOutcome, PrimaryDrug, RefusalReason, Situation, TestDone, TestResult, TestType,
    WorkerRole,
};
use crate::reports::figures::{
    Dashboard, Figures, Filter, GroupSexAge, Line, Point, AGE_BANDS, UNKNOWN,
};
use crate::reports::store::ReportReader;
use crate::reports::SYRINGES;
use crate::services::ServiceType;
use crate::tally::{self, measure};
use chrono::Datelike;
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// Every pair of two lists' values (`code` like `legal/office`), counted.
fn pairs<A: serde::Serialize, B: serde::Serialize>(
    first: &[A],
    second: &[B],
    counts: &HashMap<&str, i64>,
) -> Vec<Line> {
    first
        .iter()
        .flat_map(|a| {
            second.iter().map(move |b| {
                let code = format!("{}/{}", wire_name(a), wire_name(b));
                Line {
                    count: counts.get(code.as_str()).copied().unwrap_or(0),
                    label: code.clone(),
                    code,
                }
            })
        })
        .collect()
}

/// Turns summed tallies, clients and evictions into figures, with list
/// codes labelled from the catalogue; ages are those reached in `year`.
pub fn assemble(
    rows: &[TallyRow],
    clients: &ClientTotals,
    evictions: (i64, i64),
    catalogue: &Catalogue,
) -> Figures {
    let contact_kinds = tally::CONTACT_KINDS.map(Kind::as_str);
    let mut f = Figures::default();
    let mut materials: HashMap<&str, i64> = HashMap::new();
    let mut acts: HashMap<&str, i64> = HashMap::new();
    let mut situations: HashMap<&str, i64> = HashMap::new();
    let mut forms: HashMap<&str, i64> = HashMap::new();
    let mut refusals: HashMap<&str, i64> = HashMap::new();
    let mut roles: HashMap<&str, i64> = HashMap::new();
    let mut exploitation: HashMap<&str, i64> = HashMap::new();
    let mut citizenship: HashMap<&str, i64> = HashMap::new();
    let mut missed: HashMap<&str, i64> = HashMap::new();
    let mut tests: HashMap<&str, i64> = HashMap::new();
    let mut consultations: HashMap<&str, i64> = HashMap::new();
    let mut offers: HashMap<&str, i64> = HashMap::new();
    let mut interventions: HashMap<&str, i64> = HashMap::new();
    for row in rows {
        let is_contact = contact_kinds.contains(&row.kind.as_str());
        match row.measure.as_str() {
            measure::CLIENT_KIND => {
                if is_contact {
                    f.contacts += row.value;
                    if row.code != "code" {
                        f.anonymous_contacts += row.value;
                    }
                }
                if row.kind == Kind::Exchange.as_str() {
                    f.exchanges += row.value;
                }
                if row.kind == Kind::CrisisVisit.as_str() {
                    f.crisis_visits += row.value;
                }
            }
            measure::FIRST_CONTACTS => f.first_contacts += row.value,
            measure::MATERIAL => *materials.entry(&row.code).or_default() += row.value,
            measure::RETURNED => f.syringes_returned += row.value,
            measure::ACT => *acts.entry(&row.code).or_default() += row.value,
            measure::SITUATION => *situations.entry(&row.code).or_default() += row.value,
            measure::FOUND => f.found_syringes += row.value,
            measure::MINUTES => f.direct_minutes += row.value,
            measure::CONTACT_FORM => *forms.entry(&row.code).or_default() += row.value,
            measure::REFUSAL => *refusals.entry(&row.code).or_default() += row.value,
            measure::ROLE => *roles.entry(&row.code).or_default() += row.value,
            measure::EXPLOITATION => *exploitation.entry(&row.code).or_default() += row.value,
            measure::CITIZENSHIP => *citizenship.entry(&row.code).or_default() += row.value,
            measure::INTERPRETER => f.with_interpreter += row.value,
            measure::MISSED => *missed.entry(&row.code).or_default() += row.value,
            measure::TEST => *tests.entry(&row.code).or_default() += row.value,
            measure::CONSULTATION => *consultations.entry(&row.code).or_default() += row.value,
            measure::OFFER => {
                *offers.entry(&row.code).or_default() += row.value;
                if tally::unreached_offers(&row.measure, &row.code) {
                    f.contacts -= row.value;
                    f.anonymous_contacts -= row.value;
                }
            }
            measure::INTERVENTION => *interventions.entry(&row.code).or_default() += row.value,
            _ => {}
        }
    }
    f.syringes_given = materials.get(SYRINGES).copied().unwrap_or(0);
    f.materials = lines(catalogue, ListKind::Material, &materials);
    f.service_acts = lines(catalogue, ListKind::ServiceAct, &acts);
    f.interventions = lines(catalogue, ListKind::Intervention, &interventions);
    f.contact_forms = value_lines(&ContactForm::ALL, &forms);
    f.situations = value_lines(&Situation::ALL, &situations);
    f.situations.retain(|line| line.count != 0);
    f.refusals = value_lines(&RefusalReason::ALL, &refusals);
    f.roles = value_lines(&WorkerRole::ALL, &roles);
    f.exploitation = value_lines(&Exploitation::ALL, &exploitation);
    f.citizenship = value_lines(&Citizenship::ALL, &citizenship);
    f.tests = TestType::ALL
        .iter()
        .flat_map(|test| {
            [Some(TestResult::Negative), Some(TestResult::Positive), None].map(|result| {
                let code = TestDone {
                    test: *test,
                    result,
                }
                .code();
                let count = tests.get(code.as_str()).copied().unwrap_or(0);
                Line {
                    label: code.clone(),
                    code,
                    count,
                }
            })
        })
        .collect();
    f.consultations = pairs(
        &ConsultationType::ALL,
        &ConsultationForm::ALL,
        &consultations,
    );
    f.offers = pairs(&OfferMethod::ALL, &OfferOutcome::ALL, &offers);
    f.missed_meetings = ["cancelled", "no_show"]
        .map(|code| Line {
            code: code.to_owned(),
            label: code.to_owned(),
            count: missed.get(code).copied().unwrap_or(0),
        })
        .to_vec();
    f.unique_clients = clients.clients;
    f.age_sum = clients.age_sum;
    f.ages_known = clients.ages_known;
    let by_group: HashMap<&str, i64> = clients
        .by_group
        .iter()
        .filter(|(code, _)| !code.is_empty())
        .map(|(code, count)| (code.as_str(), *count))
        .collect();
    f.clients_by_group = lines(catalogue, ListKind::TargetGroup, &by_group);
    f.clients_without_group = f.unique_clients
        - f.clients_by_group
            .iter()
            .map(|line| line.count)
            .sum::<i64>();
    // Every line listed, what is not known last.
    let with_unknown = |codes: Vec<String>, count: &dyn Fn(&str) -> i64| -> Vec<Line> {
        let mut lines: Vec<Line> = codes
            .into_iter()
            .map(|code| Line {
                label: code.clone(),
                count: count(&code),
                code,
            })
            .collect();
        let given: i64 = lines.iter().map(|line| line.count).sum();
        lines.push(Line {
            code: UNKNOWN.to_owned(),
            label: UNKNOWN.to_owned(),
            count: f.unique_clients - given,
        });
        lines
    };
    f.clients_by_sex = with_unknown(vec!["female".to_owned(), "male".to_owned()], &|code| {
        clients.by_sex.get(code).copied().unwrap_or(0)
    });
    f.clients_by_drug = with_unknown(PrimaryDrug::ALL.iter().map(wire_name).collect(), &|code| {
        clients.by_drug.get(code).copied().unwrap_or(0)
    });
    f.age_bands = with_unknown(
        AGE_BANDS
            .iter()
            .map(|(_, code)| (*code).to_owned())
            .collect(),
        &|code| clients.by_band.get(code).copied().unwrap_or(0),
    );
    // The groups in list order, those no longer listed after them, and the
    // clients without one last.
    let mut groups: Vec<(String, String)> = f
        .clients_by_group
        .iter()
        .map(|line| (line.code.clone(), line.label.clone()))
        .collect();
    let mut unlisted: Vec<String> = clients
        .by_group_sex_band
        .keys()
        .map(|(group, _, _)| group.clone())
        .filter(|group| !group.is_empty() && !groups.iter().any(|(code, _)| code == group))
        .collect();
    unlisted.sort_unstable();
    unlisted.dedup();
    groups.extend(unlisted.into_iter().map(|code| (code.clone(), code)));
    groups.push((String::new(), String::new()));
    for (group, label) in groups {
        for sex in ["female", "male", UNKNOWN] {
            let bands: Vec<i64> = AGE_BANDS
                .iter()
                .map(|(_, band)| *band)
                .chain([UNKNOWN])
                .map(|band| {
                    let key = (group.clone(), sex.to_owned(), band);
                    clients.by_group_sex_band.get(&key).copied().unwrap_or(0)
                })
                .collect();
            if bands.iter().any(|n| *n != 0) {
                f.clients_by_group_sex_age.push(GroupSexAge {
                    group: group.clone(),
                    label: label.clone(),
                    sex: sex.to_owned(),
                    bands,
                });
            }
        }
    }
    (f.eviction_cases, f.eviction_cases_within_48h) = evictions;
    f
}

/// Lines in list order, then any codes no longer in the list; zero lines
/// are left out.
fn lines(catalogue: &Catalogue, list: ListKind, counts: &HashMap<&str, i64>) -> Vec<Line> {
    let mut out: Vec<Line> = catalogue
        .list(list)
        .map(|item| Line {
            code: item.code.clone(),
            label: item.label.clone(),
            count: counts.get(item.code.as_str()).copied().unwrap_or(0),
        })
        .collect();
    let mut unknown: Vec<_> = counts
        .iter()
        .filter(|(code, _)| !out.iter().any(|l| l.code == **code))
        .map(|(code, count)| Line {
            code: (*code).to_owned(),
            label: (*code).to_owned(),
            count: *count,
        })
        .collect();
    unknown.sort_by(|a, b| a.code.cmp(&b.code));
    out.extend(unknown);
    out.retain(|line| line.count != 0);
    out
}

/// Everything the dashboard shows.
pub async fn dashboard(db: &mut dyn ReportReader, filter: Filter) -> Result<Dashboard, AppError> {
    let catalogue = db.catalogue().await?;
    let rows = tallies(db, &filter).await?;
    let clients = clients_by_group(db, &filter, filter.range.to.year()).await?;
    let evictions = evictions(db, &filter).await?;
    let figures = assemble(&rows, &clients, evictions, &catalogue);

    let contact_kinds = tally::CONTACT_KINDS.map(Kind::as_str);
    let mut points: BTreeMap<String, Point> = filter
        .range
        .bucket_keys()
        .into_iter()
        .map(|bucket| {
            (
                bucket.clone(),
                Point {
                    bucket,
                    ..Point::default()
                },
            )
        })
        .collect();
    for row in &rows {
        let Some(point) = points.get_mut(&row.bucket) else {
            continue;
        };
        match (row.measure.as_str(), row.kind.as_str()) {
            // A crisis visit is a contact and also counted on its own.
            (measure::CLIENT_KIND, kind) => {
                if contact_kinds.contains(&kind) {
                    point.contacts += row.value;
                }
                if kind == Kind::CrisisVisit.as_str() {
                    point.crisis_visits += row.value;
                }
            }
            (measure, _) if tally::unreached_offers(measure, &row.code) => {
                point.contacts -= row.value;
            }
            (measure::MATERIAL, _) if row.code == SYRINGES => point.syringes_given += row.value,
            (measure::RETURNED, _) => point.syringes_returned += row.value,
            _ => {}
        }
    }
    let by_locality = contacts_by_locality(db, &filter).await?;
    let by_locality: HashMap<&str, i64> = by_locality
        .iter()
        .map(|(code, n)| (code.as_str(), *n))
        .collect();
    let contacts_by_locality = lines(&catalogue, ListKind::Locality, &by_locality);
    // People, not contacts, are crisis help's key figure; they take a query
    // of their own, made only where they are shown.
    let crisis_help = catalogue.services.iter().any(|service| {
        Some(service.id) == filter.service_id && service.service_type == ServiceType::CrisisHelp
    });
    let (people_by_exploitation, people_by_citizenship) = if crisis_help {
        people(db, &filter).await?
    } else {
        Default::default()
    };
    let mut service_types: Vec<ServiceType> = Vec::new();
    for service in &catalogue.services {
        let shown = match filter.service_id {
            Some(id) => service.id == id,
            None => service.active,
        };
        if shown && !service_types.contains(&service.service_type) {
            service_types.push(service.service_type);
        }
    }
    Ok(Dashboard {
        service_types,
        localities: catalogue
            .list(ListKind::Locality)
            .map(|item| (item.code.clone(), item.label.clone()))
            .collect(),
        workers: db.workers().await?,
        services: service_choices(&catalogue),
        filter,
        figures,
        over_time: points.into_values().collect(),
        contacts_by_locality,
        people_by_exploitation,
        people_by_citizenship,
    })
}

/// Unique people by form of exploitation and by citizenship group, every
/// value listed.
pub(super) async fn people(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<(Vec<Line>, Vec<Line>), AppError> {
    let rows = db.people_by_particulars(&binds(filter)).await?;
    let by = |dimension: &str| -> HashMap<&str, i64> {
        rows.iter()
            .filter(|(d, _, _)| d == dimension)
            .map(|(_, value, n)| (value.as_str(), *n))
            .collect()
    };
    Ok((
        value_lines(&Exploitation::ALL, &by("exploitation")),
        value_lines(&Citizenship::ALL, &by("citizenship")),
    ))
}

/// The services, for the service filter.
pub(super) fn service_choices(catalogue: &Catalogue) -> Vec<(i64, String)> {
    catalogue
        .services
        .iter()
        .map(|service| (service.id, service.name.clone()))
        .collect()
}

/// Accounts that have synced records, for the worker filter
/// ([`ReportReader::workers`] on SQLite).
pub async fn workers(db: &mut SqliteConnection) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", display_name FROM users
           WHERE EXISTS (SELECT 1 FROM tallies WHERE grain = 'month' AND worker_id = users.id)
           ORDER BY display_name COLLATE NOCASE"#
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.display_name)).collect())
}

/// One line per value of a compiled-in list, in its order, counted under
/// the value's wire name; the page names each in its language.
pub(super) fn value_lines<T: serde::Serialize>(
    values: &[T],
    counts: &HashMap<&str, i64>,
) -> Vec<Line> {
    values
        .iter()
        .map(|value| {
            let code = crate::records::kinds::wire_name(value);
            let count = counts.get(code.as_str()).copied().unwrap_or(0);
            Line {
                label: code.clone(),
                code,
                count,
            }
        })
        .collect()
}
