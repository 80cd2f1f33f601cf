//! Administration: accounts, the services and who works for which, the
//! server's status (`status`, `status_page`) and the audit log (the lists
//! live in `catalogue`). Admin only, enforced in every server function.

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
pub mod lists_page;
pub mod services;
pub mod services_page;
pub mod status;
#[cfg(feature = "ssr")]
pub mod status_db;
pub mod status_page;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

use crate::auth::Role;
use serde::{Deserialize, Serialize};

/// An account as the admin pages show it; never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// Ids of the services the user works for.
    pub services: Vec<i64>,
}
