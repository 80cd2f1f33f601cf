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
use std::collections::{BTreeMap, HashMap};

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

pub fn tables(year: i32, members: &[Member], received: &[Received]) -> Tables {
    let region_of: HashMap<&str, Option<usize>> = members
        .iter()
        .map(|m| (m.code.as_str(), region_at(&m.region)))
        .collect();
    // Every service's cells: (service, key) → cell.
    let mut services: Vec<(Option<usize>, ServiceType)> = Vec::new();
    let mut parts: Vec<(usize, Key, Cell, bool)> = Vec::new();
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
                    message.suppressed,
                ));
            }
        }
    }
    let mut keys: Vec<Key> = parts.iter().map(|(_, key, _, _)| key.clone()).collect();
    keys.sort_by_key(order);
    keys.dedup();
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

    // The cells the protection sees: the published ones first, then every
    // service's.
    let published = columns.len() * keys.len();
    let mut cells: Vec<protect::Cell> = Vec::with_capacity(published + parts.len());
    let mut sums: Vec<Option<(i64, i64, bool)>> = vec![None; published];
    for (service, key, cell, _) in &parts {
        let row = key_at[key];
        for (c, column) in columns.iter().enumerate() {
            if in_column(*column, *service) {
                let sum = sums[c * keys.len() + row].get_or_insert((0, 0, true));
                sum.0 += cell.min();
                sum.1 += cell.max();
                sum.2 &= cell.exact().is_some();
            }
        }
    }
    for c in 0..columns.len() {
        for (row, key) in keys.iter().enumerate() {
            let value = match sums[c * keys.len() + row] {
                Some((low, _, true)) => Some(low),
                Some(_) => None,
                None => Some(0),
            };
            cells.push(protect::Cell {
                value,
                published: true,
                public: true,
                people: key.people(),
            });
        }
    }
    let mut equations: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
    let mut by_service: HashMap<(usize, usize), usize> = HashMap::new();
    for (service, key, cell, suppressed) in &parts {
        let at = cells.len();
        let row = key_at[key];
        by_service.insert((*service, row), at);
        // What the service publishes itself: everything it sent shown, or
        // (sent unsuppressed) what its own report would show.
        let public = match cell.exact() {
            Some(n) => *suppressed || !(key.people() && (1..=4).contains(&n)),
            None => false,
        };
        cells.push(protect::Cell {
            value: cell.exact(),
            published: false,
            public,
            people: key.people(),
        });
        for (c, column) in columns.iter().enumerate() {
            if in_column(*column, *service) {
                equations
                    .entry(c * keys.len() + row)
                    .or_insert_with(|| vec![(c * keys.len() + row, 1)])
                    .push((at, -1));
            }
        }
    }
    let mut equations: Vec<Vec<(usize, i64)>> = equations.into_values().collect();
    equations.extend(adding_up(&keys, services.len(), &by_service));
    let hidden = protect::protect(&cells, &equations);

    let cells = (0..columns.len())
        .map(|c| {
            (0..keys.len())
                .map(|row| {
                    let at = c * keys.len() + row;
                    // A sum with a part its service hid is hidden too, not
                    // shown as the range it lies in: a published range less
                    // another member's exact count would give the part away.
                    match (sums[at], hidden[at]) {
                        (Some((_, _, false)), _) | (_, true) => Shown::Hidden,
                        (Some((low, _, _)), false) => Shown::Count(low),
                        (None, false) => Shown::Count(0),
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

/// Each service's totals as the sums of their parts ([`codes::ADDS_UP`]).
fn adding_up(
    keys: &[Key],
    services: usize,
    by_service: &HashMap<(usize, usize), usize>,
) -> Vec<Vec<(usize, i64)>> {
    let mut equations = Vec::new();
    // A figure two parts both carry (the clients in the *výkaz* and in the
    // NMS report) is the same number.
    for (a, first) in keys.iter().enumerate() {
        for (b, second) in keys.iter().enumerate().skip(a + 1) {
            if first.element != second.element || first.disaggregation != second.disaggregation {
                continue;
            }
            for service in 0..services {
                if let (Some(&x), Some(&y)) =
                    (by_service.get(&(service, a)), by_service.get(&(service, b)))
                {
                    equations.push(vec![(x, 1), (y, -1)]);
                }
            }
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
            if parts.is_empty() {
                continue;
            }
            for service in 0..services {
                let Some(&whole) = by_service.get(&(service, t)) else {
                    continue;
                };
                let mut equation = vec![(whole, 1)];
                equation.extend(
                    parts
                        .iter()
                        .filter_map(|p| by_service.get(&(service, *p)))
                        .map(|&cell| (cell, -1)),
                );
                equations.push(equation);
            }
        }
    }
    equations
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
