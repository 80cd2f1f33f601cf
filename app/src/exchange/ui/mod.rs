//! The exchange's screens: the annual page's files and sending panel, and
//! the umbrella's national tables.

mod national_page;
mod send_panel;

pub use national_page::NationalPage;
pub use send_panel::{ExchangeFiles, SendPanel};
