//! The published code list of the yearly figures as they leave a service:
//! one data set per part of the yearly report, data elements with fixed
//! disaggregations, and the codes of every disaggregation's options. The
//! codes are stable: an umbrella or a DHIS2 instance maps them once, so a
//! code here is never renamed or reused, only added.

mod dims;

pub use dims::{Dim, NOT_GIVEN, NO_GROUP, OWN_GROUP};

use crate::services::ServiceType;

/// A part of the yearly report as a data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSet {
    pub code: &'static str,
    pub title: &'static str,
    /// Its elements, in the order tables show them.
    pub elements: &'static [&'static str],
}

pub const MINISTRY: &str = "MPSV_VYKAZ";
pub const DRUG_MONITORING: &str = "NMS";
pub const INTERVENTION_CENTRES: &str = "IC_STATISTIKA";
pub const TRAFFICKING: &str = "MV_OBCHOD_S_LIDMI";
pub const DIRECT_WORK: &str = "PRIMA_PRACE";

pub const DATASETS: [DataSet; 5] = [
    DataSet {
        code: MINISTRY,
        title: crate::reports::annual_layout::MINISTRY,
        elements: &[
            "KLIENTI",
            "KLIENTI_POHLAVI",
            "KLIENTI_VEK",
            "KLIENTI_SKUPINA",
            "KLIENTI_OKRES",
            "PRVOKONTAKTY",
            "KONTAKTY",
            "MINUTY_PRIME_PRACE",
            "ODMITNUTI",
            "UZIVATELE_PUVOD",
            "OSOBY_S_UZIVATELI",
        ],
    },
    DataSet {
        code: DRUG_MONITORING,
        title: crate::reports::annual_layout::DRUG_MONITORING,
        elements: &[
            "KLIENTI",
            "KLIENTI_INJEKCNI",
            "KLIENTI_POHLAVI",
            "KLIENTI_DROGA",
            "PRVOKONTAKTY",
            "KONTAKTY",
            "VYMENY",
            "STRIKACKY_VYDANE",
            "STRIKACKY_VRACENE",
            "KAPSLE",
            "TESTY_INFEKCE",
            "TESTY_MOC",
            "TESTY_TYP",
        ],
    },
    DataSet {
        code: INTERVENTION_CENTRES,
        title: crate::reports::annual_layout::INTERVENTION_CENTRES,
        elements: &[
            "VYKAZANI",
            "VYKAZANI_48H",
            "VYKAZANI_OPAKOVANA",
            "DETI",
            "VYKAZANI_DALSI_KONTAKT",
            "OHROZENE_OSOBY",
            "OHROZENE_OSOBY_POHLAVI",
            "OHROZENE_OSOBY_VEK",
            "KRIZOVE_NAVSTEVY",
            "KONZULTACE",
        ],
    },
    DataSet {
        code: TRAFFICKING,
        title: crate::reports::annual_layout::TRAFFICKING,
        elements: &[
            "OSOBY_VYKORISTOVANI",
            "OSOBY_OBCANSTVI",
            "KONTAKTY",
            "KRIZOVE_NAVSTEVY",
        ],
    },
    DataSet {
        code: DIRECT_WORK,
        title: crate::reports::annual_layout::DIRECT_WORK,
        elements: &[
            "MINUTY_PRIME_PRACE",
            "KONTAKTY_FORMA",
            "KONTAKTY_ROLE",
            "SETKANI_ZMESKANA",
        ],
    },
];

pub fn dataset(code: &str) -> Option<&'static DataSet> {
    DATASETS.iter().find(|set| set.code == code)
}

/// A data element: what it counts and by what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    pub code: &'static str,
    pub label: &'static str,
    pub dims: &'static [Dim],
    /// Counts unique people: cells of 1 to 4 are hidden where small
    /// counts are, and the count does not add across services.
    pub people: bool,
}

