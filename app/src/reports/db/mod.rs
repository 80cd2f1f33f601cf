//! The report queries. Additive figures come from the tallies (whole months
//! from month rows, the edge days from day rows); unique clients come from
//! one index seek per known client code; an intervention centre's cases
//! from a small partial index. See `server/migrations/20261121000004_reports.sql`.
//!
//! - [`tallies`]: additive figures; [`clients`]: unique clients
//! - [`cases`]: an intervention centre's cases and the 48-hour duty
//! - [`dashboard`], [`breakdown`], [`annual`]: each page's figures
//! - [`browser`]: the records browser and voiding
//! - [`suppression`]: hiding small counts
//! - `reader`: the reports' part of the store boundary on SQLite

mod annual;
mod breakdown;
mod browser;
pub mod cases;
mod clients;
mod dashboard;
mod reader;
mod suppression;
mod tallies;

pub use annual::{annual, annual_of};
pub use breakdown::breakdown;
pub use browser::{not_voided, records, void};
pub use clients::{clients_by_group, evictions, ClientRow, ClientTotals};
pub use dashboard::{assemble, dashboard, workers};
pub use suppression::{set_suppression, suppression};
pub use tallies::{binds, contacts_by_locality, tallies, TallyRow};
