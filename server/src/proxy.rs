//! The client's address behind a reverse proxy. The login throttle and the
//! audit log count by address; behind a proxy every request comes from the
//! proxy, so its `X-Forwarded-For` says who the client was. That header is
//! believed only from the configured proxy (`TEREN_TRUSTED_PROXY`), and
//! only its last entry, the one the proxy itself added: anyone else could
//! write any address there.

use app::auth::session::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

pub async fn client_address(
    State(trusted): State<Option<IpAddr>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .last()
        .and_then(|last| last.trim().parse::<IpAddr>().ok());
    let client = match (peer, forwarded) {
        (Some(peer), Some(forwarded)) if Some(peer) == trusted => Some(forwarded),
        (peer, _) => peer,
    };
    if let Some(client) = client {
        request
            .extensions_mut()
            .insert(ClientAddr(client.to_string()));
    }
    next.run(request).await
}
