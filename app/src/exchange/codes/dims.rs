//! The disaggregations of the code list and their options' codes.

use crate::records::district::DISTRICTS;
use crate::records::kinds::{
    wire_name, Citizenship, ContactForm, Exploitation, Origin, PrimaryDrug, WorkerRole,
};
use crate::reports::figures::{AGE_BANDS, UNKNOWN};
use crate::reports::labels::{
    age_band_label, citizenship_label, consultation_label, contact_form_label, drug_label,
    exploitation_label, missed_label, role_label, sex_label, test_label,
};

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

    /// The prefix of its options' DHIS2 codes.
    fn prefix(self) -> &'static str {
        match self {
            Dim::Sex => "SX",
            Dim::Age => "AG",
            Dim::TargetGroup => "TG",
            Dim::District => "DI",
            Dim::Drug => "DR",
            Dim::Test => "TE",
            Dim::Origin => "OR",
            Dim::Consultation => "CO",
            Dim::Exploitation => "EX",
            Dim::Citizenship => "CI",
            Dim::ContactForm => "CF",
            Dim::Role => "RO",
            Dim::Missed => "MI",
        }
    }

    /// The DHIS2 category option's code of `option`: DHIS2 keeps one code
    /// per category option across every category, so `unknown` of sex and
    /// `unknown` of age need codes of their own (`SX_UNKNOWN`, `AG_UNKNOWN`).
    pub fn dhis2_option(self, option: &str) -> String {
        let option: String = option
            .chars()
            .map(|c| match c {
                '+' => "PLUS".to_owned(),
                c if c.is_ascii_alphanumeric() => c.to_ascii_uppercase().to_string(),
                _ => "_".to_owned(),
            })
            .collect();
        format!("{}_{option}", self.prefix())
    }

    /// The option a code names: its own code, or its DHIS2 code (what
    /// the ADX files carry, read back).
    pub fn option_of(self, code: &str) -> Option<String> {
        self.options()
            .into_iter()
            .map(|(option, _)| option)
            .find(|option| option == code || self.dhis2_option(option) == code)
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
