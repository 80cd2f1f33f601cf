//! DHIS2's `dataValueSets` JSON, to import with `idScheme=CODE`: the
//! code list's data elements and category option combinations (`SEX=female`,
//! `default` for none) by code, the service's registry identifier as the
//! org unit's code, the year as DHIS2's yearly period. DHIS2 has no hidden
//! value: a hidden cell is left out (not reported) and named in
//! `teren:suppressed` so nobody reads the gap as zero; named only, with no
//! range, so a small cell and the partner hidden with it look alike.

use super::values::{Cell, Group};
use serde_json::{json, Value};

pub fn write(groups: &[Group]) -> Value {
    let mut values = Vec::new();
    let mut suppressed = Vec::new();
    for group in groups {
        for value in &group.values {
            let base = json!({
                "dataSet": group.dataset,
                "period": group.year.to_string(),
                "orgUnit": group.org_unit,
                "dataElement": value.element,
                "categoryOptionCombo": value.combination(),
            });
            match value.cell {
                Cell::Count(n) => {
                    let mut row = base;
                    row["value"] = json!(n.to_string());
                    values.push(row);
                }
                Cell::Hidden { .. } => suppressed.push(base),
            }
        }
    }
    json!({ "dataValues": values, "teren:suppressed": suppressed })
}
