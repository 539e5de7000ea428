//! The pointer helpers: the only module with `unsafe` blocks.
//!
//! Every raw pointer a C caller passes goes through one of these functions before use. They
//! are safe to call because of the contract every exported function states in its `# Safety`
//! section: each pointer argument is NULL or valid for the access the WinSNMP reference
//! describes (an output for one write, an input descriptor for `len` elements, a C string
//! NUL-terminated). What can be checked without trusting the caller is checked here, before
//! anything is read: NULL, and lengths above the limits: an `smiOID` longer than
//! `MAXOBJIDSIZE` sub-identifiers, an `smiOCTETS` longer than [`MAX_INPUT_OCTETS`] (the
//! largest message: nothing longer can ever be sent or be a message).
#![allow(unsafe_code)]

use std::ffi::{c_char, c_void};
use std::ptr;

use winsnmp::SnmpApiError;
use winsnmp::engine::consts::MAXOBJIDSIZE;

use crate::types::{
    HSNMP_SESSION, HWND, LPARAM, SNMPAPI_CALLBACK, UINT, WPARAM, smiOCTETS, smiOID, smiVALUE,
};

/// The longest `smiOCTETS` input accepted: 65,507 octets, the largest message (the largest
/// UDP payload over IPv4, Appendix E 13). A community, an octet-string value or a message
/// buffer longer than that can never be sent or received, and a `len` above it over a
/// small buffer would have the library read far past it.
pub(crate) const MAX_INPUT_OCTETS: usize = 65_507;

/// Writes `value` to `*out` unless `out` is NULL; returns whether it wrote.
pub(crate) fn write<T>(out: *mut T, value: T) -> bool {
    if out.is_null() {
        return false;
    }
    // SAFETY: `out` is not NULL, and the caller's contract makes a non-NULL output pointer
    // valid and aligned for one write of `T`. `write` does not read or drop the old value,
    // which the C side may have left uninitialised.
    unsafe { out.write(value) };
    true
}

/// Fills the first `len` bytes of the caller's versioned record at `out` (whose first
/// field is its `smiUINT32` size) from `value`; `len` is at most `size_of::<T>()` (checked)
/// and at most the size the caller declared (the caller's job). Returns false for NULL.
pub(crate) fn write_prefix<T: Copy>(out: *mut T, value: &T, len: usize) -> bool {
    if out.is_null() || len > size_of::<T>() {
        return false;
    }
    // SAFETY: `out` is not NULL, and the caller's contract makes it valid for writes of the
    // size it declared in the record, which `len` does not exceed; `value` is a live `T`
    // (plain C data) of at least `len` bytes; the two cannot overlap (`value` is ours).
    unsafe {
        ptr::copy_nonoverlapping(ptr::from_ref(value).cast::<u8>(), out.cast::<u8>(), len);
    }
    true
}

/// Reads `*input`, or `None` for NULL.
pub(crate) fn read<T: Copy>(input: *const T) -> Option<T> {
    if input.is_null() {
        return None;
    }
    // SAFETY: not NULL; the caller's contract makes a non-NULL input pointer valid and
    // aligned for one read of an initialised `T` (all our `T`s are plain C data).
    Some(unsafe { input.read() })
}

