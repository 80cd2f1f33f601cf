//! The checks that depend on the record's service: which services a worker
//! may log for, which kinds a service logs, what only some services ask.

use super::*;
use crate::services::{Service, ServiceType};

fn services() -> Vec<Service> {
    [
        (1, ServiceType::ContactCentre, true),
        (2, ServiceType::InterventionCentre, true),
        (3, ServiceType::FieldProgramme, false),
    ]
    .map(|(id, service_type, active)| Service {
        id,
        service_type,
        name: format!("service {id}"),
        registry_id: String::new(),
        active,
        exchange_minutes: 10,
    })
    .to_vec()
}

#[test]
fn a_record_goes_only_into_a_service_its_worker_works_for_and_that_logs_its_kind() {
    let mut record = exchange(vec![given("strikacky", 5)], 0);
    let problem = |record: &Record, assigned: &[i64]| {
        service(record, assigned, &services())
            .map_err(|rejection| (rejection.field, rejection.problem))
    };

    record.service = Some(1);
    assert_eq!(problem(&record, &[1, 2]), Ok(1));
    assert_eq!(
        problem(&record, &[2]),
        Err(("service".into(), RecordProblem::NotYourService))
    );
    // An intervention centre hands out no injecting material.
    record.service = Some(2);
    assert_eq!(
        problem(&record, &[1, 2]),
        Err(("service".into(), RecordProblem::NotForService))
    );
    // A service nobody has heard of is nobody's.
    record.service = Some(99);
    assert_eq!(
        problem(&record, &[1, 99]),
        Err(("service".into(), RecordProblem::NotYourService))
    );
}

#[test]
fn a_record_from_before_services_goes_to_the_workers_first_service() {
    let record = exchange(vec![given("strikacky", 5)], 0);
    assert_eq!(record.service, None);
    // Whatever that service logs: the record was made before it mattered.
    assert_eq!(service(&record, &[2, 1], &services()), Ok(2));
    assert_eq!(
        service(&record, &[], &services()).map_err(|rejection| rejection.problem),
        Err(RecordProblem::NotYourService)
    );
    let json = serde_json::to_string(&record).unwrap();
    assert!(!json.contains("service\""), "{json}");
}

#[test]
fn a_refused_applicant_has_a_reason_and_never_a_client_code() {
    let mut record = exchange(vec![], 0);
    record.details = Details::Refusal {
        reason: crate::records::kinds::RefusalReason::NoCapacity,
    };
    let error = check(&record, &known(), now()).unwrap_err();
    assert_eq!(error.field, "client");
    record.client = Client::Anonymous;
    assert!(check(&record, &known(), now()).is_ok());
    // Every service logs them, whatever its type.
    for service_type in ServiceType::ALL {
        assert!(Kind::offered_by(service_type).contains(&Kind::Refusal));
    }
    let json = serde_json::to_value(&record.details).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "kind": "refusal", "reason": "no_capacity" })
    );
    let unknown = r#"{ "kind": "refusal", "reason": "dislike" }"#;
    assert!(serde_json::from_str::<Details>(unknown).is_err());
}

