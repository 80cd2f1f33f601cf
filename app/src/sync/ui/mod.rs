//! What the screen shows of the queue: the header's status and the
//! queue's warnings ([`status`]), the logout button that refuses while
//! records wait ([`logout`]), and the banner asking for a new login when
//! the session ended ([`relogin`]), and the escape hatch that saves waiting
//! records to a file for the organisation ([`handover`]).

mod handover;
mod logout;
mod relogin;
mod status;

pub use handover::HandoverButton;
pub use logout::LogoutButton;
pub use relogin::ReloginBanner;
pub use status::{QueueWarnings, SyncNowButton, SyncStatus};
