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
//!
//! # Epochs
//! A cleanup on one thread may race a new `SnmpStartup` and, say, `SnmpStrToOid` on
//! another: the teardown happens, the other thread starts a new runtime and gets a
//! descriptor, and only then does the cleanup release "everything". So each descriptor is
//! stamped, when it is recorded, with [`api::teardowns`] (the number of final teardowns so
//! far, bumped under the runtime lock as part of the teardown), and the cleanup frees only
//! descriptors stamped before the teardown count it reads after its own teardown: those of
//! a runtime started since then carry that count or a later one and stay live.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

use winsnmp::engine::consts::SNMP_SYNTAX_OID;
use winsnmp::{SnmpApiError, api};

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

/// A recorded allocation: its kind, its length and the teardown count when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    kind: Kind,
    len: usize,
    epoch: u64,
}

/// Live allocations by address.
static LIVE: LazyLock<Mutex<HashMap<usize, Record>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn live() -> MutexGuard<'static, HashMap<usize, Record>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Records an allocation, stamped with `epoch` (the current teardown count unless a test
/// says otherwise). Reading the count and inserting happen under the registry lock, so a
/// concurrent [`release_before`] sees either both or neither.
fn record(addr: usize, kind: Kind, len: usize, epoch: Option<u64>) {
    let mut live = live();
    let epoch = epoch.unwrap_or_else(api::teardowns);
    live.insert(addr, Record { kind, len, epoch });
}

fn len32(len: usize) -> u32 {
    // Octet strings and messages are bounded by the engine's message size limit and OIDs by
    // MAXOBJIDSIZE, far below 2^32.
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// Hands `bytes` to C as a new `smiOCTETS`.
pub(crate) fn give_octets(bytes: Vec<u8>) -> smiOCTETS {
    give_octets_at(bytes, None)
}

fn give_octets_at(bytes: Vec<u8>, epoch: Option<u64>) -> smiOCTETS {
    let len = bytes.len();
    let p = ptr::into_c(bytes);
    if !p.is_null() {
        record(p as usize, Kind::Bytes, len, epoch);
    }
    smiOCTETS {
        len: len32(len),
        ptr: p,
    }
}

/// Hands `oid` to C as a new `smiOID`.
pub(crate) fn give_oid(oid: Vec<u32>) -> smiOID {
    give_oid_at(oid, None)
}

fn give_oid_at(oid: Vec<u32>, epoch: Option<u64>) -> smiOID {
    let len = oid.len();
    let p = ptr::into_c(oid);
    if !p.is_null() {
        record(p as usize, Kind::Oid, len, epoch);
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
    let rec = {
        let mut live = live();
        match live.get(&key) {
            Some(&rec) if rec.kind == want => {
                live.remove(&key);
                rec
            }
            _ => return Err(SnmpApiError::OperationInvalid),
        }
    };
    free(key, rec.kind, rec.len);
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

/// Frees every outstanding descriptor stamped before `epoch` (after a final cleanup: the
/// teardown count read after it), leaving those of a runtime started since; when none is
/// left, the registry's own memory goes too. Returns how many were freed: (`smiOID`s,
/// `smiOCTETS`s), for the leak report.
pub(crate) fn release_before(epoch: u64) -> (usize, usize) {
    let old: Vec<(usize, Record)> = {
        let mut live = live();
        let keys: Vec<usize> = live
            .iter()
            .filter(|(_, r)| r.epoch < epoch)
            .map(|(k, _)| *k)
            .collect();
        let old = keys
            .into_iter()
            .filter_map(|k| live.remove(&k).map(|r| (k, r)))
            .collect();
        if live.is_empty() {
            // Give the table's memory back too (a cleared hash table keeps it).
            *live = HashMap::new();
        }
        old
    };
    let oids = old.iter().filter(|(_, r)| r.kind == Kind::Oid).count();
    let octets = old.len() - oids;
    for (addr, r) in old {
        free(addr, r.kind, r.len);
    }
    (oids, octets)
}

/// Number of descriptors handed out and not yet freed.
#[cfg(test)]
pub(crate) fn outstanding() -> usize {
    live().len()
}
