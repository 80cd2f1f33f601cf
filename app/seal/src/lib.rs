//! How Terén seals what a phone keeps about clients, apart from the app so
//! that it can be tested on its own in a real browser (`tests/crypto.rs`
//! runs in Chromium).
//!
//! - [`crypto`]: AES-GCM and PBKDF2 through the browser's WebCrypto.
//! - [`keys`]: the key file: one user's data key on one device, wrapped by
//!   the PIN and by a secret the server keeps per user.
//! - [`handover`]: pending records sealed for the organisation, for a phone
//!   that can no longer reach the server.
//! - [`sign`]: the author's mark on a handover file, so that nobody can
//!   make one pass as a colleague's.
//! - [`base64`]: how bytes are written to text storage.

pub mod base64;
pub mod crypto;
pub mod handover;
pub mod keys;
pub mod sign;
