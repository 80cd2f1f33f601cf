//! Which service a new record is for: the worker's only one, or the one
//! they chose last on this phone.

use crate::browser;
use crate::services::Service;
use gloo_storage::{LocalStorage, Storage};

const LAST_SERVICE_KEY: &str = "teren.last_service";

/// The service to preselect among `mine`: the last used if still one of
/// them, else the first.
pub(super) fn preselected(mine: &[Service]) -> Option<i64> {
    let last = browser::stored::<i64>(LAST_SERVICE_KEY);
    mine.iter()
        .find(|service| Some(service.id) == last)
        .or_else(|| mine.first())
        .map(|service| service.id)
}

pub(super) fn remember(service: i64) {
    let _ = LocalStorage::set(LAST_SERVICE_KEY, service);
}

/// The query parameter a tile hands the form.
pub(super) const SERVICE_PARAM: &str = "sluzba";
