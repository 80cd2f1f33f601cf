//! How records read to the worker: the names of kinds and choices in the
//! worker's language, and the sentence for a refused record.

use super::kinds::{
    Citizenship, ClientRole, ConsultationForm, ConsultationType, ContactForm, Exploitation, Kind,
    OfferMethod, OfferOutcome, Origin, PrimaryDrug, RefusalReason, Sex, Situation, TestResult,
    TestType, WorkerRole,
};
use super::validate::{RecordProblem, Rejection};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The address of each kind's form.
pub fn form_path(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "/zaznam/kontakt",
        Kind::Exchange => "/zaznam/vymena",
        Kind::CrisisVisit => "/zaznam/krize",
        Kind::FoundSyringes => "/zaznam/strikacky",
        Kind::Refusal => "/zaznam/odmitnuti",
        Kind::MissedMeeting => "/zaznam/zmeskane",
        Kind::Case => "/zaznam/pripad",
        Kind::Offer => "/zaznam/nabidka",
        Kind::Consultation => "/zaznam/konzultace",
    }
}

pub fn kind_name(i18n: I18n, kind: Kind) -> String {
    match kind {
        Kind::Contact => t_string!(i18n, kind_contact).to_string(),
        Kind::Exchange => t_string!(i18n, kind_exchange).to_string(),
        Kind::CrisisVisit => t_string!(i18n, kind_crisis_visit).to_string(),
        Kind::FoundSyringes => t_string!(i18n, kind_found_syringes).to_string(),
        Kind::Refusal => t_string!(i18n, kind_refusal).to_string(),
        Kind::MissedMeeting => t_string!(i18n, kind_missed_meeting).to_string(),
        Kind::Case => t_string!(i18n, kind_case).to_string(),
        Kind::Offer => t_string!(i18n, kind_offer).to_string(),
        Kind::Consultation => t_string!(i18n, kind_consultation).to_string(),
    }
}

pub fn offer_method_name(i18n: I18n, method: OfferMethod) -> String {
    match method {
        OfferMethod::Phone => t_string!(i18n, offer_phone).to_string(),
        OfferMethod::Sms => t_string!(i18n, offer_sms).to_string(),
        OfferMethod::Letter => t_string!(i18n, offer_letter).to_string(),
        OfferMethod::Visit => t_string!(i18n, offer_visit).to_string(),
        OfferMethod::Office => t_string!(i18n, offer_office).to_string(),
    }
}

pub fn offer_outcome_name(i18n: I18n, outcome: OfferOutcome) -> String {
    match outcome {
        OfferOutcome::Accepted => t_string!(i18n, outcome_accepted).to_string(),
        OfferOutcome::Declined => t_string!(i18n, outcome_declined).to_string(),
        OfferOutcome::NotReached => t_string!(i18n, outcome_not_reached).to_string(),
    }
}

pub fn consultation_type_name(i18n: I18n, topic: ConsultationType) -> String {
    match topic {
        ConsultationType::Social => t_string!(i18n, topic_social).to_string(),
        ConsultationType::Legal => t_string!(i18n, topic_legal).to_string(),
        ConsultationType::Psychological => t_string!(i18n, topic_psychological).to_string(),
        ConsultationType::CrisisIntervention => {
            t_string!(i18n, topic_crisis_intervention).to_string()
        }
    }
}

pub fn consultation_form_name(i18n: I18n, form: ConsultationForm) -> String {
    match form {
        ConsultationForm::Office => t_string!(i18n, cform_office).to_string(),
        ConsultationForm::Field => t_string!(i18n, cform_field).to_string(),
        ConsultationForm::Phone => t_string!(i18n, cform_phone).to_string(),
    }
}

