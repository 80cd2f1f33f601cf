//! An intervention centre's cases: the twins of `app::reports::db::cases`.

use app::error::AppError;
use app::reports::db::cases::CaseRow;
use app::reports::store::Binds;
use sqlx::PgConnection;

pub(super) async fn case_receipts(
    db: &mut PgConnection,
    b: &Binds,
) -> Result<Vec<(String, Option<String>)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT c.police_record_utc AS "received_utc!",
                  (SELECT MIN(r.occurred_utc) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.service_id = c.service_id)
                      AS "first_offer_utc?"
           FROM records c
           WHERE c.kind = 'case' AND c.voided_at IS NULL AND c.police_record_day BETWEEN $1 AND $2
             AND ($3::text IS NULL OR c.locality = $3) AND ($4::bigint IS NULL OR c.worker_id = $4)
             AND ($5::bigint IS NULL OR c.service_id = $5)
           UNION ALL
           SELECT v.police_record_utc, MIN(v.occurred_utc)
           FROM records v
           WHERE v.situation = 'eviction' AND v.voided_at IS NULL AND v.case_id IS NULL
             AND v.police_record_day BETWEEN $1 AND $2
             AND ($3::text IS NULL OR v.locality = $3) AND ($4::bigint IS NULL OR v.worker_id = $4)
             AND ($5::bigint IS NULL OR v.service_id = $5)
           GROUP BY v.police_record_utc, COALESCE(v.client_code, v.id)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.received_utc, r.first_offer_utc))
        .collect())
}

pub(super) async fn case_rows(db: &mut PgConnection, b: &Binds) -> Result<Vec<CaseRow>, AppError> {
    // A visit's group shares its client code (or is one visit), so MIN
    // names the code PostgreSQL would not take ungrouped.
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", COALESCE(c.details::jsonb ->> 'number', '') AS "number!",
                  c.service_id AS "service_id!", c.police_record_utc AS "received_utc!",
                  c.client_code AS "client_code?", cl.sex AS "sex?",
                  cl.birth_year AS "birth_year?",
                  COALESCE((c.details::jsonb ->> 'children')::bigint, 0) AS "children!",
                  COALESCE(c.details::jsonb ->> 'relation', '') AS "relation!",
                  c.details::jsonb ->> 'repeat_of' AS "repeat_of?",
                  (SELECT MIN(r.occurred_utc) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.service_id = c.service_id)
                      AS "first_offer_utc?",
                  (SELECT COUNT(*) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.service_id = c.service_id
                     AND COALESCE(r.outcome, '') <> 'not_reached')
                      AS "contacts!"
           FROM records c LEFT JOIN clients cl ON cl.code = c.client_code
           WHERE c.kind = 'case' AND c.voided_at IS NULL AND c.police_record_day BETWEEN $1 AND $2
             AND ($3::text IS NULL OR c.locality = $3) AND ($4::bigint IS NULL OR c.worker_id = $4)
             AND ($5::bigint IS NULL OR c.service_id = $5)
           UNION ALL
           SELECT MIN(v.id), '', MIN(v.service_id), v.police_record_utc, MIN(v.client_code),
                  MIN(cl.sex), MIN(cl.birth_year),
                  MAX(COALESCE((v.details::jsonb ->> 'children_present')::bigint, 0)),
                  '', NULL::text, MIN(v.occurred_utc), COUNT(*)
           FROM records v LEFT JOIN clients cl ON cl.code = v.client_code
           WHERE v.situation = 'eviction' AND v.voided_at IS NULL AND v.case_id IS NULL
             AND v.police_record_day BETWEEN $1 AND $2
             AND ($3::text IS NULL OR v.locality = $3) AND ($4::bigint IS NULL OR v.worker_id = $4)
             AND ($5::bigint IS NULL OR v.service_id = $5)
           GROUP BY v.police_record_utc, COALESCE(v.client_code, v.id)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CaseRow {
            id: r.id,
            number: r.number,
            service_id: r.service_id,
            received_utc: r.received_utc,
            client_code: r.client_code,
            sex: r.sex,
            birth_year: r.birth_year,
            children: r.children,
            relation: r.relation,
            repeat_of: r.repeat_of,
            first_offer_utc: r.first_offer_utc,
            contacts: r.contacts,
        })
        .collect())
}
