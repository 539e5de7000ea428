//! `--stats` (the runtime's communications counters, printed after the command) and the
//! tracing subscriber `WINSNMP_LOG`/`RUST_LOG` turn on. Kept apart from the commands.

use std::io::Write;

use winsnmp::CommStats;
use winsnmp::log::LogSettings;

/// Installs a subscriber writing to stderr when `WINSNMP_LOG` has a filter directive
/// (`debug`, `trace`, `winsnmp_engine=trace`…) or, failing that, `RUST_LOG` is set.
pub(crate) fn init_tracing() {
    let Some(directives) = LogSettings::from_env().filter_or_rust_log() else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&directives).unwrap_or_else(|e| {
        eprintln!("wsnmp: WINSNMP_LOG/RUST_LOG {directives:?} ignored: {e}");
        tracing_subscriber::EnvFilter::new("warn")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The counters as `--stats` prints them: a header line, then one `name value` line per
/// counter, names as in [`CommStats`], values right-aligned.
pub(crate) fn render(s: &CommStats) -> String {
    let rows: [(&str, u64); 28] = [
        ("datagrams_in", s.datagrams),
        ("bytes_in", s.bytes_in),
        ("datagrams_out", s.datagrams_out),
        ("bytes_out", s.bytes_out),
        ("transmissions", s.transmissions),
        ("retransmissions", s.retransmissions),
        ("timeouts", s.timeouts),
        ("cancelled", s.cancelled),
        ("undeliverable", s.undeliverable),
        ("oversized", s.oversized),
        ("responses", s.responses),
        ("late_delivered", s.late_delivered),
        ("notifications", s.notifications),
        ("agent_requests", s.agent_requests),
        ("informs_acknowledged", s.informs_acknowledged),
        ("reports", s.reports),
        ("reports_sent", s.reports_sent),
        ("dropped_malformed", s.malformed),
        ("dropped_duplicates", s.duplicates),
        ("dropped_late", s.late),
        ("dropped_stray", s.stray),
        ("dropped_foreign", s.foreign),
        ("dropped_unexpected", s.unexpected),
        ("dropped_unregistered", s.unregistered),
        ("dropped_queue_full", s.queue_full),
        ("dropped_rejected", s.rejected),
        ("dropped_oversized", s.oversized_received),
        ("dropped_total", dropped(s)),
    ];
    let mut out = String::from("wsnmp: stats:\n");
    for (name, value) in rows {
        out += &format!("  {name:<22}{value:>12}\n");
    }
    out
}

fn dropped(s: &CommStats) -> u64 {
    s.malformed
        + s.duplicates
        + s.late
        + s.stray
        + s.foreign
        + s.unexpected
        + s.unregistered
        + s.queue_full
        + s.rejected
}

/// Prints the counters on stderr (`--stats`): the client's transport for the manager
/// commands, else the WinSNMP runtime's (trapd, SNMPv3 traps, the demo).
pub(crate) fn print() {
    let s = crate::client::client_stats().unwrap_or_else(winsnmp::api::comm_stats);
    let _ = std::io::stderr().write_all(render(&s).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_aligned_line_per_counter() {
        let s = CommStats {
            datagrams: 2,
            bytes_in: 136,
            stray: 1,
            late: 2,
            ..CommStats::default()
        };
        let text = render(&s);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "wsnmp: stats:");
        assert_eq!(lines.len(), 29);
        assert_eq!(lines[1], "  datagrams_in                     2");
        assert_eq!(lines[2], "  bytes_in                       136");
        assert_eq!(lines[28], "  dropped_total                    3");
        assert!(lines[1..].iter().all(|l| l.len() == lines[1].len()));
    }
}
