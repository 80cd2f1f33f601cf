//! The published code list of the yearly figures as they leave a service:
//! one data set per part of the yearly report, data elements with fixed
//! disaggregations, and the codes of every disaggregation's options. The
//! codes are stable: an umbrella or a DHIS2 instance maps them once, so a
//! code here is never renamed or reused, only added.

use crate::records::district::DISTRICTS;
use crate::records::kinds::{
    wire_name, Citizenship, ContactForm, Exploitation, Origin, PrimaryDrug, WorkerRole,
};
use crate::reports::figures::{AGE_BANDS, UNKNOWN};
use crate::reports::labels::{
    age_band_label, citizenship_label, consultation_label, contact_form_label, drug_label,
    exploitation_label, missed_label, role_label, sex_label, test_label,
};
use crate::services::ServiceType;

/// A disaggregation: its attribute name in ADX and its options.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Dim {
    Sex,
    Age,
    TargetGroup,
    District,
    Drug,
    Test,
    Origin,
    Consultation,
    Exploitation,
    Citizenship,
    ContactForm,
    Role,
    Missed,
}

/// Clients in no target group (seen only in crisis visits).
pub const NO_GROUP: &str = "none";
/// A target group an organisation added to its list itself: the umbrella
/// cannot know its code, so it is counted here.
pub const OWN_GROUP: &str = "own";
/// A district, origin or drug never given.
pub const NOT_GIVEN: &str = "not_given";

/// The target groups of the first list, which every install has; the
/// packs add the others ([`crate::services::packs::target_groups`]).
const FIRST_GROUPS: [(&str, &str); 4] = [
    ("injecting_user", "Injekční uživatelé drog"),
    ("non_injecting_user", "Neinjekční uživatelé drog"),
    ("family_or_close", "Rodina a blízcí"),
    ("other", "Jiní"),
];

const TESTS: [&str; 15] = [
    "hiv/negative",
    "hiv/positive",
    "hiv/none",
    "hcv/negative",
    "hcv/positive",
    "hcv/none",
    "hbv/negative",
    "hbv/positive",
    "hbv/none",
    "syphilis/negative",
    "syphilis/positive",
    "syphilis/none",
    "urine_drugs/negative",
    "urine_drugs/positive",
    "urine_drugs/none",
];

const CONSULTATIONS: [&str; 12] = [
    "social/office",
    "social/field",
    "social/phone",
    "legal/office",
    "legal/field",
    "legal/phone",
    "psychological/office",
    "psychological/field",
    "psychological/phone",
    "crisis_intervention/office",
    "crisis_intervention/field",
    "crisis_intervention/phone",
];

impl Dim {
    pub const ALL: [Dim; 13] = [
        Dim::Sex,
        Dim::Age,
        Dim::TargetGroup,
        Dim::District,
        Dim::Drug,
        Dim::Test,
        Dim::Origin,
        Dim::Consultation,
        Dim::Exploitation,
        Dim::Citizenship,
        Dim::ContactForm,
        Dim::Role,
        Dim::Missed,
    ];

    /// Its ADX attribute and DHIS2 category code.
    pub fn code(self) -> &'static str {
        match self {
            Dim::Sex => "SEX",
            Dim::Age => "AGE",
            Dim::TargetGroup => "TARGET_GROUP",
            Dim::District => "DISTRICT",
            Dim::Drug => "DRUG",
            Dim::Test => "TEST",
            Dim::Origin => "ORIGIN",
            Dim::Consultation => "CONSULTATION",
            Dim::Exploitation => "EXPLOITATION",
            Dim::Citizenship => "CITIZENSHIP",
            Dim::ContactForm => "CONTACT_FORM",
            Dim::Role => "ROLE",
            Dim::Missed => "MISSED",
        }
    }

    pub fn parse(code: &str) -> Option<Dim> {
        Dim::ALL.into_iter().find(|dim| dim.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dim::Sex => "Pohlaví",
            Dim::Age => "Věková skupina",
            Dim::TargetGroup => "Cílová skupina",
            Dim::District => "Okres bydliště",
            Dim::Drug => "Primární droga",
            Dim::Test => "Test a výsledek",
            Dim::Origin => "Původ uživatele",
            Dim::Consultation => "Konzultace (typ a forma)",
            Dim::Exploitation => "Forma vykořisťování",
            Dim::Citizenship => "Občanství",
            Dim::ContactForm => "Forma kontaktu",
            Dim::Role => "Role pracovníka",
            Dim::Missed => "Zmeškané setkání",
        }
    }

    /// Every option, code and Czech label, in the order tables show them.
    pub fn options(self) -> Vec<(String, String)> {
        fn of<T: serde::Serialize>(
            values: &[T],
            label: fn(&str) -> &'static str,
        ) -> Vec<(String, String)> {
            values
                .iter()
                .map(|value| {
                    let code = wire_name(value);
                    let label = label(&code).to_owned();
                    (code, label)
                })
                .collect()
        }
        let fixed = |codes: &[&str], label: fn(&str) -> &'static str| {
            codes
                .iter()
                .map(|code| ((*code).to_owned(), label(code).to_owned()))
                .collect::<Vec<_>>()
        };
        let mut options = match self {
            Dim::Sex => fixed(&["female", "male", UNKNOWN], sex_label),
            Dim::Age => {
                let mut bands: Vec<&str> = AGE_BANDS.iter().map(|(_, code)| *code).collect();
                bands.push(UNKNOWN);
                fixed(&bands, age_band_label)
            }
            Dim::TargetGroup => {
                let mut groups: Vec<(String, String)> = FIRST_GROUPS
                    .into_iter()
                    .chain(crate::services::packs::target_groups())
                    .map(|(code, label)| (code.to_owned(), label.to_owned()))
                    .collect();
                groups.push((OWN_GROUP.into(), "Vlastní cílové skupiny".into()));
                groups.push((NO_GROUP.into(), "Bez cílové skupiny".into()));
                groups
            }
            Dim::District => DISTRICTS
                .iter()
                .map(|(code, name)| ((*code).to_owned(), (*name).to_owned()))
                .collect(),
            Dim::Drug => {
                let mut drugs = of(&PrimaryDrug::ALL, drug_label);
                drugs.push((UNKNOWN.into(), "Neuvedeno".into()));
                drugs
            }
            Dim::Test => fixed(&TESTS, test_label),
            Dim::Origin => of(&Origin::ALL, origin_label),
            Dim::Consultation => fixed(&CONSULTATIONS, consultation_label),
            Dim::Exploitation => of(&Exploitation::ALL, exploitation_label),
            Dim::Citizenship => of(&Citizenship::ALL, citizenship_label),
            Dim::ContactForm => of(&ContactForm::ALL, contact_form_label),
            Dim::Role => of(&WorkerRole::ALL, role_label),
            Dim::Missed => fixed(&["cancelled", "no_show"], missed_label),
        };
        if matches!(self, Dim::District | Dim::Origin) {
            options.push((NOT_GIVEN.into(), "Neuvedeno".into()));
        }
        options
    }

    pub fn knows(self, option: &str) -> bool {
        self.options().iter().any(|(code, _)| code == option)
    }
}

fn origin_label(code: &str) -> &'static str {
    match code {
        "institutional_care" => "Ústavní péče",
        "foster_care" => "Pěstounská péče",
        _ => "Odjinud",
    }
}

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
