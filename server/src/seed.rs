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
use app::records::db::{
    inherit_case_groups, insert_rows, keep_basics, note_clients, GivenBasics, Row,
};
use app::records::kinds::{Client, Details, Kind, RefusalReason};
use app::services::{self, ServiceType};
use app::tally;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeSet, HashMap};

mod records;

pub use records::Records;
use records::{checked, demo_basics, own_lists, particulars, Own};

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
    let mut cases: Vec<String> = Vec::new();
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
        if record.details.kind() == Kind::Case {
            cases.push(record.id.clone());
        }
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
    inherit_case_groups(&mut tx, &cases).await?;
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
            services::db::bump_version(&mut *tx).await?;
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
