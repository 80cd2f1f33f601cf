//! What a record says: the common fields and the kind-specific details, as
//! the phone stores them and sends them in a sync batch.
//!
//! Counts are signed on the wire on purpose: a negative count from a broken
//! phone must be refused with a reason naming the field, not make the whole
//! batch undecodable.

use crate::services::ServiceType;
use serde::{Deserialize, Serialize};

mod wire;

pub use super::casework::{
    CaseDetails, ClientRole, ConsultationForm, ConsultationType, OfferMethod, OfferOutcome,
};
pub use super::particulars::{Citizenship, Exploitation, Particulars, WorkerRole};
pub use super::screening::{TestDone, TestResult, TestType};

/// One record as logged on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// UUID made on the phone; the server's primary key.
    pub id: String,
    /// 0 when logged, one more with every edit on the phone. A newer
    /// revision replaces the stored one: an edit made after the server
    /// stored the record but before its answer arrived still gets there.
    /// Left out of the JSON at 0, so records from before revisions existed
    /// read and compare exactly as they were stored.
    #[serde(default, skip_serializing_if = "is_first_revision")]
    pub revision: u32,
    /// The service the record is logged for. Records from phones that
    /// predate services have none and go to the worker's first service;
    /// left out of the JSON when absent so they compare as they were stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<i64>,
    /// Local date-time with offset, RFC 3339 (`2026-11-21T14:05:00+01:00`).
    pub occurred_at: String,
    /// Code of a locality from the admin's list.
    pub locality: String,
    pub client: Client,
    /// The client's sex and birth year, sent with the record on which the
    /// phone first asked them for this code and service; the server keeps
    /// them with the code. Only with a client code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basics: Option<ClientBasics>,
    /// Short free text; the form warns: no names, no addresses.
    #[serde(default)]
    pub note: String,
    pub details: Details,
}

fn is_first_revision(revision: &u32) -> bool {
    *revision == 0
}

/// Who the record is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Client {
    /// The anonymous client code, e.g. `LUD07TOM08`.
    Code(String),
    /// No code: counts as a contact, not as a client.
    Anonymous,
    /// "NCC": a client who will not (or cannot) give the code parts. Like
    /// anonymous it counts as a contact, not as a client, but reports can
    /// tell refusals from unasked cases.
    Ncc,
}

/// Sex as the ministry's yearly report counts users; unknown stays `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Female, Sex::Male];
}

/// The primary drug in the drug monitoring centre's categories: its final
/// report counts clients by exactly these, so they are not an editable list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryDrug {
    Pervitin,
    Heroin,
    Buprenorphine,
    OtherOpioids,
    Cannabis,
    Other,
}

/// Where a halfway house's user comes from, as the ministry asks of
/// residential services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    InstitutionalCare,
    FosterCare,
    Other,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::InstitutionalCare, Origin::FosterCare, Origin::Other];
}

impl PrimaryDrug {
    pub const ALL: [PrimaryDrug; 6] = [
        PrimaryDrug::Pervitin,
        PrimaryDrug::Heroin,
        PrimaryDrug::Buprenorphine,
        PrimaryDrug::OtherOpioids,
        PrimaryDrug::Cannabis,
        PrimaryDrug::Other,
    ];
}

/// What reports need to know of a client once: never a name, all optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientBasics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    /// Asked by the drug services only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_drug: Option<PrimaryDrug>,
    /// Where the client lives, for the ministry's users by district.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<super::district::District>,
    /// Asked by halfway houses only: where the user comes from, and how
    /// many people live with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<i64>,
}

impl ClientBasics {
    pub fn is_empty(&self) -> bool {
        *self == ClientBasics::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Contact,
    Exchange,
    CrisisVisit,
    FoundSyringes,
    /// An applicant the service refused (§91(3)); every service logs them.
    Refusal,
    /// A meeting the client missed or cancelled (social rehabilitation:
    /// more than two in a row lead to a review).
    MissedMeeting,
    /// An intervention centre's case, opened when a police eviction record
    /// arrives ([`super::casework`]).
    Case,
    /// An offer of help made in a case.
    Offer,
    /// A consultation, at the office, in the field or by phone.
    Consultation,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Contact,
        Kind::Exchange,
        Kind::CrisisVisit,
        Kind::FoundSyringes,
        Kind::Refusal,
        Kind::MissedMeeting,
        Kind::Case,
        Kind::Offer,
        Kind::Consultation,
    ];

