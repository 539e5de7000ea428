//! The observability extension (the header's section "winsnmp extension: accounting and
//! counters"): [`WinSnmpGetSessionStats`] and [`WinSnmpGetCommStats`], and the tracing
//! subscriber `WINSNMP_LOG`/`RUST_LOG` install at startup.

use std::sync::Once;

use winsnmp::api::{self, with_engine};
use winsnmp::engine::{CommStats, SessionStats};
use winsnmp::log::LogSettings;
use winsnmp::{HSession, SnmpApiError};

use crate::consts::SNMPAPI_SUCCESS;
use crate::guard::{guard, local, raw};
use crate::ptr;
use crate::types::{HSNMP_SESSION, SNMPAPI_STATUS, WinSnmpCommStats, WinSnmpSessionStats};

/// The bytes of `WinSnmpCommStats` before the counters: `size` and `reserved`.
const COMM_HEADER: usize = 8;

fn session_to_c(s: SessionStats) -> WinSnmpSessionStats {
    WinSnmpSessionStats {
        entities: s.entities,
        contexts: s.contexts,
        pdus: s.pdus,
        vbls: s.vbls,
        outstandingRequests: s.outstanding_requests,
        queuedMessages: s.queued_messages,
        registrations: s.registrations,
        peakEntities: s.peak_entities,
        peakContexts: s.peak_contexts,
        peakPdus: s.peak_pdus,
        peakVbls: s.peak_vbls,
    }
}

fn comm_to_c(s: &CommStats, size: u32) -> WinSnmpCommStats {
    WinSnmpCommStats {
        size,
        reserved: 0,
        datagramsIn: s.datagrams,
        bytesIn: s.bytes_in,
        datagramsOut: s.datagrams_out,
        bytesOut: s.bytes_out,
        transmissions: s.transmissions,
        retransmissions: s.retransmissions,
        timeouts: s.timeouts,
        cancelled: s.cancelled,
        undeliverable: s.undeliverable,
        oversized: s.oversized,
        responses: s.responses,
        lateDelivered: s.late_delivered,
        notifications: s.notifications,
        agentRequests: s.agent_requests,
        informsAcknowledged: s.informs_acknowledged,
        reportsReceived: s.reports,
        reportsSent: s.reports_sent,
        droppedMalformed: s.malformed,
        droppedDuplicate: s.duplicates,
        droppedLate: s.late,
        droppedStray: s.stray,
        droppedForeign: s.foreign,
        droppedUnexpected: s.unexpected,
        droppedUnregistered: s.unregistered,
        droppedQueueFull: s.queue_full,
        droppedRejected: s.rejected,
        droppedOversized: s.oversized_received,
    }
}

/// How many bytes of a `WinSnmpCommStats` to fill for a caller whose record is `size`
/// bytes: whole counters, at most ours; `None` when not even the header fits.
fn comm_fill(size: u32) -> Option<usize> {
    let size = usize::try_from(size).ok()?;
    if size < COMM_HEADER {
        return None;
    }
    let ours = size_of::<WinSnmpCommStats>();
    let whole = COMM_HEADER + (size - COMM_HEADER) / 8 * 8;
    Some(whole.min(ours))
}

