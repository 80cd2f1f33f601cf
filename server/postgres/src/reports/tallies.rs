//! Sums of the tallies: the twins of `app::reports::db::tallies` and the
//! breakdown's.

use app::error::AppError;
use app::reports::db::TallyRow;
use app::reports::store::TallySums;
use app::tally::ALL_WORKERS;
use sqlx::PgConnection;

pub(super) async fn tally_sums(
    db: &mut PgConnection,
    sums: &TallySums,
) -> Result<Vec<TallyRow>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT CASE WHEN measure IN ('client_kind', 'material', 'returned', 'offer') THEN period ELSE '' END
                      AS "bucket!",
                  kind AS "kind!", measure AS "measure!", code AS "code!",
                  SUM(value)::bigint AS "value!"
           FROM tallies WHERE grain = 'month' AND worker_id = $9
               AND service_id IN (SELECT unnest($11::bigint[]) UNION ALL
                                  SELECT id FROM services WHERE $11::bigint[] IS NULL)
               AND period BETWEEN $2 AND $3
               AND ($8::text IS NULL OR locality = $8) AND ($10::text IS NULL OR kind = $10)
           GROUP BY 1, kind, measure, code
           UNION ALL
           SELECT CASE WHEN measure NOT IN ('client_kind', 'material', 'returned', 'offer') THEN ''
                       WHEN $1::boolean THEN period ELSE substr(period, 1, 7) END,
                  kind, measure, code, SUM(value)::bigint
           FROM tallies WHERE grain = 'day' AND worker_id = $9
               AND service_id IN (SELECT unnest($11::bigint[]) UNION ALL
                                  SELECT id FROM services WHERE $11::bigint[] IS NULL)
               AND period BETWEEN $4 AND $5
               AND ($8::text IS NULL OR locality = $8) AND ($10::text IS NULL OR kind = $10)
           GROUP BY 1, kind, measure, code
           UNION ALL
           SELECT CASE WHEN measure NOT IN ('client_kind', 'material', 'returned', 'offer') THEN ''
                       WHEN $1::boolean THEN period ELSE substr(period, 1, 7) END,
                  kind, measure, code, SUM(value)::bigint
           FROM tallies WHERE grain = 'day' AND worker_id = $9
               AND service_id IN (SELECT unnest($11::bigint[]) UNION ALL
                                  SELECT id FROM services WHERE $11::bigint[] IS NULL)
               AND period BETWEEN $6 AND $7
               AND ($8::text IS NULL OR locality = $8) AND ($10::text IS NULL OR kind = $10)
           GROUP BY 1, kind, measure, code"#,
        sums.by_day,
        sums.months.0,
        sums.months.1,
        sums.head.0,
        sums.head.1,
        sums.tail.0,
        sums.tail.1,
        sums.locality,
        sums.worker,
        sums.kind,
        sums.services.as_deref()
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TallyRow {
            bucket: r.bucket,
            kind: r.kind,
            measure: r.measure,
            code: r.code,
            value: r.value,
        })
        .collect())
}