#[test]
fn a_services_own_questions_are_answered_only_for_that_service() {
    use crate::records::kinds::{Citizenship, Exploitation, Particulars, WorkerRole};
    let services: Vec<Service> = [
        (1, ServiceType::SocialRehabilitation),
        (2, ServiceType::CrisisHelp),
        (3, ServiceType::HalfwayHouse),
    ]
    .map(|(id, service_type)| Service {
        id,
        service_type,
        name: format!("service {id}"),
        registry_id: String::new(),
        active: true,
        exchange_minutes: 10,
    })
    .to_vec();
    let contact = |service, particulars| {
        let mut record = exchange(vec![], 0);
        record.service = Some(service);
        record.details = Details::Contact {
            first_contact: false,
            target_group: "other".into(),
            primary_drug: String::new(),
            service_acts: vec![],
            duration_minutes: Some(30),
            form: ContactForm::InPerson,
            head_count: None,
            particulars,
            tests: vec![],
        };
        record
    };
    let role = Particulars {
        role: Some(WorkerRole::Assistant),
        ..Particulars::default()
    };
    let exploited = Particulars {
        exploitation: Some(Exploitation::Labour),
        citizenship: Some(Citizenship::Other),
        interpreter: true,
        ..Particulars::default()
    };
    let field = |record: &Record| service(record, &[1, 2, 3], &services).map_err(|r| r.field);
    assert_eq!(field(&contact(1, role.clone())), Ok(1));
    assert_eq!(field(&contact(2, exploited.clone())), Ok(2));
    assert_eq!(field(&contact(3, role.clone())), Err("role".into()));
    assert_eq!(
        field(&contact(1, exploited.clone())),
        Err("exploitation".into())
    );
    assert_eq!(field(&contact(3, Particulars::default())), Ok(3));

    // On the wire they are one object of the contact's, left out when
    // nothing is given, so older records read and compare as stored.
    let json = serde_json::to_value(&contact(2, exploited).details).unwrap();
    assert_eq!(json["particulars"]["exploitation"], "labour");
    assert_eq!(json["particulars"]["interpreter"], true);
    assert_eq!(json["particulars"].as_object().unwrap().len(), 3);
    let plain = serde_json::to_string(&contact(3, Particulars::default()).details).unwrap();
    assert!(!plain.contains("particulars"), "{plain}");
    let back: Details = serde_json::from_value(json).unwrap();
    assert_eq!(
        back.particulars().unwrap().citizenship,
        Some(Citizenship::Other)
    );
}

#[test]
fn basics_go_with_a_client_code_and_a_plausible_birth_year() {
    use crate::records::kinds::{ClientBasics, Sex};
    let basics = |birth_year| ClientBasics {
        sex: Some(Sex::Female),
        birth_year,
        ..ClientBasics::default()
    };
    let mut record = exchange(vec![given("strikacky", 10)], 0);
    record.basics = Some(basics(Some(1990)));
    assert!(check(&record, &known(), now()).is_ok());

    record.basics = Some(basics(Some(1899)));
    let rejection = check(&record, &known(), now()).unwrap_err();
    assert_eq!(rejection.field, "birth_year");
    assert_eq!(
        rejection.problem,
        RecordProblem::OutOfRange {
            min: 1900,
            max: 2026
        }
    );
    record.basics = Some(basics(Some(2027)));
    assert_eq!(
        check(&record, &known(), now()).unwrap_err().field,
        "birth_year"
    );

    record.basics = Some(basics(None));
    record.client = Client::Anonymous;
    let rejection = check(&record, &known(), now()).unwrap_err();
    assert_eq!(rejection.field, "basics");
    assert_eq!(rejection.problem, RecordProblem::WithoutCode);
}

#[test]
fn no_injecting_material_under_fifteen_but_counselling_is_fine() {
    use crate::records::kinds::ClientBasics;
    // 2026 - 2012 = 14: too young; 2011 reaches 15 this year.
    let mut record = exchange(vec![given("strikacky", 10)], 0);
    record.basics = Some(ClientBasics {
        birth_year: Some(2012),
        ..ClientBasics::default()
    });
    let rejection = check(&record, &known(), now()).unwrap_err();
    assert_eq!(
        (rejection.field.as_str(), rejection.problem),
        ("birth_year", RecordProblem::UnderAge)
    );
    record.basics = Some(ClientBasics {
        birth_year: Some(2011),
        ..ClientBasics::default()
    });
    assert!(check(&record, &known(), now()).is_ok());

    // The year kept with the code counts as much as one on the record.
    record.basics = None;
    assert!(material_age(&record, Some(2013)).is_err());
    assert!(material_age(&record, Some(2000)).is_ok());
    assert!(material_age(&record, None).is_ok());

    let mut contact = record.clone();
    contact.details = Details::Contact {
        first_contact: false,
        target_group: "non_injecting_user".into(),
        primary_drug: String::new(),
        service_acts: vec![],
        duration_minutes: None,
        form: Default::default(),
        head_count: None,
        particulars: Default::default(),
        tests: vec![],
    };
    assert!(material_age(&contact, Some(2013)).is_ok());
}

