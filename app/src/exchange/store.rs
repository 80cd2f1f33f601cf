//! What sending figures to an umbrella, and being one, asks of the
//! database (see [`crate::store`]). The SQLite implementation is here; a
//! PostgreSQL host does not offer it yet, and says so.

use super::values::Group;
use crate::db::{Answer, Db};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A message for the umbrella, as the member keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub year: i32,
    pub message: String,
    pub body: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub answer: Option<String>,
    /// The umbrella refused it: sending it again would not help.
    pub refused: bool,
    pub attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub code: String,
    pub name: String,
    /// A region's code ([`super::codes::REGIONS`]).
    pub region: String,
}

/// What a member sent for a year, as the umbrella keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    pub member: String,
    pub year: i32,
    pub message: String,
    pub exported: String,
    pub received_at: String,
    pub suppressed: bool,
    pub groups: Vec<Group>,
}

/// What became of a message the umbrella received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Receipt {
    /// Stored; it replaced what the member had sent for the year before.
    Stored,
    /// This very message was stored already: a resend changes nothing.
    AlreadyHad,
    /// A newer message for the year was stored already.
    Superseded,
}

pub trait ExchangeStore: Send + Sync + 'static {
    /// Keeps `outgoing` as the year's message, replacing an older one.
    fn queue<'a>(&'a self, outgoing: &'a Outgoing) -> Answer<'a, ()>;
    /// Messages the umbrella has not answered yet, oldest first.
    fn pending(&self) -> Answer<'_, Vec<Outgoing>>;
    /// The year's message and what became of it.
    fn outgoing(&self, year: i32) -> Answer<'_, Option<Outgoing>>;
    /// Notes an attempt to send `message`: its answer, whether it was
    /// taken (`sent`) or refused.
    fn attempted<'a>(
        &'a self,
        message: &'a str,
        answer: &'a str,
        sent: bool,
        refused: bool,
    ) -> Answer<'a, ()>;

    fn add_member<'a>(&'a self, member: &'a Member, key: &'a str) -> Answer<'a, ()>;
    fn members(&self) -> Answer<'_, Vec<Member>>;
    /// A member and its key.
    fn member<'a>(&'a self, code: &'a str) -> Answer<'a, Option<(Member, String)>>;
    /// Stores a checked message: replaces the member's year unless this
    /// message or a newer one is there already.
    fn receive<'a>(&'a self, received: &'a Received) -> Answer<'a, Receipt>;
    fn received(&self, year: i32) -> Answer<'_, Vec<Received>>;
    /// The years anything was received for, newest first.
    fn years(&self) -> Answer<'_, Vec<i32>>;
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An outbox row as SQLite gives it.
struct OutboxRow {
    year: i64,
    message: String,
    body: String,
    created_at: String,
    sent_at: Option<String>,
    answer: Option<String>,
    refused: i64,
    attempts: i64,
}

impl From<OutboxRow> for Outgoing {
    fn from(r: OutboxRow) -> Self {
        Outgoing {
            year: r.year as i32,
            message: r.message,
            body: r.body,
            created_at: r.created_at,
            sent_at: r.sent_at,
            answer: r.answer,
            refused: r.refused != 0,
            attempts: r.attempts,
        }
    }
}

fn groups_of(text: &str) -> Result<Vec<Group>, AppError> {
    serde_json::from_str(text).map_err(|error| {
        tracing::error!("a stored umbrella message does not read back: {error}");
        AppError::Internal
    })
}

impl ExchangeStore for Db {
    fn queue<'a>(&'a self, o: &'a Outgoing) -> Answer<'a, ()> {
        Box::pin(async move {
            sqlx::query!(
                "INSERT INTO umbrella_outbox (year, message, body, created_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (year) DO UPDATE SET message = ?2, body = ?3,
                     created_at = ?4, sent_at = NULL, answer = NULL, refused = 0,
                     attempts = 0",
                o.year,
                o.message,
                o.body,
                o.created_at
            )
            .execute(self.write())
            .await?;
            Ok(())
        })
    }

