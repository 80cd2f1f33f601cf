//! Unique clients, one index seek per known client code, and crisis
//! help's people.

use super::tallies::binds;
use crate::error::AppError;
use crate::records::kinds::{wire_name, PrimaryDrug};
use crate::reports::figures::{age_band, Filter, AGE_BANDS, UNKNOWN};
use crate::reports::store::{BandRow, Binds, ReportReader};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Unique clients of one target group, sex and birth year (the plain
/// recount's rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    /// `""` for clients seen only in records without a target group.
    pub group: String,
    pub sex: Option<String>,
    pub birth_year: Option<i64>,
    pub primary_drug: Option<String>,
    pub clients: i64,
}

/// Unique clients summed by each dimension on its own: by target group,
/// sex, age band (ages reached in `year`) and primary drug; unknown values
/// are the rest of `clients`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientTotals {
    pub clients: i64,
    pub by_group: HashMap<String, i64>,
    pub by_sex: HashMap<String, i64>,
    pub by_band: HashMap<&'static str, i64>,
    pub by_drug: HashMap<String, i64>,
    /// By target group, sex and age band together (`unknown` for a sex or
    /// band not known).
    pub by_group_sex_band: HashMap<(String, String, &'static str), i64>,
    pub age_sum: i64,
    pub ages_known: i64,
}

impl ClientTotals {
    pub fn from_rows(rows: &[ClientRow], year: i32) -> Self {
        let mut totals = ClientTotals::default();
        for row in rows {
            let count = row.clients;
            totals.clients += count;
            *totals.by_group.entry(row.group.clone()).or_default() += count;
            if let Some(sex) = &row.sex {
                *totals.by_sex.entry(sex.clone()).or_default() += count;
            }
            if let Some(drug) = &row.primary_drug {
                *totals.by_drug.entry(drug.clone()).or_default() += count;
            }
            let age = row.birth_year.map(|born| i64::from(year) - born);
            let band = age.and_then(|age| Some((age, age_band(age)?)));
            if let Some((age, band)) = band {
                *totals.by_band.entry(band).or_default() += count;
                totals.age_sum += age * count;
                totals.ages_known += count;
            }
            let sex = row.sex.clone().unwrap_or_else(|| UNKNOWN.to_owned());
            let band = band.map_or(UNKNOWN, |(_, band)| band);
            *totals
                .by_group_sex_band
                .entry((row.group.clone(), sex, band))
                .or_default() += count;
        }
        totals
    }
}

/// Unique clients in the filter's range by target group, sex and age band,
/// and by primary drug, ages as reached in `year`. The
/// basics are the filtered service's; over every service, those of the
/// lowest-numbered service that has any for the code (kept on the
/// client's row). Grouped by band, not birth year, and drugs summed
/// within: grouping by every combination made SQLite sort thousands of rows.
pub async fn clients_by_group(
    db: &mut dyn ReportReader,
    filter: &Filter,
    year: i32,
) -> Result<ClientTotals, AppError> {
    let mut totals = ClientTotals::default();
    for r in db.client_bands(&binds(filter), year).await? {
        totals.clients += r.clients;
        *totals.by_group.entry(r.group.clone()).or_default() += r.clients;
        if let Some(sex) = &r.sex {
            *totals.by_sex.entry(sex.clone()).or_default() += r.clients;
        }
        let band = r
            .band
            .and_then(|i| AGE_BANDS.get(usize::try_from(i).ok()?))
            .map(|(_, band)| *band);
        if let Some(band) = band {
            *totals.by_band.entry(band).or_default() += r.clients;
            totals.ages_known += r.clients;
        }
        for (drug, n) in PrimaryDrug::ALL.iter().zip(r.drugs) {
            *totals.by_drug.entry(wire_name(drug)).or_default() += n;
        }
        totals.age_sum += r.age_sum;
        let sex = r.sex.unwrap_or_else(|| UNKNOWN.to_owned());
        *totals
            .by_group_sex_band
            .entry((r.group, sex, band.unwrap_or(UNKNOWN)))
            .or_default() += r.clients;
    }
    // Zero counts and absent ones read the same.
    totals.by_sex.retain(|_, n| *n != 0);
    totals.by_band.retain(|_, n| *n != 0);
    totals.by_drug.retain(|_, n| *n != 0);
    Ok(totals)
}

