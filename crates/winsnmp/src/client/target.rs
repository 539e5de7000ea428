//! Targets as net-snmp and the other tools write them: `HOST`, `HOST:PORT`, `[IPV6]:PORT`,
//! `udp:HOST:PORT`, `udp6:[IPV6]:PORT`, `tcp:HOST:PORT`, `tcp6:[IPV6]:PORT`.

use std::net::{IpAddr, SocketAddr};

use super::Error;

/// How a target is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// UDP (the default).
    Udp,
    /// TCP with RFC 3430 framing (one SNMP message after the other on the stream).
    Tcp,
}

/// A parsed target: protocol, host and port (not resolved yet).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// UDP or TCP.
    pub protocol: Protocol,
    /// Host name or address text (IPv6 without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Only IPv6 (`udp6:`/`tcp6:`), only IPv4 (`udp:`/`tcp:` with a name), or either.
    pub family: Option<Family>,
}

/// An address family constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}

impl Target {
    /// Parses `s`; `default_port` applies when none is given (161 for requests, 162 for
    /// notifications).
    ///
    /// # Errors
    /// [`Error::Target`] for an empty host or a bad port.
    pub fn parse(s: &str, default_port: u16) -> Result<Self, Error> {
        let bad = || Error::Target(s.to_owned());
        let (protocol, family, rest) = if let Some(r) = s.strip_prefix("udp6:") {
            (Protocol::Udp, Some(Family::V6), r)
        } else if let Some(r) = s.strip_prefix("tcp6:") {
            (Protocol::Tcp, Some(Family::V6), r)
        } else if let Some(r) = s.strip_prefix("udp:") {
            (Protocol::Udp, None, r)
        } else if let Some(r) = s.strip_prefix("tcp:") {
            (Protocol::Tcp, None, r)
        } else {
            (Protocol::Udp, None, s)
        };
        let (host, port) = if let Some(r) = rest.strip_prefix('[') {
            let (h, after) = r.split_once(']').ok_or_else(bad)?;
            let port = match after.strip_prefix(':') {
                Some(p) => p.parse().map_err(|_| bad())?,
                None if after.is_empty() => default_port,
                None => return Err(bad()),
            };
            (h.to_owned(), port)
        } else if rest.parse::<IpAddr>().is_ok_and(|ip| ip.is_ipv6()) {
            (rest.to_owned(), default_port)
        } else {
            match rest.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), p.parse().map_err(|_| bad())?),
                None => (rest.to_owned(), default_port),
            }
        };
        if host.is_empty() || port == 0 {
            return Err(bad());
        }
        Ok(Self {
            protocol,
            host,
            port,
            family,
        })
    }

    /// Resolves the host (a literal address without a lookup).
    ///
    /// # Errors
    /// [`Error::Target`] when the name does not resolve to an address of the family.
    pub async fn resolve(&self) -> Result<SocketAddr, Error> {
        let want = |a: &SocketAddr| match self.family {
            Some(Family::V4) => a.is_ipv4(),
            Some(Family::V6) => a.is_ipv6(),
            None => true,
        };
        if let Ok(ip) = self.host.parse::<IpAddr>() {
            let a = SocketAddr::new(ip, self.port);
            return if want(&a) {
                Ok(a)
            } else {
                Err(Error::Target(format!("{} is not IPv6", self.host)))
            };
        }
        let mut addrs = tokio::net::lookup_host((self.host.as_str(), self.port))
            .await
            .map_err(|e| Error::Target(format!("{}: {e}", self.host)))?;
        addrs
            .find(want)
            .ok_or_else(|| Error::Target(format!("{}: no address", self.host)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let t = |s| Target::parse(s, 161).unwrap();
        assert_eq!(t("10.0.0.1").port, 161);
        assert_eq!(t("10.0.0.1:1161").port, 1161);
        assert_eq!(t("udp:host:9").host, "host");
        assert_eq!(t("tcp:host:9").protocol, Protocol::Tcp);
        assert_eq!(t("[::1]:1161").host, "::1");
        assert_eq!(t("::1").host, "::1");
        assert_eq!(t("udp6:[::1]").family, Some(Family::V6));
        assert_eq!(t("tcp6:[::1]:5").port, 5);
        for bad in ["", ":161", "h:", "h:x", "[::1", "[::1]x", "h:0", "h:70000"] {
            assert!(Target::parse(bad, 161).is_err(), "{bad}");
        }
    }
}
