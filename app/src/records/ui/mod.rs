//! Logging on the phone: the start tiles, one form per kind, "my records",
//! and the sync status in the header.
//!
//! Built for one hand and a wet screen: every control is at least 48 px,
//! counts are steppers, choices are chips, the locality is remembered from
//! the last record, and a returning client is a tap on a recent code.
//!
//! - [`labels`]: names of kinds and choices, refusal sentences, times
//! - [`status`]: the header's sync status and the queue's warnings
//! - [`tiles`]: the start screen's tiles
//! - [`form`]: the record form, with its small controls [`chip`],
//!   [`stepper`] and [`client_picker`]
//! - [`my_records`]: the records on this phone
//! - [`saved`]: the notice after saving

mod chip;
mod client_picker;
mod form;
mod labels;
mod my_records;
mod saved;
mod status;
mod stepper;
mod tiles;

pub use form::RecordForm;
pub use labels::{form_path, kind_name, rejection_text, situation_name, target_group_name};
pub use my_records::MyRecordsPage;
pub use saved::SavedNotice;
pub use status::{QueueWarnings, SyncNowButton, SyncStatus};
pub use tiles::KindTiles;

type I18n = leptos_i18n::I18nContext<crate::i18n::Locale>;
