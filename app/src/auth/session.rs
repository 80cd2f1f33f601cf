//! Sessions: stored in SQLite by tower-sessions; the cookie holds only the
//! session id. [`resolve_user`] runs before every page and server function
//! and leaves the outcome in the request as a [`Visitor`].

use super::store::AccountStore;
use super::{db, Profile};
use crate::error::{internal, AppError};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_sessions::Session;

const USER_KEY: &str = "user";
/// The session's expiry moves forward on use, but writing it on every request
/// would turn each read into a write; once an hour is plenty for a lifetime
/// counted in days.
const REFRESH_AFTER_SECS: i64 = 3600;

/// What the session remembers: whose it is, and the user's session epoch at
/// login. When the account's epoch moves on, the session is void.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionUser {
    id: i64,
    epoch: i64,
    refreshed_at: i64,
    /// When the password was last typed for this session; sessions from
    /// before this was kept count as long ago.
    #[serde(default)]
    logged_in_at: i64,
}

/// The visitor of the current request, as resolved from its session.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub profile: Option<Profile>,
    pub client_addr: String,
}

/// The client's address as the server decided it (behind a trusted proxy,
/// the one the proxy forwarded); without it, the connection's peer.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// Middleware: resolves the session's user once per request.
pub async fn resolve_user(
    State(pool): State<Arc<dyn AccountStore>>,
    mut request: Request,
    next: Next,
) -> Response {
    let client_addr = match request.extensions().get::<ClientAddr>() {
        Some(ClientAddr(addr)) => addr.clone(),
        None => request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned()),
    };
    let session = request.extensions().get::<Session>().cloned();
    let profile = match session {
        Some(session) if !is_asset(request.uri().path()) => match load(&*pool, &session).await {
            Ok(profile) => profile,
            // Who asks is unknown, not nobody: answered as a logged-out
            // visitor, a phone would end its session and forget its key.
            Err(error) => {
                tracing::error!(%error, "session could not be resolved");
                return unresolved(request.uri().path());
            }
        },
        _ => None,
    };
    request.extensions_mut().insert(Visitor {
        profile,
        client_addr,
    });
    next.run(request).await
}

/// The answer when the session could not be looked up: a server fault the
/// phone retries; a server function's in the form its client decodes.
fn unresolved(path: &str) -> Response {
    use axum::response::IntoResponse;
    if path.starts_with("/api/") {
        let body = serde_json::to_string(&AppError::Internal).unwrap_or_default();
        (
            AppError::Internal.http_status(),
            [(http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    } else {
        AppError::Internal.into_response()
    }
}

/// Built files never depend on who asks; skip the session lookup for them.
fn is_asset(path: &str) -> bool {
    [
        "/pkg/",
        "/icons/",
        "/sw.js",
        "/manifest.webmanifest",
        "/favicon",
    ]
    .iter()
    .any(|prefix| path.starts_with(prefix))
}

async fn load(pool: &dyn AccountStore, session: &Session) -> Result<Option<Profile>, AppError> {
    let Some(stored) = session
        .get::<SessionUser>(USER_KEY)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let row = pool.user(stored.id).await?;
    let profile = row
        .filter(|row| row.session_epoch == stored.epoch)
        .and_then(|row| row.profile());
    match profile {
        Some(profile) => {
            let now = chrono::Utc::now().timestamp();
            if now - stored.refreshed_at >= REFRESH_AFTER_SECS {
                let refreshed = SessionUser {
                    refreshed_at: now,
                    ..stored
                };
                session
                    .insert(USER_KEY, refreshed)
                    .await
                    .map_err(internal)?;
            }
            Ok(Some(profile))
        }
        None => {
            // Deactivated, password reset, or deleted: the session is over.
            session.flush().await.map_err(internal)?;
            Ok(None)
        }
    }
}

/// Starts a session for `user` under a fresh id (no fixation).
pub async fn start(session: &Session, user: &db::UserRow) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    let stored = SessionUser {
        id: user.id,
        epoch: user.session_epoch,
        refreshed_at: chrono::Utc::now().timestamp(),
        logged_in_at: chrono::Utc::now().timestamp(),
    };
    session.insert(USER_KEY, stored).await.map_err(internal)
}

/// Seconds since the password was typed for this session; `None` without
/// a logged-in session.
pub async fn since_login(session: &Session) -> Result<Option<i64>, AppError> {
    let stored = session
        .get::<SessionUser>(USER_KEY)
        .await
        .map_err(internal)?;
    Ok(stored.map(|stored| chrono::Utc::now().timestamp() - stored.logged_in_at))
}

pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}
