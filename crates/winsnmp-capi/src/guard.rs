//! The one guard around every exported function: panics become `SNMPAPI_OTHER_ERROR`,
//! errors become the last error, and the C caller gets `SNMPAPI_FAILURE` (or a 0 handle).

use std::panic::{AssertUnwindSafe, catch_unwind};

use winsnmp::api;
use winsnmp::engine::RawHandle;
use winsnmp::{SnmpApiError, api::with_engine};

/// Why a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fail {
    /// The `winsnmp` API already recorded this error as the last error.
    Recorded(SnmpApiError),
    /// Found by this layer (a pointer check, the descriptor registry): still to record.
    Local(SnmpApiError),
}

impl From<SnmpApiError> for Fail {
    fn from(e: SnmpApiError) -> Self {
        Self::Recorded(e)
    }
}

/// A local failure (pointer check, registry).
pub(crate) const fn local(e: SnmpApiError) -> Fail {
    Fail::Local(e)
}

/// The value an exported function returns on failure.
pub(crate) trait FailureValue {
    /// `SNMPAPI_FAILURE` or the NULL handle.
    const FAILURE: Self;
}

impl FailureValue for u32 {
    const FAILURE: Self = 0;
}

impl FailureValue for isize {
    const FAILURE: Self = 0;
}

/// Records `e` as the last error of a call about `handles` (Appendix E 2). Before startup
/// (or after the final cleanup) every failure is `SNMPAPI_NOT_INITIALIZED`, whatever this
/// layer found wrong with the arguments.
pub(crate) fn record(e: SnmpApiError, handles: &[RawHandle]) {
    let e = if with_engine(|engine| engine.is_initialized()) {
        e
    } else {
        SnmpApiError::NotInitialized
    };
    api::record_error(e, handles);
}

/// Runs `body`, catching panics. `handles` are the call's handle arguments, used to
/// attribute a locally found error (or a panic) to the owning session.
pub(crate) fn guard<T: FailureValue>(
    handles: &[RawHandle],
    body: impl FnOnce() -> Result<T, Fail>,
) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v,
        Ok(Err(Fail::Recorded(_))) => T::FAILURE,
        Ok(Err(Fail::Local(e))) => {
            // A panic while recording must not unwind into C either.
            let _ = catch_unwind(|| record(e, handles));
            T::FAILURE
        }
        Err(_) => {
            let _ = catch_unwind(|| api::record_error(SnmpApiError::OtherError, handles));
            T::FAILURE
        }
    }
}

/// A handle value from C as the runtime's 32-bit value: anything outside `1..2^32` is 0,
/// which every function rejects with the kind's `*_INVALID` code.
pub(crate) fn raw(h: isize) -> u32 {
    // On 64-bit targets a negative or too large value does not fit; on 32-bit targets
    // every value is some 32-bit handle (possibly invalid).
    u32::try_from(h as usize).unwrap_or(0)
}

/// A handle value for C: always positive, as handles are below 2^31, so C code that keeps
/// one in an `int`/`LONG` and widens it back with sign extension gets the same value.
pub(crate) fn to_c(h: u32) -> isize {
    h as usize as isize
}
