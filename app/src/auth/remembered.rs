//! Who is logged in, as the phone remembers it, so the app can tell while
//! offline.

use super::Profile;
use gloo_storage::{LocalStorage, Storage};

const PROFILE_KEY: &str = "teren.profile";

/// Remembers who is logged in, so the app can tell while offline.
pub fn remember_profile(profile: &Profile) {
    let _ = LocalStorage::set(PROFILE_KEY, profile);
}

pub fn cached_profile() -> Option<Profile> {
    crate::browser::stored(PROFILE_KEY)
}

pub fn forget_profile() {
    LocalStorage::delete(PROFILE_KEY);
}
