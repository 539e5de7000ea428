//! The registry of live output descriptors.
//!
//! `SnmpGetVb`, `SnmpEncodeMsg`, `SnmpOidCopy`, `SnmpContextToStr` and `SnmpStrToOid` fill
//! the caller's `smiOCTETS`/`smiOID` with memory this library allocates; the application
//! returns it with `SnmpFreeDescriptor`. WinSNMP requires that call to recognise its own
//! allocations (a double free or a foreign pointer is `SNMPAPI_OPERATION_INVALID`), so every
//! pointer handed out is recorded here with its kind and length until it is freed.
//!
//! An empty descriptor (`len == 0`) is given `ptr == NULL` and is not recorded: freeing it
//! is `SNMPAPI_NOOP`, like any NULL `ptr` (Appendix E 15). The final `SnmpCleanup` /
//! `SnmpCleanupEx` releases every descriptor still outstanding (the emergency exit frees
//! everything); pointers from before it are then foreign.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

use winsnmp::SnmpApiError;
use winsnmp::engine::consts::SNMP_SYNTAX_OID;

use crate::ptr;
use crate::types::{smiOCTETS, smiOID};

/// What a recorded pointer points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `len` bytes (`smiOCTETS`).
    Bytes,
    /// `len` sub-identifiers (`smiOID`).
    Oid,
}

/// Live allocations by address.
static LIVE: LazyLock<Mutex<HashMap<usize, (Kind, usize)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn live() -> MutexGuard<'static, HashMap<usize, (Kind, usize)>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn len32(len: usize) -> u32 {
    // Octet strings and messages are bounded by the engine's message size limit and OIDs by
    // MAXOBJIDSIZE, far below 2^32.
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// Hands `bytes` to C as a new `smiOCTETS`.
pub(crate) fn give_octets(bytes: Vec<u8>) -> smiOCTETS {
    let len = bytes.len();
    let p = ptr::into_c(bytes);
    if !p.is_null() {
        live().insert(p as usize, (Kind::Bytes, len));
    }
    smiOCTETS {
        len: len32(len),
        ptr: p,
    }
}

/// Hands `oid` to C as a new `smiOID`.
pub(crate) fn give_oid(oid: Vec<u32>) -> smiOID {
    let len = oid.len();
    let p = ptr::into_c(oid);
    if !p.is_null() {
        live().insert(p as usize, (Kind::Oid, len));
    }
    smiOID {
        len: len32(len),
        ptr: p,
    }
}

/// Frees the descriptor at `desc` (an `smiOCTETS`, or an `smiOID` of the same layout) and
/// clears it. `syntax` must already be known to be a descriptor syntax.
///
/// # Errors
/// `SNMPAPI_NOOP` for a NULL `desc` or a NULL `ptr`; `SNMPAPI_OPERATION_INVALID` for a
/// pointer not recorded (never issued, already freed, or freed by a final cleanup), or one
/// of the other kind (an OID freed as octets or the reverse).
pub(crate) fn release(syntax: u32, desc: *mut smiOCTETS) -> Result<(), SnmpApiError> {
    let d = ptr::read(desc.cast_const()).ok_or(SnmpApiError::Noop)?;
    if d.ptr.is_null() {
        return Err(SnmpApiError::Noop);
    }
    let want = if syntax == SNMP_SYNTAX_OID {
        Kind::Oid
    } else {
        Kind::Bytes
    };
    let key = d.ptr as usize;
    let (kind, len) = {
        let mut live = live();
        match live.get(&key) {
            Some(&(kind, len)) if kind == want => {
                live.remove(&key);
                (kind, len)
            }
            _ => return Err(SnmpApiError::OperationInvalid),
        }
    };
    free(key, kind, len);
    ptr::write(
        desc,
        smiOCTETS {
            len: 0,
            ptr: std::ptr::null_mut(),
        },
    );
    Ok(())
}

fn free(addr: usize, kind: Kind, len: usize) {
    match kind {
        Kind::Bytes => ptr::free_boxed(addr as *mut u8, len),
        Kind::Oid => ptr::free_boxed(addr as *mut u32, len),
    }
}

/// Frees every outstanding descriptor (the final cleanup).
pub(crate) fn release_all() {
    let all: Vec<_> = live().drain().collect();
    for (addr, (kind, len)) in all {
        free(addr, kind, len);
    }
}

/// Number of descriptors handed out and not yet freed.
#[cfg(test)]
pub(crate) fn outstanding() -> usize {
    live().len()
}
