//! An umbrella's published tables for a year: every cell its members'
//! services sent, summed nationally, per region and per type of service,
//! then protected as one set ([`super::protect`]): small counts of people
//! hidden, and whatever else would let a hidden cell, or a cell a service
//! hid itself, be worked out from the published tables and what each
//! service publishes of its own.

pub use super::api::Shown;
use super::codes::{self, Dim};
use super::protect;
use super::store::{Member, Received};
use super::values::{combination, Cell};
use crate::services::ServiceType;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One published table: national, a region's or a type of service's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    National,
    Region(usize),
    Type(ServiceType),
}

impl Column {
    /// As an address parameter: `cr`, a region's code, a type's code.
    pub fn code(self) -> String {
        match self {
            Column::National => "CZ".to_owned(),
            Column::Region(at) => codes::REGIONS[at].0.to_owned(),
            Column::Type(t) => t.as_str().to_owned(),
        }
    }

    pub fn parse(code: &str) -> Option<Column> {
        if code == "CZ" || code.is_empty() {
            return Some(Column::National);
        }
        if let Some(at) = codes::REGIONS.iter().position(|(c, _)| *c == code) {
            return Some(Column::Region(at));
        }
        ServiceType::parse(code).map(Column::Type)
    }

    pub fn label(self) -> String {
        match self {
            Column::National => "Česká republika".to_owned(),
            Column::Region(at) => codes::REGIONS[at].1.to_owned(),
            Column::Type(t) => codes::service_type_label(t).to_owned(),
        }
    }
}

/// A row: a data set's element with one disaggregation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Key {
    pub dataset: String,
    pub element: String,
    pub disaggregation: Vec<(Dim, String)>,
}

impl Key {
    pub fn label(&self) -> String {
        let element = codes::element_of(&self.element).map_or(self.element.as_str(), |e| e.label);
        if self.disaggregation.is_empty() {
            return element.to_owned();
        }
        let options: Vec<String> = self
            .disaggregation
            .iter()
            .map(|(dim, option)| {
                dim.options()
                    .into_iter()
                    .find(|(code, _)| code == option)
                    .map_or_else(|| option.clone(), |(_, label)| label)
            })
            .collect();
        format!("{element}: {}", options.join(", "))
    }

    pub fn people(&self) -> bool {
        codes::element_of(&self.element).is_some_and(|e| e.people)
    }
}

/// The year's published set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tables {
    pub year: i32,
    /// Rows in code-list order.
    pub keys: Vec<Key>,
    pub columns: Vec<Column>,
    /// `cells[column][row]`.
    pub cells: Vec<Vec<Shown>>,
    /// The services counted in each column.
    pub services: Vec<usize>,
}

impl Tables {
    pub fn column(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }
}

fn region_at(code: &str) -> Option<usize> {
    codes::REGIONS.iter().position(|(c, _)| *c == code)
}

/// Sorts keys as the code list lists data sets, elements and options.
fn order(key: &Key) -> (usize, usize, Vec<usize>) {
    let set = codes::DATASETS
        .iter()
        .position(|s| s.code == key.dataset)
        .unwrap_or(usize::MAX);
    let element = codes::DATASETS
        .get(set)
        .and_then(|s| s.elements.iter().position(|e| *e == key.element))
        .unwrap_or(usize::MAX);
    let options = key
        .disaggregation
        .iter()
        .map(|(dim, option)| {
            dim.options()
                .iter()
                .position(|(code, _)| code == option)
                .unwrap_or(usize::MAX)
        })
        .collect();
    (set, element, options)
}

/// [`tables`] off the request's thread, and kept: the protection of a
/// large umbrella's year takes seconds, and its tables change only when a
/// member sends again (a new message) or the members change. A fingerprint
/// of what they are made of names them, so no stale table is served.
pub async fn cached(
    year: i32,
    members: Vec<Member>,
    received: Vec<Received>,
) -> Result<Arc<Tables>, crate::error::AppError> {
    use std::hash::{Hash, Hasher};
    static MADE: Mutex<Vec<(u64, Arc<Tables>)>> = Mutex::new(Vec::new());
    // A few years of a few umbrellas on one server.
    const KEPT: usize = 8;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    year.hash(&mut hasher);
    for m in &members {
        (&m.code, &m.region).hash(&mut hasher);
    }
    for r in &received {
        (&r.member, r.year, &r.message, &r.exported).hash(&mut hasher);
    }
    let fingerprint = hasher.finish();
    let known = MADE.lock().ok().and_then(|made| {
        made.iter()
            .find(|(f, _)| *f == fingerprint)
            .map(|(_, t)| t.clone())
    });
    if let Some(tables) = known {
        return Ok(tables);
    }
    let made = tokio::task::spawn_blocking(move || Arc::new(tables(year, &members, &received)))
        .await
        .map_err(|error| {
            tracing::error!(%error, "the umbrella's protection stopped");
            crate::error::AppError::Internal
        })?;
    if let Ok(mut kept) = MADE.lock() {
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((fingerprint, made.clone()));
    }
    Ok(made)
}

