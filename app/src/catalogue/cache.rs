//! The phone's copy of the lists, so a form offers them offline. Sealed in
//! the user's safe: it carries the intervention centre's recent cases.

use super::api::get_catalogue;
use super::Catalogue;
use crate::vault::Vault;

/// The lists' slot in the user's safe.
pub const SEALED_NAME: &str = "catalogue";
/// Where an older app version kept them, in clear, for everyone.
const LEGACY_KEY: &str = "teren.catalogue";

/// The copy fetched last, if any.
pub async fn cached(vault: Vault) -> Option<Catalogue> {
    let mut catalogue: Catalogue = vault.unseal(SEALED_NAME).await.ok().flatten()?;
    catalogue.add_lists_of_older_copy();
    Some(catalogue)
}

/// Fetches the current lists and keeps them; `None` when the server could
/// not be reached (the old copy stays).
pub async fn refresh(vault: Vault) -> Option<Catalogue> {
    let catalogue = get_catalogue().await.ok()?;
    vault.seal(SEALED_NAME, &catalogue).await;
    Some(catalogue)
}

/// Drops the clear copy an older app version kept.
pub fn drop_legacy() {
    use gloo_storage::Storage as _;
    gloo_storage::LocalStorage::delete(LEGACY_KEY);
}
