//! The phone's copy of the lists, so a form offers them offline.

use super::api::get_catalogue;
use super::Catalogue;
use gloo_storage::{LocalStorage, Storage};

const CATALOGUE_KEY: &str = "teren.catalogue";

/// The copy fetched last, if any.
pub fn cached() -> Option<Catalogue> {
    LocalStorage::get(CATALOGUE_KEY).ok()
}

/// Fetches the current lists and keeps them; `None` when the server could
/// not be reached (the old copy stays).
pub async fn refresh() -> Option<Catalogue> {
    let catalogue = get_catalogue().await.ok()?;
    let _ = LocalStorage::set(CATALOGUE_KEY, &catalogue);
    Some(catalogue)
}
