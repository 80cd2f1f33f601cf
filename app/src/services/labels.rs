//! What the screens call a type of service.

use super::ServiceType;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The type's name with its section of the law: "Kontaktní centrum (§59)".
pub fn type_name(i18n: I18n, service_type: ServiceType) -> String {
    let name = match service_type {
        ServiceType::ContactCentre => t_string!(i18n, st_contact_centre).to_string(),
        ServiceType::FieldProgramme => t_string!(i18n, st_field_programme).to_string(),
        ServiceType::InterventionCentre => t_string!(i18n, st_intervention_centre).to_string(),
        ServiceType::CrisisHelp => t_string!(i18n, st_crisis_help).to_string(),
        ServiceType::HalfwayHouse => t_string!(i18n, st_halfway_house).to_string(),
        ServiceType::SocialRehabilitation => t_string!(i18n, st_social_rehabilitation).to_string(),
    };
    format!("{name} ({})", service_type.section())
}
