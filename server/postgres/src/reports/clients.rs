//! Unique clients and crisis help's people: the twins of
//! `app::reports::db::clients` and the breakdown's clients.

use app::error::AppError;
use app::reports::store::{BandRow, Binds};
use sqlx::PgConnection;

pub(super) async fn client_bands(
    db: &mut PgConnection,
    b: &Binds,
    year: i32,
) -> Result<Vec<BandRow>, AppError> {
    let year = i64::from(year);
    // The same latest-record rule as SQLite's, tie-breaks included.
    let rows = sqlx::query!(
        r#"WITH g AS MATERIALIZED (
               SELECT c.code, c.sex, c.birth_year, c.primary_drug, COALESCE(
                   (SELECT r.target_group FROM records r
                    WHERE r.client_code = c.code AND r.voided_at IS NULL
                      AND r.day BETWEEN $1 AND $2 AND r.target_group IS NOT NULL
                      AND ($3::text IS NULL OR r.locality = $3)
                      AND ($4::bigint IS NULL OR r.worker_id = $4)
                      AND ($5::text IS NULL OR r.kind = $5)
                      AND ($6::bigint IS NULL OR r.service_id = $6)
                    ORDER BY r.day DESC, r.locality DESC, r.worker_id DESC, r.kind DESC,
                             r.target_group DESC
                    LIMIT 1),
                   (SELECT '' FROM records r
                    WHERE r.client_code = c.code AND r.voided_at IS NULL
                      AND r.day BETWEEN $1 AND $2
                      AND ($3::text IS NULL OR r.locality = $3)
                      AND ($4::bigint IS NULL OR r.worker_id = $4)
                      AND ($5::text IS NULL OR r.kind = $5)
                      AND ($6::bigint IS NULL OR r.service_id = $6)
                    LIMIT 1)) AS grp
               FROM clients c)
           SELECT cb.grp AS "grp!", cb.sex AS "sex?",
                  (CASE WHEN $7::bigint - cb.birth_year < 0 THEN NULL
                       WHEN $7 - cb.birth_year <= 6 THEN 0 WHEN $7 - cb.birth_year <= 12 THEN 1
                       WHEN $7 - cb.birth_year <= 15 THEN 2 WHEN $7 - cb.birth_year <= 18 THEN 3
                       WHEN $7 - cb.birth_year <= 26 THEN 4 WHEN $7 - cb.birth_year <= 64 THEN 5
                       WHEN $7 - cb.birth_year <= 80 THEN 6 WHEN $7 - cb.birth_year <= 85 THEN 7
                       WHEN cb.birth_year IS NOT NULL THEN 8 END)::bigint AS "band?",
                  COUNT(*) AS "clients!",
                  COALESCE(SUM(CASE WHEN $7 - cb.birth_year >= 0 THEN $7 - cb.birth_year END), 0)::bigint
                      AS "age_sum!",
                  COUNT(*) FILTER (WHERE cb.primary_drug = 'pervitin') AS "d0!",
                  COUNT(*) FILTER (WHERE cb.primary_drug = 'heroin') AS "d1!",
                  COUNT(*) FILTER (WHERE cb.primary_drug = 'buprenorphine') AS "d2!",
                  COUNT(*) FILTER (WHERE cb.primary_drug = 'other_opioids') AS "d3!",
                  COUNT(*) FILTER (WHERE cb.primary_drug = 'cannabis') AS "d4!",
                  COUNT(*) FILTER (WHERE cb.primary_drug = 'other') AS "d5!"
           FROM (
               SELECT g.grp,
                      CASE WHEN $6::bigint IS NULL THEN g.sex ELSE s.sex END AS sex,
                      CASE WHEN $6::bigint IS NULL THEN g.birth_year ELSE s.birth_year END
                          AS birth_year,
                      CASE WHEN $6::bigint IS NULL THEN g.primary_drug ELSE s.primary_drug END
                          AS primary_drug
               FROM g LEFT JOIN client_basics s
                   ON $6::bigint IS NOT NULL AND s.code = g.code AND s.service_id = $6
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

pub(super) async fn people_by_particulars(
    db: &mut PgConnection,
    b: &Binds,
) -> Result<Vec<(String, String, i64)>, AppError> {
    // A day either side of the local days, as on SQLite, for the index on
    // service and time.
    let rows = sqlx::query!(
        r#"WITH picked AS (
               SELECT r.client_code AS code, r.exploitation, r.citizenship
               FROM services s JOIN records r ON r.service_id = s.id
               WHERE s.type = 'crisis_help' AND ($3::bigint IS NULL OR s.id = $3)
                 AND r.occurred_utc >= to_char($1::text::date - 1, 'YYYY-MM-DD')
                 AND r.occurred_utc < to_char($2::text::date + 2, 'YYYY-MM-DD')
                 AND r.day BETWEEN $1 AND $2
                 AND r.voided_at IS NULL AND r.client_code IS NOT NULL
                 AND (r.exploitation IS NOT NULL OR r.citizenship IS NOT NULL)
                 AND ($4::text IS NULL OR r.locality = $4)
                 AND ($5::bigint IS NULL OR r.worker_id = $5)
                 AND ($6::text IS NULL OR r.kind = $6))
           SELECT 'exploitation'::text AS "dimension!", exploitation AS "value!",
                  COUNT(DISTINCT code) AS "people!"
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

pub(super) async fn clients_by_district(
    db: &mut PgConnection,
    b: &Binds,
) -> Result<Vec<(String, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"WITH seen AS MATERIALIZED (
               SELECT DISTINCT client_code AS code FROM records
               WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN $1 AND $2
                 AND ($3::text IS NULL OR locality = $3)
                 AND ($4::bigint IS NULL OR worker_id = $4)
                 AND ($5::text IS NULL OR kind = $5)
                 AND ($6::bigint IS NULL OR service_id = $6))
           SELECT COALESCE(CASE WHEN $6::bigint IS NULL THEN c.district ELSE s.district END, '')
                      AS "district!",
                  COUNT(*) AS "clients!"
           FROM seen JOIN clients c ON c.code = seen.code
           LEFT JOIN client_basics s
               ON $6::bigint IS NOT NULL AND s.code = seen.code AND s.service_id = $6
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

pub(super) async fn users_by_origin(
    db: &mut PgConnection,
    b: &Binds,
) -> Result<Vec<(String, i64, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"WITH seen AS MATERIALIZED (
               SELECT DISTINCT client_code AS code FROM records
               WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN $1 AND $2
                 AND ($3::text IS NULL OR locality = $3)
                 AND ($4::bigint IS NULL OR worker_id = $4)
                 AND ($5::text IS NULL OR kind = $5) AND service_id = $6)
           SELECT COALESCE(s.origin, '') AS "origin!", COUNT(*) AS "users!",
                  COALESCE(SUM(s.household), 0)::bigint AS "living_with!"
           FROM seen LEFT JOIN client_basics s ON s.code = seen.code AND s.service_id = $6
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

pub(super) async fn breakdown_clients(
    db: &mut PgConnection,
    by_worker: bool,
    b: &Binds,
) -> Result<Vec<(String, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT CASE WHEN $1::boolean THEN CAST(worker_id AS TEXT) ELSE locality END AS "key!",
                  COUNT(DISTINCT client_code) AS "clients!"
           FROM records
           WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN $2 AND $3
             AND ($4::text IS NULL OR locality = $4) AND ($5::bigint IS NULL OR worker_id = $5)
             AND ($6::text IS NULL OR kind = $6) AND ($7::bigint IS NULL OR service_id = $7)
           GROUP BY 1"#,
        by_worker,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.clients)).collect())
}
