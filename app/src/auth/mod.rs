//! Accounts, roles and sessions.
//!
//! Who may do what is decided in one place, [`guard::require`], which every
//! server function calls first; pages use the [`ui::Protected`] wrapper,
//! which reads the same session state. The session itself lives in SQLite
//! (tower-sessions) and is resolved once per request by
//! [`session::resolve_user`], so a deactivated account is locked out on its
//! very next request.

pub mod api;
pub mod remembered;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod setup_code;
#[cfg(feature = "ssr")]
mod sqlite;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;

use serde::{Deserialize, Serialize};

/// What an account may do. Ordered by privilege: each role can do everything
/// the ones before it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Worker,
    Coordinator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Worker, Role::Coordinator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == value.trim())
    }

    /// Whether this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// The logged-in user as the app sees it. Also cached on the phone, so the
/// app knows who is logged in while offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// What the server knows about the visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionState {
    /// No account exists yet: the first admin must be created.
    SetupNeeded,
    Anonymous,
    User(Profile),
}

impl SessionState {
    pub fn profile(&self) -> Option<&Profile> {
        match self {
            SessionState::User(profile) => Some(profile),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_roles_include_lower_ones() {
        assert!(Role::Admin.allows(Role::Coordinator));
        assert!(Role::Coordinator.allows(Role::Worker));
        assert!(!Role::Worker.allows(Role::Coordinator));
        assert!(!Role::Coordinator.allows(Role::Admin));
    }

    #[test]
    fn roles_round_trip_through_their_names_and_unknown_names_are_refused() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
        assert_eq!(Role::parse(""), None);
    }
}
