//! Writing sync batches on PostgreSQL: the same plan as on SQLite
//! ([`app::sync::plan`]), read and written here in one transaction.
//!
//! SQLite has one writer, so a batch's read of its records' stored state
//! holds until its writes commit. PostgreSQL lets writers run side by side:
//! two phones' batches (or two servers' in front of one cluster) could both
//! find a record missing and both insert it, or both add to a tally from a
//! stale read. Each write transaction therefore first takes the
//! organisation's record-write lock, a transaction-scoped advisory lock,
//! which serialises exactly the writers SQLite serialises and nothing else
//! (readers never wait for it). Row locks would not cover a record that
//! does not exist yet, and SERIALIZABLE would answer a busy end of shift
//! with retries.

use crate::PgStore;
use app::error::{internal, AppError};
use app::records::db::Row;
use app::store::Answer;
use app::sync::devices_db::Contact;
use app::sync::plan::{plan, Batch, Stored, StoredRow};
use app::sync::protocol::Outcome;
use app::sync::store::{SyncContext, SyncStore};
use app::tally::Key;
use sqlx::{PgConnection, Postgres, Transaction};
use std::collections::HashMap;

/// The advisory lock key every transaction that writes records or tallies
/// takes first ("teren" in ASCII).
pub const RECORD_WRITES: i64 = 0x74_65_72_65_6e;

pub(crate) async fn begin_record_write(
    store: &PgStore,
) -> Result<Transaction<'static, Postgres>, AppError> {
    let mut tx = store.pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", RECORD_WRITES)
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

impl SyncStore for PgStore {
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>> {
        Box::pin(async move {
            let mut tx = begin_record_write(self).await?;
            let outcomes = store(&mut tx, batches).await?;
            tx.commit().await?;
            Ok(outcomes)
        })
    }

    fn sync_context<'a>(&'a self, worker: i64, codes: &'a [&'a str]) -> Answer<'a, SyncContext> {
        Box::pin(async move {
            crate::sync_reads::context(&mut *self.pool.acquire().await?, worker, codes).await
        })
    }

    fn handover_private_key<'a>(&'a self, fresh: &'a str) -> Answer<'a, String> {
        Box::pin(async move {
            crate::sync_reads::private_key(&mut *self.pool.acquire().await?, fresh).await
        })
    }

    fn register_author<'a>(
        &'a self,
        user: i64,
        device_id: &'a str,
        public_key: &'a str,
        now: &'a str,
    ) -> Answer<'a, ()> {
        Box::pin(async move {
            let mut connection = self.pool.acquire().await?;
            crate::sync_reads::register_author(&mut connection, user, device_id, public_key, now)
                .await
        })
    }

    fn author_keys<'a>(&'a self, user: i64, device_id: &'a str) -> Answer<'a, Vec<String>> {
        Box::pin(async move {
            crate::sync_reads::author_keys(&mut *self.pool.acquire().await?, user, device_id).await
        })
    }
}

