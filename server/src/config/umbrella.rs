//! Where this organisation sends its yearly figures
//! (`TEREN_UMBRELLA_*`).

use super::{parse_bool, parse_origin, ConfigError};

/// Where this organisation sends its yearly figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UmbrellaLink {
    /// `scheme://host[:port]`, no path.
    pub url: String,
    pub member: String,
    pub key: String,
    pub unsuppressed: bool,
}

/// A member code: what `teren umbrella add-member` takes.
pub fn is_member_code(code: &str) -> bool {
    (1..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub(super) fn umbrella_link(
    url: Option<String>,
    member: Option<String>,
    key: Option<String>,
    unsuppressed: Option<String>,
) -> Result<Option<UmbrellaLink>, ConfigError> {
    let given =
        |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let (url, member, key, unsuppressed) =
        (given(url), given(member), given(key), given(unsuppressed));
    let Some(url) = url else {
        // A member or key without the address is a half-made setting.
        for (value, variable, flag) in [
            (&member, "TEREN_UMBRELLA_MEMBER", "--umbrella-member"),
            (&key, "TEREN_UMBRELLA_KEY", "--umbrella-key"),
            (
                &unsuppressed,
                "TEREN_UMBRELLA_UNSUPPRESSED",
                "--umbrella-unsuppressed",
            ),
        ] {
            if let Some(value) = value {
                return Err(ConfigError {
                    variable,
                    flag,
                    value: value.clone(),
                    reason: "set TEREN_UMBRELLA_URL too, or nothing is sent".into(),
                });
            }
        }
        return Ok(None);
    };
    let url = parse_origin(&url).ok_or_else(|| ConfigError {
        variable: "TEREN_UMBRELLA_URL",
        flag: "--umbrella-url",
        value: url.clone(),
        reason: "expected http:// or https:// and the umbrella's host, with no path".into(),
    })?;
    let member = member
        .filter(|m| is_member_code(m))
        .ok_or_else(|| ConfigError {
            variable: "TEREN_UMBRELLA_MEMBER",
            flag: "--umbrella-member",
            value: String::new(),
            reason: "the member code the umbrella registered (letters, digits, - _ .)".into(),
        })?;
    let key = key
        .filter(|k| k.len() == 64 && k.chars().all(|c| c.is_ascii_hexdigit()))
        .ok_or_else(|| ConfigError {
            variable: "TEREN_UMBRELLA_KEY",
            flag: "--umbrella-key",
            value: "…".into(),
            reason: "the 64 hex digits `teren umbrella add-member` printed at the umbrella".into(),
        })?;
    let unsuppressed = match unsuppressed {
        None => false,
        Some(value) => parse_bool(&value).ok_or_else(|| ConfigError {
            variable: "TEREN_UMBRELLA_UNSUPPRESSED",
            flag: "--umbrella-unsuppressed",
            value,
            reason: "expected true or false".into(),
        })?,
    };
    Ok(Some(UmbrellaLink {
        url,
        member,
        key,
        unsuppressed,
    }))
}