    fn pending(&self) -> Answer<'_, Vec<Outgoing>> {
        Box::pin(async move {
            let rows = sqlx::query_as!(
                OutboxRow,
                r#"SELECT year AS "year!", message, body, created_at, sent_at, answer,
                          refused, attempts
                   FROM umbrella_outbox WHERE sent_at IS NULL AND refused = 0
                   ORDER BY created_at"#
            )
            .fetch_all(self.read())
            .await?;
            Ok(rows.into_iter().map(Outgoing::from).collect())
        })
    }

    fn outgoing(&self, year: i32) -> Answer<'_, Option<Outgoing>> {
        Box::pin(async move {
            let row = sqlx::query_as!(
                OutboxRow,
                r#"SELECT year AS "year!", message, body, created_at, sent_at, answer,
                          refused, attempts
                   FROM umbrella_outbox WHERE year = ?"#,
                year
            )
            .fetch_optional(self.read())
            .await?;
            Ok(row.map(Outgoing::from))
        })
    }

    fn attempted<'a>(
        &'a self,
        message: &'a str,
        answer: &'a str,
        sent: bool,
        refused: bool,
    ) -> Answer<'a, ()> {
        Box::pin(async move {
            let sent_at = sent.then(now);
            sqlx::query!(
                "UPDATE umbrella_outbox SET answer = ?2, sent_at = ?3, refused = ?4,
                     attempts = attempts + 1
                 WHERE message = ?1",
                message,
                answer,
                sent_at,
                refused
            )
            .execute(self.write())
            .await?;
            Ok(())
        })
    }

    fn add_member<'a>(&'a self, member: &'a Member, key: &'a str) -> Answer<'a, ()> {
        Box::pin(async move {
            let created = now();
            let done = sqlx::query!(
                "INSERT INTO umbrella_members (code, name, region, key, created_at)
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                member.code,
                member.name,
                member.region,
                key,
                created
            )
            .execute(self.write())
            .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::invalid("member", crate::error::Problem::Taken));
            }
            Ok(())
        })
    }

    fn members(&self) -> Answer<'_, Vec<Member>> {
        Box::pin(async move {
            let rows = sqlx::query!(
                r#"SELECT code AS "code!", name, region FROM umbrella_members ORDER BY name"#
            )
            .fetch_all(self.read())
            .await?;
            Ok(rows
                .into_iter()
                .map(|r| Member {
                    code: r.code,
                    name: r.name,
                    region: r.region,
                })
                .collect())
        })
    }

    fn member<'a>(&'a self, code: &'a str) -> Answer<'a, Option<(Member, String)>> {
        Box::pin(async move {
            let row = sqlx::query!(
                r#"SELECT code AS "code!", name, region, key FROM umbrella_members
                   WHERE code = ?"#,
                code
            )
            .fetch_optional(self.read())
            .await?;
            Ok(row.map(|r| {
                (
                    Member {
                        code: r.code,
                        name: r.name,
                        region: r.region,
                    },
                    r.key,
                )
            }))
        })
    }

    fn receive<'a>(&'a self, r: &'a Received) -> Answer<'a, Receipt> {
        Box::pin(async move {
            let groups = serde_json::to_string(&r.groups).map_err(|_| AppError::Internal)?;
            let mut tx = self.begin().await?;
            let held = sqlx::query!(
                "SELECT message, exported FROM umbrella_received WHERE member = ? AND year = ?",
                r.member,
                r.year
            )
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(held) = held {
                if held.message == r.message {
                    return Ok(Receipt::AlreadyHad);
                }
                // As times: text compares only while both are written
                // alike. A held time that does not read (stored before
                // times were checked) is no newer than any.
                let time = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
                if let (Some(held), Some(new)) = (time(&held.exported), time(&r.exported)) {
                    if held > new {
                        return Ok(Receipt::Superseded);
                    }
                }
            }
            let received_at = now();
            sqlx::query!(
                "INSERT INTO umbrella_received
                     (member, year, message, exported, received_at, suppressed, groups)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (member, year) DO UPDATE SET message = ?3, exported = ?4,
                     received_at = ?5, suppressed = ?6, groups = ?7",
                r.member,
                r.year,
                r.message,
                r.exported,
                received_at,
                r.suppressed,
                groups
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Receipt::Stored)
        })
    }

    fn received(&self, year: i32) -> Answer<'_, Vec<Received>> {
        Box::pin(async move {
            let rows = sqlx::query!(
                r#"SELECT member, year AS "year!", message, exported, received_at,
                          suppressed AS "suppressed: bool", groups
                   FROM umbrella_received WHERE year = ? ORDER BY member"#,
                year
            )
            .fetch_all(self.read())
            .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(Received {
                        member: r.member,
                        year: r.year as i32,
                        message: r.message,
                        exported: r.exported,
                        received_at: r.received_at,
                        suppressed: r.suppressed,
                        groups: groups_of(&r.groups)?,
                    })
                })
                .collect()
        })
    }

    fn years(&self) -> Answer<'_, Vec<i32>> {
        Box::pin(async move {
            let rows = sqlx::query_scalar!(
                r#"SELECT DISTINCT year AS "year!" FROM umbrella_received ORDER BY year DESC"#
            )
            .fetch_all(self.read())
            .await?;
            Ok(rows.into_iter().map(|y| y as i32).collect())
        })
    }
}
