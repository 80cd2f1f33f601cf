//! The synthetic records themselves: every kind, with what only some
//! services ask, and cases followed by their offers and consultations.

use super::{client_code, Options, Rng};
use app::records::casework::case_number;
use app::records::db::GivenBasics;
use app::records::district::ABROAD_OR_UNKNOWN;
use app::records::kinds::{
    target_group, CaseDetails, Citizenship, Client, ClientRole, ConsultationForm, ConsultationType,
    Details, Exploitation, MaterialCount, OfferMethod, OfferOutcome, Record, Situation, TestDone,
    TestResult, TestType, WorkerRole,
};
use app::records::validate::Checked;
use app::services::{packs, ServiceType};
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};

/// What follows a case: usually an offer of help, mostly within the 48
/// hours and by phone, and for half the cases a consultation days later.
fn case_follow_ups(rng: &mut Rng, seed: u64, n: u64, case: &str, received_at: &str) -> Vec<Record> {
    let Ok(received) = DateTime::parse_from_rfc3339(received_at) else {
        return Vec::new();
    };
    let record = |id: String, hours: i64, details: Details| Record {
        id,
        revision: 0,
        service: None,
        occurred_at: (received + Duration::hours(hours)).to_rfc3339(),
        locality: String::new(),
        client: Client::Anonymous,
        basics: None,
        note: String::new(),
        details,
    };
    let mut out = Vec::new();
    if rng.chance(90) {
        let hours = if rng.chance(85) {
            rng.below(48)
        } else {
            48 + rng.below(48)
        } as i64;
        out.push(record(
            format!("{:08x}-0000-4000-9000-{n:012x}", seed as u32),
            hours,
            Details::Offer {
                case: case.to_owned(),
                method: OfferMethod::ALL[rng.below(5).min(rng.below(5)) as usize],
                outcome: OfferOutcome::ALL[rng.below(3) as usize],
            },
        ));
    }
    if rng.chance(50) {
        out.push(record(
            format!("{:08x}-0000-4000-a000-{n:012x}", seed as u32),
            48 + rng.below(240) as i64,
            Details::Consultation {
                case: Some(case.to_owned()),
                topic: ConsultationType::ALL[rng.below(4) as usize],
                form: ConsultationForm::ALL[rng.below(3) as usize],
                role: ClientRole::Endangered,
                service_acts: Vec::new(),
                duration_minutes: Some(30 + rng.below(60) as i64),
            },
        ));
    }
    out
}

/// What social rehabilitation and crisis help also say of their contacts
/// and visits, varied by the record's number.
pub(super) fn particulars(home: ServiceType, n: u64, details: &mut Details) {
    let (Details::Contact { particulars, .. } | Details::CrisisVisit { particulars, .. }) = details
    else {
        return;
    };
    match home {
        ServiceType::SocialRehabilitation => {
            particulars.role = Some(WorkerRole::ALL[(n % 2) as usize]);
        }
        ServiceType::CrisisHelp => {
            particulars.exploitation = Some(Exploitation::ALL[(n % 3) as usize]);
            particulars.citizenship = Some(Citizenship::ALL[(n / 3 % 3) as usize]);
            particulars.interpreter = n.is_multiple_of(4);
        }
        _ => {}
    }
}

/// Up to two acts from a service's own list in place of the drug
/// services' acts the generator picked, varied by the record's number.
/// What a service's own lists offer its records.
pub(super) struct Own {
    pub acts: Vec<String>,
    pub groups: Vec<String>,
}

pub(super) fn own_lists(own: &Own, n: u64, details: &mut Details) {
    let Details::Contact {
        service_acts,
        target_group,
        ..
    } = details
    else {
        return;
    };
    if !own.groups.is_empty() {
        // Mostly the list's first groups, as a service's clients are.
        let pick = (n % 7).min(n % 3) as usize % own.groups.len();
        *target_group = own.groups[pick].clone();
    }
    let acts = &own.acts;
    service_acts.clear();
    if acts.is_empty() {
        return;
    }
    let len = acts.len() as u64;
    for pick in 0..n % 3 {
        let act = &acts[((n / 3 + pick * 7) % len) as usize];
        if !service_acts.contains(act) {
            service_acts.push(act.clone());
        }
    }
    service_acts.sort();
}

/// The day and week keys of a generated record, as the sync check makes them.
/// Now and then a rapid test at an exchange, mostly negative, a few sent
/// to a laboratory without a result yet.
fn demo_tests(rng: &mut Rng) -> Vec<TestDone> {
    if !rng.chance(8) {
        return Vec::new();
    }
    let test = TestType::ALL[rng.below(TestType::ALL.len() as u64) as usize];
    let result = match rng.below(20) {
        0 => Some(TestResult::Positive),
        1..=3 => None,
        _ => Some(TestResult::Negative),
    };
    vec![TestDone { test, result }]
}