pub fn tables(year: i32, members: &[Member], received: &[Received]) -> Tables {
    let region_of: HashMap<&str, Option<usize>> = members
        .iter()
        .map(|m| (m.code.as_str(), region_at(&m.region)))
        .collect();
    // Every service's cells: (service, key) → cell.
    let mut services: Vec<(Option<usize>, ServiceType)> = Vec::new();
    let mut parts: Vec<(usize, Key, Cell)> = Vec::new();
    for message in received {
        let region = region_of.get(message.member.as_str()).copied().flatten();
        let mut units: HashMap<&str, usize> = HashMap::new();
        for group in &message.groups {
            let Some(service_type) = ServiceType::parse(&group.service_type) else {
                continue;
            };
            let service = *units.entry(group.org_unit.as_str()).or_insert_with(|| {
                services.push((region, service_type));
                services.len() - 1
            });
            for value in &group.values {
                parts.push((
                    service,
                    Key {
                        dataset: group.dataset.clone(),
                        element: value.element.clone(),
                        disaggregation: value.disaggregation.clone(),
                    },
                    value.cell,
                ));
            }
        }
    }
    let mut keys: Vec<Key> = parts
        .iter()
        .map(|(_, key, _)| key)
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .cloned()
        .collect();
    keys.sort_by_cached_key(order);
    let key_at: HashMap<&Key, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();

    let mut columns = vec![Column::National];
    let mut regions: Vec<usize> = services.iter().filter_map(|(r, _)| *r).collect();
    regions.sort_unstable();
    regions.dedup();
    columns.extend(regions.into_iter().map(Column::Region));
    let mut types: Vec<ServiceType> = services.iter().map(|(_, t)| *t).collect();
    types.sort_by_key(|t| ServiceType::ALL.iter().position(|x| x == t));
    types.dedup();
    columns.extend(types.into_iter().map(Column::Type));
    let in_column = |column: Column, service: usize| match column {
        Column::National => true,
        Column::Region(at) => services[service].0 == Some(at),
        Column::Type(t) => services[service].1 == t,
    };

    // The withheld counts are the unknowns of the protection; a sum with
    // a count sent only as its range is not known here, so it is hidden.
    let mut withheld: Vec<i64> = Vec::new();
    let mut by_service: HashMap<(usize, usize), Part> = HashMap::new();
    let mut sums: Vec<protect::Sum> = (0..columns.len() * keys.len())
        .map(|at| protect::Sum {
            parts: Vec::new(),
            value: 0,
            people: keys[at % keys.len()].people(),
        })
        .collect();
    let mut unknown = vec![false; sums.len()];
    for (service, key, cell) in &parts {
        let row = key_at[key];
        let part = match cell {
            Cell::Count(n) => Part::Public(*n),
            Cell::Withheld(n) => {
                withheld.push(*n);
                Part::Withheld(withheld.len() - 1)
            }
            Cell::Hidden { .. } => Part::Range,
        };
        by_service.insert((*service, row), part);
        for (c, column) in columns.iter().enumerate() {
            if !in_column(*column, *service) {
                continue;
            }
            let at = c * keys.len() + row;
            match (part, cell.exact()) {
                (Part::Withheld(p), _) => sums[at].parts.push(p),
                (_, None) => unknown[at] = true,
                _ => {}
            }
            sums[at].value += cell.min();
        }
    }
    let relations = own_relations(&keys, services.len(), &by_service);
    for at in (0..sums.len()).filter(|&at| unknown[at]) {
        // Out of the protection: hidden, and no relation of counts known.
        sums[at].parts.clear();
    }
    let protection = protect::protect(&withheld, &relations, &sums);
    if !protection.given_away.is_empty() || !protection.exposed.is_empty() {
        tracing::warn!(
            year,
            given_away = protection.given_away.len(),
            exposed = protection.exposed.len(),
            "withheld counts that a member's own figures give away"
        );
    }

    let cells = (0..columns.len())
        .map(|c| {
            (0..keys.len())
                .map(|row| {
                    let at = c * keys.len() + row;
                    if unknown[at] || protection.hidden[at] {
                        Shown::Hidden
                    } else {
                        Shown::Count(sums[at].value)
                    }
                })
                .collect()
        })
        .collect();
    let counted = columns
        .iter()
        .map(|column| {
            (0..services.len())
                .filter(|s| in_column(*column, *s))
                .count()
        })
        .collect();
    Tables {
        year,
        keys,
        columns,
        cells,
        services: counted,
    }
}

