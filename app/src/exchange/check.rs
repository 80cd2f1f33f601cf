//! What an umbrella checks of every message before it keeps any of it:
//! one year, each service's parts once and owed by its type, each value
//! once, whole counts, parts adding up to their totals and no part above
//! its whole (with hidden cells, their ranges must allow it), and hidden
//! counts sent one way only.

use super::adx::Refused;
use super::codes::{self, Dim};
use super::values::{Cell, Group, Value};
use crate::services::ServiceType;
use std::collections::{BTreeMap, HashSet};

fn refuse<T>(why: String) -> Result<T, Refused> {
    Err(Refused(why))
}

pub fn check(groups: &[Group]) -> Result<i32, Refused> {
    let Some(first) = groups.first() else {
        return refuse("the message has no figures".into());
    };
    let year = first.year;
    // The umbrella protects withheld counts by knowing them and ranges by
    // hiding every sum they are in: a message is one or the other.
    let values = || groups.iter().flat_map(|g| &g.values);
    if values().any(|v| matches!(v.cell, Cell::Hidden { .. }))
        && values().any(|v| matches!(v.cell, Cell::Withheld(_)))
    {
        return refuse(
            "a message carries hidden counts as ranges (suppressed) or as they are \
             (published=\"false\"), not both"
                .into(),
        );
    }
    let mut parts = HashSet::new();
    for group in groups {
        if group.year != year {
            return refuse(format!(
                "one message is one year: {} and {} both in it",
                year, group.year
            ));
        }
        let Some(service_type) = ServiceType::parse(&group.service_type) else {
            return refuse(format!("unknown service type {:?}", group.service_type));
        };
        if !codes::owed(service_type).contains(&group.dataset.as_str()) {
            return refuse(format!(
                "service {}: a {} does not report {}",
                group.org_unit, group.service_type, group.dataset
            ));
        }
        if !parts.insert((group.org_unit.clone(), group.dataset.clone())) {
            return refuse(format!(
                "service {}: {} sent twice",
                group.org_unit, group.dataset
            ));
        }
        check_group(group)?;
    }
    Ok(year)
}

fn check_group(group: &Group) -> Result<(), Refused> {
    let at = |v: &Value| {
        format!(
            "service {}, {} {}",
            group.org_unit,
            v.element,
            v.combination()
        )
    };
    let mut seen = HashSet::new();
    for value in &group.values {
        if !seen.insert((value.element.clone(), value.combination())) {
            return refuse(format!("{}: sent twice", at(value)));
        }
        if value.cell.min() < 0 || value.cell.max() < value.cell.min() {
            return refuse(format!("{}: not a count of 0 or more", at(value)));
        }
    }
    let cells = |element: &str| -> Vec<&Value> {
        group
            .values
            .iter()
            .filter(|v| v.element == element)
            .collect()
    };
    for (part, total) in codes::ADDS_UP {
        let (parts, totals) = (cells(part), cells(total));
        if parts.is_empty() || totals.is_empty() {
            continue;
        }
        let total_dims: &[Dim] = codes::element_of(total).map_or(&[], |e| e.dims);
        // Parts summed by the coordinates they share with the total.
        let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for value in &parts {
            let key = shared(value, total_dims);
            let sum = sums.entry(key).or_default();
            sum.0 += value.cell.min();
            sum.1 += value.cell.max();
        }
        for whole in &totals {
            let (low, high) = sums
                .get(&shared(whole, total_dims))
                .copied()
                .unwrap_or_default();
            if high < whole.cell.min() || low > whole.cell.max() {
                return refuse(format!(
                    "{}: {} {} does not add up to it ({})",
                    at(whole),
                    part,
                    if low == high {
                        low.to_string()
                    } else {
                        format!("{low}–{high}")
                    },
                    Cell::Count(whole.cell.min()).shown()
                ));
            }
        }
    }
    for (part, whole) in codes::AT_MOST {
        for p in cells(part) {
            for w in cells(whole) {
                if p.cell.min() > w.cell.max() {
                    return refuse(format!(
                        "{}: {} is more than {whole} ({})",
                        at(p),
                        p.cell.min(),
                        w.cell.max()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The value's options for `dims`, as a key.
fn shared(value: &Value, dims: &[Dim]) -> String {
    dims.iter()
        .map(|dim| {
            value
                .disaggregation
                .iter()
                .find(|(d, _)| d == dim)
                .map_or("", |(_, option)| option.as_str())
        })
        .collect::<Vec<_>>()
        .join(";")
}