    /// The kinds a service of this type logs, in the order its tiles show.
    pub fn offered_by(service: ServiceType) -> &'static [Kind] {
        match service {
            ServiceType::ContactCentre | ServiceType::FieldProgramme => &[
                Kind::Contact,
                Kind::Exchange,
                Kind::FoundSyringes,
                Kind::Refusal,
            ],
            ServiceType::InterventionCentre => &[
                Kind::Case,
                Kind::Offer,
                Kind::Consultation,
                Kind::CrisisVisit,
                Kind::Contact,
                Kind::Refusal,
            ],
            ServiceType::CrisisHelp => &[Kind::Contact, Kind::CrisisVisit, Kind::Refusal],
            ServiceType::HalfwayHouse => &[Kind::Contact, Kind::Refusal],
            ServiceType::SocialRehabilitation => {
                &[Kind::Contact, Kind::MissedMeeting, Kind::Refusal]
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Exchange => "exchange",
            Kind::CrisisVisit => "crisis_visit",
            Kind::FoundSyringes => "found_syringes",
            Kind::Refusal => "refusal",
            Kind::MissedMeeting => "missed_meeting",
            Kind::Case => "case",
            Kind::Offer => "offer",
            Kind::Consultation => "consultation",
        }
    }
}

/// Target groups are the admin's list ([`crate::catalogue::ListKind::TargetGroup`]),
/// each type of service with its own pack. Code branches on two of them
/// only: the drug services' groups of people who use drugs, the only ones
/// injecting material is for (a close person or anyone else gets
/// counselling, a contact, not an exchange).
pub mod target_group {
    pub const INJECTING_USER: &str = "injecting_user";
    pub const NON_INJECTING_USER: &str = "non_injecting_user";

    pub fn uses_drugs(code: &str) -> bool {
        code == INJECTING_USER || code == NON_INJECTING_USER
    }
}

/// How a contact took place. A group contact also says how many took part,
/// which is why this is not one of the admin's lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactForm {
    #[default]
    InPerson,
    Phone,
    Online,
    Group,
}

impl ContactForm {
    pub const ALL: [ContactForm; 4] = [
        ContactForm::InPerson,
        ContactForm::Phone,
        ContactForm::Online,
        ContactForm::Group,
    ];

    pub fn is_in_person(&self) -> bool {
        *self == ContactForm::InPerson
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// Domestic violence after a police eviction (vykázání): help must be
    /// offered within 48 hours of the police record.
    Eviction,
    DomesticViolence,
    Trafficking,
    AcuteCrisis,
    Other,
}

impl Situation {
    pub const ALL: [Situation; 5] = [
        Situation::Eviction,
        Situation::DomesticViolence,
        Situation::Trafficking,
        Situation::AcuteCrisis,
        Situation::Other,
    ];
}

/// Why an applicant was refused: the only grounds §91(3) of the social
/// services act allows, which the ministry's yearly report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The service does not provide what the applicant asks for.
    NotProvided,
    /// The service is full.
    NoCapacity,
    /// The applicant's health rules the service out.
    HealthCondition,
    /// The applicant's contract was ended for a breach in the last six
    /// months.
    ContractEnded,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 4] = [
        RefusalReason::NotProvided,
        RefusalReason::NoCapacity,
        RefusalReason::HealthCondition,
        RefusalReason::ContractEnded,
    ];
}

/// Given material: a code from the admin's list and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialCount {
    pub material: String,
    pub count: i64,
}