/// A service's cell as the protection sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Public(i64),
    /// The index of a withheld count.
    Withheld(usize),
    /// Sent as a range only.
    Range,
}

/// Each service's relations between its withheld counts: its totals are
/// the sums of their parts, a figure two parts both carry is one number,
/// and a part is at most its whole ([`codes::AT_MOST`]). Public counts move
/// to the right-hand side; a relation with a count sent only as a range
/// binds nothing the protection knows.
fn own_relations(
    keys: &[Key],
    services: usize,
    by_service: &HashMap<(usize, usize), Part>,
) -> Vec<protect::Relation> {
    let mut out = Vec::new();
    for (template, exact) in templates(keys) {
        for service in 0..services {
            // A total the service did not send binds nothing; a part it
            // did not send is a 0 (it sends every option); a copy or a
            // bound needs both.
            let sent = |row: usize| by_service.contains_key(&(service, row));
            if !sent(template[0].0) || (template.len() == 2 && !sent(template[1].0)) {
                continue;
            }
            let (mut terms, mut rhs) = (Vec::new(), 0);
            let mut ranged = false;
            for &(row, k) in &template {
                match by_service.get(&(service, row)) {
                    Some(Part::Withheld(p)) => terms.push((*p, k)),
                    Some(Part::Public(n)) => rhs -= k * n,
                    Some(Part::Range) => ranged = true,
                    None => {}
                }
            }
            if !ranged && !terms.is_empty() {
                out.push(protect::Relation { terms, rhs, exact });
            }
        }
    }
    out
}

/// The relations between rows every service keeps, as (row, coefficient)
/// terms summing to 0 (exact) or at most 0.
fn templates(keys: &[Key]) -> Vec<(Vec<(usize, i64)>, bool)> {
    let mut out = Vec::new();
    // A figure two parts both carry (the clients in the *výkaz* and in the
    // NMS report) is the same number.
    // Ordered, so the same figures always give the same hidden cells.
    let mut carried: std::collections::BTreeMap<(&str, String), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (at, key) in keys.iter().enumerate() {
        carried
            .entry((key.element.as_str(), combination(&key.disaggregation)))
            .or_default()
            .push(at);
    }
    for rows in carried.values() {
        for pair in rows.windows(2) {
            out.push((vec![(pair[0], 1), (pair[1], -1)], true));
        }
    }
    for (part, total) in codes::ADDS_UP {
        let total_dims: &[Dim] = codes::element_of(total).map_or(&[], |e| e.dims);
        for (t, total_key) in keys.iter().enumerate().filter(|(_, k)| k.element == total) {
            let parts: Vec<usize> = keys
                .iter()
                .enumerate()
                .filter(|(_, k)| {
                    k.element == part
                        && k.dataset == total_key.dataset
                        && total_dims.iter().all(|dim| {
                            option(k, *dim).is_some() && option(k, *dim) == option(total_key, *dim)
                        })
                })
                .map(|(at, _)| at)
                .collect();
            if !parts.is_empty() {
                let mut terms = vec![(t, 1)];
                terms.extend(parts.iter().map(|&p| (p, -1)));
                out.push((terms, true));
            }
        }
    }
    for (part, whole) in codes::AT_MOST {
        for (w, whole_key) in keys.iter().enumerate().filter(|(_, k)| k.element == whole) {
            for (p, _) in keys
                .iter()
                .enumerate()
                .filter(|(_, k)| k.element == part && k.dataset == whole_key.dataset)
            {
                // Written part − whole ≤ 0, the whole first as the one
                // that must be sent.
                out.push((vec![(w, -1), (p, 1)], false));
            }
        }
    }
    out
}

fn option(key: &Key, dim: Dim) -> Option<&str> {
    key.disaggregation
        .iter()
        .find(|(d, _)| *d == dim)
        .map(|(_, o)| o.as_str())
}

/// The key a value of a group has, for tests and downloads.
pub fn key_of(dataset: &str, element: &str, disaggregation: &[(Dim, String)]) -> String {
    format!("{dataset}/{element}/{}", combination(disaggregation))
}
