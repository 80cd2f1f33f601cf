//! Unique clients, one index seek per known client code, and eviction
//! cases from a small partial index.

use super::tallies::binds;
use crate::error::AppError;
use crate::records::kinds::Kind;
use crate::reports::figures::Filter;
use sqlx::SqliteConnection;

/// Unique clients of one target group, sex and birth year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    /// `""` for clients seen only in records without a target group.
    pub group: String,
    pub sex: Option<String>,
    pub birth_year: Option<i64>,
    pub primary_drug: Option<String>,
    pub clients: i64,
}

/// Unique clients in the filter's range by target group, sex and birth
/// year. The basics are the record's service's; over every service, those
/// of the lowest-numbered service that has any for the code.
pub async fn clients_by_group(
    db: &mut SqliteConnection,
    filter: &Filter,
) -> Result<Vec<ClientRow>, AppError> {
    let b = binds(filter);
    // The ORDER BY follows the index, so each seek stops at its first hit;
    // the tie-breaks make "latest" exact when a client has two records on
    // one day.
    let rows = sqlx::query!(
        r#"SELECT g.grp AS "grp!: String", cb.sex AS "sex?: String",
                  cb.birth_year AS "birth_year?: i64", cb.primary_drug AS "primary_drug?: String",
                  COUNT(*) AS "clients!: i64" FROM (
               SELECT c.code, COALESCE(
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
               FROM clients c) g
           LEFT JOIN client_basics cb ON cb.code = g.code AND cb.service_id =
               COALESCE(?6, (SELECT MIN(service_id) FROM client_basics WHERE code = g.code))
           WHERE g.grp IS NOT NULL
           GROUP BY 1, 2, 3, 4"#,
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
        .map(|r| ClientRow {
            group: r.grp,
            sex: r.sex,
            birth_year: r.birth_year,
            primary_drug: r.primary_drug,
            clients: r.clients,
        })
        .collect())
}

/// Eviction cases whose police record is dated in the range, and how many
/// of them were first visited within 48 hours of it. A case is one police
/// record and one client (each visit without a code is its own case).
pub async fn evictions(db: &mut SqliteConnection, filter: &Filter) -> Result<(i64, i64), AppError> {
    let b = binds(filter);
    if b.kind
        .is_some_and(|kind| kind != Kind::CrisisVisit.as_str())
    {
        return Ok((0, 0));
    }
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "cases!: i64", COALESCE(SUM(within), 0) AS "within!: i64" FROM (
               SELECT (julianday(MIN(occurred_utc)) - julianday(police_record_utc)) * 24 <= 48 AS within
               FROM records
               WHERE situation = 'eviction' AND voided_at IS NULL
                 AND police_record_day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
                 AND (?5 IS NULL OR service_id = ?5)
               GROUP BY police_record_utc, COALESCE(client_code, id))"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.service_id
    )
    .fetch_one(&mut *db)
    .await?;
    Ok((row.cases, row.within))
}
