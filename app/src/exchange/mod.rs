//! The yearly figures in standard formats, and an umbrella that combines
//! its members' figures into national and regional tables.
//!
//! - [`codes`]: the published code list (data sets, elements,
//!   disaggregations); [`schema`] makes the ADX schema and the code list's
//!   page from it.
//! - [`values`]: the yearly report as coded values, hidden where the report
//!   hides them; [`adx`] and [`dhis2`] write (and ADX reads) them.
//! - `download` (server): the files on the annual page.
//! - [`check`]: what an umbrella checks of a message; `store` (server):
//!   the member's outbox and the umbrella's members and messages;
//!   [`national`]: the umbrella's tables, protected as one set by
//!   [`protect`].

pub mod api;
pub mod ui;

// What makes, reads, checks and sums the figures runs on the server only:
// the phone's bundle carries none of it.
#[cfg(feature = "ssr")]
pub mod adx;
#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod codes;
#[cfg(feature = "ssr")]
pub mod dhis2;
#[cfg(feature = "ssr")]
pub mod national;
#[cfg(feature = "ssr")]
pub mod protect;
#[cfg(feature = "ssr")]
pub mod schema;
#[cfg(feature = "ssr")]
pub mod values;

#[cfg(feature = "ssr")]
pub mod download;
#[cfg(feature = "ssr")]
pub mod receive;
#[cfg(feature = "ssr")]
pub mod send;
#[cfg(feature = "ssr")]
pub mod store;