/// [`ReportReader::client_bands`] on SQLite.
pub async fn client_bands(
    db: &mut SqliteConnection,
    b: &Binds,
    year: i32,
) -> Result<Vec<BandRow>, AppError> {
    // The ORDER BY follows the index, so each seek stops at its first hit;
    // the tie-breaks make "latest" exact when a client has two records on
    // one day. Materialized, because the planner would otherwise repeat
    // both seeks for every place the group is named.
    let rows = sqlx::query!(
        r#"WITH g AS MATERIALIZED (
               SELECT c.code, c.sex, c.birth_year, c.primary_drug, COALESCE(
                   (SELECT r.target_group FROM records r
                    WHERE r.client_code = c.code AND r.voided_at IS NULL
                      AND r.day BETWEEN ?1 AND ?2 AND r.target_group IS NOT NULL
                      AND (?3 IS NULL OR r.locality = ?3) AND (?4 IS NULL OR r.worker_id = ?4)
                      AND (?5 IS NULL OR r.kind = ?5) AND (?6 IS NULL OR r.service_id = ?6)
                    ORDER BY r.day DESC, r.locality DESC, r.worker_id DESC, r.kind DESC, r.target_group DESC
                    LIMIT 1),
                   (SELECT '' FROM records r
                    WHERE r.client_code = c.code AND r.voided_at IS NULL
                      AND r.day BETWEEN ?1 AND ?2
                      AND (?3 IS NULL OR r.locality = ?3) AND (?4 IS NULL OR r.worker_id = ?4)
                      AND (?5 IS NULL OR r.kind = ?5) AND (?6 IS NULL OR r.service_id = ?6)
                    LIMIT 1)) AS grp
               FROM clients c)
           SELECT cb.grp AS "grp!: String", cb.sex AS "sex?: String",
                  CASE WHEN ?7 - cb.birth_year < 0 THEN NULL
                       WHEN ?7 - cb.birth_year <= 6 THEN 0 WHEN ?7 - cb.birth_year <= 12 THEN 1
                       WHEN ?7 - cb.birth_year <= 15 THEN 2 WHEN ?7 - cb.birth_year <= 18 THEN 3
                       WHEN ?7 - cb.birth_year <= 26 THEN 4 WHEN ?7 - cb.birth_year <= 64 THEN 5
                       WHEN ?7 - cb.birth_year <= 80 THEN 6 WHEN ?7 - cb.birth_year <= 85 THEN 7
                       WHEN cb.birth_year IS NOT NULL THEN 8 END AS "band?: i64",
                  COUNT(*) AS "clients!: i64",
                  COALESCE(SUM(CASE WHEN ?7 - cb.birth_year >= 0 THEN ?7 - cb.birth_year END), 0)
                      AS "age_sum!: i64",
                  COALESCE(SUM(cb.primary_drug = 'pervitin'), 0) AS "d0!: i64",
                  COALESCE(SUM(cb.primary_drug = 'heroin'), 0) AS "d1!: i64",
                  COALESCE(SUM(cb.primary_drug = 'buprenorphine'), 0) AS "d2!: i64",
                  COALESCE(SUM(cb.primary_drug = 'other_opioids'), 0) AS "d3!: i64",
                  COALESCE(SUM(cb.primary_drug = 'cannabis'), 0) AS "d4!: i64",
                  COALESCE(SUM(cb.primary_drug = 'other'), 0) AS "d5!: i64"
           FROM (
               SELECT g.grp,
                      CASE WHEN ?6 IS NULL THEN g.sex ELSE s.sex END AS sex,
                      CASE WHEN ?6 IS NULL THEN g.birth_year ELSE s.birth_year END AS birth_year,
                      CASE WHEN ?6 IS NULL THEN g.primary_drug ELSE s.primary_drug END AS primary_drug
               FROM g LEFT JOIN client_basics s
                   ON ?6 IS NOT NULL AND s.code = g.code AND s.service_id = ?6
               WHERE g.grp IS NOT NULL) cb
           GROUP BY 1, 2, 3"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id,
        year
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| BandRow {
            group: r.grp,
            sex: r.sex,
            band: r.band,
            clients: r.clients,
            age_sum: r.age_sum,
            drugs: [r.d0, r.d1, r.d2, r.d3, r.d4, r.d5],
        })
        .collect())
}

