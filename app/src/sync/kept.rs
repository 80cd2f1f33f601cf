//! The client's basics as this phone was told them, per code and service,
//! so a returning client is not asked again. Kept sealed with the outbox.

use crate::records::kinds::ClientBasics;
use serde::{Deserialize, Serialize};

/// Beyond this the oldest answers go: a phone's storage is small, and an
/// answer forgotten only means the question comes once more.
const KEPT_MAX: usize = 5000;
/// The basics' slot in the user's safe.
pub const SEALED_NAME: &str = "basics";
/// Where an older app version kept them, in clear.
pub const LEGACY_KEY: &str = "teren.client_basics";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// 0 where the record's service was not known on the phone.
    pub service: i64,
    pub code: String,
    pub basics: ClientBasics,
}

/// What this phone was told of `code` in `service`, if anything.
pub fn find(all: &[Kept], service: Option<i64>, code: &str) -> Option<ClientBasics> {
    let service = service.unwrap_or(0);
    all.iter()
        .find(|kept| kept.service == service && kept.code == code)
        .map(|kept| kept.basics)
}

/// Adds the answers given on a saved record; a blank answer keeps an
/// earlier one, as on the server.
pub fn add(all: &mut Vec<Kept>, service: Option<i64>, code: &str, given: ClientBasics) {
    let service = service.unwrap_or(0);
    let earlier = all
        .iter()
        .position(|kept| kept.service == service && kept.code == code)
        .map(|at| all.remove(at).basics)
        .unwrap_or_default();
    all.push(Kept {
        service,
        code: code.to_owned(),
        basics: ClientBasics {
            sex: given.sex.or(earlier.sex),
            birth_year: given.birth_year.or(earlier.birth_year),
            primary_drug: given.primary_drug.or(earlier.primary_drug),
            district: given.district.or(earlier.district),
            origin: given.origin.or(earlier.origin),
            household: given.household.or(earlier.household),
        },
    });
    let excess = all.len().saturating_sub(KEPT_MAX);
    all.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::kinds::Sex;

    #[test]
    fn a_blank_answer_keeps_the_earlier_one_and_services_are_apart() {
        let mut all = Vec::new();
        let woman = ClientBasics {
            sex: Some(Sex::Female),
            ..ClientBasics::default()
        };
        add(&mut all, Some(1), "AAA01BBB01", woman);
        let born = ClientBasics {
            birth_year: Some(1990),
            ..ClientBasics::default()
        };
        add(&mut all, Some(1), "AAA01BBB01", born);
        let kept = find(&all, Some(1), "AAA01BBB01").unwrap();
        assert_eq!((kept.sex, kept.birth_year), (Some(Sex::Female), Some(1990)));
        assert_eq!(all.len(), 1);
        assert_eq!(find(&all, Some(2), "AAA01BBB01"), None);
    }
}
