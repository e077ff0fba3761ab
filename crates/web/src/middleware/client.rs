//! Which address a request comes from, for throttling (login, the public
//! contact point). Directly connected clients are their TCP peer. Behind a
//! reverse proxy every request would seem to come from the proxy, so one
//! attacker would lock everyone out (and per-source limits would be
//! meaningless): when the peer is one of the configured trusted proxies
//! (`WebConfig::trusted_proxies`), the address is read from
//! `X-Forwarded-For`, right to left, skipping further trusted proxies. An
//! `X-Forwarded-For` from anyone else is ignored, so a client cannot choose
//! its own address to escape a limit.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address as throttling counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSource(pub String);

/// The client address of a request from `peer` with these `X-Forwarded-For`
/// header values (in order; each may list several addresses).
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded_for: impl IntoIterator<Item = &'a str>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // An address with a port ("203.0.113.7:4711") or in brackets is
        // taken without them; anything else ends the walk: what lies to its
        // left was written by someone we cannot vouch for.
        let Some(ip) = parse_hop(hop) else { break };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = hop.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    hop.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse().ok())
}

impl FromRequestParts<AppState> for ClientSource {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        let values = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(ClientSource(
            client_ip(peer, values, &state.config.trusted_proxies).to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(v: &[&str]) -> Vec<IpNet> {
        v.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn a_direct_client_is_its_peer_whatever_it_claims() {
        let got = client_ip(
            ip("198.51.100.9"),
            ["203.0.113.1"],
            &nets(&["127.0.0.1/32"]),
        );
        assert_eq!(got, ip("198.51.100.9"));
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.1"], &[]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let t = nets(&["127.0.0.1/32", "10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.1"], &t),
            ip("203.0.113.1")
        );
        // Two proxies of ours: the client is left of both.
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.1, 10.1.2.3"], &t),
            ip("203.0.113.1")
        );
        // Several header lines are one list.
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.1", "10.1.2.3"], &t),
            ip("203.0.113.1")
        );
        // What the client wrote itself (left of the first untrusted hop) is ignored.
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["1.2.3.4, 203.0.113.1"], &t),
            ip("203.0.113.1")
        );
        // Ports and brackets.
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.1:4711"], &t),
            ip("203.0.113.1")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["[2001:db8::1]"], &t),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn garbage_or_nothing_leaves_the_last_good_hop() {
        let t = nets(&["127.0.0.1/32"]);
        assert_eq!(client_ip(ip("127.0.0.1"), [], &t), ip("127.0.0.1"));
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["niet-een-adres"], &t),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.5, onzin"], &t),
            ip("127.0.0.1")
        );
    }
}
