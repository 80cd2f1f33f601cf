//! IHE ADX (Aggregate Data Exchange): the yearly figures as XML, one
//! `group` per service (its registry identifier as the org unit), year
//! and part, one `dataValue` per element and disaggregation, the
//! disaggregations as attributes named by the code list, their options by
//! their DHIS2 codes. Only a member's message to its umbrella carries
//! hidden cells: as a range (`suppressed="true"`, the lower end as
//! `value`, the upper as `valueMax`), or, sent as they are, the count
//! with `published="false"` so the umbrella keeps it hidden; and only a
//! message names each group's `serviceType`. Files for other systems
//! leave both out ([`super::download::published`]).

use super::codes::{self, Dim};
use super::values::{Cell, Group, Value};

pub const NAMESPACE: &str = "urn:ihe:qrph:adx:2015";

/// What a document says of itself beside its groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// RFC 3339.
    pub exported: String,
    /// Set on a message to an umbrella: the sending member and the
    /// message's own id, so a resend is known as one.
    pub member: Option<String>,
    pub message: Option<String>,
}

pub fn period(year: i32) -> String {
    format!("{year}-01-01/P1Y")
}

fn year_of(period: &str) -> Option<i32> {
    let year = period.strip_suffix("-01-01/P1Y")?;
    (year.len() == 4).then(|| year.parse().ok()).flatten()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

pub fn write(header: &Header, groups: &[Group]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<adx xmlns=\"{NAMESPACE}\" exported=\"{}\"",
        escape(&header.exported)
    ));
    if let Some(member) = &header.member {
        out.push_str(&format!(" member=\"{}\"", escape(member)));
    }
    if let Some(message) = &header.message {
        out.push_str(&format!(" message=\"{}\"", escape(message)));
    }
    out.push_str(">\n");
    for group in groups {
        out.push_str(&format!(
            "  <group orgUnit=\"{}\" period=\"{}\" dataSet=\"{}\"",
            escape(&group.org_unit),
            period(group.year),
            escape(&group.dataset),
        ));
        // An umbrella's national and regional tables span every type.
        if !group.service_type.is_empty() {
            out.push_str(&format!(" serviceType=\"{}\"", escape(&group.service_type)));
        }
        out.push_str(">\n");
        for value in &group.values {
            out.push_str(&format!(
                "    <dataValue dataElement=\"{}\"",
                escape(&value.element)
            ));
            // Options by their DHIS2 codes, unique across every
            // disaggregation (`SX_UNKNOWN`, `AG_UNKNOWN`): DHIS2 reads an
            // attribute as a category and its value as an option's code.
            for (dim, option) in &value.disaggregation {
                out.push_str(&format!(
                    " {}=\"{}\"",
                    dim.code(),
                    escape(&dim.dhis2_option(option))
                ));
            }
            match value.cell {
                Cell::Count(n) => out.push_str(&format!(" value=\"{n}\"/>\n")),
                Cell::Hidden { min, max } => out.push_str(&format!(
                    " value=\"{min}\" valueMax=\"{max}\" suppressed=\"true\"/>\n"
                )),
                Cell::Withheld(n) => {
                    out.push_str(&format!(" value=\"{n}\" published=\"false\"/>\n"))
                }
            }
        }
        out.push_str("  </group>\n");
    }
    out.push_str("</adx>\n");
    out
}

/// Why a document is refused, in words for whoever sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

fn refuse<T>(why: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(why.into()))
}

