//! `-d`: every packet sent and received, dumped on stderr as net-snmp dumps it
//! (`snmp_api.c`, `snmp_transport.c` and `xdump` in `snmp.c`):
//!
//! ```text
//!
//! Sending 43 bytes to UDP: [127.0.0.1]:161->[0.0.0.0]:51234
//! 0000: 30 29 02 01  01 04 06 70  75 62 6C 69  63 A0 1C 02    0).....public...
//! …
//! ```

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use winsnmp::client::{Direction, Packet, PacketHook, Protocol};

/// The hook that dumps each packet on stderr.
pub(crate) fn hook() -> PacketHook {
    Arc::new(|p: &Packet<'_>| {
        let text = render(p);
        let _ = std::io::stderr().lock().write_all(&text);
    })
}

/// net-snmp's name of the transport and addresses: `UDP: [peer]:port->[local]:port` for
/// IPv4, `UDP/IPv6: [peer]:port` for IPv6 (TCP likewise).
fn peer_text(protocol: Protocol, peer: SocketAddr, local: SocketAddr) -> String {
    let name = match protocol {
        Protocol::Udp => "UDP",
        Protocol::Tcp => "TCP",
    };
    match (peer, local) {
        (SocketAddr::V4(p), SocketAddr::V4(l)) => format!(
            "{name}: [{}]:{}->[{}]:{}",
            p.ip(),
            p.port(),
            l.ip(),
            l.port()
        ),
        (SocketAddr::V4(p), _) => format!("{name}: [{}]:{}", p.ip(), p.port()),
        (SocketAddr::V6(p), _) => format!("{name}/IPv6: [{}]:{}", p.ip(), p.port()),
    }
}

/// The whole dump of one packet: the heading line, then `xdump`.
pub(crate) fn render(p: &Packet<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(80 + p.bytes.len() * 5);
    let peer = peer_text(p.protocol, p.peer, p.local);
    let _ = match p.direction {
        Direction::Sent => write!(out, "\nSending {} bytes to {peer}\n", p.bytes.len()),
        Direction::Received => {
            write!(
                out,
                "\nReceived {} byte packet from {peer}\n",
                p.bytes.len()
            )
        }
    };
    xdump(p.bytes, &mut out);
    out
}

/// net-snmp's `xdump`: `%.4d: ` offsets, 16 octets a line in groups of four, their
/// printable characters from column 60, and an empty line after.
fn xdump(data: &[u8], out: &mut Vec<u8>) {
    for (n, chunk) in data.chunks(16).enumerate() {
        let mut line = Vec::with_capacity(80);
        let _ = write!(line, "{:04}: ", n * 16);
        for col in 0..16 {
            match chunk.get(col) {
                Some(b) => {
                    let _ = write!(line, "{b:02X} ");
                }
                None => line.extend_from_slice(b"   "),
            }
            if col % 4 == 3 {
                line.push(b' ');
            }
        }
        line.extend_from_slice(b"  ");
        // The text starts at column 60 whatever the offset's width.
        line.resize(60, b' ');
        for &b in chunk {
            line.push(if (0x20..0x7f).contains(&b) { b } else { b'.' });
        }
        line.push(b'\n');
        out.extend_from_slice(&line);
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    // `snmpget -d -v2c -c public -On 127.0.0.1:57353 .1.3.6.1.2.1.1.5.0` (net-snmp 5.9.3).
    const SENT: &str = "30 29 02 01 01 04 06 70 75 62 6C 69 63 A0 1C 02 04 15 8F 3F 73 \
        02 01 00 02 01 00 30 0E 30 0C 06 08 2B 06 01 02 01 01 05 00 05 00";
    const NETSNMP: &str = "
Sending 43 bytes to UDP: [127.0.0.1]:57353->[0.0.0.0]:60208
0000: 30 29 02 01  01 04 06 70  75 62 6C 69  63 A0 1C 02    0).....public...
0016: 04 15 8F 3F  73 02 01 00  02 01 00 30  0E 30 0C 06    ...?s......0.0..
0032: 08 2B 06 01  02 01 01 05  00 05 00                    .+.........

";

    fn bytes(hex: &str) -> Vec<u8> {
        hex.split_whitespace()
            .map(|h| u8::from_str_radix(h, 16).unwrap())
            .collect()
    }

    #[test]
    fn dump_as_net_snmp() {
        let b = bytes(SENT);
        let p = Packet {
            direction: Direction::Sent,
            protocol: Protocol::Udp,
            peer: "127.0.0.1:57353".parse().unwrap(),
            local: "0.0.0.0:60208".parse().unwrap(),
            bytes: &b,
        };
        assert_eq!(String::from_utf8(render(&p)).unwrap(), NETSNMP);
        let p = Packet {
            direction: Direction::Received,
            peer: "[::1]:161".parse().unwrap(),
            local: "[::]:5000".parse().unwrap(),
            ..p
        };
        let text = String::from_utf8(render(&p)).unwrap();
        assert!(
            text.starts_with("\nReceived 43 byte packet from UDP/IPv6: [::1]:161\n0000: "),
            "{text}"
        );
    }

    #[test]
    fn long_offsets_keep_the_text_column() {
        let b = vec![0x41u8; 10_016];
        let mut out = Vec::new();
        xdump(&b, &mut out);
        let text = String::from_utf8(out).unwrap();
        let last = text.lines().rev().nth(1).unwrap();
        assert!(last.starts_with("10000: 41 41"), "{last}");
        assert_eq!(last.find("AAAA").unwrap(), 60, "{last}");
    }
}