/// Eviction cases received in the range, and how many of them were
/// offered help within 48 hours of receipt ([`super::cases`]).
pub async fn evictions(db: &mut dyn ReportReader, filter: &Filter) -> Result<(i64, i64), AppError> {
    super::cases::offered_in_time(db, filter).await
}

/// Unique people crisis help met in the filter's range, by form of
/// exploitation and by citizenship group, as the Ministry of the Interior
/// asks: a person is counted once per value named on any of their records
/// (so once in each of two forms, once in the total). Only coded records
/// can be told apart; only crisis-help services record these. The time
/// range is widened by a day for the index on service and time, then cut
/// to the exact local days; the index (`records_crisis_people`) holds every
/// column read, so no record is opened.
pub async fn people_by_particulars(
    db: &mut SqliteConnection,
    b: &Binds,
) -> Result<Vec<(String, String, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"WITH picked AS (
               SELECT r.client_code AS code, r.exploitation, r.citizenship
               FROM services s JOIN records r ON r.service_id = s.id
               WHERE s.type = 'crisis_help' AND (?3 IS NULL OR s.id = ?3)
                 AND r.occurred_utc >= date(?1, '-1 day') AND r.occurred_utc < date(?2, '+2 day')
                 AND r.day BETWEEN ?1 AND ?2
                 AND r.voided_at IS NULL AND r.client_code IS NOT NULL
                 AND (r.exploitation IS NOT NULL OR r.citizenship IS NOT NULL)
                 AND (?4 IS NULL OR r.locality = ?4) AND (?5 IS NULL OR r.worker_id = ?5)
                 AND (?6 IS NULL OR r.kind = ?6))
           SELECT 'exploitation' AS "dimension!: String", exploitation AS "value!: String",
                  COUNT(DISTINCT code) AS "people!: i64"
           FROM picked WHERE exploitation IS NOT NULL GROUP BY exploitation
           UNION ALL
           SELECT 'citizenship', citizenship, COUNT(DISTINCT code)
           FROM picked WHERE citizenship IS NOT NULL GROUP BY citizenship"#,
        b.from,
        b.to,
        b.service_id,
        b.locality,
        b.worker_id,
        b.kind
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.dimension, r.value, r.people))
        .collect())
}

/// Unique clients in the filter's range by the district they live in: the
/// filtered service's answer, or over every service the client's row's
/// (the lowest-numbered service's, as for sex and age). `""` for clients
/// whose district was never given. The same clients as
/// [`clients_by_group`] counts: those with a record in the range.
pub async fn clients_by_district(
    db: &mut SqliteConnection,
    b: &Binds,
) -> Result<Vec<(String, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"WITH seen AS MATERIALIZED (
               SELECT DISTINCT client_code AS code FROM records
               WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
                 AND (?5 IS NULL OR kind = ?5) AND (?6 IS NULL OR service_id = ?6))
           SELECT COALESCE(CASE WHEN ?6 IS NULL THEN c.district ELSE s.district END, '')
                      AS "district!: String",
                  COUNT(*) AS "clients!: i64"
           FROM seen JOIN clients c ON c.code = seen.code
           LEFT JOIN client_basics s
               ON ?6 IS NOT NULL AND s.code = seen.code AND s.service_id = ?6
           GROUP BY 1 ORDER BY 1"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.district, r.clients)).collect())
}

/// A halfway house's users in the filter's range (the filter names the
/// service) by where they come from (`""`: not given), and how many people
/// live with them in all, as the ministry asks of residential services.
pub async fn users_by_origin(
    db: &mut SqliteConnection,
    b: &Binds,
) -> Result<Vec<(String, i64, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"WITH seen AS MATERIALIZED (
               SELECT DISTINCT client_code AS code FROM records
               WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
                 AND (?5 IS NULL OR kind = ?5) AND service_id = ?6)
           SELECT COALESCE(s.origin, '') AS "origin!: String", COUNT(*) AS "users!: i64",
                  COALESCE(SUM(s.household), 0) AS "living_with!: i64"
           FROM seen LEFT JOIN client_basics s ON s.code = seen.code AND s.service_id = ?6
           GROUP BY 1 ORDER BY 1"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.origin, r.users, r.living_with))
        .collect())
}