/// Reads a document this module wrote (or anything to the same code
/// list): the code list's codes only, whole counts only, every element's
/// own dimensions and no others.
pub fn parse(xml: &str) -> Result<(Header, Vec<Group>), Refused> {
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::Reader;

    fn attributes(element: &BytesStart) -> Result<Vec<(String, String)>, Refused> {
        element
            .attributes()
            .map(|attribute| {
                let attribute =
                    attribute.map_err(|e| Refused(format!("malformed attribute: {e}")))?;
                let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
                let value = attribute
                    .unescape_value()
                    .map_err(|e| Refused(format!("malformed attribute {key}: {e}")))?
                    .into_owned();
                Ok((key, value))
            })
            .collect()
    }

    let mut reader = Reader::from_str(xml);
    let mut header: Option<Header> = None;
    let mut groups: Vec<Group> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Refused(format!("not well-formed XML: {e}")))?;
        let element = match &event {
            Event::Start(element) | Event::Empty(element) => element,
            Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
        let attributes = attributes(element)?;
        let get = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        match name.as_str() {
            "adx" => {
                if header.is_some() {
                    return refuse("more than one adx element");
                }
                if get("xmlns").as_deref() != Some(NAMESPACE) {
                    return refuse(format!("the adx element is not in {NAMESPACE}"));
                }
                let Some(exported) = get("exported") else {
                    return refuse("the adx element has no exported time");
                };
                if chrono::DateTime::parse_from_rfc3339(&exported).is_err() {
                    return refuse(format!("exported {exported:?} is not a date and time"));
                }
                header = Some(Header {
                    exported,
                    member: get("member"),
                    message: get("message"),
                });
            }
            "group" => {
                if header.is_none() {
                    return refuse("a group outside the adx element");
                }
                let org_unit = get("orgUnit").unwrap_or_default();
                if org_unit.is_empty() || org_unit.len() > 40 {
                    return refuse("a group without its orgUnit");
                }
                let period = get("period").unwrap_or_default();
                let Some(year) = year_of(&period) else {
                    return refuse(format!(
                        "period {period:?} is not a calendar year (YYYY-01-01/P1Y)"
                    ));
                };
                let dataset = get("dataSet").unwrap_or_default();
                if codes::dataset(&dataset).is_none() {
                    return refuse(format!("unknown dataSet {dataset:?}"));
                }
                // Only a member's message names it (the umbrella sums by
                // type); a file for other systems leaves it out.
                let service_type = get("serviceType").unwrap_or_default();
                if !service_type.is_empty()
                    && crate::services::ServiceType::parse(&service_type).is_none()
                {
                    return refuse(format!("unknown serviceType {service_type:?}"));
                }
                groups.push(Group {
                    dataset,
                    org_unit,
                    service_type,
                    year,
                    values: Vec::new(),
                });
            }
            "dataValue" => {
                let Some(group) = groups.last_mut() else {
                    return refuse("a dataValue outside a group");
                };
                let value = data_value(&group.dataset, &attributes)?;
                group.values.push(value);
            }
            "annotation" => {}
            other => return refuse(format!("unexpected element {other:?}")),
        }
    }
    match header {
        Some(header) => Ok((header, groups)),
        None => refuse("no adx element"),
    }
}

fn data_value(dataset: &str, attributes: &[(String, String)]) -> Result<Value, Refused> {
    let mut element_code = None;
    let mut value = None;
    let mut value_max = None;
    let mut suppressed = false;
    let mut published = true;
    let mut disaggregation: Vec<(Dim, String)> = Vec::new();
    for (key, text) in attributes {
        match key.as_str() {
            "dataElement" => element_code = Some(text.clone()),
            "value" => value = Some(count(text)?),
            "valueMax" => value_max = Some(count(text)?),
            "suppressed" => suppressed = boolean(key, text)?,
            "published" => published = boolean(key, text)?,
            other => match Dim::parse(other) {
                Some(dim) => disaggregation.push((dim, text.clone())),
                None => return refuse(format!("unknown attribute {other:?} on a dataValue")),
            },
        }
    }
    let Some(code) = element_code else {
        return refuse("a dataValue without its dataElement");
    };
    let Some(element) = codes::element_of(&code) else {
        return refuse(format!("unknown dataElement {code:?}"));
    };
    if !codes::dataset(dataset).is_some_and(|set| set.elements.contains(&element.code)) {
        return refuse(format!("{code} is not an element of {dataset}"));
    }
    // In the element's order, each of its dimensions once.
    let mut ordered = Vec::new();
    for dim in element.dims {
        let Some((_, option)) = disaggregation.iter().find(|(d, _)| d == dim) else {
            return refuse(format!("{code} without its {}", dim.code()));
        };
        // Terén's own code is read too: a member not yet updated sends it.
        let Some(option) = dim.option_of(option) else {
            return refuse(format!("{code}: unknown {} {option:?}", dim.code()));
        };
        ordered.push((*dim, option));
    }
    if disaggregation.len() != element.dims.len() {
        return refuse(format!("{code} with a disaggregation it does not have"));
    }
    let Some(value) = value else {
        return refuse(format!("{code} without a value"));
    };
    let cell = match (suppressed, value_max, published) {
        (false, None, true) => Cell::Count(value),
        (false, None, false) => Cell::Withheld(value),
        (true, _, false) => {
            return refuse(format!(
                "{code}: suppressed and published=\"false\" at once (a count is sent as it is or as its range)"
            ))
        }
        (true, Some(max), true) if max >= value => Cell::Hidden { min: value, max },
        (true, Some(_), true) => return refuse(format!("{code}: valueMax below value")),
        (true, None, true) => {
            return refuse(format!("{code}: a suppressed value without valueMax"))
        }
        (false, Some(_), _) => {
            return refuse(format!("{code}: valueMax on a value not suppressed"))
        }
    };
    Ok(Value {
        element: element.code.to_owned(),
        disaggregation: ordered,
        cell,
    })
}

fn boolean(key: &str, text: &str) -> Result<bool, Refused> {
    match text {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => refuse(format!("{key}={text:?} is not a boolean")),
    }
}

fn count(text: &str) -> Result<i64, Refused> {
    match text.parse::<i64>() {
        Ok(n) if (0..=1_000_000_000).contains(&n) => Ok(n),
        _ => refuse(format!("{text:?} is not a whole count of 0 or more")),
    }
}
