//! The coordinator pages: dashboard, breakdowns, annual report and the
//! records browser. Each page's address holds the whole report (period and
//! filters are query parameters of a plain GET form), so it renders on the
//! server, works without JavaScript, prints, and can be bookmarked. Charts
//! are SVG drawn here, not by a charting library.
//!
//! One file per page ([`dashboard`], [`breakdown`], [`annual`], [`records`],
//! an intervention centre's [`cases`]),
//! and one per part they share: [`nav`], [`filter`], [`csv_link`],
//! [`charts`], [`format`].

mod annual;
mod breakdown;
mod cases;
mod charts;
mod csv_link;
mod dashboard;
mod filter;
mod format;
mod handover_import;
mod nav;
mod records;

pub use annual::AnnualPage;
pub use breakdown::BreakdownPage;
pub use cases::CasesPage;
pub use dashboard::DashboardPage;
pub use filter::search;
pub use records::RecordsBrowserPage;
