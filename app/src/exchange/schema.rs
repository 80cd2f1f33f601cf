//! The ADX data set's own XML schema, made from the code list: the ADX
//! structure (IHE QRPH ADX, `urn:ihe:qrph:adx:2015`) with every code
//! restricted to the list, whole counts only. Published at
//! `/adx/teren.xsd`; the tests validate every file against it with
//! libxml2.

use super::adx::NAMESPACE;
use super::codes::{self, Dim};
use crate::services::ServiceType;

fn enumeration(out: &mut String, name: &str, codes: impl Iterator<Item = String>) {
    out.push_str(&format!(
        "  <xs:simpleType name=\"{name}\">\n    <xs:restriction base=\"xs:token\">\n"
    ));
    for code in codes {
        out.push_str(&format!("      <xs:enumeration value=\"{code}\"/>\n"));
    }
    out.push_str("    </xs:restriction>\n  </xs:simpleType>\n");
}

pub fn xsd() -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"{NAMESPACE}\" \
targetNamespace=\"{NAMESPACE}\" elementFormDefault=\"qualified\">\n"
    );
    enumeration(
        &mut out,
        "dataSetType",
        codes::DATASETS.iter().map(|set| set.code.to_owned()),
    );
    enumeration(
        &mut out,
        "dataElementType",
        codes::elements().map(|element| element.code.to_owned()),
    );
    enumeration(
        &mut out,
        "serviceTypeType",
        ServiceType::ALL.iter().map(|t| t.as_str().to_owned()),
    );
    for dim in Dim::ALL {
        enumeration(
            &mut out,
            &format!("{}Type", dim.code()),
            dim.options()
                .into_iter()
                .map(|(code, _)| dim.dhis2_option(&code)),
        );
    }
    out.push_str(
        "  <xs:simpleType name=\"periodType\">\n    <xs:restriction base=\"xs:string\">\n      \
<xs:pattern value=\"[0-9]{4}-01-01/P1Y\"/>\n    </xs:restriction>\n  </xs:simpleType>\n",
    );
    out.push_str(
        "  <xs:complexType name=\"adxType\">\n    <xs:sequence maxOccurs=\"unbounded\">\n      \
<xs:element name=\"group\" type=\"groupType\"/>\n    </xs:sequence>\n    \
<xs:attribute name=\"exported\" use=\"required\" type=\"xs:dateTime\"/>\n    \
<xs:attribute name=\"member\" type=\"xs:token\"/>\n    \
<xs:attribute name=\"message\" type=\"xs:token\"/>\n  </xs:complexType>\n",
    );
    out.push_str(
        "  <xs:complexType name=\"groupType\">\n    <xs:sequence maxOccurs=\"unbounded\">\n      \
<xs:element name=\"dataValue\" type=\"dataValueType\"/>\n    </xs:sequence>\n    \
<xs:attribute name=\"orgUnit\" use=\"required\" type=\"xs:token\"/>\n    \
<xs:attribute name=\"period\" use=\"required\" type=\"periodType\"/>\n    \
<xs:attribute name=\"dataSet\" use=\"required\" type=\"dataSetType\"/>\n    \
<xs:attribute name=\"serviceType\" type=\"serviceTypeType\"/>\n  \
</xs:complexType>\n",
    );
    out.push_str(
        "  <xs:complexType name=\"dataValueType\">\n    <xs:sequence minOccurs=\"0\">\n      \
<xs:element name=\"annotation\" type=\"xs:string\"/>\n    </xs:sequence>\n    \
<xs:attribute name=\"dataElement\" use=\"required\" type=\"dataElementType\"/>\n    \
<xs:attribute name=\"value\" use=\"required\" type=\"xs:nonNegativeInteger\"/>\n    \
<xs:attribute name=\"valueMax\" type=\"xs:nonNegativeInteger\"/>\n    \
<xs:attribute name=\"suppressed\" type=\"xs:boolean\"/>\n    \
<xs:attribute name=\"published\" type=\"xs:boolean\"/>\n",
    );
    for dim in Dim::ALL {
        out.push_str(&format!(
            "    <xs:attribute name=\"{0}\" type=\"{0}Type\"/>\n",
            dim.code()
        ));
    }
    out.push_str(
        "  </xs:complexType>\n  <xs:element name=\"adx\" type=\"adxType\"/>\n</xs:schema>\n",
    );
    out
}

const DHIS2_SETUP: &str = "
## Setting DHIS2 up for these files

- **Categories**: one per disaggregation, code = its attribute (`SEX`, `AGE`, …).
- **Category options**: code = the *DHIS2 category option* column above (`SX_UNKNOWN`,
  `AG_UNKNOWN`: DHIS2 keeps one code per option across all categories).
- **Category combinations**: one per element's disaggregation (`TARGET_GROUP × SEX × AGE`, …);
  give each generated category option combination the code of its options' codes joined by
  `.` (`TG_OTHER.SX_FEMALE.AG_19_26`), at most 50 characters. The JSON names them so.
