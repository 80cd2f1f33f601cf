//! What coordinators see: figures for a period, breakdowns by locality and
//! worker, the annual report, CSV exports and the records browser.
//!
//! - [`period`]: the chosen period as a range of days, and chart buckets.
//! - [`figures`]: the figures and what each one means.
//! - [`suppress`]: small-count suppression for anything leaving the office:
//!   `disclosure` (server) decides which cells of a year to hide, all
//!   tables together, and `audit` proves no hidden cell can be worked out.
//! - [`annual_layout`]: the yearly report in each funder's layout;
//!   [`case_lines`]: an intervention centre's part of it.
//! - `db` (server): the queries; `plain` (server) the same figures by plain
//!   `GROUP BY` over the records, for the benchmark and as a cross-check.
//! - `export` (server): CSV downloads, written by `csv_file`.
//! - [`api`]: server functions; [`ui`]: the pages and their SVG charts.

pub mod annual_layout;
pub mod api;
pub mod case_lines;
pub mod figures;
pub mod labels;
pub mod period;
pub mod query;
pub mod suppress;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
mod csv_file;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod disclosure;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod plain;
#[cfg(feature = "ssr")]
pub mod shared;
#[cfg(feature = "ssr")]
pub mod store;

/// The longest reason a coordinator may give for voiding a record.
pub const VOID_REASON_MAX: usize = 500;
/// The material code counted as "syringes" (stříkačky / sety) in the
/// return rate and the annual report; shipped in the default list.
pub const SYRINGES: &str = "strikacky";
/// The material code of gelatin capsules, a line of the annual report.
pub const CAPSULES: &str = "kapsle";
/// The older service acts that stood for infection tests, before tests
/// were logged by type: counted with them in the annual report. The
/// pregnancy test (`test-tehotenstvi`) is not one the NMS counts.
pub const INFECTION_TEST_ACTS: [&str; 3] = ["test-hiv", "test-hcv", "test-syfilis"];
