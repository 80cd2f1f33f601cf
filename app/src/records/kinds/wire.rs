//! Reading [`Details`] in one pass.
//!
//! The JSON is the one `#[serde(tag = "kind")]` writes: the kind beside the
//! kind's own fields. Serde's derived reader for such an enum cannot know
//! the kind before the end of the object, so it first copies the object
//! into a buffer of its own and then reads every kind's fields from that
//! buffer; on the phone this doubled the record's reader (about a twentieth
//! of the main part before optimisation). Here every kind's fields sit side
//! by side in one struct, read straight from the input, and the kind then
//! picks its own. The errors are serde's: "missing field `place`", "unknown
//! variant `x`, expected one of …".

use super::*;
use serde::de::{self, value, Deserializer, IntoDeserializer};

/// Every kind's fields; a field two kinds share with different types
/// (`form`) is read as text and typed once the kind is known.
#[derive(Deserialize)]
struct AnyDetails {
    kind: Kind,
    first_contact: Option<bool>,
    target_group: Option<String>,
    primary_drug: Option<String>,
    service_acts: Option<Vec<String>>,
    duration_minutes: Option<i64>,
    form: Option<String>,
    head_count: Option<i64>,
    particulars: Option<Particulars>,
    tests: Option<Vec<TestDone>>,
    materials: Option<Vec<MaterialCount>>,
    returned_syringes: Option<i64>,
    situation: Option<Situation>,
    police_record_at: Option<String>,
    place: Option<String>,
    interventions: Option<Vec<String>>,
    children_present: Option<i64>,
    follow_up_on: Option<String>,
    case: Option<String>,
    count: Option<i64>,
    reason: Option<RefusalReason>,
    cancelled: Option<bool>,
    number: Option<String>,
    received_at: Option<String>,
    police_record_on: Option<String>,
    children: Option<i64>,
    relation: Option<String>,
    repeat_of: Option<String>,
    method: Option<OfferMethod>,
    outcome: Option<OfferOutcome>,
    topic: Option<ConsultationType>,
    role: Option<ClientRole>,
}

fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// A unit variant written as text, read the way serde reads it anywhere.
fn variant<T: for<'de> Deserialize<'de>, E: de::Error>(text: &str) -> Result<T, E> {
    let text: value::StrDeserializer<value::Error> = text.into_deserializer();
    T::deserialize(text).map_err(E::custom)
}