- **Data elements**: code = the element's code, aggregation *sum*, with its combination.
- **Data sets**: code = the data set's code, yearly period, with its elements.
- **Org units**: each service's registry identifier; an umbrella's tables also use `CZ`
  (the country), the regions' codes above, and `CZ-…` per type of service (the table above),
  so no two tables meet in one DHIS2 value.
- **Import** the JSON (one data set a file, `sada=` chooses it, the ministry's by default)
  at `/api/dataValueSets?idScheme=CODE`. Hidden cells are not in it: DHIS2 stores no value
  for them. Or import the ADX file at the same address with
  `Content-Type: application/adx+xml` and `idScheme=CODE` (DHIS2 2.43 and later read
  categories and options by UID unless told): its attributes are the categories' codes and
  their values the options' DHIS2 codes; it names each group's data set, and no other group
  attribute, since DHIS2 would read one as an attribute option combination's category.
";

/// The code list as Markdown: every data set, element and option.
pub fn code_list() -> String {
    let mut out = String::from(
        "# Terén: the code list of the yearly figures\n\n\
Generated from `app/src/exchange/codes.rs` (a test keeps this file equal to it).\n\
Codes are never renamed or reused. ADX: namespace `urn:ihe:qrph:adx:2015`, one `group`\n\
per service (`orgUnit` = the service's registry identifier), part (`dataSet`) and year\n\
(`period` = `YYYY-01-01/P1Y`), disaggregations as attributes, their options by the\n\
*DHIS2 category option* codes below (Terén's own codes are read too). A downloaded file leaves\n\
hidden cells out (a receiving system would store a range's lower end as a count); only a\n\
member's message to its umbrella carries them, with `suppressed=\"true\"`, `value` = the\n\
lowest and `valueMax` = the highest it can be; or, sent as they are, with\n\
`published=\"false\"` on the counts the service's own files hide, which the umbrella\n\
then keeps from being worked out of its tables.\n\
DHIS2 `dataValueSets`: one data set a file, named at the top; import with\n\
`idScheme=CODE`; the category option combination is its options' DHIS2 codes joined by `.`\n\
(`default` without one, see the end of this page); hidden cells are left out and listed\n\
in `teren:suppressed`. Counts of people (marked *people*) are unique within a service\n\
and do not add up across services: a sum over services is a sum of services' counts.\n\n\
Hidden cells: with suppression on, counts of people from 1 to 4 are hidden, and so are\n\
further cells chosen over every file of the year together, until a linear program over\n\
all published files (these add-up relations, non-negative counts) can neither pin a\n\
hidden count of anyone to one value nor narrow a hidden small count below 1 to 4.\n\
An umbrella's national, regional and per-type tables keep the same rule for every count a\n\
member sent as it is with `published=\"false\"`, audited over all its tables and each\n\
service's relations (these add-up relations and the bounds below); a sum with a count a\n\
member sent only as its range is hidden, since the umbrella cannot know it.\n\n\
## Data sets\n\n| Code | Part of the yearly report | Elements |\n|---|---|---|\n",
    );
    for set in codes::DATASETS {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            set.code,
            set.title,
            set.elements
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str(
        "\n## Data elements\n\n| Code | Meaning | Disaggregation | People |\n|---|---|---|---|\n",
    );
    for element in codes::elements() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            element.code,
            element.label,
            element
                .dims
                .iter()
                .map(|d| format!("`{}`", d.code()))
                .collect::<Vec<_>>()
                .join(" × "),
            if element.people { "people" } else { "" }
        ));
    }
    out.push_str("\n## What adds up\n\nChecked on every message an umbrella receives.\n\n");
    for (part, total) in codes::ADDS_UP {
        out.push_str(&format!("- `{part}` adds up to `{total}`\n"));
    }
    for (part, whole) in codes::AT_MOST {
        out.push_str(&format!("- `{part}` is at most `{whole}`\n"));
    }
    out.push_str("\n## Disaggregations\n");
    for dim in Dim::ALL {
        out.push_str(&format!(
            "\n### `{}` – {}\n\n| Code | DHIS2 category option | Meaning |\n|---|---|---|\n",
            dim.code(),
            dim.label()
        ));
        for (code, label) in dim.options() {
            let dhis2 = dim.dhis2_option(&code);
            out.push_str(&format!("| `{code}` | `{dhis2}` | {label} |\n"));
        }
    }
    out.push_str("\n## Regions (an umbrella's members)\n\n| Code | Region |\n|---|---|\n");
    for (code, name) in codes::REGIONS {
        out.push_str(&format!("| `{code}` | {name} |\n"));
    }
    out.push_str(
        "\n## Service types\n\n| Code | Data sets | Umbrella's org unit |\n|---|---|---|\n",
    );
    for service_type in ServiceType::ALL {
        out.push_str(&format!(
            "| `{}` | {} | `CZ-{}` |\n",
            service_type.as_str(),
            codes::owed(service_type).join(", "),
            service_type.as_str().to_uppercase().replace('_', "-")
        ));
    }
    out.push_str(DHIS2_SETUP);
    out
}
