use super::*;
use crate::records::kinds::MaterialCount;
use crate::records::kinds::{ContactForm, Details, Situation};

// The checks that depend on the record's service.
mod services;

fn known() -> KnownCodes {
    KnownCodes {
        localities: ["centrum".to_string()].into(),
        service_acts: ["poradenstvi".to_string(), "test-hcv".to_string()].into(),
        materials: ["strikacky".to_string(), "filtry".to_string()].into(),
        relations: ["partner".to_string()].into(),
        target_groups: [
            "injecting_user",
            "non_injecting_user",
            "family_or_close",
            "other",
            "kp-obeti-osl",
        ]
        .map(String::from)
        .into(),
        places: ["home", "street"].map(String::from).into(),
        interventions: ["crisis_intervention", "safety_plan"]
            .map(String::from)
            .into(),
    }
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn exchange(materials: Vec<MaterialCount>, returned: i64) -> Record {
    Record {
        id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
        revision: 0,
        service: None,
        occurred_at: "2026-11-21T09:30:00+01:00".into(),
        locality: "centrum".into(),
        client: Client::Code("lud07tom08".into()),
        basics: None,
        note: String::new(),
        details: Details::Exchange {
            first_contact: false,
            target_group: "injecting_user".into(),
            materials,
            returned_syringes: returned,
            service_acts: vec!["poradenstvi".into()],
            tests: vec![],
            duration_minutes: None,
        },
    }
}

fn given(material: &str, count: i64) -> MaterialCount {
    MaterialCount {
        material: material.into(),
        count,
    }
}

fn field_of(record: &Record) -> String {
    check(record, &known(), now()).unwrap_err().field
}

#[test]
fn a_good_exchange_passes_with_its_report_keys() {
    let checked = check(&exchange(vec![given("strikacky", 10)], 8), &known(), now()).unwrap();
    assert_eq!(checked.day, "2026-11-21");
    assert_eq!(checked.week, "2026-W47");
    assert_eq!(checked.client_code.as_deref(), Some("LUD07TOM08"));
    assert_eq!(checked.client_kind, "code");
}

#[test]
fn the_day_is_the_workers_local_day_not_utc() {
    let mut record = exchange(vec![given("strikacky", 1)], 0);
    record.occurred_at = "2026-11-21T00:30:00+01:00".into();
    assert_eq!(check(&record, &known(), now()).unwrap().day, "2026-11-21");
}

#[test]
fn negative_and_absurd_counts_are_refused_naming_the_field() {
    assert_eq!(
        field_of(&exchange(vec![given("strikacky", -1)], 0)),
        "materials[0].count"
    );
    assert_eq!(
        field_of(&exchange(vec![given("strikacky", 1001)], 0)),
        "materials[0].count"
    );
    assert_eq!(
        field_of(&exchange(vec![given("strikacky", 1)], -3)),
        "returned_syringes"
    );
    assert_eq!(field_of(&exchange(vec![], 0)), "materials");
}

#[test]
fn returned_syringes_cannot_be_negative() {
    let error = check(&exchange(vec![given("strikacky", 5)], -1), &known(), now()).unwrap_err();
    assert_eq!(
        error.problem,
        RecordProblem::OutOfRange {
            min: 0,
            max: RETURNED_MAX
        }
    );
}

#[test]
fn unknown_codes_from_the_lists_are_refused() {
    assert_eq!(
        field_of(&exchange(vec![given("heroin", 1)], 0)),
        "materials[0]"
    );
    let mut record = exchange(vec![given("strikacky", 1)], 0);
    record.locality = "mars".into();
    assert_eq!(field_of(&record), "locality");
    if let Details::Exchange { service_acts, .. } = &mut record.details {
        service_acts.push("astrologie".into());
    }
    record.locality = "centrum".into();
    assert_eq!(field_of(&record), "service_acts[1]");
}

#[test]
fn dates_in_the_far_future_or_past_are_refused() {
    let mut record = exchange(vec![given("strikacky", 1)], 0);
    record.occurred_at = "2026-11-22T13:00:00+01:00".into();
    assert!(
        check(&record, &known(), now()).is_ok(),
        "a clock a few hours ahead is fine"
    );
    record.occurred_at = "2026-11-23T12:00:00+01:00".into();
    assert_eq!(
        check(&record, &known(), now()).unwrap_err().problem,
        RecordProblem::InFuture
    );
    record.occurred_at = "2023-11-21T12:00:00+01:00".into();
    assert_eq!(
        check(&record, &known(), now()).unwrap_err().problem,
        RecordProblem::TooOld
    );
    record.occurred_at = "21. 11. 2026".into();
    assert_eq!(field_of(&record), "occurred_at");
}

#[test]
fn malformed_codes_ids_and_long_notes_are_refused() {
    let mut record = exchange(vec![given("strikacky", 1)], 0);
    record.client = Client::Code("LUD7TOM8".into());
    assert_eq!(field_of(&record), "client");
    record.client = Client::Anonymous;
    record.note = "x".repeat(NOTE_MAX + 1);
    assert_eq!(field_of(&record), "note");
    record.note = String::new();
    record.id = "not-a-uuid".into();
    assert_eq!(field_of(&record), "id");
}

#[test]
fn an_eviction_needs_the_police_record_time() {
    let mut record = exchange(vec![], 0);
    record.details = Details::CrisisVisit {
        first_contact: false,
        situation: Situation::Eviction,
        police_record_at: None,
        place: "home".into(),
        interventions: vec![],
        children_present: 0,
        follow_up_on: None,
        particulars: Default::default(),
        case: None,
    };
    assert_eq!(field_of(&record), "police_record_at");
    if let Details::CrisisVisit {
        police_record_at, ..
    } = &mut record.details
    {
        *police_record_at = Some("2026-11-20T22:00:00+01:00".into());
    }
    assert!(check(&record, &known(), now()).is_ok());
}

#[test]
fn no_injecting_material_for_people_who_do_not_use_drugs() {
    for (group, allowed) in [
        ("injecting_user", true),
        ("non_injecting_user", true),
        ("family_or_close", false),
        ("other", false),
        ("kp-obeti-osl", false),
    ] {
        let mut record = exchange(vec![given("strikacky", 2)], 0);
        if let Details::Exchange { target_group, .. } = &mut record.details {
            *target_group = group.into();
        }
        match check(&record, &known(), now()) {
            Ok(_) => assert!(allowed, "{group:?} was given injecting material"),
            Err(rejection) => {
                assert!(!allowed, "{group:?}: {rejection}");
                assert_eq!(rejection.field, "target_group");
                assert_eq!(rejection.problem, RecordProblem::NotForTargetGroup);
            }
        }
    }
}

#[test]
fn a_target_group_must_be_in_the_list() {
    let mut record = exchange(vec![given("strikacky", 2)], 0);
    if let Details::Exchange { target_group, .. } = &mut record.details {
        *target_group = "injekcni-uzivatel".into();
    }
    let rejection = check(&record, &known(), now()).unwrap_err();
    assert_eq!(rejection.field, "target_group");
    assert_eq!(rejection.problem, RecordProblem::Unknown);
}

#[test]
fn a_crisis_visit_can_be_a_first_contact_and_is_stored_as_before_when_not() {
    let visit = |first_contact| Details::CrisisVisit {
        first_contact,
        situation: Situation::AcuteCrisis,
        police_record_at: None,
        place: "street".into(),
        interventions: vec![],
        children_present: 0,
        follow_up_on: None,
        particulars: Default::default(),
        case: None,
    };
    assert!(visit(true).first_contact());
    assert!(!visit(false).first_contact());
    let stored_before = r#"{"kind":"crisis_visit","situation":"acute_crisis","police_record_at":null,"place":"street","interventions":[],"children_present":0,"follow_up_on":null}"#;
    assert_eq!(serde_json::to_string(&visit(false)).unwrap(), stored_before);
    let read: Details = serde_json::from_str(stored_before).unwrap();
    assert_eq!(read, visit(false));
}

#[test]
fn a_group_contact_says_how_many_took_part_and_no_other_does() {
    let contact = |form, head_count| {
        let mut record = exchange(vec![], 0);
        record.details = Details::Contact {
            first_contact: false,
            target_group: "family_or_close".into(),
            primary_drug: String::new(),
            service_acts: vec![],
            duration_minutes: Some(60),
            form,
            head_count,
            particulars: Default::default(),
            tests: vec![],
        };
        record
    };
    assert!(check(&contact(ContactForm::Group, Some(8)), &known(), now()).is_ok());
    assert!(check(&contact(ContactForm::Phone, None), &known(), now()).is_ok());
    for (form, head_count) in [
        (ContactForm::Group, None),
        (ContactForm::Group, Some(1)),
        (ContactForm::Group, Some(HEAD_COUNT_MAX + 1)),
        (ContactForm::InPerson, Some(3)),
    ] {
        assert_eq!(field_of(&contact(form, head_count)), "head_count");
    }
    // In person is the default, and not written out: stored contacts
    // still match a resend of themselves.
    let stored = serde_json::to_string(&contact(ContactForm::InPerson, None).details).unwrap();
    assert!(
        !stored.contains("form") && !stored.contains("head_count"),
        "{stored}"
    );
}

#[test]
fn found_syringes_need_at_least_one() {
    let mut record = exchange(vec![], 0);
    record.details = Details::FoundSyringes { count: 0 };
    assert_eq!(field_of(&record), "count");
}

#[test]
fn uuids_are_recognised() {
    assert!(is_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
    assert!(!is_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
    assert!(!is_uuid("0f8fad5bd9cb469fa16570867728950e"));
}