pub fn client_role_name(i18n: I18n, role: ClientRole) -> String {
    match role {
        ClientRole::Endangered => t_string!(i18n, role_endangered).to_string(),
        ClientRole::Child => t_string!(i18n, role_child).to_string(),
        ClientRole::Close => t_string!(i18n, role_close).to_string(),
        ClientRole::Violent => t_string!(i18n, role_violent).to_string(),
    }
}

pub fn test_name(i18n: I18n, test: TestType) -> String {
    match test {
        TestType::Hiv => t_string!(i18n, test_hiv).to_string(),
        TestType::Hcv => t_string!(i18n, test_hcv).to_string(),
        TestType::Hbv => t_string!(i18n, test_hbv).to_string(),
        TestType::Syphilis => t_string!(i18n, test_syphilis).to_string(),
        TestType::UrineDrugs => t_string!(i18n, test_urine_drugs).to_string(),
    }
}

pub fn test_result_name(i18n: I18n, result: TestResult) -> String {
    match result {
        TestResult::Negative => t_string!(i18n, result_negative).to_string(),
        TestResult::Positive => t_string!(i18n, result_positive).to_string(),
    }
}

pub fn drug_name(i18n: I18n, drug: PrimaryDrug) -> String {
    match drug {
        PrimaryDrug::Pervitin => t_string!(i18n, drug_pervitin).to_string(),
        PrimaryDrug::Heroin => t_string!(i18n, drug_heroin).to_string(),
        PrimaryDrug::Buprenorphine => t_string!(i18n, drug_buprenorphine).to_string(),
        PrimaryDrug::OtherOpioids => t_string!(i18n, drug_other_opioids).to_string(),
        PrimaryDrug::Cannabis => t_string!(i18n, drug_cannabis).to_string(),
        PrimaryDrug::Other => t_string!(i18n, drug_other).to_string(),
    }
}

pub fn origin_name(i18n: I18n, origin: Origin) -> String {
    match origin {
        Origin::InstitutionalCare => t_string!(i18n, origin_institutional_care).to_string(),
        Origin::FosterCare => t_string!(i18n, origin_foster_care).to_string(),
        Origin::Other => t_string!(i18n, origin_other).to_string(),
    }
}

pub fn sex_name(i18n: I18n, sex: Sex) -> String {
    match sex {
        Sex::Female => t_string!(i18n, sex_female).to_string(),
        Sex::Male => t_string!(i18n, sex_male).to_string(),
    }
}

pub fn role_name(i18n: I18n, role: WorkerRole) -> String {
    match role {
        WorkerRole::Consultant => t_string!(i18n, role_consultant).to_string(),
        WorkerRole::Assistant => t_string!(i18n, role_assistant).to_string(),
    }
}

pub fn exploitation_name(i18n: I18n, form: Exploitation) -> String {
    match form {
        Exploitation::Labour => t_string!(i18n, ex_labour).to_string(),
        Exploitation::Sexual => t_string!(i18n, ex_sexual).to_string(),
        Exploitation::Other => t_string!(i18n, ex_other).to_string(),
    }
}

pub fn citizenship_name(i18n: I18n, group: Citizenship) -> String {
    match group {
        Citizenship::Czech => t_string!(i18n, cit_czech).to_string(),
        Citizenship::Eu => t_string!(i18n, cit_eu).to_string(),
        Citizenship::Other => t_string!(i18n, cit_other).to_string(),
    }
}

pub fn refusal_reason_name(i18n: I18n, reason: RefusalReason) -> String {
    match reason {
        RefusalReason::NotProvided => t_string!(i18n, rr_not_provided).to_string(),
        RefusalReason::NoCapacity => t_string!(i18n, rr_no_capacity).to_string(),
        RefusalReason::HealthCondition => t_string!(i18n, rr_health_condition).to_string(),
        RefusalReason::ContractEnded => t_string!(i18n, rr_contract_ended).to_string(),
    }
}