/// A client's sex and birth year, the same for a code on every run: about
/// seven in ten men, one in twenty unknown, adults of every age up to 62;
/// in a drug service mostly pervitin, as in Czech low-threshold services.
pub(super) fn demo_basics(
    code: &str,
    service_id: i64,
    drug_service: bool,
    year: i32,
) -> GivenBasics<'_> {
    let hash = code
        .bytes()
        .fold(17u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    GivenBasics {
        code,
        service_id,
        sex: match hash % 20 {
            0 => None,
            1..=6 => Some("female".to_owned()),
            _ => Some("male".to_owned()),
        },
        birth_year: (hash % 10 != 3).then(|| year - 18 - (hash / 20 % 45) as i32),
        primary_drug: match hash / 900 % 10 {
            _ if !drug_service => None,
            0..=5 => Some("pervitin".to_owned()),
            6 => Some("heroin".to_owned()),
            7 => Some("buprenorphine".to_owned()),
            8 => Some("cannabis".to_owned()),
            _ => None,
        },
        // Most clients from the service's own district, some from the
        // neighbours, a few from abroad or not said.
        district: match hash / 9000 % 20 {
            0 => None,
            1 => Some(ABROAD_OR_UNKNOWN),
            2..=4 => Some("CZ0802"),
            5..=7 => Some("CZ0803"),
            _ => Some("CZ0806"),
        },
        // Asked by a halfway house only; the seeder leaves them out.
        origin: None,
        household: None,
    }
}

pub(super) fn checked(record: &Record) -> anyhow::Result<Checked> {
    let occurred_at = DateTime::parse_from_rfc3339(&record.occurred_at)?;
    let (day, week) = app::records::validate::report_keys(occurred_at.date_naive());
    let (client_kind, client_code) = match &record.client {
        Client::Code(code) => ("code", Some(code.clone())),
        Client::Anonymous => ("anonymous", None),
        Client::Ncc => ("ncc", None),
    };
    Ok(Checked {
        occurred_at,
        day,
        week,
        client_code,
        client_kind,
    })
}

/// The synthetic records, each with the index of its worker (below
/// `options.workers`): the seeder stores them, the sync benchmark sends them.
pub struct Records<'a> {
    rng: Rng,
    options: &'a Options,
    localities: &'a [String],
    acts: &'a [String],
    /// Per worker: one or two home localities.
    workers: Vec<(usize, usize)>,
    codes: Vec<String>,
    groups: Vec<&'static str>,
    first_day: NaiveDate,
    next: u64,
    /// Offers and consultations in a case just opened, given out next.
    follow_ups: Vec<(usize, Record)>,
}

impl<'a> Records<'a> {
    pub fn new(options: &'a Options, localities: &'a [String], acts: &'a [String]) -> Self {
        let mut rng = Rng(options.seed);
        let workers = (0..options.workers)
            .map(|_| {
                (
                    rng.below(localities.len() as u64) as usize,
                    rng.below(localities.len() as u64) as usize,
                )
            })
            .collect();
        let codes: Vec<String> = (0..options.clients)
            .map(|_| client_code(&mut rng))
            .collect();
        // A client's target group rarely changes: fixed per client here.
        let groups: Vec<&'static str> = (0..options.clients)
            .map(|_| match rng.below(10) {
                0..=5 => target_group::INJECTING_USER,
                6..=7 => target_group::NON_INJECTING_USER,
                8 => "family_or_close",
                _ => "other",
            })
            .collect();
        let first_day = options.until - Duration::days(i64::from(options.days.max(1)) - 1);
        Records {
            rng,
            options,
            localities,
            acts,
            workers,
            codes,
            groups,
            first_day,
            next: 0,
            follow_ups: Vec::new(),
        }
    }
}