async fn store(
    tx: &mut PgConnection,
    batches: &[Batch<'_>],
) -> Result<Vec<Vec<Outcome>>, AppError> {
    let ids: Vec<String> = Batch::ids(batches).into_iter().map(str::to_owned).collect();
    let mut stored: HashMap<String, Stored> = HashMap::new();
    for found in sqlx::query!(
        r#"SELECT id, worker_id, revision, content, voided_at IS NOT NULL AS "voided!",
                  day, locality, service_id, client_kind, details
           FROM records WHERE id = ANY($1)"#,
        &ids
    )
    .fetch_all(&mut *tx)
    .await?
    {
        let row = StoredRow {
            worker_id: found.worker_id,
            revision: found.revision,
            content: found.content,
            voided: found.voided,
            day: found.day,
            locality: found.locality,
            service_id: found.service_id,
            client_kind: found.client_kind,
            details: found.details,
        };
        stored.insert(found.id, Stored::of(row)?);
    }
    let plan = plan(&stored, batches);
    replace_rows(&mut *tx, &plan.replaces).await?;
    insert_rows(&mut *tx, &plan.inserts).await?;
    inherit_case_groups(&mut *tx, &plan.cases).await?;
    note_clients(&mut *tx, &plan.codes).await?;
    keep_basics(&mut *tx, &plan.basics).await?;
    add_tallies(&mut *tx, &plan.tallies).await?;
    note_devices(&mut *tx, &plan.contacts).await?;
    if plan.cases_changed {
        sqlx::query!(
            "UPDATE settings SET value = (value::bigint + 1)::text, updated_at = teren_now()
             WHERE key = 'catalogue_version'"
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(plan.outcomes)
}

/// Rows travel as one JSON array, read back into typed columns: the
/// statement is the same whatever the batch's size.
fn rows_json(rows: &[&Row]) -> Result<String, AppError> {
    serde_json::to_string(rows).map_err(internal)
}

async fn insert_rows(tx: &mut PgConnection, rows: &[&Row]) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        r#"INSERT INTO records (id, revision, kind, occurred_at, occurred_utc, day, week,
                                worker_id, device_id, locality, client_kind, client_code,
                                first_contact, note, details, content, target_group, situation,
                                police_record_utc, police_record_day, service_id, case_id)
           SELECT id, revision, kind, occurred_at, occurred_utc, day, week, worker_id, device_id,
                  locality, client_kind, client_code, first_contact, note, details, content,
                  target_group, situation, police_record_utc, police_record_day, service_id,
                  case_id
           FROM jsonb_to_recordset($1::text::jsonb) AS r(
               id text, revision bigint, kind text, occurred_at text, occurred_utc text,
               day text, week text, worker_id bigint, device_id text, locality text,
               client_kind text, client_code text, first_contact bigint, note text,
               details text, content text, target_group text, situation text,
               police_record_utc text, police_record_day text, service_id bigint,
               case_id text)"#,
        rows_json(rows)?
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Newer revisions in the place of the stored ones; the void columns stay
/// as they are.
async fn replace_rows(tx: &mut PgConnection, rows: &[&Row]) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        r#"UPDATE records SET revision = r.revision, kind = r.kind, occurred_at = r.occurred_at,
                  occurred_utc = r.occurred_utc, day = r.day, week = r.week,
                  device_id = r.device_id, locality = r.locality, client_kind = r.client_kind,
                  client_code = r.client_code, first_contact = r.first_contact, note = r.note,
                  details = r.details, content = r.content, target_group = r.target_group,
                  situation = r.situation, police_record_utc = r.police_record_utc,
                  police_record_day = r.police_record_day, service_id = r.service_id,
                  case_id = r.case_id, received_at = teren_now()
           FROM jsonb_to_recordset($1::text::jsonb) AS r(
               id text, revision bigint, kind text, occurred_at text, occurred_utc text,
               day text, week text, device_id text, locality text, client_kind text,
               client_code text, first_contact bigint, note text, details text, content text,
               target_group text, situation text, police_record_utc text,
               police_record_day text, service_id bigint, case_id text)
           WHERE records.id = r.id"#,
        rows_json(rows)?
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// See `app::records::db::inherit_case_groups`.
async fn inherit_case_groups(tx: &mut PgConnection, cases: &[String]) -> Result<(), AppError> {
    if cases.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        r#"UPDATE records SET target_group = (
               SELECT k.target_group FROM records k
               WHERE k.id = records.case_id AND k.kind = 'case'
                 AND k.client_code = records.client_code)
           WHERE case_id = ANY($1)
             AND kind IN ('offer', 'consultation', 'crisis_visit')
             AND client_code IS NOT NULL"#,
        cases
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn note_clients(tx: &mut PgConnection, codes: &[String]) -> Result<(), AppError> {
    if codes.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "INSERT INTO clients (code) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING",
        codes
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// See `app::records::db::keep_basics`: one row per client and service
/// (the plan merged a batch's answers), so no row is updated twice.
async fn keep_basics(
    tx: &mut PgConnection,
    given: &[app::records::db::GivenBasics<'_>],
) -> Result<(), AppError> {
    if given.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(given).map_err(internal)?;
    sqlx::query!(
        r#"INSERT INTO client_basics (code, service_id, sex, birth_year, primary_drug, district,
                                      origin, household)
           SELECT code, service_id, sex, birth_year, primary_drug, district, origin, household
           FROM jsonb_to_recordset($1::text::jsonb) AS g(
               code text, service_id bigint, sex text, birth_year bigint, primary_drug text,
               district text, origin text, household bigint)
           ON CONFLICT (code, service_id) DO UPDATE SET
               origin = COALESCE(excluded.origin, client_basics.origin),
               household = COALESCE(excluded.household, client_basics.household),
               sex = COALESCE(excluded.sex, client_basics.sex),
               birth_year = COALESCE(excluded.birth_year, client_basics.birth_year),
               primary_drug = COALESCE(excluded.primary_drug, client_basics.primary_drug),
               district = COALESCE(excluded.district, client_basics.district),
               updated_at = teren_now()"#,
        json
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"UPDATE clients SET (sex, birth_year, primary_drug, district) = (
               SELECT sex, birth_year, primary_drug, district FROM client_basics cb
               WHERE cb.code = clients.code
               ORDER BY service_id LIMIT 1)
           WHERE code IN (SELECT g ->> 'code' FROM jsonb_array_elements($1::text::jsonb) g)"#,
        json
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds tallies to the stored ones in one statement, column by column.
pub(crate) async fn add_tallies(
    tx: &mut PgConnection,
    totals: &HashMap<Key, i64>,
) -> Result<(), AppError> {
    let mut columns = TallyColumns::default();
    for (key, value) in totals.iter().filter(|(_, value)| **value != 0) {
        columns.push(key, *value);
    }
    if columns.value.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "INSERT INTO tallies (grain, period, locality, service_id, worker_id, kind, measure, code,
                              value)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[],
                              $6::text[], $7::text[], $8::text[], $9::bigint[])
         ON CONFLICT (grain, worker_id, service_id, period, locality, kind, measure, code)
         DO UPDATE SET value = tallies.value + excluded.value",
        &columns.grain,
        &columns.period,
        &columns.locality,
        &columns.service_id,
        &columns.worker_id,
        &columns.kind,
        &columns.measure,
        &columns.code,
        &columns.value,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(Default)]
struct TallyColumns {
    grain: Vec<String>,
    period: Vec<String>,
    locality: Vec<String>,
    service_id: Vec<i64>,
    worker_id: Vec<i64>,
    kind: Vec<String>,
    measure: Vec<String>,
    code: Vec<String>,
    value: Vec<i64>,
}

impl TallyColumns {
    fn push(&mut self, key: &Key, value: i64) {
        let (grain, period, locality, service_id, worker_id, kind, measure, code) = key;
        self.grain.push(grain.clone());
        self.period.push(period.clone());
        self.locality.push(locality.clone());
        self.service_id.push(*service_id);
        self.worker_id.push(*worker_id);
        self.kind.push(kind.clone());
        self.measure.push(measure.clone());
        self.code.push(code.clone());
        self.value.push(value);
    }
}

/// Notes each phone's contact. Batches of one phone written together are
/// folded first, the later batch's numbers last, as SQLite's row-by-row
/// upsert leaves them: PostgreSQL refuses to update one row twice in a
/// statement.
async fn note_devices(
    tx: &mut PgConnection,
    contacts: &[(&Contact, usize, usize)],
) -> Result<(), AppError> {
    let mut folded: Vec<(&str, i64, i64, i64, i64)> = Vec::new();
    for (contact, refused, stored) in contacts {
        let sent = i64::try_from(contact.sent).map_err(internal)?;
        let refused = i64::try_from(contact.refused + refused).map_err(internal)?;
        let stored = i64::try_from(*stored).map_err(internal)?;
        match folded.iter_mut().find(|(device, worker, ..)| {
            *device == contact.device_id && *worker == contact.worker_id
        }) {
            Some(seen) => *seen = (seen.0, seen.1, sent, refused, seen.4 + stored),
            None => folded.push((&contact.device_id, contact.worker_id, sent, refused, stored)),
        }
    }
    if folded.is_empty() {
        return Ok(());
    }
    let device: Vec<String> = folded.iter().map(|f| f.0.to_owned()).collect();
    let worker: Vec<i64> = folded.iter().map(|f| f.1).collect();
    let sent: Vec<i64> = folded.iter().map(|f| f.2).collect();
    let refused: Vec<i64> = folded.iter().map(|f| f.3).collect();
    let stored: Vec<i64> = folded.iter().map(|f| f.4).collect();
    sqlx::query!(
        r#"INSERT INTO devices (device_id, worker_id, first_sync, last_sync, last_sent,
                                last_refused, stored)
           SELECT d, w, teren_now(), teren_now(), s, r, n
           FROM UNNEST($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])
               AS c(d, w, s, r, n)
           ON CONFLICT (device_id, worker_id) DO UPDATE SET
               last_sync = excluded.last_sync,
               last_sent = excluded.last_sent,
               last_refused = excluded.last_refused,
               stored = devices.stored + excluded.stored"#,
        &device,
        &worker,
        &sent,
        &refused,
        &stored,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