/// The kind-specific part of a record. Written as serde writes a tagged
/// enum; read by [`wire`] in one pass, so the `#[serde(default)]`s here
/// document the reader there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    Contact {
        first_contact: bool,
        target_group: String,
        #[serde(default)]
        primary_drug: String,
        #[serde(default)]
        service_acts: Vec<String>,
        #[serde(default)]
        duration_minutes: Option<i64>,
        /// In person unless said otherwise; left out of the stored form when
        /// in person, so contacts stored before still match a resend.
        #[serde(default, skip_serializing_if = "ContactForm::is_in_person")]
        form: ContactForm,
        /// How many took part in a group contact (only then).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        head_count: Option<i64>,
        #[serde(default, skip_serializing_if = "Particulars::is_empty")]
        particulars: Particulars,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tests: Vec<TestDone>,
    },
    /// An exchange is also a contact for the counts.
    Exchange {
        first_contact: bool,
        target_group: String,
        #[serde(default)]
        materials: Vec<MaterialCount>,
        #[serde(default)]
        returned_syringes: i64,
        #[serde(default)]
        service_acts: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tests: Vec<TestDone>,
        /// Minutes of direct work; left out of the stored form when not
        /// given, so exchanges stored before it existed still match a
        /// resend of themselves.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration_minutes: Option<i64>,
    },
    CrisisVisit {
        /// A crisis visit is often the first time the service meets the
        /// person. Left out of the stored form when false, so records stored
        /// before it existed still match a resend of themselves.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        first_contact: bool,
        situation: Situation,
        /// For an eviction: when the police record reached the centre
        /// (RFC 3339 with offset).
        #[serde(default)]
        police_record_at: Option<String>,
        /// Where the visit took place: a code from the admin's list.
        place: String,
        #[serde(default)]
        /// Codes from the admin's list of interventions.
        interventions: Vec<String>,
        /// Children living in the household (the centres report those, not
        /// the children present at the visit; the wire name is older).
        #[serde(default)]
        children_present: i64,
        /// Agreed follow-up (YYYY-MM-DD).
        #[serde(default)]
        follow_up_on: Option<String>,
        #[serde(default, skip_serializing_if = "Particulars::is_empty")]
        particulars: Particulars,
        /// The intervention centre's case the visit belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<String>,
    },
    FoundSyringes {
        count: i64,
    },
    /// A refused applicant: not a client, so never with a client code.
    Refusal {
        reason: RefusalReason,
    },
    /// A meeting the client cancelled beforehand, or did not come to.
    MissedMeeting {
        #[serde(default)]
        cancelled: bool,
    },
    Case(CaseDetails),
    Offer {
        case: String,
        method: OfferMethod,
        outcome: OfferOutcome,
    },
    Consultation {
        /// None for a walk-in client with no eviction behind them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<String>,
        topic: ConsultationType,
        form: ConsultationForm,
        #[serde(default)]
        role: ClientRole,
        /// Interventions, from the admin's list of acts.
        #[serde(default)]
        service_acts: Vec<String>,
        #[serde(default)]
        duration_minutes: Option<i64>,
    },
}

impl Details {
    /// The particulars of a contact or crisis visit; none for other kinds.
    pub fn particulars(&self) -> Option<&Particulars> {
        match self {
            Details::Contact { particulars, .. } | Details::CrisisVisit { particulars, .. } => {
                Some(particulars)
            }
            _ => None,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Details::Contact { .. } => Kind::Contact,
            Details::Exchange { .. } => Kind::Exchange,
            Details::CrisisVisit { .. } => Kind::CrisisVisit,
            Details::FoundSyringes { .. } => Kind::FoundSyringes,
            Details::Refusal { .. } => Kind::Refusal,
            Details::MissedMeeting { .. } => Kind::MissedMeeting,
            Details::Case(_) => Kind::Case,
            Details::Offer { .. } => Kind::Offer,
            Details::Consultation { .. } => Kind::Consultation,
        }
    }

    /// The tests done at a contact or exchange; none for other kinds.
    pub fn tests(&self) -> &[TestDone] {
        match self {
            Details::Contact { tests, .. } | Details::Exchange { tests, .. } => tests,
            _ => &[],
        }
    }

    pub fn first_contact(&self) -> bool {
        match self {
            Details::Contact { first_contact, .. }
            | Details::Exchange { first_contact, .. }
            | Details::CrisisVisit { first_contact, .. } => *first_contact,
            Details::FoundSyringes { .. }
            | Details::Refusal { .. }
            | Details::MissedMeeting { .. }
            | Details::Case(_)
            | Details::Offer { .. }
            | Details::Consultation { .. } => false,
        }
    }

    /// The case an offer, consultation or visit belongs to.
    pub fn case(&self) -> Option<&str> {
        match self {
            Details::Offer { case, .. } => Some(case),
            Details::Consultation { case, .. } | Details::CrisisVisit { case, .. } => {
                case.as_deref()
            }
            _ => None,
        }
    }
}

/// A list value's wire name (`"eviction"`), the code tallies store.
pub fn wire_name(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
