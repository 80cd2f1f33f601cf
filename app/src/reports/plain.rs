//! The dashboard's figures computed the plain way: `GROUP BY` over the
//! records table, reading the kind-specific details from their JSON. Slow
//! at scale (that is what the tallies are for) but obviously right, so the
//! benchmark compares against it and the tests check the fast path with it.

use super::db::{assemble, ClientRow, ClientTotals, TallyRow};
use super::figures::{Figures, Filter};
use super::period::day_key;
use crate::catalogue;
use crate::error::AppError;
use crate::records::kinds::Kind;
use chrono::Datelike;
use sqlx::SqliteConnection;

/// Figures over the filter, straight from the records.
pub async fn figures(db: &mut SqliteConnection, filter: &Filter) -> Result<Figures, AppError> {
    let from = day_key(filter.range.from);
    let to = day_key(filter.range.to);
    let locality = filter.locality.clone();
    let worker_id = filter.worker_id;
    let kind = filter.kind.map(Kind::as_str);
    let service_id = filter.service_id;
    let catalogue = catalogue::db::load(&mut *db).await?;

    // Every additive measure, in the shape the tallies give, so both paths
    // share the final assembly and differ only in where the sums come from.
    let rows = sqlx::query!(
        r#"WITH picked AS (
               SELECT * FROM records
               WHERE voided_at IS NULL AND day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
                 AND (?5 IS NULL OR kind = ?5) AND (?6 IS NULL OR service_id = ?6))
           SELECT kind AS "kind!: String", 'client_kind' AS "measure!: String",
                  client_kind AS "code!: String", COUNT(*) AS "value!: i64"
           FROM picked GROUP BY kind, client_kind
           UNION ALL
           SELECT kind, 'first_contacts', '', SUM(first_contact) FROM picked GROUP BY kind
           UNION ALL
           SELECT p.kind, 'material', json_extract(m.value, '$.material'),
                  SUM(json_extract(m.value, '$.count'))
           FROM picked p, json_each(p.details, '$.materials') m GROUP BY 1, 3
           UNION ALL
           SELECT kind, 'returned', '', SUM(json_extract(details, '$.returned_syringes'))
           FROM picked WHERE kind = 'exchange' GROUP BY kind
           UNION ALL
           SELECT p.kind, 'act', a.value, COUNT(DISTINCT p.id)
           FROM picked p, json_each(p.details, '$.service_acts') a GROUP BY 1, 3
           UNION ALL
           SELECT p.kind, 'intervention', i.value, COUNT(DISTINCT p.id)
           FROM picked p, json_each(p.details, '$.interventions') i GROUP BY 1, 3
           UNION ALL
           SELECT kind, 'situation', situation, COUNT(*) FROM picked
           WHERE situation IS NOT NULL GROUP BY kind, situation
           UNION ALL
           SELECT kind, 'found', '', SUM(json_extract(details, '$.count'))
           FROM picked WHERE kind = 'found_syringes' GROUP BY kind
           UNION ALL
           SELECT kind, 'contact_form', COALESCE(json_extract(details, '$.form'), 'in_person'),
                  COUNT(*)
           FROM picked WHERE kind = 'contact' GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'minutes', '', SUM(json_extract(details, '$.duration_minutes'))
           FROM picked WHERE kind IN ('contact', 'consultation', 'exchange')
             AND json_extract(details, '$.duration_minutes') > 0
           GROUP BY kind
           UNION ALL
           SELECT kind, 'offer', json_extract(details, '$.method') || '/' ||
                  json_extract(details, '$.outcome'), COUNT(*)
           FROM picked WHERE kind = 'offer' GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'consultation', json_extract(details, '$.topic') || '/' ||
                  json_extract(details, '$.form'), COUNT(*)
           FROM picked WHERE kind = 'consultation' GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'refusal', json_extract(details, '$.reason'), COUNT(*)
           FROM picked WHERE kind = 'refusal' GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'missed', CASE WHEN json_extract(details, '$.cancelled') THEN 'cancelled'
                                       ELSE 'no_show' END, COUNT(*)
           FROM picked WHERE kind = 'missed_meeting' GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'role', json_extract(details, '$.particulars.role'), COUNT(*)
           FROM picked WHERE json_extract(details, '$.particulars.role') IS NOT NULL GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'exploitation', json_extract(details, '$.particulars.exploitation'), COUNT(*)
           FROM picked WHERE json_extract(details, '$.particulars.exploitation') IS NOT NULL GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'citizenship', json_extract(details, '$.particulars.citizenship'), COUNT(*)
           FROM picked WHERE json_extract(details, '$.particulars.citizenship') IS NOT NULL GROUP BY kind, 3
           UNION ALL
           SELECT kind, 'interpreter', '', COUNT(*)
           FROM picked WHERE json_extract(details, '$.particulars.interpreter') GROUP BY kind
           UNION ALL
           SELECT p.kind, 'test', json_extract(t.value, '$.test') || '/' ||
                  COALESCE(json_extract(t.value, '$.result'), 'none'), COUNT(*)
           FROM picked p, json_each(p.details, '$.tests') t GROUP BY 1, 3"#,
        from,
        to,
        locality,
        worker_id,
        kind,
        service_id
    )
    .fetch_all(&mut *db)
    .await?;
    let rows: Vec<TallyRow> = rows
        .into_iter()
        .map(|r| TallyRow {
            bucket: String::new(),
            kind: r.kind,
            measure: r.measure,
            code: r.code,
            value: r.value,
        })
        .collect();

    let clients = sqlx::query!(
        r#"SELECT COALESCE(target_group, '') AS "grp!: String", cb.sex AS "sex?: String",
                  cb.birth_year AS "birth_year?: i64", cb.primary_drug AS "primary_drug?: String",
                  COUNT(*) AS "clients!: i64" FROM (
               SELECT client_code, target_group,
                      ROW_NUMBER() OVER (
                          PARTITION BY client_code
                          ORDER BY target_group IS NULL, day DESC, locality DESC, worker_id DESC,
                                   kind DESC, target_group DESC) AS nth
               FROM records
               WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
                 AND (?5 IS NULL OR kind = ?5) AND (?6 IS NULL OR service_id = ?6)) latest
           LEFT JOIN (SELECT code, sex, birth_year, primary_drug,
                             ROW_NUMBER() OVER (PARTITION BY code ORDER BY service_id) AS first
                      FROM client_basics WHERE ?6 IS NULL OR service_id = ?6) cb
                  ON cb.code = latest.client_code AND cb.first = 1
           WHERE nth = 1
           GROUP BY 1, 2, 3, 4"#,
        from,
        to,
        locality,
        worker_id,
        kind,
        service_id
    )
    .fetch_all(&mut *db)
    .await?;
    let clients: Vec<ClientRow> = clients
        .into_iter()
        .map(|r| ClientRow {
            group: r.grp,
            sex: r.sex,
            birth_year: r.birth_year,
            primary_drug: r.primary_drug,
            clients: r.clients,
        })
        .collect();
    let evictions = if super::db::cases::has_cases(filter) {
        let receipts = super::db::cases::case_receipts(&mut *db, &super::db::binds(filter)).await?;
        super::db::cases::in_time(&receipts)
    } else {
        (0, 0)
    };
    let clients = ClientTotals::from_rows(&clients, filter.range.to.year());
    Ok(assemble(&rows, &clients, evictions, &catalogue))
}
