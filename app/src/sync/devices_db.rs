//! Each phone's last contact, written in the transaction of its batch: the
//! operator's status page reads it to find phones that have not synced for
//! days (see the `devices` table).

use sqlx::SqliteConnection;

/// One batch as its phone's contact: who sent how many, and how many of
/// them were refused (they stay on the phone with the reason).
#[derive(Debug, Clone)]
pub struct Contact {
    pub device_id: String,
    pub worker_id: i64,
    pub sent: usize,
    pub refused: usize,
}

/// Notes the contacts of the batches written together, each with how many
/// more of its records were refused while writing and how many were stored
/// new. One statement, whatever the number of batches.
pub async fn note(
    tx: &mut SqliteConnection,
    contacts: &[(&Contact, usize, usize)],
) -> Result<(), sqlx::Error> {
    let rows = serde_json::Value::Array(
        contacts
            .iter()
            .map(|(contact, refused, stored)| {
                serde_json::json!([
                    contact.device_id,
                    contact.worker_id,
                    contact.sent,
                    contact.refused + refused,
                    stored
                ])
            })
            .collect(),
    )
    .to_string();
    // Rows go in the order given, so a phone's later batch in the same
    // transaction leaves its numbers last.
    sqlx::query!(
        r#"INSERT INTO devices (device_id, worker_id, first_sync, last_sync,
                                last_sent, last_refused, stored)
           SELECT value ->> 0, value ->> 1,
                  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                  value ->> 2, value ->> 3, value ->> 4
           FROM json_each(?) WHERE true ORDER BY key
           ON CONFLICT (device_id, worker_id) DO UPDATE SET
               last_sync = excluded.last_sync,
               last_sent = excluded.last_sent,
               last_refused = excluded.last_refused,
               stored = stored + excluded.stored"#,
        rows
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