/// The `len` elements at `p`: empty for `len == 0` (whatever `p` is), `None` when `len > 0`
/// and `p` is NULL.
fn slice<'a, T>(p: *const T, len: usize) -> Option<&'a [T]> {
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` is not NULL and `len > 0`; the caller's contract makes a descriptor's
    // `ptr` valid for reads of `len` initialised elements that the C side does not change
    // during the call. The slice is used only within the call.
    Some(unsafe { std::slice::from_raw_parts(p, len) })
}

/// The sub-identifiers of an input `smiOID`.
///
/// # Errors
/// `bad` when `len > MAXOBJIDSIZE` (nothing is read) or `ptr` is NULL with `len > 0`.
pub(crate) fn oid_slice<'a>(oid: &smiOID, bad: SnmpApiError) -> Result<&'a [u32], SnmpApiError> {
    let len = oid.len as usize;
    if len > MAXOBJIDSIZE {
        return Err(bad);
    }
    slice(oid.ptr.cast_const(), len).ok_or(bad)
}

/// The bytes of an input `smiOCTETS`.
///
/// # Errors
/// `bad` when `len > MAX_INPUT_OCTETS` (nothing is read) or `ptr` is NULL with `len > 0`.
pub(crate) fn octets_slice<'a>(
    octets: &smiOCTETS,
    bad: SnmpApiError,
) -> Result<&'a [u8], SnmpApiError> {
    let len = octets.len as usize;
    if len > MAX_INPUT_OCTETS {
        return Err(bad);
    }
    slice(octets.ptr.cast_const(), len).ok_or(bad)
}

/// The bytes of a NUL-terminated C string (without the NUL), reading at most `max + 1`
/// bytes: `None` for NULL, `Some(Err(()))` when no NUL comes within `max` bytes.
pub(crate) fn c_str<'a>(s: *const c_char, max: usize) -> Option<Result<&'a [u8], ()>> {
    if s.is_null() {
        return None;
    }
    let mut n = 0;
    loop {
        // SAFETY: `s` is not NULL and the caller's contract makes it a NUL-terminated
        // string; bytes `0..n` were not NUL, so byte `n` is still inside the string
        // (at worst its terminating NUL).
        let byte = unsafe { s.add(n).read() };
        if byte == 0 {
            break;
        }
        if n == max {
            return Some(Err(()));
        }
        n += 1;
    }
    // SAFETY: the `n` bytes before the NUL were just read one by one, so they are valid.
    Some(Ok(unsafe { std::slice::from_raw_parts(s.cast::<u8>(), n) }))
}

/// Copies `text` and a NUL into the caller's buffer `buf`, which must hold
/// `text.len() + 1` bytes (the engine has already checked the caller's `size`). Returns
/// false (and writes nothing) for a NULL `buf`.
pub(crate) fn write_c_str(buf: *mut c_char, text: &[u8]) -> bool {
    if buf.is_null() {
        return false;
    }
    // SAFETY: `buf` is not NULL; the caller's contract makes it valid for `size` bytes of
    // writes, and the engine accepted `text` only if `text.len() + 1 <= size`. `text` is
    // our own memory, so the two do not overlap.
    unsafe {
        ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
        buf.add(text.len()).write(0);
    }
    true
}

/// The parts of a C `smiVALUE` that `SmiValue::from_parts` needs: the union's integer, its
/// octets, its OID; only the member `syntax` selects is read.
///
/// # Errors
/// `SNMPAPI_ALLOC_ERROR` for an octet string with NULL `ptr` and `len > 0`, or longer than
/// [`MAX_INPUT_OCTETS`]; `SNMPAPI_OID_INVALID` for an OID with more than `MAXOBJIDSIZE`
/// sub-identifiers or NULL `ptr` and `len > 0`. Nothing is read in either case.
pub(crate) fn value_parts<'a>(v: &smiVALUE) -> Result<(u64, &'a [u8], &'a [u32]), SnmpApiError> {
    use winsnmp::engine::consts::*;
    // The caller's contract says the member selected by `syntax` (winsnmp-api.md §2.2,
    // the header's union comments) is the initialised one; every member is plain data that
    // is valid for any bit pattern.
    Ok(match v.syntax {
        SNMP_SYNTAX_INT => {
            // SAFETY: `syntax` selects `sNumber` (see above).
            let n = unsafe { v.value.sNumber };
            (u64::from(n as u32), &[], &[])
        }
        SNMP_SYNTAX_CNTR32 | SNMP_SYNTAX_GAUGE32 | SNMP_SYNTAX_TIMETICKS | SNMP_SYNTAX_UINT32 => {
            // SAFETY: `syntax` selects `uNumber` (see above).
            (u64::from(unsafe { v.value.uNumber }), &[], &[])
        }
        SNMP_SYNTAX_CNTR64 => {
            // SAFETY: `syntax` selects `hNumber` (see above).
            let c = unsafe { v.value.hNumber };
            ((u64::from(c.hipart) << 32) | u64::from(c.lopart), &[], &[])
        }
        SNMP_SYNTAX_OCTETS | SNMP_SYNTAX_BITS | SNMP_SYNTAX_OPAQUE | SNMP_SYNTAX_IPADDR
        | SNMP_SYNTAX_NSAPADDR => {
            // SAFETY: `syntax` selects `string` (see above).
            let s = unsafe { v.value.string };
            (0, octets_slice(&s, SnmpApiError::AllocError)?, &[])
        }
        SNMP_SYNTAX_OID => {
            // SAFETY: `syntax` selects `oid` (see above).
            let o = unsafe { v.value.oid };
            (0, &[], oid_slice(&o, SnmpApiError::OidInvalid)?)
        }
        _ => (0, &[], &[]),
    })
}

/// Moves `data` to the heap for C and returns its pointer (NULL for an empty `data`).
/// Release it with [`free_boxed`] and the same length.
pub(crate) fn into_c<T>(data: Vec<T>) -> *mut T {
    if data.is_empty() {
        return ptr::null_mut();
    }
    Box::into_raw(data.into_boxed_slice()).cast::<T>()
}

/// Frees what [`into_c`] returned for `len` elements.
///
/// The descriptor registry calls it only for a pointer it recorded from [`into_c`] together
/// with its length, and removes the record first, so each allocation is freed once.
pub(crate) fn free_boxed<T>(p: *mut T, len: usize) {
    if p.is_null() || len == 0 {
        return;
    }
    // SAFETY: `p` and `len` come from `into_c` (`Box<[T]>::into_raw` of a `len`-element
    // slice), recorded by the registry and removed from it before this call, so the box is
    // rebuilt exactly once with its original layout.
    drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(p, len)) });
}

/// Calls the application's callback from a callback thread.
pub(crate) fn call_callback(
    callback: SNMPAPI_CALLBACK,
    session: HSNMP_SESSION,
    hwnd: HWND,
    wmsg: UINT,
    wparam: WPARAM,
    lparam: LPARAM,
    client_data: *mut c_void,
) -> u32 {
    let Some(f) = callback else {
        return winsnmp::engine::consts::SNMPAPI_SUCCESS;
    };
    // SAFETY: `f` is the function pointer the application registered with
    // `SnmpCreateSession`, which promises a function of the `SNMPAPI_CALLBACK` type that
    // may be called from any thread until the session is closed; `client_data` is handed
    // back unchanged, as WinSNMP specifies.
    unsafe { f(session, hwnd, wmsg, wparam, lparam, client_data) }
}
