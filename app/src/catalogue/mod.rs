//! The admin-edited lists: localities, service acts and materials.
//!
//! They are data, not enums, and carry one version number that every edit
//! bumps, so a phone holding a cached copy can tell in one comparison whether
//! it is stale. [`cache`] keeps the phone's copy; the sync engine refreshes
//! it when a sync answer carries a newer version.

pub mod api;
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListKind {
    Locality,
    ServiceAct,
    Material,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::Locality, ListKind::ServiceAct, ListKind::Material];

    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Locality => "locality",
            ListKind::ServiceAct => "service_act",
            ListKind::Material => "material",
        }
    }

    pub fn parse(value: &str) -> Option<ListKind> {
        ListKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueItem {
    pub id: i64,
    pub list: String,
    pub code: String,
    pub label: String,
    pub active: bool,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub version: i64,
    pub items: Vec<CatalogueItem>,
}

impl Catalogue {
    pub fn list(&self, kind: ListKind) -> impl Iterator<Item = &CatalogueItem> {
        self.items
            .iter()
            .filter(move |item| item.list == kind.as_str())
    }
}

pub const LABEL_MAX: usize = 80;
