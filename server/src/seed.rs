//! `teren seed-demo`: fills a database with realistic synthetic records, for
//! trying the coordinator pages and for measuring them at scale.
//!
//! Several localities (the default list), dozens of workers, thousands of
//! client codes with repeat visits (a few regulars come weekly, most
//! rarely), every kind of record, spread over several years up to today,
//! filed into one service of every type (opened for the demo where the
//! organisation has none), so each service's figures can be tried.
//! Records go straight into the tables, tallies are built once at the end,
//! so a million records take seconds, not the hours of a million syncs.

use app::auth::{db as users, password, Role};
use app::catalogue;
use app::db::Db;
use app::records::casework::case_number;
use app::records::db::{insert_rows, keep_basics, note_clients, GivenBasics, Row};
use app::records::kinds::{
    target_group, CaseDetails, Citizenship, Client, ClientRole, ConsultationForm, ConsultationType,
    Details, Exploitation, Kind, MaterialCount, OfferMethod, OfferOutcome, Record, RefusalReason,
    Situation, TestDone, TestResult, TestType, WorkerRole,
};
use app::records::validate::Checked;
use app::services::{self, packs, ServiceType};
use app::tally;
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use std::collections::{BTreeSet, HashMap};

pub struct Options {
    pub records: u64,
    pub workers: u32,
    pub clients: u32,
    /// Days with records, ending with `until`.
    pub days: u32,
    pub seed: u64,
    /// The last day with records.
    pub until: NaiveDate,
}

impl Options {
    pub fn new(records: u64, until: NaiveDate) -> Self {
        Options {
            records,
            workers: 40,
            clients: 4000,
            days: 3 * 365,
            seed: 2026,
            until,
        }
    }
}

/// A small, fast, reproducible generator (SplitMix64): the same seed gives
/// the same data set, so measurements can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPRSTUVZ";

fn client_code(rng: &mut Rng) -> String {
    let letters = |rng: &mut Rng| -> String {
        (0..3)
            .map(|_| LETTERS[rng.below(LETTERS.len() as u64) as usize] as char)
            .collect()
    };
    let mother = letters(rng);
    let name = letters(rng);
    format!(
        "{mother}{:02}{name}{:02}",
        rng.below(28) + 1,
        rng.below(12) + 1
    )
}

/// Fills the database; returns how many records were written.
pub async fn seed(pool: &Db, options: &Options) -> anyhow::Result<u64> {
    let mut tx = pool.begin().await?;
    // The whole data set is one transaction; a large page cache keeps it
    // from spilling to the log page by page.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *tx)
        .await?;

    let localities: Vec<String> = sqlx::query_scalar!(
        "SELECT code FROM catalogue_items WHERE list = 'locality' AND active = 1"
    )
    .fetch_all(&mut *tx)
    .await?;
    anyhow::ensure!(!localities.is_empty(), "no active localities to seed into");
    let services = DemoServices::ensure(&mut tx).await?;
    // Each type of service logs the acts and target groups its lists offer
    // it.
    let items = sqlx::query!(
        "SELECT list, code, service_types FROM catalogue_items
         WHERE list IN ('service_act', 'target_group') AND active = 1"
    )
    .fetch_all(&mut *tx)
    .await?;
    let offered = |list: &str, service_type: ServiceType| -> Vec<String> {
        items
            .iter()
            .filter(|item| {
                let types = catalogue::types_from_text(&item.service_types);
                item.list == list && (types.is_empty() || types.contains(&service_type))
            })
            .map(|item| item.code.clone())
            .collect()
    };
    let acts = offered("service_act", ServiceType::ContactCentre);
    let home_lists: HashMap<ServiceType, Own> = ServiceType::ALL
        .into_iter()
        .map(|t| {
            let own = Own {
                acts: offered("service_act", t),
                groups: offered("target_group", t),
            };
            (t, own)
        })
        .collect();

    let mut workers = Vec::new();
    for n in 1..=options.workers {
        let username = format!("demo-{n:02}-{}", options.seed);
        // Demo accounts have no password at all: nobody can log in as one,
        // whatever they know about the seed.
        let id = users::insert(
            &mut *tx,
            &username,
            &format!("Demo {n:02}"),
            password::LOCKED,
            Role::Worker,
        )
        .await?;
        // Workers are spread over the types; each also files exchanges and
        // crisis visits into a service that logs them.
        let home = ServiceType::ALL[(n as usize - 1) % ServiceType::ALL.len()];
        let assigned = services.assigned(home);
        services::db::set_assignments(&mut tx, id, &assigned).await?;
        workers.push((id, home));
    }

    let mut totals: HashMap<tally::Key, i64> = HashMap::new();
    let mut rows = Vec::new();
    let mut codes = Vec::new();
    let mut clients: BTreeSet<(String, i64)> = BTreeSet::new();
    let mut written = 0;
    for (worker, mut record) in Records::new(options, &localities, &acts) {
        // Every service refuses an applicant now and then (never in place of
        // casework, whose records point at each other).
        if written % 40 == 7
            && record.details.case().is_none()
            && record.details.kind() != Kind::Case
        {
            record.client = Client::Anonymous;
            record.details = Details::Refusal {
                reason: RefusalReason::ALL[(written / 40 % 4) as usize],
            };
        }
        let (worker_id, home) = workers[worker];
        if home == ServiceType::SocialRehabilitation && written % 12 == 5 {
            record.details = Details::MissedMeeting {
                cancelled: written % 24 == 5,
            };
        }
        let service = services.for_record(home, record.details.kind());
        if service == services.id(home) {
            particulars(home, written, &mut record.details);
            if !home.is_drug_service() {
                own_lists(&home_lists[&home], written, &mut record.details);
            }
        }
        record.service = Some(service);
        let checked = checked(&record)?;
        let row = Row::new(worker_id, service, "seed-demo", &record, &checked)?;
        tally::add_to(&mut totals, &tally::Fact::of(&row, &record));
        codes.extend(row.client_code().map(str::to_owned));
        if let Some(code) = row.client_code() {
            clients.insert((code.to_owned(), service));
        }
        rows.push(row);
        written += 1;
        if rows.len() == 5000 {
            insert_rows(&mut tx, &rows).await?;
            note_clients(&mut tx, &codes).await?;
            rows.clear();
            codes.clear();
        }
    }
    insert_rows(&mut tx, &rows).await?;
    note_clients(&mut tx, &codes).await?;
    let drug_services = [
        services.id(ServiceType::ContactCentre),
        services.id(ServiceType::FieldProgramme),
    ];
    let basics: Vec<GivenBasics<'_>> = clients
        .iter()
        .map(|(code, service)| {
            let drug_service = drug_services.contains(service);
            demo_basics(code, *service, drug_service, options.until.year())
        })
        .collect();
    for chunk in basics.chunks(5000) {
        keep_basics(&mut tx, chunk).await?;
    }
    // Add to whatever tallies exist (seeding twice adds a second set).
    let mut existing = tally::stored(&mut tx).await?;
    for (key, value) in totals {
        *existing.entry(key).or_default() += value;
    }
    existing.retain(|_, value| *value != 0);
    tally::replace(&mut tx, &existing).await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool.write()).await?;
    Ok(written)
}