impl AnyDetails {
    fn into_details<E: de::Error>(self) -> Result<Details, E> {
        Ok(match self.kind {
            Kind::Contact => Details::Contact {
                first_contact: required(self.first_contact, "first_contact")?,
                target_group: required(self.target_group, "target_group")?,
                primary_drug: self.primary_drug.unwrap_or_default(),
                service_acts: self.service_acts.unwrap_or_default(),
                duration_minutes: self.duration_minutes,
                form: match self.form {
                    Some(form) => variant(&form)?,
                    None => ContactForm::default(),
                },
                head_count: self.head_count,
                particulars: self.particulars.unwrap_or_default(),
                tests: self.tests.unwrap_or_default(),
            },
            Kind::Exchange => Details::Exchange {
                first_contact: required(self.first_contact, "first_contact")?,
                target_group: required(self.target_group, "target_group")?,
                materials: self.materials.unwrap_or_default(),
                returned_syringes: self.returned_syringes.unwrap_or_default(),
                service_acts: self.service_acts.unwrap_or_default(),
                tests: self.tests.unwrap_or_default(),
                duration_minutes: self.duration_minutes,
            },
            Kind::CrisisVisit => Details::CrisisVisit {
                first_contact: self.first_contact.unwrap_or_default(),
                situation: required(self.situation, "situation")?,
                police_record_at: self.police_record_at,
                place: required(self.place, "place")?,
                interventions: self.interventions.unwrap_or_default(),
                children_present: self.children_present.unwrap_or_default(),
                follow_up_on: self.follow_up_on,
                particulars: self.particulars.unwrap_or_default(),
                case: self.case,
            },
            Kind::FoundSyringes => Details::FoundSyringes {
                count: required(self.count, "count")?,
            },
            Kind::Refusal => Details::Refusal {
                reason: required(self.reason, "reason")?,
            },
            Kind::MissedMeeting => Details::MissedMeeting {
                cancelled: self.cancelled.unwrap_or_default(),
            },
            Kind::Case => Details::Case(CaseDetails {
                number: required(self.number, "number")?,
                received_at: required(self.received_at, "received_at")?,
                police_record_on: self.police_record_on,
                children: self.children.unwrap_or_default(),
                relation: required(self.relation, "relation")?,
                repeat_of: self.repeat_of,
                target_group: self.target_group,
            }),
            Kind::Offer => Details::Offer {
                case: required(self.case, "case")?,
                method: required(self.method, "method")?,
                outcome: required(self.outcome, "outcome")?,
            },
            Kind::Consultation => Details::Consultation {
                case: self.case,
                topic: required(self.topic, "topic")?,
                form: variant(&required::<_, E>(self.form, "form")?)?,
                role: self.role.unwrap_or_default(),
                service_acts: self.service_acts.unwrap_or_default(),
                duration_minutes: self.duration_minutes,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        AnyDetails::deserialize(deserializer)?.into_details()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Serde's own reader for the same enum, to compare against.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Derived {
        Contact {
            first_contact: bool,
            target_group: String,
            #[serde(default)]
            form: ContactForm,
        },
        Consultation {
            topic: ConsultationType,
            form: ConsultationForm,
        },
        FoundSyringes {
            count: i64,
        },
    }

    fn error(json: serde_json::Value) -> String {
        serde_json::from_value::<Details>(json)
            .expect_err("must be refused")
            .to_string()
    }

    fn derived_error(json: serde_json::Value) -> String {
        serde_json::from_value::<Derived>(json)
            .expect_err("must be refused")
            .to_string()
    }

    #[test]
    fn the_kind_may_come_anywhere_in_the_object() {
        let last: Details = serde_json::from_str(
            r#"{"target_group":"injecting_user","first_contact":true,"kind":"contact"}"#,
        )
        .unwrap();
        assert_eq!(last.kind(), Kind::Contact);
        assert!(last.first_contact());
    }

    #[test]
    fn a_field_two_kinds_type_differently_is_typed_by_the_kind() {
        let contact: Details = serde_json::from_value(json!({
            "kind": "contact", "first_contact": false, "target_group": "x", "form": "group"
        }))
        .unwrap();
        assert!(matches!(
            contact,
            Details::Contact {
                form: ContactForm::Group,
                ..
            }
        ));
        let consultation: Details = serde_json::from_value(json!({
            "kind": "consultation", "topic": "legal", "form": "office"
        }))
        .unwrap();
        assert!(matches!(
            consultation,
            Details::Consultation {
                form: ConsultationForm::Office,
                ..
            }
        ));
        // "office" is no contact form.
        assert!(serde_json::from_value::<Details>(json!({
            "kind": "contact", "first_contact": false, "target_group": "x", "form": "office"
        }))
        .is_err());
    }

    #[test]
    fn refusals_read_as_serdes_own_reader_words_them() {
        for refused in [
            json!({ "kind": "contact", "target_group": "x" }),
            json!({ "kind": "contact", "first_contact": true, "target_group": "x", "form": "fax" }),
            json!({ "kind": "consultation", "topic": "legal" }),
            json!({ "kind": "consultation", "topic": "legal", "form": "group" }),
            json!({ "kind": "found_syringes" }),
            json!({ "kind": "found_syringes", "count": "many" }),
        ] {
            assert_eq!(
                error(refused.clone()),
                derived_error(refused.clone()),
                "{refused}"
            );
        }
        assert!(
            error(json!({ "kind": "stolen_bike" })).starts_with("unknown variant `stolen_bike`")
        );
        assert_eq!(error(json!({ "count": 3 })), "missing field `kind`");
    }

    /// One of each kind, every field given and none at its default, so a
    /// field read into the wrong place would show.
    fn one_of_each_kind() -> Vec<Details> {
        let particulars = Particulars {
            role: Some(WorkerRole::Assistant),
            exploitation: Some(Exploitation::Labour),
            citizenship: Some(Citizenship::Eu),
            interpreter: true,
        };
        let tests = vec![TestDone {
            test: TestType::Hcv,
            result: Some(TestResult::Positive),
        }];
        let acts = vec!["counselling".to_owned(), "referral".to_owned()];
        vec![
            Details::Contact {
                first_contact: true,
                target_group: "injecting_user".to_owned(),
                primary_drug: "pervitin".to_owned(),
                service_acts: acts.clone(),
                duration_minutes: Some(25),
                form: ContactForm::Group,
                head_count: Some(4),
                particulars: particulars.clone(),
                tests: tests.clone(),
            },
            Details::Exchange {
                first_contact: true,
                target_group: "injecting_user".to_owned(),
                materials: vec![MaterialCount {
                    material: "syringe".to_owned(),
                    count: 10,
                }],
                returned_syringes: 8,
                service_acts: acts.clone(),
                tests,
                duration_minutes: Some(10),
            },
            Details::CrisisVisit {
                first_contact: true,
                situation: Situation::Eviction,
                police_record_at: Some("2026-11-20T08:00:00+01:00".to_owned()),
                place: "home".to_owned(),
                interventions: acts.clone(),
                children_present: 2,
                follow_up_on: Some("2026-11-25".to_owned()),
                particulars,
                case: Some("0f3c".to_owned()),
            },
            Details::FoundSyringes { count: 3 },
            Details::Refusal {
                reason: RefusalReason::NoCapacity,
            },
            Details::MissedMeeting { cancelled: true },
            Details::Case(CaseDetails {
                number: "VK-2026-4F7A".to_owned(),
                received_at: "2026-11-20T08:00:00+01:00".to_owned(),
                police_record_on: Some("2026-11-19".to_owned()),
                children: 1,
                relation: "partner".to_owned(),
                repeat_of: Some("1a2b".to_owned()),
                target_group: Some("ic-obeti-domaciho-nasili".to_owned()),
            }),
            Details::Offer {
                case: "4f7a".to_owned(),
                method: OfferMethod::Visit,
                outcome: OfferOutcome::Declined,
            },
            Details::Consultation {
                case: Some("4f7a".to_owned()),
                topic: ConsultationType::Legal,
                form: ConsultationForm::Field,
                role: ClientRole::Child,
                service_acts: acts,
                duration_minutes: Some(50),
            },
        ]
    }

    #[test]
    fn every_kind_reads_back_what_it_wrote() {
        let records = one_of_each_kind();
        let kinds: Vec<Kind> = records.iter().map(Details::kind).collect();
        assert_eq!(kinds, Kind::ALL);
        for details in records {
            let written = serde_json::to_string(&details).unwrap();
            let read: Details = serde_json::from_str(&written).unwrap();
            assert_eq!(read, details, "{written}");
        }
    }
}
