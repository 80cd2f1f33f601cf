//! The admin-edited lists: localities, service acts and materials, and the
//! organisation's services with the ones the reader works for.
//!
//! They are data, not enums, and carry one version number that every edit
//! bumps, so a phone holding a cached copy can tell in one comparison whether
//! it is stale. [`cache`] keeps the phone's copy; the sync engine refreshes
//! it when a sync answer carries a newer version.

pub mod api;
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;

use crate::services::Service;
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
    /// Every service of the organisation, inactive ones included (a phone
    /// may hold a record logged before a service closed).
    #[serde(default)]
    pub services: Vec<Service>,
    /// The active services of the user who fetched the catalogue; empty
    /// where the server loads it for itself.
    #[serde(default)]
    pub assigned: Vec<i64>,
    /// Whose `assigned` it is: on a shared phone the cached copy may be
    /// another worker's until it is fetched again.
    #[serde(default)]
    pub reader: Option<i64>,
}

impl Catalogue {
    /// The active services `user` works for, as the phone offers them;
    /// `None` when this copy was fetched by someone else.
    pub fn services_of(&self, user: i64) -> Option<Vec<Service>> {
        (self.reader == Some(user)).then(|| {
            self.services
                .iter()
                .filter(|service| service.active && self.assigned.contains(&service.id))
                .cloned()
                .collect()
        })
    }

    pub fn list(&self, kind: ListKind) -> impl Iterator<Item = &CatalogueItem> {
        self.items
            .iter()
            .filter(move |item| item.list == kind.as_str())
    }
}

pub const LABEL_MAX: usize = 80;