pub fn contact_form_name(i18n: I18n, form: ContactForm) -> String {
    match form {
        ContactForm::InPerson => t_string!(i18n, cf_in_person).to_string(),
        ContactForm::Phone => t_string!(i18n, cf_phone).to_string(),
        ContactForm::Online => t_string!(i18n, cf_online).to_string(),
        ContactForm::Group => t_string!(i18n, cf_group).to_string(),
    }
}

pub fn situation_name(i18n: I18n, situation: Situation) -> String {
    match situation {
        Situation::Eviction => t_string!(i18n, sit_eviction).to_string(),
        Situation::DomesticViolence => t_string!(i18n, sit_domestic_violence).to_string(),
        Situation::Trafficking => t_string!(i18n, sit_trafficking).to_string(),
        Situation::AcuteCrisis => t_string!(i18n, sit_acute_crisis).to_string(),
        Situation::Other => t_string!(i18n, sit_other).to_string(),
    }
}

/// A sentence for a refused record, naming the field in the worker's words.
pub fn rejection_text(i18n: I18n, rejection: &Rejection) -> String {
    let field = rejection.field.split(['[', '.']).next().unwrap_or_default();
    let field = match field {
        "occurred_at" => t_string!(i18n, rf_occurred_at).to_string(),
        "locality" => t_string!(i18n, rf_locality).to_string(),
        "client" => t_string!(i18n, rf_client).to_string(),
        "note" => t_string!(i18n, rf_note).to_string(),
        "materials" => t_string!(i18n, rf_materials).to_string(),
        "returned_syringes" => t_string!(i18n, rf_returned).to_string(),
        "service_acts" => t_string!(i18n, rf_service_acts).to_string(),
        "police_record_at" => t_string!(i18n, rf_police_record_at).to_string(),
        "children_present" => t_string!(i18n, rf_children).to_string(),
        "count" => t_string!(i18n, rf_count).to_string(),
        "duration_minutes" => t_string!(i18n, rf_duration).to_string(),
        "reason" => t_string!(i18n, rf_refusal_reason).to_string(),
        "role" => t_string!(i18n, rf_role).to_string(),
        "exploitation" => t_string!(i18n, rf_exploitation).to_string(),
        "service" => t_string!(i18n, rf_service).to_string(),
        "birth_year" => t_string!(i18n, rf_birth_year).to_string(),
        "tests" => t_string!(i18n, rf_tests).to_string(),
        "primary_drug" => t_string!(i18n, rf_primary_drug).to_string(),
        "basics" => t_string!(i18n, basics_legend).to_string(),
        other => other.to_owned(),
    };
    let problem = match &rejection.problem {
        RecordProblem::Malformed(_) => t_string!(i18n, rp_malformed).to_string(),
        RecordProblem::OutOfRange { min, max } => {
            let (min, max) = (*min, *max);
            t_string!(i18n, rp_out_of_range, min, max).to_string()
        }
        RecordProblem::Unknown => t_string!(i18n, rp_unknown).to_string(),
        RecordProblem::InFuture => t_string!(i18n, rp_in_future).to_string(),
        RecordProblem::TooOld => t_string!(i18n, rp_too_old).to_string(),
        RecordProblem::TooLong { max } => {
            let max = *max;
            t_string!(i18n, problem_too_long, max).to_string()
        }
        RecordProblem::Required => t_string!(i18n, problem_required).to_string(),
        RecordProblem::NotForTargetGroup => t_string!(i18n, rp_not_for_target_group).to_string(),
        RecordProblem::UnderAge => t_string!(i18n, rp_under_age).to_string(),
        RecordProblem::WithoutCode => t_string!(i18n, rp_without_code).to_string(),
        RecordProblem::NotYourService => t_string!(i18n, rp_not_your_service).to_string(),
        RecordProblem::NotForService => t_string!(i18n, rp_not_for_service).to_string(),
        RecordProblem::Conflict => t_string!(i18n, rp_conflict).to_string(),
    };
    format!("{field}: {problem}")
}