const fn element(
    code: &'static str,
    label: &'static str,
    dims: &'static [Dim],
    people: bool,
) -> Element {
    Element {
        code,
        label,
        dims,
        people,
    }
}

pub const ELEMENTS: &[Element] = &[
    element("KLIENTI", "Klienti", &[], true),
    element(
        "KLIENTI_POHLAVI",
        "Klienti podle pohlaví",
        &[Dim::Sex],
        true,
    ),
    element("KLIENTI_VEK", "Klienti podle věku", &[Dim::Age], true),
    element(
        "KLIENTI_SKUPINA",
        "Uživatelé podle cílové skupiny, pohlaví a věku",
        &[Dim::TargetGroup, Dim::Sex, Dim::Age],
        true,
    ),
    element(
        "KLIENTI_OKRES",
        "Klienti podle okresu bydliště",
        &[Dim::District],
        true,
    ),
    element(
        "KLIENTI_INJEKCNI",
        "Klienti – injekční uživatelé drog",
        &[],
        true,
    ),
    element(
        "KLIENTI_DROGA",
        "Klienti podle primární drogy",
        &[Dim::Drug],
        true,
    ),
    element("PRVOKONTAKTY", "Prvokontakty", &[], false),
    element("KONTAKTY", "Kontakty", &[], false),
    element("MINUTY_PRIME_PRACE", "Minuty přímé práce", &[], false),
    element("ODMITNUTI", "Odmítnutí zájemci (§91 odst. 3)", &[], false),
    element(
        "UZIVATELE_PUVOD",
        "Uživatelé podle původu",
        &[Dim::Origin],
        true,
    ),
    element("OSOBY_S_UZIVATELI", "Osoby žijící s uživateli", &[], true),
    element("VYMENY", "Výměny", &[], false),
    element("STRIKACKY_VYDANE", "Vydané injekční stříkačky", &[], false),
    element(
        "STRIKACKY_VRACENE",
        "Vrácené injekční stříkačky",
        &[],
        false,
    ),
    element("KAPSLE", "Želatinové kapsle", &[], false),
    element(
        "TESTY_INFEKCE",
        "Testy (HIV, HCV, HBV, syfilis)",
        &[],
        false,
    ),
    element("TESTY_MOC", "Testy na drogy z moči", &[], false),
    element(
        "TESTY_TYP",
        "Testy podle typu a výsledku",
        &[Dim::Test],
        false,
    ),
    element("VYKAZANI", "Vykázání (přijaté záznamy policie)", &[], false),
    element(
        "VYKAZANI_48H",
        "Nabídka pomoci do 48 hodin od přijetí",
        &[],
        false,
    ),
    element(
        "VYKAZANI_OPAKOVANA",
        "Opakovaná vykázání v téže domácnosti",
        &[],
        false,
    ),
    element("DETI", "Děti ve společné domácnosti", &[], false),
    element(
        "VYKAZANI_DALSI_KONTAKT",
        "Případy s dalším odborným kontaktem",
        &[],
        false,
    ),
    element("OHROZENE_OSOBY", "Ohrožené osoby", &[], true),
    element(
        "OHROZENE_OSOBY_POHLAVI",
        "Ohrožené osoby podle pohlaví",
        &[Dim::Sex],
        true,
    ),
    element(
        "OHROZENE_OSOBY_VEK",
        "Ohrožené osoby podle věku",
        &[Dim::Age],
        true,
    ),
    element("KRIZOVE_NAVSTEVY", "Krizové návštěvy", &[], false),
    element(
        "KONZULTACE",
        "Konzultace podle typu a formy",
        &[Dim::Consultation],
        false,
    ),
    element(
        "OSOBY_VYKORISTOVANI",
        "Osoby podle formy vykořisťování (osoba ve dvou formách v obou)",
        &[Dim::Exploitation],
        true,
    ),
    element(
        "OSOBY_OBCANSTVI",
        "Osoby podle občanství",
        &[Dim::Citizenship],
        true,
    ),
    element(
        "KONTAKTY_FORMA",
        "Kontakty podle formy",
        &[Dim::ContactForm],
        false,
    ),
    element(
        "KONTAKTY_ROLE",
        "Kontakty podle role pracovníka",
        &[Dim::Role],
        false,
    ),
    element(
        "SETKANI_ZMESKANA",
        "Zmeškaná setkání",
        &[Dim::Missed],
        false,
    ),
];

