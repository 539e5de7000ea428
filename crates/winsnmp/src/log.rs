//! Diagnostics switches: `WINSNMP_LOG`, leak reports and where their lines go.
//!
//! # `WINSNMP_LOG`
//! A comma-separated list, read at the runtime's first startup (`SnmpStartup`/
//! `SnmpStartupEx` when no runtime is running):
//!
//! - `leaks` turns leak reports on: `SnmpClose` writes one line for a session that still
//!   owned handles, and the final cleanup one line per session never closed (the C library
//!   adds one for descriptors never given back with `SnmpFreeDescriptor`); see
//!   [`winsnmp_engine::LeakReport`] for the lines.
//! - every other item is a `tracing` filter directive (`error`, `warn`, `info`, `debug`,
//!   `trace`, `off`, or `target=level` such as `winsnmp_engine=trace`), in
//!   `tracing-subscriber`'s `EnvFilter` syntax. This crate only emits spans and events; the
//!   C library (`libwsnmp32`) and the `wsnmp` tool install a subscriber writing to standard
//!   error when a filter is given here, or else in `RUST_LOG`. A Rust program installs its
//!   own subscriber.
//!
//! Examples: `WINSNMP_LOG=leaks`, `WINSNMP_LOG=debug`, `WINSNMP_LOG=leaks,debug`,
//! `WINSNMP_LOG=leaks,winsnmp_engine=trace,info`. Unset or empty: no leak report and, for
//! the C library, no subscriber unless `RUST_LOG` is set.
//!
//! With no subscriber (or a filter that leaves an event out) the instrumentation costs a
//! level check per call site: no formatting, no allocation.
//!
//! # What is never logged
//! Community strings, pass phrases, keys (master or localized) and the bytes of datagrams:
//! events carry addresses, lengths, request ids, PDU types, session handles and reasons.
//! The `Debug` output of the types holding such secrets (`Key`, `UsmUser`, `Context`,
//! `QueuedMessage`, `DecodedMessage`) redacts them.

use std::sync::{Arc, Mutex, PoisonError};

/// The environment variable read at startup.
pub const ENV_VAR: &str = "WINSNMP_LOG";

/// What `WINSNMP_LOG` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogSettings {
    /// `leaks` was given: leak reports on.
    pub leaks: bool,
    /// The `tracing` filter directives given, joined with commas; `None` when there were
    /// none.
    pub filter: Option<String>,
}

impl LogSettings {
    /// Parses a `WINSNMP_LOG` value (see the module documentation). Items are trimmed and
    /// empty ones skipped; `leaks` is matched without regard to case.
    pub fn parse(value: &str) -> Self {
        let mut leaks = false;
        let mut directives = Vec::new();
        for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            if item.eq_ignore_ascii_case("leaks") {
                leaks = true;
            } else {
                directives.push(item);
            }
        }
        Self {
            leaks,
            filter: (!directives.is_empty()).then(|| directives.join(",")),
        }
    }

    /// The settings of this process's environment: `WINSNMP_LOG`, unset meaning nothing.
    pub fn from_env() -> Self {
        std::env::var(ENV_VAR)
            .map(|v| Self::parse(&v))
            .unwrap_or_default()
    }

    /// The filter a subscriber should use: this one's, else a non-empty `RUST_LOG`, else
    /// `None` (install no subscriber).
    pub fn filter_or_rust_log(&self) -> Option<String> {
        self.filter.clone().or_else(|| {
            std::env::var("RUST_LOG")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
    }
}

/// Where leak-report lines go.
pub type LeakSink = Arc<dyn Fn(&str) + Send + Sync>;

static SINK: Mutex<Option<LeakSink>> = Mutex::new(None);
static FORCED: Mutex<Option<bool>> = Mutex::new(None);

/// Sends leak-report lines to `sink` instead of standard error (`None` restores standard
/// error). For tests and for programs with their own log.
pub fn set_leak_sink(sink: Option<LeakSink>) {
    *SINK.lock().unwrap_or_else(PoisonError::into_inner) = sink;
}

/// Turns leak reports on or off whatever `WINSNMP_LOG` says (`None`: as `WINSNMP_LOG`
/// says, from the next first startup). Takes effect at once in a running runtime.
pub fn set_leak_reports(on: Option<bool>) {
    *FORCED.lock().unwrap_or_else(PoisonError::into_inner) = on;
    let want = leaks_wanted();
    crate::api::with_engine(|e| e.set_leak_reports(want));
}

/// Whether leak reports should be on: [`set_leak_reports`]'s choice, else `WINSNMP_LOG`.
pub(crate) fn leaks_wanted() -> bool {
    let forced = *FORCED.lock().unwrap_or_else(PoisonError::into_inner);
    forced.unwrap_or_else(|| LogSettings::from_env().leaks)
}

/// Writes leak-report lines (no lock of the runtime held).
pub(crate) fn write_leak_lines(lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let sink = SINK.lock().unwrap_or_else(PoisonError::into_inner).clone();
    for line in lines {
        match &sink {
            Some(f) => f(line),
            None => eprintln!("{line}"),
        }
    }
}

/// Writes one line of the leak report if leak reports are on (for the layers above, e.g.
/// the C library's line about descriptors never freed). Returns whether it wrote.
pub fn report_leak(line: &str) -> bool {
    let on = crate::api::with_engine(|e| e.leak_reports());
    if on {
        write_leak_lines(&[line.to_owned()]);
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_leaks_and_filter_directives() {
        assert_eq!(LogSettings::parse(""), LogSettings::default());
        assert_eq!(
            LogSettings::parse("leaks"),
            LogSettings {
                leaks: true,
                filter: None
            }
        );
        assert_eq!(
            LogSettings::parse(" LEAKS , debug "),
            LogSettings {
                leaks: true,
                filter: Some("debug".to_owned())
            }
        );
        assert_eq!(
            LogSettings::parse("winsnmp_engine=trace,,leaks,info"),
            LogSettings {
                leaks: true,
                filter: Some("winsnmp_engine=trace,info".to_owned())
            }
        );
        assert_eq!(LogSettings::parse("trace").filter.as_deref(), Some("trace"));
        assert!(!LogSettings::parse("trace").leaks);
    }
}
