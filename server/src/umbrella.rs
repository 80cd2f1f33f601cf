//! Sending the yearly figures to an umbrella, and the umbrella's members,
//! from the server and the command line.
//!
//! The courier sends what the outbox holds: at once when a message is
//! queued, and again every [`RETRY`] while the umbrella cannot be reached,
//! so a coordinator can press "send" offline and the year arrives later.
//! An answer from the umbrella ends a message either way: taken, or
//! refused with a reason sending again would not change.

use app::exchange::send::{sign, Link, MEMBER_HEADER, RECEIVE_PATH, SIGNATURE_HEADER};
use app::exchange::store::{ExchangeStore, Member, Outgoing};
use std::sync::Arc;
use std::time::Duration;

/// How long the courier waits before trying an unreachable umbrella again.
pub const RETRY: Duration = Duration::from_secs(30);
/// How long one attempt may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Taken(String),
    Refused(String),
    /// Not answered (no connection, the umbrella down or overloaded): try
    /// again later.
    Unreachable(String),
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .user_agent(concat!("teren/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with a timeout and a user agent builds")
}

pub async fn deliver(client: &reqwest::Client, link: &Link, outgoing: &Outgoing) -> Delivery {
    let sent = client
        .post(format!("{}{RECEIVE_PATH}", link.url))
        .header(reqwest::header::CONTENT_TYPE, "application/adx+xml")
        .header(MEMBER_HEADER, &link.member)
        .header(SIGNATURE_HEADER, sign(&link.key, outgoing.body.as_bytes()))
        .body(outgoing.body.clone())
        .send()
        .await;
    let response = match sent {
        Ok(response) => response,
        Err(error) => {
            return Delivery::Unreachable(format!("the umbrella cannot be reached: {error}"))
        }
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let said = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("error")
                .or_else(|| v.get("receipt"))
                .and_then(|s| s.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| text.chars().take(300).collect());
    if status.is_success() {
        Delivery::Taken(said)
    } else if status.is_client_error() && status != 408 && status != 429 {
        Delivery::Refused(format!("{}: {said}", status.as_u16()))
    } else {
        Delivery::Unreachable(format!("the umbrella answered {}: {said}", status.as_u16()))
    }
}

/// Sends `outgoing` once and notes what came of it.
pub async fn attempt(
    store: &dyn ExchangeStore,
    client: &reqwest::Client,
    link: &Link,
    outgoing: &Outgoing,
) -> Result<Delivery, app::error::AppError> {
    let delivery = deliver(client, link, outgoing).await;
    let (answer, sent, refused) = match &delivery {
        Delivery::Taken(receipt) => (receipt.as_str(), true, false),
        Delivery::Refused(why) => (why.as_str(), false, true),
        Delivery::Unreachable(why) => (why.as_str(), false, false),
    };
    match &delivery {
        Delivery::Taken(_) => tracing::info!(year = outgoing.year, "figures sent to the umbrella"),
        Delivery::Refused(why) => tracing::warn!(
            year = outgoing.year,
            "the umbrella refused the figures: {why}"
        ),
        Delivery::Unreachable(why) => tracing::info!(year = outgoing.year, "figures wait: {why}"),
    }
    store
        .attempted(&outgoing.message, answer, sent, refused)
        .await?;
    Ok(delivery)
}

/// Runs until the server stops.
pub fn spawn_courier(store: Arc<dyn ExchangeStore>, link: Link) {
    tokio::spawn(async move {
        let client = client();
        loop {
            match store.pending().await {
                Ok(pending) => {
                    for outgoing in pending {
                        if let Err(error) = attempt(&*store, &client, &link, &outgoing).await {
                            tracing::error!("the outbox cannot be written: {error}");
                        }
                    }
                }
                Err(error) => tracing::error!("the outbox cannot be read: {error}"),
            }
            tokio::select! {
                _ = link.wake.notified() => {}
                _ = tokio::time::sleep(RETRY) => {}
            }
        }
    });
}

#[derive(Debug, clap::Subcommand)]
pub enum UmbrellaCommand {
    /// Register a member organisation; prints the key its server needs
    /// (TEREN_UMBRELLA_KEY). Keep it secret, as a password.
    AddMember {
        /// The member's code, e.g. its IČO.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// The region its services count in, e.g. CZ010 (Praha); the list
        /// is in docs/codes.md.
        #[arg(long)]
        region: String,
    },
    /// List the members.
    Members,
    /// Send a year's figures to the umbrella now (TEREN_UMBRELLA_* set);
    /// what cannot go now waits in the outbox for the running server.
    Send {
        #[arg(long)]
        year: i32,
    },
}

fn new_key() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    app::exchange::send::hex(&bytes)
}