#[test]
fn each_test_is_logged_once_on_a_record() {
    use crate::records::kinds::{TestDone, TestResult, TestType};
    let mut record = exchange(vec![given("strikacky", 10)], 0);
    let test = |test, result| TestDone { test, result };
    if let Details::Exchange { tests, .. } = &mut record.details {
        *tests = vec![
            test(TestType::Hcv, Some(TestResult::Positive)),
            test(TestType::Hiv, None),
        ];
    }
    assert!(check(&record, &known(), now()).is_ok());
    if let Details::Exchange { tests, .. } = &mut record.details {
        tests.push(test(TestType::Hcv, None));
    }
    let rejection = check(&record, &known(), now()).unwrap_err();
    assert_eq!(rejection.field, "tests[2]");
    assert_eq!(
        TestDone {
            test: TestType::UrineDrugs,
            result: None
        }
        .code(),
        "urine_drugs/none"
    );
}

#[test]
fn only_a_drug_service_asks_the_primary_drug() {
    use crate::records::kinds::{ClientBasics, PrimaryDrug};
    let mut record = exchange(vec![given("strikacky", 10)], 0);
    record.basics = Some(ClientBasics {
        primary_drug: Some(PrimaryDrug::Pervitin),
        ..ClientBasics::default()
    });
    record.service = Some(1);
    assert_eq!(service(&record, &[1, 2], &services()), Ok(1));
    record.details = Details::Refusal {
        reason: crate::records::kinds::RefusalReason::NoCapacity,
    };
    record.service = Some(2);
    let rejection = service(&record, &[1, 2], &services()).unwrap_err();
    assert_eq!(rejection.field, "primary_drug");
    assert_eq!(rejection.problem, RecordProblem::NotForService);
}

#[test]
fn a_case_needs_its_receipt_a_known_relation_and_links_by_id() {
    let case = crate::records::kinds::CaseDetails {
        number: "VK-2026-4F7A".into(),
        received_at: "2026-11-21T08:00:00+01:00".into(),
        police_record_on: Some("2026-11-20".into()),
        children: 2,
        relation: "partner".into(),
        repeat_of: None,
        target_group: Some("other".into()),
    };
    let mut record = exchange(vec![], 0);
    record.details = Details::Case(case.clone());
    assert!(check(&record, &known(), now()).is_ok());
    let with = |change: &dyn Fn(&mut crate::records::kinds::CaseDetails)| {
        let mut changed = case.clone();
        change(&mut changed);
        let mut record = record.clone();
        record.details = Details::Case(changed);
        field_of(&record)
    };
    assert_eq!(with(&|c| c.relation = "soused".into()), "relation");
    assert_eq!(
        with(&|c| c.target_group = Some("nikdo".into())),
        "target_group"
    );
    assert_eq!(with(&|c| c.received_at = "včera".into()), "received_at");
    assert_eq!(
        with(&|c| c.received_at = "2026-11-25T08:00:00+01:00".into()),
        "received_at"
    );
    assert_eq!(with(&|c| c.children = 21), "children");
    assert_eq!(with(&|c| c.number = String::new()), "number");
    assert_eq!(
        with(&|c| c.repeat_of = Some("VK-2025-0001".into())),
        "repeat_of"
    );
    assert_eq!(
        with(&|c| c.police_record_on = Some("20. 11.".into())),
        "police_record_on"
    );

    record.details = Details::Offer {
        case: "not-an-id".into(),
        method: crate::records::kinds::OfferMethod::Phone,
        outcome: crate::records::kinds::OfferOutcome::NotReached,
    };
    assert_eq!(
        field_of(&record),
        "client",
        "an offer that reached no one has no client code"
    );
    // One that reached the person may name them, as their other records do.
    if let Details::Offer { outcome, .. } = &mut record.details {
        *outcome = crate::records::kinds::OfferOutcome::Accepted;
    }
    assert_eq!(field_of(&record), "case");
    record.client = crate::records::kinds::Client::Anonymous;
    assert_eq!(field_of(&record), "case");
}
