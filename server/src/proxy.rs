//! The client's address behind a reverse proxy. The login throttle and the
//! audit log count by address; behind a proxy every request comes from the
//! proxy, so its `X-Forwarded-For` says who the client was. That header is
//! believed only from the configured proxy (`TEREN_TRUSTED_PROXY`), and
//! only its last entry, the one the proxy itself added: anyone else could
//! write any address there.
//!
//! Addresses are compared in canonical form: a server listening on `[::]`
//! sees an IPv4 proxy as `::ffff:127.0.0.1`, which must still be the proxy,
//! and one client must count as one whichever way it is written.

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
        .map(|ConnectInfo(addr)| addr.ip().to_canonical());
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .last()
        .and_then(|last| last.trim().parse::<IpAddr>().ok())
        .map(|forwarded| forwarded.to_canonical());
    let trusted = trusted.map(|trusted| trusted.to_canonical());
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
