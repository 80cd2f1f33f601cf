//! The registered services an organisation runs: a contact centre, an
//! intervention centre, a halfway house… Each has a type under the social
//! services act, a name and its registry identifier; workers are assigned to
//! one or more, and every record belongs to one.
//!
//! The type is an enum because code branches on it (which kinds of record a
//! service logs, which figures it owes); the services themselves are data
//! the admin creates. [`db`] stores them and the assignments; [`packs`] holds
//! the list items each type starts with.

#[cfg(feature = "ssr")]
pub mod db;
pub mod labels;
pub mod packs;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    /// §59 kontaktní centrum.
    ContactCentre,
    /// §69 terénní program.
    FieldProgramme,
    /// §60a intervenční centrum.
    InterventionCentre,
    /// §60 krizová pomoc.
    CrisisHelp,
    /// §58 dům na půl cesty.
    HalfwayHouse,
    /// §70 sociální rehabilitace.
    SocialRehabilitation,
}

impl ServiceType {
    /// The harm-reduction services the drug monitoring centre's figures
    /// (tests, primary drugs) are asked of.
    pub fn is_drug_service(self) -> bool {
        matches!(
            self,
            ServiceType::ContactCentre | ServiceType::FieldProgramme
        )
    }

    pub const ALL: [ServiceType; 6] = [
        ServiceType::ContactCentre,
        ServiceType::FieldProgramme,
        ServiceType::InterventionCentre,
        ServiceType::CrisisHelp,
        ServiceType::HalfwayHouse,
        ServiceType::SocialRehabilitation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ContactCentre => "contact_centre",
            ServiceType::FieldProgramme => "field_programme",
            ServiceType::InterventionCentre => "intervention_centre",
            ServiceType::CrisisHelp => "crisis_help",
            ServiceType::HalfwayHouse => "halfway_house",
            ServiceType::SocialRehabilitation => "social_rehabilitation",
        }
    }

    pub fn parse(value: &str) -> Option<ServiceType> {
        ServiceType::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    /// The name a new service of this type gets until the admin renames
    /// it: the organisation's own data, so in the organisation's language.
    pub fn default_name(self) -> &'static str {
        match self {
            ServiceType::ContactCentre => "Kontaktní centrum",
            ServiceType::FieldProgramme => "Terénní program",
            ServiceType::InterventionCentre => "Intervenční centrum",
            ServiceType::CrisisHelp => "Krizová pomoc",
            ServiceType::HalfwayHouse => "Dům na půl cesty",
            ServiceType::SocialRehabilitation => "Sociální rehabilitace",
        }
    }

    /// The section of law 108/2006 Sb. that defines the service.
    pub fn section(self) -> &'static str {
        match self {
            ServiceType::ContactCentre => "§59",
            ServiceType::FieldProgramme => "§69",
            ServiceType::InterventionCentre => "§60a",
            ServiceType::CrisisHelp => "§60",
            ServiceType::HalfwayHouse => "§58",
            ServiceType::SocialRehabilitation => "§70",
        }
    }
}

/// A service as the admin pages and the phone know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: i64,
    #[serde(rename = "type")]
    pub service_type: ServiceType,
    pub name: String,
    /// The identifier in the national registry of social services; empty
    /// until the admin fills it in.
    pub registry_id: String,
    pub active: bool,
    /// Minutes a new exchange starts with (the worker may change them).
    #[serde(default = "default_exchange_minutes")]
    pub exchange_minutes: i64,
}

pub const NAME_MAX: usize = 80;
/// The longest usual exchange a service may set, in minutes.
pub const EXCHANGE_MINUTES_MAX: i64 = 600;

/// What a service starts with, and what a phone's older copy of the lists
/// (from before the setting) assumes.
pub const fn default_exchange_minutes() -> i64 {
    10
}
/// Registry identifiers are seven digits today; room for a change.
pub const REGISTRY_ID_MAX: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_reads_back_from_its_name() {
        for kind in ServiceType::ALL {
            assert_eq!(ServiceType::parse(kind.as_str()), Some(kind));
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(ServiceType::parse("shelter"), None);
    }
}
