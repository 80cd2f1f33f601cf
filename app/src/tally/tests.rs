use super::*;

fn contact(duration_minutes: Option<i64>) -> Details {
    Details::Contact {
        first_contact: false,
        target_group: "other".into(),
        primary_drug: String::new(),
        service_acts: vec![],
        duration_minutes,
        form: Default::default(),
        head_count: None,
        particulars: Default::default(),
        tests: vec![],
    }
}

fn fact(details: &Details) -> Fact<'_> {
    Fact {
        day: "2026-11-22",
        locality: "centrum",
        service_id: 1,
        worker_id: 1,
        client_kind: "anonymous",
        details,
    }
}

fn minutes(details: &Details) -> Vec<i64> {
    measures(&fact(details))
        .into_iter()
        .filter(|(measure, _, _)| *measure == measure::MINUTES)
        .map(|(_, _, value)| value)
        .collect()
}

#[test]
fn a_contacts_duration_counts_as_minutes_of_direct_work() {
    assert_eq!(minutes(&contact(Some(45))), vec![45]);
    assert_eq!(minutes(&contact(Some(0))), Vec::<i64>::new());
    assert_eq!(minutes(&contact(None)), Vec::<i64>::new());
}

#[test]
fn every_contact_counts_once_under_its_form() {
    let mut by_phone = contact(None);
    if let Details::Contact { form, .. } = &mut by_phone {
        *form = crate::records::kinds::ContactForm::Phone;
    }
    let forms = |details: &Details| -> Vec<String> {
        measures(&fact(details))
            .into_iter()
            .filter(|(measure, _, _)| *measure == measure::CONTACT_FORM)
            .map(|(_, code, value)| format!("{code}={value}"))
            .collect()
    };
    assert_eq!(forms(&contact(None)), vec!["in_person=1"]);
    assert_eq!(forms(&by_phone), vec!["phone=1"]);
}
