//! The worker's screens on the phone: the start tiles, one form for every
//! kind of record, "my records", and the notice after saving.
//!
//! Built for one hand and a wet screen: every control is at least 48 px,
//! counts are steppers, choices are chips, the locality is remembered from
//! the last record, and a returning client is a tap on a recent code.
//!
//! - [`tiles`]: the start screen's tiles, per service, and
//!   [`service_choice`]: which service a new record is for
//! - [`form`]: the record form, its answers [`record_fields`], with its small controls [`chip`],
//!   [`stepper`], [`one_of`] and [`client_picker`], the client's basics asked once per
//!   code [`client_basics`], the crisis visit's own part
//!   [`crisis_visit`], the intervention centre's cases, offers and
//!   consultations [`casework`], and what only some services ask:
//!   [`particulars`], the drug services' [`tests_done`]; what carries from
//!   a client's last record and what "Jako minule" repeats ([`repeat`])
//! - [`my_records`]: the records on this phone
//! - [`saved`]: the notice after saving
//!
//! What the records are is [`crate::records`]; how they reach the server,
//! and the header's sync status, is [`crate::sync`].

mod casework;
mod chip;
mod client_basics;
mod client_picker;
mod crisis_visit;
mod form;
mod my_records;
mod one_of;
mod particulars;
mod record_fields;
mod repeat;
mod saved;
mod service_choice;
mod stepper;
mod tests_done;
mod tiles;

pub use form::RecordForm;
pub use my_records::MyRecordsPage;
pub use saved::SavedNotice;
pub use tiles::KindTiles;

type I18n = leptos_i18n::I18nContext<crate::i18n::Locale>;