/// One active service of every type, for the demo data to be filed into.
struct DemoServices(HashMap<ServiceType, i64>);

impl DemoServices {
    /// Uses the organisation's services and opens one of each type it
    /// lacks, so every coordinator page has something to show.
    async fn ensure(tx: &mut sqlx::SqliteConnection) -> anyhow::Result<Self> {
        let mut by_type = HashMap::new();
        for service in services::db::list(&mut *tx).await? {
            if service.active {
                by_type.entry(service.service_type).or_insert(service.id);
            }
        }
        for service_type in ServiceType::ALL {
            if by_type.contains_key(&service_type) {
                continue;
            }
            let name = format!("{} (demo)", service_type.default_name());
            let created = services::db::insert(&mut *tx, service_type, &name, "").await?;
            by_type.insert(service_type, created.id);
        }
        if services::db::add_packs(&mut *tx).await? > 0 {
            catalogue::db::bump_version(&mut *tx).await?;
        }
        Ok(DemoServices(by_type))
    }

    fn id(&self, service_type: ServiceType) -> i64 {
        self.0[&service_type]
    }

    /// Where a record of `kind` by a worker of a `home` service goes: home,
    /// unless home does not log that kind.
    fn for_record(&self, home: ServiceType, kind: Kind) -> i64 {
        if Kind::offered_by(home).contains(&kind) {
            self.id(home)
        } else if matches!(
            kind,
            Kind::CrisisVisit | Kind::Case | Kind::Offer | Kind::Consultation
        ) {
            self.id(ServiceType::InterventionCentre)
        } else {
            self.id(ServiceType::ContactCentre)
        }
    }

    /// Every service a worker of a `home` service files into.
    fn assigned(&self, home: ServiceType) -> Vec<i64> {
        let mut ids: Vec<i64> = Kind::ALL
            .into_iter()
            .filter(|kind| *kind != Kind::MissedMeeting)
            .map(|kind| self.for_record(home, kind))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

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
fn particulars(home: ServiceType, n: u64, details: &mut Details) {
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
struct Own {
    acts: Vec<String>,
    groups: Vec<String>,
}

fn own_lists(own: &Own, n: u64, details: &mut Details) {
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
fn demo_basics(code: &str, service_id: i64, drug_service: bool, year: i32) -> GivenBasics<'_> {
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
    }
}

fn checked(record: &Record) -> anyhow::Result<Checked> {
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
