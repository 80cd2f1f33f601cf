//! An intervention centre's casework (§60a): a case opens when the police
//! send the copy of an eviction record (*vykázání*); the centre must offer
//! help within [`OFFER_WINDOW_HOURS`] of receiving it — a call, a text or a
//! letter counts as much as a visit — and then holds consultations and
//! crisis visits in the case.
//!
//! Cases, offers and consultations are records like any other, so a case
//! opened on the office laptop and an offer logged offline on a phone
//! travel the same exactly-once way. Offers and visits point at their case
//! by its id, never by a typed time: a follow-up typed a minute off is
//! still the same case.

use serde::{Deserialize, Serialize};

/// The law's window for offering help, from the police record's receipt.
pub const OFFER_WINDOW_HOURS: i64 = 48;
pub const CASE_NUMBER_MAX: usize = 20;

/// What a case says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetails {
    /// Made by the device that opened the case ([`case_number`]): a handle
    /// to say on the phone, never a name.
    pub number: String,
    /// When the police record reached the centre (RFC 3339 with offset);
    /// the 48 hours run from here.
    pub received_at: String,
    /// The date on the police record (YYYY-MM-DD), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_record_on: Option<String>,
    /// Children living in the household.
    #[serde(default)]
    pub children: i64,
    /// The violent person's relation to the endangered person: a code from
    /// the admin's list of relations.
    pub relation: String,
    /// An earlier case of the same household: the eviction is a repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<String>,
    /// The endangered person's target group (the admin's list), given
    /// once for the case: the ministry's users table files the person
    /// under it, and the case's later records of the same person too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group: Option<String>,
}

/// `VK-2026-4F7A`: the year received and the first four digits of the
/// case's id, enough to tell a centre's few hundred cases a year apart when
/// read out, and made offline without asking anyone.
pub fn case_number(received_year: i32, id: &str) -> String {
    let tail: String = id.chars().filter(char::is_ascii_hexdigit).take(4).collect();
    format!("VK-{received_year}-{}", tail.to_ascii_uppercase())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferMethod {
    Phone,
    Sms,
    Letter,
    Visit,
    Office,
}

impl OfferMethod {
    pub const ALL: [OfferMethod; 5] = [
        OfferMethod::Phone,
        OfferMethod::Sms,
        OfferMethod::Letter,
        OfferMethod::Visit,
        OfferMethod::Office,
    ];
}

/// What came of an offer. An offer that did not reach the person was still
/// made: the 48-hour duty is to offer, over every case received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferOutcome {
    Accepted,
    Declined,
    NotReached,
}

impl OfferOutcome {
    pub const ALL: [OfferOutcome; 3] = [
        OfferOutcome::Accepted,
        OfferOutcome::Declined,
        OfferOutcome::NotReached,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationType {
    Social,
    Legal,
    Psychological,
    CrisisIntervention,
}

impl ConsultationType {
    pub const ALL: [ConsultationType; 4] = [
        ConsultationType::Social,
        ConsultationType::Legal,
        ConsultationType::Psychological,
        ConsultationType::CrisisIntervention,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationForm {
    Office,
    Field,
    Phone,
}

impl ConsultationForm {
    pub const ALL: [ConsultationForm; 3] = [
        ConsultationForm::Office,
        ConsultationForm::Field,
        ConsultationForm::Phone,
    ];
}

/// Who the client is in the case: children and the violent person can be
/// clients of a centre too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientRole {
    #[default]
    Endangered,
    Child,
    Close,
    Violent,
}

impl ClientRole {
    pub const ALL: [ClientRole; 4] = [
        ClientRole::Endangered,
        ClientRole::Child,
        ClientRole::Close,
        ClientRole::Violent,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_number_is_the_year_and_the_ids_first_digits() {
        assert_eq!(
            case_number(2026, "4f7a09c2-0000-4000-8000-000000000000"),
            "VK-2026-4F7A"
        );
        assert!(case_number(2026, "4f7a09c2").len() <= CASE_NUMBER_MAX);
    }
}
