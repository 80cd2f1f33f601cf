//! The phone's safe: everything about clients that the phone keeps between
//! visits (the queue of records, the answers kept per client code, the
//! intervention centre's cases) is stored encrypted, under a key of one
//! user on one device.
//!
//! - [`crypto`], [`keys`], [`base64`]: the sealing itself, in the
//!   `teren-seal` crate (tested in Chromium): AES-GCM and PBKDF2 through
//!   WebCrypto, and the key file with the data key wrapped by the PIN and
//!   by a secret the server keeps per user.
//! - [`state`]: the safe while the app is open: locked or not, the working
//!   key in memory only, the lock after 15 minutes unused, and sealed
//!   storage in localStorage.
//! - [`api`]: the server function that hands the secret to a fresh login.
//! - [`ui`]: the PIN screens that stand in front of the worker's pages.
//!
//! What is not about a client stays in clear: the device id, who is logged
//! in (to work offline), the last locality and service chosen, and when the
//! phone last synced.

pub mod api;
pub mod state;
pub mod ui;

pub use teren_seal::{base64, crypto, keys};

pub use state::{provide_vault, use_vault, Lock, Vault};