pub(super) async fn locality_sums(
    db: &mut PgConnection,
    sums: &TallySums,
) -> Result<Vec<(String, i64)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT locality AS "locality!", SUM(value)::bigint AS "value!"
           FROM (
               SELECT locality, CASE WHEN measure = 'client_kind' THEN value ELSE -value END AS value
                   FROM tallies WHERE grain = 'month' AND worker_id = $7
                   AND service_id IN (SELECT unnest($10::bigint[]) UNION ALL
                                      SELECT id FROM services WHERE $10::bigint[] IS NULL)
                   AND period BETWEEN $1 AND $2
                   AND (measure = 'client_kind' OR (measure = 'offer' AND code LIKE '%/not_reached'))
                   AND kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit')
                   AND ($8::text IS NULL OR locality = $8) AND ($9::text IS NULL OR kind = $9)
               UNION ALL
               SELECT locality, CASE WHEN measure = 'client_kind' THEN value ELSE -value END AS value
                   FROM tallies WHERE grain = 'day' AND worker_id = $7
                   AND service_id IN (SELECT unnest($10::bigint[]) UNION ALL
                                      SELECT id FROM services WHERE $10::bigint[] IS NULL)
                   AND period BETWEEN $3 AND $4
                   AND (measure = 'client_kind' OR (measure = 'offer' AND code LIKE '%/not_reached'))
                   AND kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit')
                   AND ($8::text IS NULL OR locality = $8) AND ($9::text IS NULL OR kind = $9)
               UNION ALL
               SELECT locality, CASE WHEN measure = 'client_kind' THEN value ELSE -value END AS value
                   FROM tallies WHERE grain = 'day' AND worker_id = $7
                   AND service_id IN (SELECT unnest($10::bigint[]) UNION ALL
                                      SELECT id FROM services WHERE $10::bigint[] IS NULL)
                   AND period BETWEEN $5 AND $6
                   AND (measure = 'client_kind' OR (measure = 'offer' AND code LIKE '%/not_reached'))
                   AND kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit')
                   AND ($8::text IS NULL OR locality = $8) AND ($9::text IS NULL OR kind = $9)
           ) AS picked
           GROUP BY locality"#,
        sums.months.0,
        sums.months.1,
        sums.head.0,
        sums.head.1,
        sums.tail.0,
        sums.tail.1,
        sums.worker,
        sums.locality,
        sums.kind,
        sums.services.as_deref()
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.locality, r.value)).collect())
}

pub(super) async fn breakdown_sums(
    db: &mut PgConnection,
    by_worker: bool,
    sums: &TallySums,
) -> Result<Vec<TallyRow>, AppError> {
    let worker_id = (sums.worker != ALL_WORKERS).then_some(sums.worker);
    // By worker: each worker's own rows; by locality: the all-workers rows,
    // or the one chosen worker's.
    let rows = sqlx::query!(
        r#"WITH workers (id) AS (
               SELECT id FROM users WHERE $1::boolean AND ($9::bigint IS NULL OR id = $9)
               UNION ALL
               SELECT COALESCE($9::bigint, 0) WHERE NOT $1::boolean)
           SELECT CASE WHEN $1::boolean THEN CAST(worker_id AS TEXT) ELSE locality END AS "key!",
                  kind AS "kind!", measure AS "measure!", code AS "code!",
                  SUM(value)::bigint AS "value!"
           FROM (
               SELECT * FROM tallies WHERE grain = 'month' AND worker_id IN (SELECT id FROM workers)
                   AND service_id IN (SELECT unnest($11::bigint[]) UNION ALL
                                      SELECT id FROM services WHERE $11::bigint[] IS NULL)
                   AND period BETWEEN $2 AND $3
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id IN (SELECT id FROM workers)
                   AND service_id IN (SELECT unnest($11::bigint[]) UNION ALL
                                      SELECT id FROM services WHERE $11::bigint[] IS NULL)
                   AND period BETWEEN $4 AND $5
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id IN (SELECT id FROM workers)
                   AND service_id IN (SELECT unnest($11::bigint[]) UNION ALL
                                      SELECT id FROM services WHERE $11::bigint[] IS NULL)
                   AND period BETWEEN $6 AND $7
           ) AS picked
           WHERE ($8::text IS NULL OR locality = $8) AND ($10::text IS NULL OR kind = $10)
             AND measure IN ('client_kind', 'first_contacts', 'material', 'returned', 'found', 'offer')
           GROUP BY 1, kind, measure, code"#,
        by_worker,
        sums.months.0,
        sums.months.1,
        sums.head.0,
        sums.head.1,
        sums.tail.0,
        sums.tail.1,
        sums.locality,
        worker_id,
        sums.kind,
        sums.services.as_deref()
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TallyRow {
            bucket: r.key,
            kind: r.kind,
            measure: r.measure,
            code: r.code,
            value: r.value,
        })
        .collect())
}
