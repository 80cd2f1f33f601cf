//! Sync: how a record logged offline reaches the server exactly once.
//!
//! - [`protocol`]: the batch a phone sends and the answer per record.
//! - [`outbox`]: the phone's queue of records not yet acknowledged.
//! - [`kept`]: the client's basics as told on this phone.
//! - `legacy`: what an older app version kept in clear, taken over.
//! - [`handover`]: pending records sealed into a file for the organisation,
//!   when a phone can no longer reach the server; a coordinator imports it.
//! - [`engine`]: the phone's sync loop: when to send, retries with backoff,
//!   a request that never answers, the lists' cache kept current.
//! - [`api`]: the sync server function.
//! - `plan` (server): what writing batches means, whatever the database;
//!   `apply` (server): a batch checked, and written in one SQLite transaction;
//!   `queue` (server): batches arriving together written in one turn;
//!   `devices_db` (server): each phone's last contact, for the status page.
//! - [`ui`]: what the screen shows of the queue: the header's status, the
//!   queue's warnings, the logout guard and the relogin banner.

pub mod api;
pub mod engine;
pub mod handover;
pub mod kept;
mod legacy;
pub mod outbox;
pub mod protocol;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod apply;
#[cfg(feature = "ssr")]
pub mod devices_db;
#[cfg(feature = "ssr")]
pub mod handover_db;
#[cfg(feature = "ssr")]
pub mod plan;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod store;
