//! The dashboard's figures, assembled from the tallies and the client counts.

use super::clients::{clients_by_group, evictions};
use super::tallies::{contacts_by_locality, tallies, TallyRow};
use crate::catalogue::{self, Catalogue, ListKind};
use crate::error::AppError;
use crate::records::kinds::{
    Citizenship, ContactForm, Exploitation, Kind, RefusalReason, Situation, TargetGroup, WorkerRole,
};
use crate::reports::figures::{Dashboard, Figures, Filter, Line, Point};
use crate::reports::SYRINGES;
use crate::tally::{self, measure};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// Turns summed tallies, clients and evictions into figures, with list
/// codes labelled from the catalogue.
pub fn assemble(
    rows: &[TallyRow],
    clients: &[(String, i64)],
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
            _ => {}
        }
    }
    f.syringes_given = materials.get(SYRINGES).copied().unwrap_or(0);
    f.materials = lines(catalogue, ListKind::Material, &materials);
    f.service_acts = lines(catalogue, ListKind::ServiceAct, &acts);
    f.contact_forms = value_lines(&ContactForm::ALL, &forms);
    f.situations = value_lines(&Situation::ALL, &situations);
    f.situations.retain(|line| line.count != 0);
    f.refusals = value_lines(&RefusalReason::ALL, &refusals);
    f.roles = value_lines(&WorkerRole::ALL, &roles);
    f.exploitation = value_lines(&Exploitation::ALL, &exploitation);
    f.citizenship = value_lines(&Citizenship::ALL, &citizenship);
    f.missed_meetings = ["cancelled", "no_show"]
        .map(|code| Line {
            code: code.to_owned(),
            label: code.to_owned(),
            count: missed.get(code).copied().unwrap_or(0),
        })
        .to_vec();
    for (group, count) in clients {
        f.unique_clients += count;
        match TargetGroup::ALL
            .iter()
            .find(|g| crate::records::kinds::wire_name(*g) == *group)
        {
            Some(g) => f.clients_by_group.push((*g, *count)),
            None => f.clients_without_group += count,
        }
    }
    f.clients_by_group
        .sort_by_key(|(g, _)| TargetGroup::ALL.iter().position(|x| x == g));
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
pub async fn dashboard(db: &mut SqliteConnection, filter: Filter) -> Result<Dashboard, AppError> {
    let catalogue = catalogue::db::load(&mut *db).await?;
    let rows = tallies(&mut *db, &filter).await?;
    let clients = clients_by_group(&mut *db, &filter).await?;
    let evictions = evictions(&mut *db, &filter).await?;
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
            (measure::CLIENT_KIND, kind) if contact_kinds.contains(&kind) => {
                point.contacts += row.value;
            }
            (measure::CLIENT_KIND, "crisis_visit") => point.crisis_visits += row.value,
            (measure::MATERIAL, _) if row.code == SYRINGES => point.syringes_given += row.value,
            (measure::RETURNED, _) => point.syringes_returned += row.value,
            _ => {}
        }
    }
    let by_locality = contacts_by_locality(&mut *db, &filter).await?;
    let by_locality: HashMap<&str, i64> = by_locality
        .iter()
        .map(|(code, n)| (code.as_str(), *n))
        .collect();
    let contacts_by_locality = lines(&catalogue, ListKind::Locality, &by_locality);
    Ok(Dashboard {
        localities: catalogue
            .list(ListKind::Locality)
            .map(|item| (item.code.clone(), item.label.clone()))
            .collect(),
        workers: workers(&mut *db).await?,
        services: service_choices(&catalogue),
        filter,
        figures,
        over_time: points.into_values().collect(),
        contacts_by_locality,
    })
}

/// The services, for the service filter.
pub(super) fn service_choices(catalogue: &Catalogue) -> Vec<(i64, String)> {
    catalogue
        .services
        .iter()
        .map(|service| (service.id, service.name.clone()))
        .collect()
}

/// Accounts that have synced records, for the worker filter.
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
fn value_lines<T: serde::Serialize>(values: &[T], counts: &HashMap<&str, i64>) -> Vec<Line> {
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