capi! {
    /// `WinSnmpGetSessionStats` (extension): what `session` holds now (the entities,
    /// contexts, PDUs and VBLs it owns, its outstanding requests, queued messages and trap
    /// registrations) and the most handles of each kind it has held at once. A handle
    /// counts for the session that created it, whichever session's calls use it.
    ///
    /// Errors (via NULL): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOOP` (`stats` NULL, for an
    /// open session), `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpGetSessionStats(
        session: HSNMP_SESSION,
        stats: *mut WinSnmpSessionStats,
    ) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let st = api::session_stats(s)?;
            if !ptr::write(stats, session_to_c(st)) {
                return Err(local(SnmpApiError::Noop));
            }
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpGetCommStats` (extension): the process-wide communications counters since
    /// the runtime started. `stats->size` must hold the size of the caller's record
    /// (`sizeof(WinSnmpCommStats)`); the library fills that many bytes at most, whole
    /// counters only, and sets `size` to the bytes it filled (fewer when the caller's header
    /// is newer than the library).
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (`stats` NULL), `SNMPAPI_SIZE_INVALID` (`size`
    /// below 8), `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpGetCommStats(stats: *mut WinSnmpCommStats) -> SNMPAPI_STATUS {
        guard(&[], || {
            if !with_engine(|e| e.is_initialized()) {
                return Err(local(SnmpApiError::NotInitialized));
            }
            let size = ptr::read(stats.cast::<u32>().cast_const()).ok_or(local(SnmpApiError::Noop))?;
            let fill = comm_fill(size).ok_or(local(SnmpApiError::SizeInvalid))?;
            let filled = u32::try_from(fill).map_err(|_| local(SnmpApiError::SizeInvalid))?;
            let value = comm_to_c(&api::comm_stats(), filled);
            ptr::write_prefix(stats, &value, fill);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

/// Installs the process's tracing subscriber, once, at the first `SnmpStartup`/
/// `SnmpStartupEx`: an `EnvFilter` from `WINSNMP_LOG`'s filter directives, else `RUST_LOG`,
/// writing to standard error. Nothing when neither asks for one, or when the program
/// installed a subscriber of its own.
pub(crate) fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let Some(directives) = LogSettings::from_env().filter_or_rust_log() else {
            return;
        };
        let filter = tracing_subscriber::EnvFilter::try_new(&directives).unwrap_or_else(|e| {
            eprintln!("winsnmp: WINSNMP_LOG/RUST_LOG {directives:?} ignored: {e}");
            tracing_subscriber::EnvFilter::new("warn")
        });
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
    });
}

/// The leak line about output descriptors the final cleanup freed for the application:
/// `None` when there were none.
pub(crate) fn descriptor_leak_line(function: &str, oids: usize, octets: usize) -> Option<String> {
    let total = oids + octets;
    if total == 0 {
        return None;
    }
    let mut kinds = Vec::new();
    if oids > 0 {
        kinds.push(format!("{oids} smiOID"));
    }
    if octets > 0 {
        kinds.push(format!("{octets} smiOCTETS"));
    }
    let noun = if total == 1 {
        "descriptor"
    } else {
        "descriptors"
    };
    Some(format!(
        "winsnmp: {function} freed {total} {noun} never given back with SnmpFreeDescriptor ({})",
        kinds.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comm_fill_takes_whole_counters_up_to_ours() {
        let ours = size_of::<WinSnmpCommStats>();
        assert_eq!(ours, 8 + 27 * 8);
        assert_eq!(comm_fill(0), None);
        assert_eq!(comm_fill(7), None);
        assert_eq!(comm_fill(8), Some(8));
        assert_eq!(comm_fill(15), Some(8));
        assert_eq!(comm_fill(24), Some(24));
        assert_eq!(comm_fill(ours as u32), Some(ours));
        assert_eq!(comm_fill(ours as u32 + 64), Some(ours));
    }

    #[test]
    fn descriptor_lines() {
        assert_eq!(descriptor_leak_line("SnmpCleanup", 0, 0), None);
        assert_eq!(
            descriptor_leak_line("SnmpCleanup", 1, 0).unwrap(),
            "winsnmp: SnmpCleanup freed 1 descriptor never given back with SnmpFreeDescriptor \
             (1 smiOID)"
        );
        assert_eq!(
            descriptor_leak_line("SnmpCleanupEx", 2, 3).unwrap(),
            "winsnmp: SnmpCleanupEx freed 5 descriptors never given back with \
             SnmpFreeDescriptor (2 smiOID, 3 smiOCTETS)"
        );
    }
}
