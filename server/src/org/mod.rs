//! `teren org`: the organisations of a PostgreSQL host, each in a database
//! of its own, mapped from the host name its users open.

pub mod export;
mod import;

pub use export::{export, ExportError};
pub use import::{import, ImportError};

use clap::Subcommand;
use teren_postgres::organisations::Control;
use teren_postgres::PgStore;

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation served at a host name, with its database.
    Create {
        /// The host name its users open, e.g. kc-brno.teren.example
        host: String,
        /// The organisation's name, as its staff know it.
        #[arg(long)]
        name: String,
    },
    /// List the organisations and how far each database is migrated.
    List,
    /// Bring every organisation's database to this version; one that fails
    /// is named and the others go on. Safe to run again.
    Migrate,
    /// Write an organisation's data to a new Terén SQLite file, which the
    /// single-organisation server opens (DATABASE_URL=sqlite://that-file).
    Export {
        host: String,
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Create an organisation from a Terén SQLite file (a server's
    /// database or a backup of it), with everything it holds; its users
    /// log in at the new host with the passwords they had.
    Import {
        /// The host name its users will open.
        host: String,
        /// The organisation's name, as its staff know it.
        #[arg(long)]
        name: String,
        /// The SQLite file; it is only read.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Remove an organisation and every record of it.
    Remove {
        host: String,
        /// Required: removal cannot be undone (take `pg_dump` first).
        #[arg(long)]
        yes: bool,
    },
}

/// Why a command needs SQLite.
pub const NOT_ON_POSTGRES: &str = "on PostgreSQL `teren` serves the organisations and \
    manages them (`teren org`); this command works on one organisation's SQLite file: \
    DATABASE_URL=sqlite://…";

pub async fn run(control_url: &str, command: OrgCommand) -> anyhow::Result<()> {
    let control = Control::open(control_url).await?;
    match command {
        OrgCommand::Create { host, name } => {
            let created = control.create(&host, &name).await?;
            println!(
                "created {} at {} in database {}",
                created.name, created.host, created.database
            );
        }
        OrgCommand::List => {
            for organisation in control.list().await? {
                let schema = control.schema(&organisation).await?;
                let served = if organisation.served {
                    ""
                } else {
                    "\tnot served yet: being imported, or an import cut short (remove it, import again)"
                };
                println!(
                    "{}\t{}\t{}\t{}{served}",
                    organisation.host, organisation.name, organisation.database, schema
                );
            }
        }
        OrgCommand::Migrate => {
            let mut failed = 0;
            for (organisation, result) in control.migrate().await? {
                match result {
                    Ok(()) => println!("{}: up to date", organisation.host),
                    Err(error) => {
                        failed += 1;
                        println!("{}: {error}", organisation.host);
                    }
                }
            }
            if failed > 0 {
                anyhow::bail!("{failed} organisation(s) not migrated; see above");
            }
        }
        OrgCommand::Export { host, to } => {
            let organisation = control.find(&host).await?;
            let store = PgStore::open(&control.url_of(&organisation)?).await?;
            let records = export(&store, &to).await?;
            store.close().await;
            println!(
                "exported {} to {}: {records} records, checked",
                organisation.host,
                to.display()
            );
        }
        OrgCommand::Import { host, name, from } => {
            let (organisation, records) = import(&control, &host, &name, &from).await?;
            println!(
                "imported {} into {} at {}: {records} records",
                from.display(),
                organisation.name,
                organisation.host
            );
        }
        OrgCommand::Remove { host, yes } => {
            if !yes {
                anyhow::bail!(
                    "removing {host} deletes all its records; add --yes (after `pg_dump`)"
                );
            }
            let removed = control.remove(&host).await?;
            println!("removed {} ({})", removed.host, removed.database);
        }
    }
    Ok(())
}
