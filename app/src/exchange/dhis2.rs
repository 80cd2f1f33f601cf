//! DHIS2's `dataValueSets` JSON, one data set a file, to import with
//! `idScheme=CODE`: the data set and the year (DHIS2's yearly period) at
//! the top, each value with its data element, the category option
//! combination's DHIS2 code ([`super::values::dhis2_combination`], `default`
//! for none) and the service's registry identifier as the org unit's code.
//! DHIS2 has no hidden value: a hidden cell is left out (not reported) and
//! named in `teren:suppressed` so nobody reads the gap as zero; named only,
//! with no range, so a small cell and the partner hidden with it look
//! alike.

use super::values::{Cell, Group};
use serde_json::{json, Value};

/// The values of `dataset` in `groups`, for `year`.
pub fn write(groups: &[Group], dataset: &str, year: i32) -> Value {
    let mut values = Vec::new();
    let mut suppressed = Vec::new();
    for group in groups.iter().filter(|g| g.dataset == dataset) {
        for value in &group.values {
            let base = json!({
                "period": group.year.to_string(),
                "orgUnit": group.org_unit,
                "dataElement": value.element,
                "categoryOptionCombo": super::values::dhis2_combination(&value.disaggregation),
            });
            match value.cell {
                Cell::Count(n) => {
                    let mut row = base;
                    row["value"] = json!(n.to_string());
                    values.push(row);
                }
                Cell::Hidden { .. } | Cell::Withheld(_) => suppressed.push(base),
            }
        }
    }
    json!({
        "dataSet": dataset,
        "period": year.to_string(),
        "dataValues": values,
        "teren:suppressed": suppressed,
    })
}
