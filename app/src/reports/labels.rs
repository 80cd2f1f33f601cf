//! Czech labels for published tables (CSV files and the annual report),
//! which follow the funders' Czech forms whatever language the screen uses.

use super::figures::AnnualReport;
use super::suppress::{self, cell};
use crate::records::kinds::TargetGroup;

pub fn group_label(group: Option<TargetGroup>) -> &'static str {
    match group {
        Some(TargetGroup::InjectingUser) => "Injekční uživatelé drog",
        Some(TargetGroup::NonInjectingUser) => "Neinjekční uživatelé drog",
        Some(TargetGroup::FamilyOrClose) => "Rodina a blízcí",
        Some(TargetGroup::Other) => "Jiní",
        None => "Bez cílové skupiny (jen krizové návštěvy)",
    }
}

pub fn contact_form_label(code: &str) -> &'static str {
    match code {
        "in_person" => "Osobně",
        "phone" => "Telefonicky",
        "online" => "Online",
        _ => "Skupina",
    }
}

pub fn refusal_label(code: &str) -> &'static str {
    match code {
        "not_provided" => "Služba neposkytuje, o co žádá",
        "no_capacity" => "Nedostatek kapacity",
        "health_condition" => "Zdravotní stav vylučuje poskytnutí",
        _ => "Smlouva vypovězena v posledních 6 měsících",
    }
}

pub fn role_label(code: &str) -> &'static str {
    match code {
        "consultant" => "Konzultant",
        _ => "Asistent",
    }
}

pub fn exploitation_label(code: &str) -> &'static str {
    match code {
        "labour" => "Pracovní vykořisťování",
        "sexual" => "Sexuální vykořisťování",
        _ => "Jiná forma",
    }
}

pub fn citizenship_label(code: &str) -> &'static str {
    match code {
        "czech" => "Česká republika",
        "eu" => "Jiný stát EU",
        _ => "Mimo EU",
    }
}

pub fn missed_label(code: &str) -> &'static str {
    match code {
        "cancelled" => "Zrušeno klientem předem",
        _ => "Klient nepřišel",
    }
}

pub fn situation_label(code: &str) -> &'static str {
    match code {
        "eviction" => "Domácí násilí po vykázání",
        "domestic_violence" => "Domácí násilí bez vykázání",
        "trafficking" => "Obchod s lidmi, pracovní vykořisťování",
        "acute_crisis" => "Akutní psychická krize",
        _ => "Jiná situace",
    }
}

/// The annual report's lines with their published values.
pub fn annual_lines(r: &AnnualReport, suppress: bool) -> Vec<(&'static str, String)> {
    let injecting_hidden = suppress && suppress::is_small(r.injecting_clients);
    let per_client = if injecting_hidden {
        suppress::HIDDEN.to_owned()
    } else {
        r.syringes_per_injecting_client()
            .map_or_else(String::new, |v| format!("{v:.1}").replace('.', ","))
    };
    vec![
        ("Počet klientů", cell(r.clients, suppress)),
        (
            "z toho injekčních uživatelů drog",
            cell(r.injecting_clients, suppress),
        ),
        ("Prvokontakty", r.first_contacts.to_string()),
        ("Kontakty", r.contacts.to_string()),
        ("Výměny", r.exchanges.to_string()),
        ("Vydané injekční stříkačky", r.syringes_given.to_string()),
        ("Stříkačky na injekčního klienta", per_client),
        ("Želatinové kapsle", r.gelatin_capsules.to_string()),
        ("Testy", r.tests.to_string()),
        ("Krizové návštěvy", r.crisis_visits.to_string()),
        ("Odmítnutí zájemci (§91 odst. 3)", r.refusals.to_string()),
    ]
}
