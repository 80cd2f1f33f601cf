//! What an older app version kept in clear (the queue per user, the client
//! basics for everyone): taken over into the user's sealed storage when the
//! phone is first opened, then deleted.

use super::kept::{self, Kept};
use super::outbox::{self, Entry};
use crate::browser;

/// Adds the clear queue of `user_id` to `entries` (a record already there
/// wins); the key to delete once the sealed queue is written, if any.
pub fn take_outbox(user_id: i64, entries: &mut Vec<Entry>) -> Option<String> {
    let key = format!("teren.outbox.{user_id}.{}", outbox::device_id());
    let legacy: Vec<Entry> = browser::stored(&key).unwrap_or_default();
    if legacy.is_empty() {
        return None;
    }
    for entry in legacy {
        if !entries.iter().any(|e| e.record.id == entry.record.id) {
            entries.push(entry);
        }
    }
    Some(key)
}

/// Adds the clear basics to `basics`; whether there were any (then
/// [`kept::LEGACY_KEY`] is deleted once the sealed copy is written).
pub fn take_basics(basics: &mut Vec<Kept>) -> bool {
    let legacy: Vec<Kept> = browser::stored(kept::LEGACY_KEY).unwrap_or_default();
    let took = !legacy.is_empty();
    for old in legacy {
        kept::add(basics, Some(old.service), &old.code, old.basics);
    }
    took
}