impl Iterator for Records<'_> {
    type Item = (usize, Record);

    fn next(&mut self) -> Option<(usize, Record)> {
        if self.next >= self.options.records || self.localities.is_empty() {
            return None;
        }
        if let Some(follow_up) = self.follow_ups.pop() {
            self.next += 1;
            return Some(follow_up);
        }
        let n = self.next;
        self.next += 1;
        let options = self.options;
        let id = format!("{:08x}-0000-4000-8000-{:012x}", options.seed as u32, n);
        let rng = &mut self.rng;
        let (codes, groups, acts) = (&self.codes, &self.groups, self.acts);
        let day = self.first_day + Duration::days(rng.below(u64::from(options.days.max(1))) as i64);
        let worker = rng.below(self.workers.len() as u64) as usize;
        let (home, other) = self.workers[worker];
        let locality = &self.localities[if rng.chance(75) { home } else { other }];
        // Regulars: a quarter of the visits go to the first 2 % of codes.
        let client_index = if rng.chance(25) {
            rng.below(u64::from(options.clients) / 50 + 1)
        } else {
            rng.below(u64::from(options.clients))
        } as usize;
        let roll = rng.below(100);
        let (client, details) = if roll < 5 {
            (
                Client::Anonymous,
                Details::FoundSyringes {
                    count: rng.below(15) as i64 + 1,
                },
            )
        } else if roll < 10 {
            let situation = match rng.below(5) {
                0 | 1 => Situation::Eviction,
                2 => Situation::DomesticViolence,
                3 => Situation::Trafficking,
                _ => Situation::AcuteCrisis,
            };
            let police_record_at = (situation == Situation::Eviction).then(|| {
                let hours = rng.below(96) as i64;
                (Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap_or_default())
                    - Duration::hours(hours))
                .to_rfc3339_opts(SecondsFormat::Secs, true)
            });
            let client = if rng.chance(70) {
                Client::Code(codes[client_index].clone())
            } else {
                Client::Anonymous
            };
            // An eviction opens a case when the police record arrives.
            if let Some(received_at) = police_record_at.clone() {
                let relations: Vec<&str> = packs::of(ServiceType::InterventionCentre)
                    .iter()
                    .filter(|(list, _, _)| *list == "relation")
                    .map(|(_, code, _)| *code)
                    .collect();
                let details = Details::Case(CaseDetails {
                    number: case_number(day.year(), &id),
                    received_at,
                    police_record_on: None,
                    children: rng.below(3) as i64,
                    relation: relations[rng.below(relations.len() as u64) as usize].to_owned(),
                    repeat_of: None,
                    target_group: Some(packs::ENDANGERED_GROUP.to_owned()),
                });
                (client, details)
            } else {
                (
                    client,
                    Details::CrisisVisit {
                        first_contact: false,
                        situation,
                        police_record_at,
                        place: "home".into(),
                        interventions: vec!["crisis_intervention".into(), "safety_plan".into()],
                        children_present: rng.below(3) as i64,
                        follow_up_on: None,
                        particulars: Default::default(),
                        case: None,
                    },
                )
            }
        } else {
            let client = match rng.below(100) {
                0..=11 => Client::Anonymous,
                12..=14 => Client::Ncc,
                _ => Client::Code(codes[client_index].clone()),
            };
            let first_contact = rng.chance(4);
            let group = groups[client_index];
            let target_group = group.to_owned();
            let mut service_acts: Vec<String> = (0..rng.below(3))
                .map(|_| acts[rng.below(acts.len() as u64) as usize].clone())
                .collect();
            // A record names an act once, as the phone's chips allow.
            service_acts.sort();
            service_acts.dedup();
            // Injecting material only for the groups that use drugs.
            if roll < 60 && target_group::uses_drugs(group) {
                let syringes = rng.below(30) as i64 + 1;
                let mut materials = vec![MaterialCount {
                    material: "strikacky".into(),
                    count: syringes,
                }];
                if rng.chance(50) {
                    materials.push(MaterialCount {
                        material: "filtry".into(),
                        count: syringes,
                    });
                }
                if rng.chance(20) {
                    materials.push(MaterialCount {
                        material: "kapsle".into(),
                        count: rng.below(10) as i64 + 1,
                    });
                }
                (
                    client,
                    Details::Exchange {
                        first_contact,
                        target_group,
                        materials,
                        returned_syringes: rng.below(syringes as u64 + 5) as i64,
                        service_acts,
                        tests: demo_tests(rng),
                        duration_minutes: Some(5 + rng.below(11) as i64),
                    },
                )
            } else {
                (
                    client,
                    Details::Contact {
                        first_contact,
                        target_group,
                        primary_drug: String::new(),
                        service_acts,
                        duration_minutes: Some(rng.below(40) as i64 + 5),
                        form: Default::default(),
                        head_count: None,
                        particulars: Default::default(),
                        tests: Vec::new(),
                    },
                )
            }
        };
        let minute = rng.below(10 * 60) as u32 + 8 * 60;
        let occurred = day
            .and_hms_opt(minute / 60, minute % 60, 0)
            .unwrap_or_default();
        let occurred_at = format!("{}+01:00", occurred.format("%Y-%m-%dT%H:%M:%S"));
        if let Details::Case(case) = &details {
            self.follow_ups = case_follow_ups(rng, options.seed, n, &id, &case.received_at)
                .into_iter()
                .map(|record| {
                    (
                        worker,
                        Record {
                            locality: locality.clone(),
                            ..record
                        },
                    )
                })
                .collect();
        }
        let record = Record {
            id,
            revision: 0,
            service: None,
            occurred_at,
            locality: locality.clone(),
            client,
            basics: None,
            note: String::new(),
            details,
        };
        Some((worker, record))
    }
}