pub async fn run(config: &crate::config::Config, command: UmbrellaCommand) -> anyhow::Result<()> {
    let pool = crate::db::connect(&config.database_url).await?;
    let store: Arc<dyn ExchangeStore> = Arc::new(pool.clone());
    match command {
        UmbrellaCommand::AddMember { code, name, region } => {
            anyhow::ensure!(
                crate::config::is_member_code(&code),
                "--code: letters, digits, - _ . and at most 40 of them"
            );
            let name = name.trim().to_owned();
            anyhow::ensure!(
                !name.is_empty() && name.chars().count() <= 200,
                "--name: the member's name, at most 200 characters"
            );
            anyhow::ensure!(
                app::exchange::codes::region_name(&region).is_some(),
                "--region: a region's code such as CZ010 (docs/codes.md lists them)"
            );
            let key = new_key();
            store
                .add_member(
                    &Member {
                        code: code.clone(),
                        name,
                        region,
                    },
                    &key,
                )
                .await
                .map_err(|e| match e {
                    app::error::AppError::Invalid { .. } => {
                        anyhow::anyhow!("--code: {code} is a member already")
                    }
                    other => anyhow::anyhow!("{other}"),
                })?;
            println!("member {code} added; its server needs:");
            println!("TEREN_UMBRELLA_MEMBER={code}");
            println!("TEREN_UMBRELLA_KEY={key}");
        }
        UmbrellaCommand::Members => {
            for member in store.members().await.map_err(|e| anyhow::anyhow!("{e}"))? {
                println!("{}\t{}\t{}", member.code, member.region, member.name);
            }
        }
        UmbrellaCommand::Send { year } => {
            anyhow::ensure!((2000..=2100).contains(&year), "--year: a year such as 2026");
            let Some(umbrella) = &config.umbrella else {
                anyhow::bail!(
                    "set TEREN_UMBRELLA_URL, TEREN_UMBRELLA_MEMBER and TEREN_UMBRELLA_KEY first"
                );
            };
            let link = Link {
                url: umbrella.url.clone(),
                member: umbrella.member.clone(),
                key: umbrella.key.clone(),
                unsuppressed: umbrella.unsuppressed,
                wake: Arc::default(),
            };
            let reports: Arc<dyn app::reports::store::ReportStore> = Arc::new(pool.clone());
            let mut reader = reports
                .report_reader()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let outgoing = app::exchange::send::prepare(&mut *reader, &link, year)
                .await
                .map_err(|e| match e {
                    app::error::AppError::Invalid { field, .. } if field == "registry_id" => anyhow::anyhow!(
                        "every active service needs its registry identifier (the admin's services page)"
                    ),
                    other => anyhow::anyhow!("{other}"),
                })?;
            drop(reader);
            store
                .queue(&outgoing)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match attempt(&*store, &client(), &link, &outgoing)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                Delivery::Taken(receipt) => println!("{year} sent to {}: {receipt}", link.url),
                Delivery::Refused(why) => anyhow::bail!("the umbrella refused {year}: {why}"),
                Delivery::Unreachable(why) => {
                    println!("{why}; {year} waits in the outbox and the running server sends it")
                }
            }
        }
    }
    pool.close().await;
    Ok(())
}