pub fn elements() -> impl Iterator<Item = &'static Element> {
    ELEMENTS.iter()
}

pub fn element_of(code: &str) -> Option<&'static Element> {
    elements().find(|element| element.code == code)
}

/// Where one element's cells add up to another's, in one data set and
/// for one org unit: summed over the dimensions the total lacks, the
/// parts equal the total's cell with the dimensions they share. Checked
/// on every message an umbrella receives, and used to keep hidden cells
/// from being worked out.
pub const ADDS_UP: [(&str, &str); 9] = [
    ("KLIENTI_POHLAVI", "KLIENTI"),
    ("KLIENTI_VEK", "KLIENTI"),
    ("KLIENTI_SKUPINA", "KLIENTI"),
    ("KLIENTI_SKUPINA", "KLIENTI_POHLAVI"),
    ("KLIENTI_SKUPINA", "KLIENTI_VEK"),
    ("KLIENTI_OKRES", "KLIENTI"),
    ("KLIENTI_DROGA", "KLIENTI"),
    ("OHROZENE_OSOBY_POHLAVI", "OHROZENE_OSOBY"),
    ("OHROZENE_OSOBY_VEK", "OHROZENE_OSOBY"),
];

/// A part that can never exceed another (`part ≤ whole`), in one data
/// set and org unit.
pub const AT_MOST: [(&str, &str); 2] = [
    ("KLIENTI_INJEKCNI", "KLIENTI"),
    ("VYKAZANI_48H", "VYKAZANI"),
];

/// The regions (kraje, NUTS 3), by the code their districts start with.
pub const REGIONS: [(&str, &str); 14] = [
    ("CZ010", "Hlavní město Praha"),
    ("CZ020", "Středočeský kraj"),
    ("CZ031", "Jihočeský kraj"),
    ("CZ032", "Plzeňský kraj"),
    ("CZ041", "Karlovarský kraj"),
    ("CZ042", "Ústecký kraj"),
    ("CZ051", "Liberecký kraj"),
    ("CZ052", "Královéhradecký kraj"),
    ("CZ053", "Pardubický kraj"),
    ("CZ063", "Kraj Vysočina"),
    ("CZ064", "Jihomoravský kraj"),
    ("CZ071", "Olomoucký kraj"),
    ("CZ072", "Zlínský kraj"),
    ("CZ080", "Moravskoslezský kraj"),
];

pub fn region_name(code: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, name)| *name)
}

/// The data sets a service of `service_type` sends: the parts of the
/// yearly report its type owes.
pub fn owed(service_type: ServiceType) -> Vec<&'static str> {
    let mut sets = vec![MINISTRY];
    sets.push(match service_type {
        ServiceType::ContactCentre | ServiceType::FieldProgramme => DRUG_MONITORING,
        ServiceType::InterventionCentre => INTERVENTION_CENTRES,
        ServiceType::CrisisHelp => TRAFFICKING,
        ServiceType::HalfwayHouse | ServiceType::SocialRehabilitation => DIRECT_WORK,
    });
    sets
}

/// A type of service as the published tables name it.
pub fn service_type_label(service_type: ServiceType) -> &'static str {
    match service_type {
        ServiceType::ContactCentre => "Kontaktní centra",
        ServiceType::FieldProgramme => "Terénní programy",
        ServiceType::InterventionCentre => "Intervenční centra",
        ServiceType::CrisisHelp => "Krizová pomoc",
        ServiceType::HalfwayHouse => "Domy na půl cesty",
        ServiceType::SocialRehabilitation => "Sociální rehabilitace",
    }
}
