//! The items each type of service starts with, added when the organisation
//! first runs a service of that type. From then on they are the admin's to
//! rename or retire like any other item; a pack never overwrites an item
//! whose code is already taken.
//!
//! The drug services' pack is the first list of all (localities, acts and
//! materials in the first migration, target groups in a later one): every
//! install has it.
//!
//! The acts follow the basic activities the social services act gives each
//! type of service, in the words the centres' own descriptions use.

use super::ServiceType;

/// One item of a pack: the list it goes to (as the catalogue names its
/// lists), its code and its label.
pub type PackItem = (&'static str, &'static str, &'static str);

const SERVICE_ACT: &str = "service_act";
const RELATION: &str = "relation";
/// Named as in the ministry's list of target groups, so the yearly
/// *výkaz* adds up across services.
const TARGET_GROUP: &str = "target_group";

/// The target group a new case starts with: the endangered person is a
/// victim of domestic violence.
pub const ENDANGERED_GROUP: &str = "ic-obeti-domaciho-nasili";

const INTERVENTION_CENTRE: &[PackItem] = &[
    (TARGET_GROUP, ENDANGERED_GROUP, "Oběti domácího násilí"),
    (
        TARGET_GROUP,
        "ic-osoby-blizke",
        "Osoby blízké ohrožené osobě",
    ),
    (
        SERVICE_ACT,
        "ic-socialni-poradenstvi",
        "Sociální poradenství",
    ),
    (SERVICE_ACT, "ic-pravni-poradenstvi", "Právní poradenství"),
    (
        SERVICE_ACT,
        "ic-psychologicke-poradenstvi",
        "Psychologické poradenství",
    ),
    (
        SERVICE_ACT,
        "ic-navrh-soudu",
        "Pomoc se sepsáním návrhu soudu (předběžné opatření)",
    ),
    (
        SERVICE_ACT,
        "ic-informace-rizeni",
        "Informace o ochranných opatřeních a řízeních",
    ),
    (
        SERVICE_ACT,
        "ic-azylove-bydleni",
        "Zprostředkování azylového bydlení",
    ),
    (
        SERVICE_ACT,
        "ic-pece-o-dite-rozvod",
        "Informace o řízení o péči o dítě a o rozvodu",
    ),
    (
        SERVICE_ACT,
        "ic-zakon-o-obetech",
        "Informace podle zákona o obětech trestných činů",
    ),
    (SERVICE_ACT, "ic-davky", "Informace o dávkách"),
    (
        SERVICE_ACT,
        "ic-pripadova-konference",
        "Případová konference s OSPOD",
    ),
    (RELATION, "partner", "Manžel, partner"),
    (RELATION, "byvaly-partner", "Bývalý manžel, partner"),
    (RELATION, "rodic", "Rodič"),
    (RELATION, "dite", "Dítě (i dospělé)"),
    (RELATION, "jiny-pribuzny", "Jiný příbuzný"),
    (RELATION, "jina-osoba", "Jiná osoba ve společné domácnosti"),
];

const CRISIS_HELP: &[PackItem] = &[
    (TARGET_GROUP, "kp-obeti-osl", "Oběti obchodu s lidmi"),
    // The service exists for them; installs that started without it get
    // it at their next start, as every pack item does.
    (
        TARGET_GROUP,
        "kp-pracovni-vykoristovani",
        "Oběti pracovního vykořisťování",
    ),
    (TARGET_GROUP, "kp-obeti-tc", "Oběti trestné činnosti"),
    (
        TARGET_GROUP,
        "kp-komercne-zneuzivani",
        "Osoby komerčně zneužívané",
    ),
    (TARGET_GROUP, "kp-bez-pristresi", "Osoby bez přístřeší"),
    (TARGET_GROUP, "kp-v-krizi", "Osoby v krizi"),
    (TARGET_GROUP, "kp-etnicke-mensiny", "Etnické menšiny"),
    (SERVICE_ACT, "kp-doklady", "Vyřízení dokladů"),
    (SERVICE_ACT, "kp-pravni-pomoc", "Právní pomoc"),
    (
        SERVICE_ACT,
        "kp-zamestnavatel",
        "Jednání se zaměstnavatelem nebo agenturou",
    ),
    (SERVICE_ACT, "kp-hledani-prace", "Hledání práce"),
    (
        SERVICE_ACT,
        "kp-spoluprace",
        "Spolupráce s jinými organizacemi",
    ),
    (SERVICE_ACT, "kp-prevence", "Preventivní beseda"),
];

/// The people a halfway house is for: young adults leaving institutional
/// or foster care.
pub const LEAVING_CARE_GROUP: &str = "dpc-z-ustavni-pece";

const HALFWAY_HOUSE: &[PackItem] = &[
    (
        TARGET_GROUP,
        LEAVING_CARE_GROUP,
        "Osoby do 26 let opouštějící zařízení pro výkon ústavní péče",
    ),
    (
        TARGET_GROUP,
        "dpc-rizikovy-zivot",
        "Osoby vedoucí rizikový způsob života",
    ),
    (SERVICE_ACT, "dpc-finance", "Hospodaření s penězi"),
    (SERVICE_ACT, "dpc-domacnost", "Vedení domácnosti"),
    (SERVICE_ACT, "dpc-prace", "Práce a zaměstnání"),
    (
        SERVICE_ACT,
        "dpc-revize-planu",
        "Revize individuálního plánu",
    ),
    (SERVICE_ACT, "dpc-ubytovani", "Ubytování a smlouva"),
];

const SOCIAL_REHABILITATION: &[PackItem] = &[
    (
        TARGET_GROUP,
        "sr-dusevni-onemocneni",
        "Osoby s chronickým duševním onemocněním",
    ),
    (
        TARGET_GROUP,
        "sr-mentalni-postizeni",
        "Osoby s mentálním postižením",
    ),
    (
        TARGET_GROUP,
        "sr-kombinovane-postizeni",
        "Osoby s kombinovaným postižením",
    ),
    (SERVICE_ACT, "sr-nacvik-dovednosti", "Nácvik dovedností"),
    (
        SERVICE_ACT,
        "sr-socialni-navyky",
        "Podpora sociálních návyků",
    ),
    (
        SERVICE_ACT,
        "sr-spolecenske-prostredi",
        "Kontakt se společenským prostředím",
    ),
    (
        SERVICE_ACT,
        "sr-aktivizace",
        "Vzdělávací a aktivizační činnosti",
    ),
];

/// The items a service of `service_type` starts with beyond the first list.
pub fn of(service_type: ServiceType) -> &'static [PackItem] {
    match service_type {
        ServiceType::ContactCentre | ServiceType::FieldProgramme => &[],
        ServiceType::InterventionCentre => INTERVENTION_CENTRE,
        ServiceType::CrisisHelp => CRISIS_HELP,
        ServiceType::HalfwayHouse => HALFWAY_HOUSE,
        ServiceType::SocialRehabilitation => SOCIAL_REHABILITATION,
    }
}

/// Every target group a pack brings, code and label, by service type.
pub fn target_groups() -> impl Iterator<Item = (&'static str, &'static str)> {
    ServiceType::ALL
        .into_iter()
        .flat_map(of)
        .filter(|(list, _, _)| *list == TARGET_GROUP)
        .map(|(_, code, label)| (*code, *label))
}
