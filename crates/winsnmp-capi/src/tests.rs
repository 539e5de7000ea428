//! Unit tests that call the exported functions directly, as a C program would, plus the
//! pointer helpers, the descriptor registry and the panic guard.
#![allow(unsafe_code)] // calling the exported `unsafe extern` functions

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};
use std::sync::{Mutex, MutexGuard, PoisonError};

use winsnmp::SnmpApiError;

use crate::consts::*;
use crate::guard::{Fail, guard, local, raw, to_c};
use crate::types::*;
use crate::*;

/// The runtime is process-wide: tests that touch it run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

fn last() -> u32 {
    // SAFETY: no pointer argument.
    unsafe { SnmpGetLastError(0) }
}

/// Starts the runtime for one test and cleans it up (with every descriptor) afterwards.
struct Started(#[allow(dead_code)] MutexGuard<'static, ()>);

impl Started {
    fn new() -> Self {
        let g = serial();
        // SAFETY: NULL outputs are allowed.
        assert_eq!(
            unsafe { SnmpStartup(null_mut(), null_mut(), null_mut(), null_mut(), null_mut()) },
            1
        );
        Self(g)
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        // SAFETY: no pointer argument.
        unsafe { SnmpCleanup() };
    }
}

#[test]
fn signatures_match_the_reference() {
    // Each exported function has the type winsnmp-api.md §4 gives, in Rust terms
    // (HSNMP_* = isize, smiINT = i32, SNMPAPI_STATUS/smiUINT32/UINT = u32). A mismatch does
    // not compile.
    type S = u32;
    type H = isize;
    let _: unsafe extern "system" fn(*mut u32, *mut u32, *mut u32, *mut u32, *mut u32) -> S =
        SnmpStartup;
    let _: unsafe extern "system" fn(*mut u32, *mut u32, *mut u32, *mut u32, *mut u32) -> S =
        SnmpStartupEx;
    let _: unsafe extern "system" fn() -> S = SnmpCleanup;
    let _: unsafe extern "system" fn() -> S = SnmpCleanupEx;
    let _: unsafe extern "system" fn(*mut u32) -> S = SnmpGetTranslateMode;
    let _: unsafe extern "system" fn(u32) -> S = SnmpSetTranslateMode;
    let _: unsafe extern "system" fn(*mut u32) -> S = SnmpGetRetransmitMode;
    let _: unsafe extern "system" fn(u32) -> S = SnmpSetRetransmitMode;
    let _: unsafe extern "system" fn(H, *mut u32, *mut u32) -> S = SnmpGetTimeout;
    let _: unsafe extern "system" fn(H, u32) -> S = SnmpSetTimeout;
    let _: unsafe extern "system" fn(H, *mut u32, *mut u32) -> S = SnmpGetRetry;
    let _: unsafe extern "system" fn(H, u32) -> S = SnmpSetRetry;
    let _: unsafe extern "system" fn(*mut smiVENDORINFO) -> S = SnmpGetVendorInfo;
    let _: unsafe extern "system" fn(HWND, u32, SNMPAPI_CALLBACK, LPVOID) -> H = SnmpCreateSession;
    let _: unsafe extern "system" fn(HWND, u32) -> H = SnmpOpen;
    let _: unsafe extern "system" fn(H) -> S = SnmpClose;
    let _: unsafe extern "system" fn(H, *const c_char) -> H = SnmpStrToEntity;
    let _: unsafe extern "system" fn(H, u32, *mut c_char) -> S = SnmpEntityToStr;
    let _: unsafe extern "system" fn(H) -> S = SnmpFreeEntity;
    let _: unsafe extern "system" fn(H, u32) -> S = SnmpSetPort;
    let _: unsafe extern "system" fn(H, *const smiOCTETS) -> H = SnmpStrToContext;
    let _: unsafe extern "system" fn(H, *mut smiOCTETS) -> S = SnmpContextToStr;
    let _: unsafe extern "system" fn(H) -> S = SnmpFreeContext;
    let _: unsafe extern "system" fn(H, i32, i32, i32, i32, H) -> H = SnmpCreatePdu;
    let _: unsafe extern "system" fn(H, *mut i32, *mut i32, *mut i32, *mut i32, *mut H) -> S =
        SnmpGetPduData;
    let _: unsafe extern "system" fn(
        H,
        *const i32,
        *const i32,
        *const i32,
        *const i32,
        *const H,
    ) -> S = SnmpSetPduData;
    let _: unsafe extern "system" fn(H, H) -> H = SnmpDuplicatePdu;
    let _: unsafe extern "system" fn(H) -> S = SnmpFreePdu;
    let _: unsafe extern "system" fn(H, *const smiOID, *const smiVALUE) -> H = SnmpCreateVbl;
    let _: unsafe extern "system" fn(H, H) -> H = SnmpDuplicateVbl;
    let _: unsafe extern "system" fn(H) -> S = SnmpFreeVbl;
    let _: unsafe extern "system" fn(H) -> S = SnmpCountVbl;
    let _: unsafe extern "system" fn(H, u32, *mut smiOID, *mut smiVALUE) -> S = SnmpGetVb;
    let _: unsafe extern "system" fn(H, u32, *const smiOID, *const smiVALUE) -> S = SnmpSetVb;
    let _: unsafe extern "system" fn(H, u32) -> S = SnmpDeleteVb;
    let _: unsafe extern "system" fn(H) -> S = SnmpGetLastError;
    let _: unsafe extern "system" fn(*const c_char, *mut smiOID) -> S = SnmpStrToOid;
    let _: unsafe extern "system" fn(*const smiOID, u32, *mut c_char) -> S = SnmpOidToStr;
    let _: unsafe extern "system" fn(*const smiOID, *mut smiOID) -> S = SnmpOidCopy;
    let _: unsafe extern "system" fn(*const smiOID, *const smiOID, u32, *mut i32) -> S =
        SnmpOidCompare;
    let _: unsafe extern "system" fn(H, H, H, H, H, *mut smiOCTETS) -> S = SnmpEncodeMsg;
    let _: unsafe extern "system" fn(H, *mut H, *mut H, *mut H, *mut H, *const smiOCTETS) -> S =
        SnmpDecodeMsg;
    let _: unsafe extern "system" fn(u32, *mut smiOCTETS) -> S = SnmpFreeDescriptor;
    let _: unsafe extern "system" fn(u32) -> S = WinSnmpSetSessionLimit;
    let _: unsafe extern "system" fn(u32, u32) -> S = WinSnmpSetLimit;
    let _: unsafe extern "system" fn(u32, *mut u32) -> S = WinSnmpGetLimit;
    let _: unsafe extern "system" fn(H, *mut u32) -> S = WinSnmpGetQueueDrops;
    let _: PFNSNMPSTARTUPEX = Some(SnmpStartupEx);
    let _: PFNSNMPCLEANUPEX = Some(SnmpCleanupEx);
    let _: unsafe extern "system" fn(H, H, H, H, H) -> S = SnmpSendMsg;
    let _: unsafe extern "system" fn(H, *mut H, *mut H, *mut H, *mut H) -> S = SnmpRecvMsg;
    let _: unsafe extern "system" fn(H, H, H, H, *const smiOID, u32) -> S = SnmpRegister;
    let _: unsafe extern "system" fn(H, u32) -> S = SnmpListen;
    let _: unsafe extern "system" fn(H, u32, u32) -> S = SnmpListenEx;
    let _: unsafe extern "system" fn(H, i32) -> S = SnmpCancelMsg;
    assert_eq!(EXPORTED_FUNCTIONS.len(), 49);
}

#[test]
fn pointer_helpers() {
    let mut x = 0u32;
    assert!(ptr::write(&raw mut x, 7));
    assert_eq!(x, 7);
    assert!(!ptr::write(null_mut::<u32>(), 7));
    assert_eq!(ptr::read(&raw const x), Some(7));
    assert_eq!(ptr::read(null::<u32>()), None);

    let arcs = [1u32, 3, 6];
    let o = smiOID {
        len: 3,
        ptr: arcs.as_ptr().cast_mut(),
    };
    assert_eq!(ptr::oid_slice(&o, SnmpApiError::OidInvalid), Ok(&arcs[..]));
    let empty = smiOID {
        len: 0,
        ptr: null_mut(),
    };
    assert_eq!(
        ptr::oid_slice(&empty, SnmpApiError::OidInvalid),
        Ok(&[][..])
    );
    let null_ptr = smiOID {
        len: 2,
        ptr: null_mut(),
    };
    assert_eq!(
        ptr::oid_slice(&null_ptr, SnmpApiError::OidInvalid),
        Err(SnmpApiError::OidInvalid)
    );
    // Too long: rejected before anything is read (the pointer is dangling on purpose).
    let huge = smiOID {
        len: 129,
        ptr: std::ptr::dangling_mut(),
    };
    assert_eq!(
        ptr::oid_slice(&huge, SnmpApiError::OidInvalid),
        Err(SnmpApiError::OidInvalid)
    );
    let bad_octets = smiOCTETS {
        len: 1,
        ptr: null_mut(),
    };
    assert_eq!(
        ptr::octets_slice(&bad_octets, SnmpApiError::AllocError),
        Err(SnmpApiError::AllocError)
    );
    // Longer than the largest message: rejected before anything is read (dangling on
    // purpose), whatever the length up to u32::MAX.
    for len in [
        ptr::MAX_INPUT_OCTETS as u32 + 1,
        16 << 20,
        0xFFFF_FFF0,
        u32::MAX,
    ] {
        let huge = smiOCTETS {
            len,
            ptr: std::ptr::dangling_mut(),
        };
        assert_eq!(
            ptr::octets_slice(&huge, SnmpApiError::ContextInvalid),
            Err(SnmpApiError::ContextInvalid)
        );
    }
    let mut largest = vec![7u8; ptr::MAX_INPUT_OCTETS];
    let ok = smiOCTETS {
        len: ptr::MAX_INPUT_OCTETS as u32,
        ptr: largest.as_mut_ptr(),
    };
    assert_eq!(
        ptr::octets_slice(&ok, SnmpApiError::AllocError).map(<[u8]>::len),
        Ok(ptr::MAX_INPUT_OCTETS)
    );

    let s = c"1.3.6";
    assert_eq!(ptr::c_str(s.as_ptr(), 10), Some(Ok(&b"1.3.6"[..])));
    assert_eq!(ptr::c_str(s.as_ptr(), 5), Some(Ok(&b"1.3.6"[..])));
    assert_eq!(ptr::c_str(s.as_ptr(), 4), Some(Err(())));
    assert_eq!(ptr::c_str(null(), 4), None);

    let mut buf = [0x55 as c_char; 8];
    assert!(ptr::write_c_str(buf.as_mut_ptr(), b"abc"));
    // SAFETY: write_c_str wrote a NUL within the buffer.
    assert_eq!(unsafe { CStr::from_ptr(buf.as_ptr()) }, c"abc");
    assert!(!ptr::write_c_str(null_mut(), b"abc"));

    assert_eq!(raw(0), 0);
    assert_eq!(raw(-1), 0);
    assert_eq!(raw(0x1_0000_0001), 0);
    assert_eq!(raw(to_c(0x5000_0001)), 0x5000_0001);
}

/// What `LongToHandle(HandleToLong(h))` gives on LP64: the handle kept in an `int`, then
/// widened back with sign extension.
fn through_int(h: isize) -> isize {
    h as i32 as isize
}

unsafe extern "system" fn noop_callback(
    _: isize,
    _: HWND,
    _: u32,
    _: usize,
    _: isize,
    _: LPVOID,
) -> u32 {
    SNMPAPI_SUCCESS
}

#[test]
fn every_handle_kind_survives_an_int_round_trip() {
    let _s = Started::new();
    // SAFETY: valid arguments; NULL where the API allows it.
    unsafe {
        let s = SnmpCreateSession(null_mut(), 0, Some(noop_callback), null_mut());
        assert!(s > 0 && s < 1 << 31, "{s:#x}");
        let s = through_int(s);
        let e = SnmpStrToEntity(s, c"192.0.2.1".as_ptr());
        let mut community = *b"public";
        let octets = smiOCTETS {
            len: 6,
            ptr: community.as_mut_ptr(),
        };
        let c = SnmpStrToContext(s, &octets);
        let mut ids = [1u32, 3, 6, 1, 2, 1, 1, 1, 0];
        let name = smiOID {
            len: 9,
            ptr: ids.as_mut_ptr(),
        };
        let v = SnmpCreateVbl(s, &name, null());
        let p = SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, v);
        for h in [s, e, c, v, p] {
            assert!(h > 0 && h < 1 << 31, "{h:#x}");
            assert_eq!(through_int(h), h);
        }
        let (e, c, v, p) = (
            through_int(e),
            through_int(c),
            through_int(v),
            through_int(p),
        );
        let mut buf = [0 as c_char; 64];
        assert_eq!(SnmpEntityToStr(e, 64, buf.as_mut_ptr()), 10);
        assert_eq!(SnmpCountVbl(v), 1);
        let mut t = 0;
        assert_eq!(
            SnmpGetPduData(p, &mut t, null_mut(), null_mut(), null_mut(), null_mut()),
            1
        );
        assert_eq!(t, SNMP_PDU_GET);
        assert_eq!(SnmpFreeContext(c), 1);
        assert_eq!(SnmpFreePdu(p), 1);
        assert_eq!(SnmpFreeVbl(v), 1);
        assert_eq!(SnmpFreeEntity(e), 1);
        assert_eq!(SnmpClose(s), 1);
    }
}

#[test]
fn value_parts_reads_only_the_selected_member() {
    let v = smiVALUE {
        syntax: SNMP_SYNTAX_INT,
        value: smiVALUE_0 { sNumber: -2 },
    };
    assert_eq!(ptr::value_parts(&v).unwrap().0, 0xFFFF_FFFE);
    let v = smiVALUE {
        syntax: SNMP_SYNTAX_CNTR64,
        value: smiVALUE_0 {
            hNumber: smiCNTR64 {
                hipart: 1,
                lopart: 2,
            },
        },
    };
    assert_eq!(ptr::value_parts(&v).unwrap().0, (1 << 32) | 2);
    let v = smiVALUE {
        syntax: SNMP_SYNTAX_OCTETS,
        value: smiVALUE_0 {
            string: smiOCTETS {
                len: 3,
                ptr: null_mut(),
            },
        },
    };
    assert_eq!(ptr::value_parts(&v), Err(SnmpApiError::AllocError));
    let v = smiVALUE {
        syntax: SNMP_SYNTAX_OID,
        value: smiVALUE_0 {
            oid: smiOID {
                len: 500,
                ptr: std::ptr::dangling_mut(),
            },
        },
    };
    assert_eq!(ptr::value_parts(&v), Err(SnmpApiError::OidInvalid));
}

#[test]
fn descriptor_registry() {
    let _rt = Started::new();
    let before = descriptor::outstanding();
    let mut o = smiOID {
        len: 0,
        ptr: null_mut(),
    };
    // SAFETY: valid C string and output.
    assert_eq!(
        unsafe { SnmpStrToOid(c"1.3.6.1.2".as_ptr(), &raw mut o) },
        5
    );
    assert_eq!(descriptor::outstanding(), before + 1);
    let saved = o;
    let d = (&raw mut o).cast::<smiOCTETS>();
    // SAFETY (every call below): `d` points to a live smiOID/smiOCTETS-layout local.
    unsafe {
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, d), 0); // wrong kind
        assert_eq!(last(), SNMPAPI_OPERATION_INVALID);
        assert_eq!(SnmpFreeDescriptor(0x99, d), 0);
        assert_eq!(last(), SNMPAPI_SYNTAX_INVALID);
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OID, d), 1);
        assert!(o.ptr.is_null() && o.len == 0);
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OID, d), 0);
        assert_eq!(last(), SNMPAPI_NOOP);
        d.cast::<smiOID>().write(saved); // double free through a stale copy
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OID, d), 0);
        assert_eq!(last(), SNMPAPI_OPERATION_INVALID);
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OID, null_mut()), 0);
        assert_eq!(last(), SNMPAPI_NOOP);
        let mut mine = [1u8, 2];
        let mut foreign = smiOCTETS {
            len: 2,
            ptr: mine.as_mut_ptr(),
        };
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &raw mut foreign), 0);
        assert_eq!(last(), SNMPAPI_OPERATION_INVALID);
        assert_eq!(foreign.ptr, mine.as_mut_ptr());
    }
    assert_eq!(descriptor::outstanding(), before);

    // Empty descriptors are NULL and not recorded.
    let e = descriptor::give_octets(Vec::new());
    assert!(e.ptr.is_null() && e.len == 0);
    // The final cleanup frees what is outstanding.
    let _x = descriptor::give_octets(vec![1, 2, 3]);
    let _y = descriptor::give_oid(vec![1, 3, 6]);
    assert_eq!(descriptor::outstanding(), before + 2);
    // SAFETY: no pointer argument.
    assert_eq!(unsafe { SnmpCleanup() }, 1);
    assert_eq!(descriptor::outstanding(), 0);
}

/// `SnmpStrToOid("1.3.6.1.2.1")` into a new descriptor (checked).
fn str_to_oid() -> smiOID {
    let mut o = smiOID {
        len: 0,
        ptr: null_mut(),
    };
    // SAFETY: valid C string and output.
    assert_eq!(
        unsafe { SnmpStrToOid(c"1.3.6.1.2.1".as_ptr(), &raw mut o) },
        6
    );
    o
}

/// Frees `o` with `SnmpFreeDescriptor`; returns its status.
fn free_oid(o: &mut smiOID) -> u32 {
    // SAFETY: `o` is a live local with the smiOCTETS layout.
    unsafe { SnmpFreeDescriptor(SNMP_SYNTAX_OID, std::ptr::from_mut(o).cast()) }
}

/// The race of a cleanup with a restart, step by step, as `SnmpCleanup` runs it: the
/// teardown, then what the cleanup reads to decide what to free (before: "is the runtime
/// down?", now: the teardown count), then, on another thread, a new runtime and a
/// descriptor from it, then the cleanup frees. Only the old runtime's descriptor goes (the
/// old code, seeing the runtime down, freed everything, the new descriptor included).
#[test]
fn cleanup_frees_only_the_torn_down_runtimes_descriptors() {
    let _g = serial();
    // SAFETY (every call below): NULL outputs are allowed; no other pointer.
    unsafe {
        assert_eq!(
            SnmpStartup(null_mut(), null_mut(), null_mut(), null_mut(), null_mut()),
            1
        );
        let mut old = str_to_oid();
        // SnmpCleanup: the runtime goes, and the cleanup reads what it tore down.
        winsnmp::api::snmp_cleanup().unwrap();
        let torn_down = winsnmp::api::teardowns();
        // In between, on another thread: a new runtime and a descriptor from it.
        assert_eq!(
            SnmpStartup(null_mut(), null_mut(), null_mut(), null_mut(), null_mut()),
            1
        );
        let mut new = str_to_oid();
        // SnmpCleanup, last step: the descriptors of what it tore down.
        descriptor::release_before(torn_down);
        assert_eq!(free_oid(&mut old), 0);
        assert_eq!(last(), SNMPAPI_OPERATION_INVALID);
        assert_eq!(*new.ptr.add(5), 1, "the new descriptor is intact");
        assert_eq!(free_oid(&mut new), 1);
        assert_eq!(SnmpCleanup(), 1);
    }
    assert_eq!(descriptor::outstanding(), 0);
}

/// The same race left to the scheduler, bounded in count and time: one thread keeps a
/// counted startup while it uses a descriptor; another starts and cleans up the runtime as
/// fast as it can. Every descriptor stays valid until its owner frees it.
#[test]
fn descriptors_survive_concurrent_cleanups_and_restarts() {
    let _g = serial();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    let churn = std::thread::spawn(move || {
        let mut n = 0u32;
        while !flag.load(std::sync::atomic::Ordering::SeqCst) && n < 5000 {
            // SAFETY: NULL outputs are allowed.
            unsafe {
                assert_eq!(
                    SnmpStartup(null_mut(), null_mut(), null_mut(), null_mut(), null_mut()),
                    1
                );
                assert_eq!(SnmpCleanup(), 1);
            }
            n += 1;
        }
        n
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(1500);
    let mut rounds = 0;
    while rounds < 2000 && std::time::Instant::now() < deadline {
        // SAFETY: NULL outputs are allowed; `o` is a live local.
        unsafe {
            assert_eq!(
                SnmpStartupEx(null_mut(), null_mut(), null_mut(), null_mut(), null_mut()),
                1
            );
            let mut o = str_to_oid();
            assert_eq!(*o.ptr.add(5), 1);
            assert_eq!(free_oid(&mut o), 1, "round {rounds}: freed under its owner");
            assert_eq!(SnmpCleanupEx(), 1);
        }
        rounds += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let churned = churn.join().unwrap();
    assert!(
        rounds > 0 && churned > 0,
        "{rounds} rounds, {churned} restarts"
    );
}

#[test]
fn guard_catches_panics_and_records_errors() {
    let _rt = Started::new();
    let r: u32 = guard(&[], || panic!("boom"));
    assert_eq!(r, SNMPAPI_FAILURE);
    assert_eq!(last(), SNMPAPI_OTHER_ERROR);
    let h: isize = guard(&[], || Err(local(SnmpApiError::IndexInvalid)));
    assert_eq!(h, 0);
    assert_eq!(last(), SNMPAPI_INDEX_INVALID);
    // An error the API already recorded is not recorded again.
    let r: u32 = guard(&[], || Err(Fail::Recorded(SnmpApiError::TlOther)));
    assert_eq!(r, 0);
    assert_eq!(last(), SNMPAPI_INDEX_INVALID);
    let r: u32 = guard(&[], || Ok(5));
    assert_eq!(r, 5);
}

#[test]
fn local_errors_before_startup_are_not_initialized() {
    let _g = serial();
    // SAFETY: NULL string (checked), valid output.
    let mut o = smiOID {
        len: 0,
        ptr: null_mut(),
    };
    assert_eq!(unsafe { SnmpStrToOid(null(), &raw mut o) }, 0);
    assert_eq!(last(), SNMPAPI_NOT_INITIALIZED);
}

#[test]
fn sessions_callbacks_and_vendor_info() {
    let _rt = Started::new();
    unsafe extern "system" fn cb(_: isize, _: HWND, _: u32, _: usize, _: isize, _: LPVOID) -> u32 {
        SNMPAPI_SUCCESS
    }
    // SAFETY (every call below): valid pointers or NULL where allowed.
    unsafe {
        let s = SnmpCreateSession(null_mut(), 0, Some(cb), null_mut());
        assert_ne!(s, 0);
        let mut vi: smiVENDORINFO = std::mem::zeroed();
        assert_eq!(SnmpGetVendorInfo(&raw mut vi), 1);
        assert!(!CStr::from_ptr(vi.vendorName.as_ptr()).is_empty());
        assert_eq!(WinSnmpSetSessionLimit(1), 1);
        assert_eq!(SnmpCreateSession(null_mut(), 0, Some(cb), null_mut()), 0);
        assert_eq!(last(), SNMPAPI_ALLOC_ERROR);
        assert_eq!(WinSnmpSetSessionLimit(1024), 1);
        assert_eq!(SnmpClose(s), 1);
        assert_eq!(SnmpClose(s), 0);
        assert_eq!(last(), SNMPAPI_SESSION_INVALID);
    }
}

/// The limits extension: every limit read and set by its selector, an unknown selector and
/// a NULL output refused, and a session's drop counter.
#[test]
fn limits_extension() {
    let _rt = Started::new();
    unsafe extern "system" fn cb(_: isize, _: HWND, _: u32, _: usize, _: isize, _: LPVOID) -> u32 {
        SNMPAPI_SUCCESS
    }
    // SAFETY (every call below): valid pointers or NULL where allowed.
    unsafe {
        let defaults = [
            (WINSNMP_LIMIT_SESSIONS, 1024),
            (WINSNMP_LIMIT_HANDLES, 65_536),
            (WINSNMP_LIMIT_QUEUED_MESSAGES, 4096),
            (WINSNMP_LIMIT_MESSAGE_SIZE, 65_507),
            (WINSNMP_LIMIT_VARBINDS, 2048),
        ];
        let mut v = 0u32;
        for (which, default) in defaults {
            assert_eq!(WinSnmpGetLimit(which, &raw mut v), 1);
            assert_eq!(v, default, "limit {which}");
            assert_eq!(WinSnmpSetLimit(which, 7), 1);
            assert_eq!(WinSnmpGetLimit(which, &raw mut v), 1);
            assert_eq!(v, 7);
            assert_eq!(WinSnmpSetLimit(which, default), 1);
        }
        assert_eq!(WinSnmpSetLimit(99, 1), 0);
        assert_eq!(last(), SNMPAPI_OPERATION_INVALID);
        assert_eq!(WinSnmpGetLimit(0, &raw mut v), 0);
        assert_eq!(last(), SNMPAPI_OPERATION_INVALID);
        assert_eq!(WinSnmpGetLimit(WINSNMP_LIMIT_VARBINDS, null_mut()), 0);
        assert_eq!(last(), SNMPAPI_NOOP);
        // The varbind limit reached from C: SnmpSetVb's append is SNMPAPI_ALLOC_ERROR.
        let s = SnmpCreateSession(null_mut(), 0, Some(cb), null_mut());
        assert_ne!(s, 0);
        assert_eq!(WinSnmpSetLimit(WINSNMP_LIMIT_VARBINDS, 1), 1);
        let mut arcs = [1u32, 3, 6, 1];
        let name = smiOID {
            len: 4,
            ptr: arcs.as_mut_ptr(),
        };
        let vbl = SnmpCreateVbl(s, &raw const name, null());
        assert_ne!(vbl, 0);
        assert_eq!(SnmpSetVb(vbl, 0, &raw const name, null()), 0);
        assert_eq!(SnmpGetLastError(s), SNMPAPI_ALLOC_ERROR);
        assert_eq!(WinSnmpSetLimit(WINSNMP_LIMIT_VARBINDS, 2048), 1);
        assert_eq!(SnmpSetVb(vbl, 0, &raw const name, null()), 2);
        // A session's drops: none yet.
        assert_eq!(WinSnmpGetQueueDrops(s, &raw mut v), 1);
        assert_eq!(v, 0);
        assert_eq!(WinSnmpGetQueueDrops(s, null_mut()), 0);
        assert_eq!(SnmpGetLastError(s), SNMPAPI_NOOP);
        assert_eq!(SnmpClose(s), 1);
        assert_eq!(WinSnmpGetQueueDrops(s, &raw mut v), 0);
        assert_eq!(last(), SNMPAPI_SESSION_INVALID);
    }
}

// ------------------------------------------------------------------ SNMPv3 extension

#[test]
fn usm_signatures_match_the_header() {
    type S = u32;
    type H = isize;
    let _: unsafe extern "system" fn(H, *const WinSnmpUsmParams) -> S = WinSnmpSetEntityUsm;
    let _: unsafe extern "system" fn(H, *mut smiOCTETS) -> S = WinSnmpGetEngineId;
    let _: unsafe extern "system" fn(*const smiOCTETS, u32) -> S = WinSnmpSetLocalEngine;
    let _: unsafe extern "system" fn(*const WinSnmpUsmParams) -> S = WinSnmpAddUsmUser;
    let _: unsafe extern "system" fn(*const smiOCTETS, *const smiOCTETS) -> S =
        WinSnmpDeleteUsmUser;
    let _: unsafe extern "system" fn(*mut WinSnmpUsmStats) -> S = WinSnmpGetUsmStats;
    let _: unsafe extern "system" fn(H, *const smiOCTETS) -> H = WinSnmpStrToContextName;
    let _: unsafe extern "system" fn(u32, *const smiOCTETS, *const smiOCTETS, *mut smiOCTETS) -> S =
        WinSnmpPasswordToKey;
    let _: unsafe extern "system" fn(H, *mut WinSnmpSessionStats) -> S = WinSnmpGetSessionStats;
    let _: unsafe extern "system" fn(*mut WinSnmpCommStats) -> S = WinSnmpGetCommStats;
    assert_eq!(EXTENSION_FUNCTIONS.len(), 14);
}

// ------------------------------------------------------------------ accounting extension

#[test]
fn session_and_comm_stats_through_the_c_functions() {
    let _rt = Started::new();
    unsafe extern "system" fn cb(_: isize, _: HWND, _: u32, _: usize, _: isize, _: LPVOID) -> u32 {
        SNMPAPI_SUCCESS
    }
    // SAFETY (every call below): valid pointers or NULL where allowed.
    unsafe {
        let a = SnmpCreateSession(null_mut(), 0, Some(cb), null_mut());
        let b = SnmpCreateSession(null_mut(), 0, Some(cb), null_mut());
        let mut st = WinSnmpSessionStats::default();
        assert_eq!(WinSnmpGetSessionStats(a, &raw mut st), 1);
        assert_eq!(st, WinSnmpSessionStats::default());
        let v = SnmpCreateVbl(a, null(), null());
        let p = SnmpCreatePdu(b, SNMP_PDU_GET, 0, 0, 0, v);
        assert_ne!(p, 0);
        assert_eq!(WinSnmpGetSessionStats(a, &raw mut st), 1);
        assert_eq!((st.vbls, st.pdus, st.peakVbls), (1, 0, 1));
        assert_eq!(WinSnmpGetSessionStats(b, &raw mut st), 1);
        assert_eq!((st.vbls, st.pdus, st.peakPdus), (0, 1, 1));
        assert_eq!(SnmpFreeVbl(v), 1);
        assert_eq!(WinSnmpGetSessionStats(a, &raw mut st), 1);
        assert_eq!((st.vbls, st.peakVbls), (0, 1));
        // NULL output: NOOP, recorded for the session too; a bad session first.
        assert_eq!(WinSnmpGetSessionStats(a, null_mut()), 0);
        assert_eq!(last(), SNMPAPI_NOOP);
        assert_eq!(SnmpGetLastError(a), SNMPAPI_NOOP);
        assert_eq!(WinSnmpGetSessionStats(0x7fff_ffff, null_mut()), 0);
        assert_eq!(last(), SNMPAPI_SESSION_INVALID);
        assert_eq!(SnmpClose(a), 1);
        assert_eq!(WinSnmpGetSessionStats(a, &raw mut st), 0);
        assert_eq!(last(), SNMPAPI_SESSION_INVALID);
        assert_eq!(SnmpClose(b), 1);

        let mut cs = WinSnmpCommStats {
            size: size_of::<WinSnmpCommStats>() as u32,
            ..Default::default()
        };
        assert_eq!(WinSnmpGetCommStats(&raw mut cs), 1);
        assert_eq!(cs.size as usize, size_of::<WinSnmpCommStats>());
        assert_eq!(WinSnmpGetCommStats(null_mut()), 0);
        assert_eq!(last(), SNMPAPI_NOOP);
        cs.size = 4;
        assert_eq!(WinSnmpGetCommStats(&raw mut cs), 0);
        assert_eq!(last(), SNMPAPI_SIZE_INVALID);
        // A record from a newer header (larger): filled up to ours, size says so.
        let mut big = [0u64; 64];
        big[0] = 512;
        let rec = big.as_mut_ptr().cast::<WinSnmpCommStats>();
        assert_eq!(WinSnmpGetCommStats(rec), 1);
        assert_eq!((*rec).size as usize, size_of::<WinSnmpCommStats>());
        assert!(
            big[size_of::<WinSnmpCommStats>() / 8..]
                .iter()
                .all(|x| *x == 0)
        );
    }
}

#[test]
fn protocol_numbers_map_both_ways() {
    use winsnmp::wire::SecurityLevel;
    use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};
    let auth = [
        (SNMP_USM_NO_AUTH_PROTOCOL, None),
        (SNMP_USM_HMACMD5_AUTH_PROTOCOL, Some(AuthProtocol::Md5)),
        (SNMP_USM_HMACSHA_AUTH_PROTOCOL, Some(AuthProtocol::Sha1)),
        (
            WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL,
            Some(AuthProtocol::Sha224),
        ),
        (
            WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL,
            Some(AuthProtocol::Sha256),
        ),
        (
            WINSNMP_USM_HMACSHA384_AUTH_PROTOCOL,
            Some(AuthProtocol::Sha384),
        ),
        (
            WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL,
            Some(AuthProtocol::Sha512),
        ),
    ];
    for (n, p) in auth {
        assert_eq!(auth_protocol_from_c(n), Ok(p));
        assert_eq!(auth_protocol_to_c(p), n);
    }
    let privacy = [
        (SNMP_USM_NO_PRIV_PROTOCOL, None),
        (SNMP_USM_DES_PRIV_PROTOCOL, Some(PrivProtocol::Des)),
        (
            WINSNMP_USM_3DES_PRIV_PROTOCOL,
            Some(PrivProtocol::TripleDes),
        ),
        (WINSNMP_USM_AES128_PRIV_PROTOCOL, Some(PrivProtocol::Aes128)),
        (WINSNMP_USM_AES192_PRIV_PROTOCOL, Some(PrivProtocol::Aes192)),
        (WINSNMP_USM_AES256_PRIV_PROTOCOL, Some(PrivProtocol::Aes256)),
        (
            WINSNMP_USM_AES192C_PRIV_PROTOCOL,
            Some(PrivProtocol::Aes192Cisco),
        ),
        (
            WINSNMP_USM_AES256C_PRIV_PROTOCOL,
            Some(PrivProtocol::Aes256Cisco),
        ),
    ];
    for (n, p) in privacy {
        assert_eq!(priv_protocol_from_c(n), Ok(p));
        assert_eq!(priv_protocol_to_c(p), n);
    }
    for (n, l) in [
        (SNMP_NOAUTH_NOPRIV, SecurityLevel::NoAuthNoPriv),
        (SNMP_AUTH_NOPRIV, SecurityLevel::AuthNoPriv),
        (SNMP_AUTH_PRIV, SecurityLevel::AuthPriv),
    ] {
        assert_eq!(security_level_from_c(n), Ok(l));
        assert_eq!(security_level_to_c(l), n);
    }
    for bad in [0, 8, 9, 99, u32::MAX] {
        assert_eq!(auth_protocol_from_c(bad), Err(SnmpApiError::ModeInvalid));
    }
    for bad in [0, 9, u32::MAX] {
        assert_eq!(priv_protocol_from_c(bad), Err(SnmpApiError::ModeInvalid));
    }
    for bad in [2, 4, u32::MAX] {
        assert_eq!(security_level_from_c(bad), Err(SnmpApiError::ModeInvalid));
    }
    // The error codes are the engine's.
    assert_eq!(SNMPAPI_ENGINE_INVALID, 30);
    assert_eq!(SNMPAPI_RPT_WRONGDIGEST, 206);
    assert_eq!(V3_ERROR_CODES.len(), 12);
    assert_eq!(SNMP_PDU_REPORT, 0xA8);
}

fn octets(b: &[u8]) -> smiOCTETS {
    smiOCTETS {
        len: b.len() as u32,
        ptr: b.as_ptr().cast_mut(),
    }
}

#[test]
fn password_to_key_rfc3414_vectors_from_rust() {
    let _rt = Started::new();
    let pass = octets(b"maplesyrup");
    let engine = octets(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    let mut key = smiOCTETS {
        len: 0,
        ptr: null_mut(),
    };
    let before = descriptor::outstanding();
    // SAFETY (every call below): valid descriptors and output, or NULL where allowed.
    unsafe {
        assert_eq!(
            WinSnmpPasswordToKey(
                SNMP_USM_HMACMD5_AUTH_PROTOCOL,
                &raw const pass,
                &raw const engine,
                &raw mut key
            ),
            1
        );
        assert_eq!(
            std::slice::from_raw_parts(key.ptr, key.len as usize),
            [
                0x52, 0x6f, 0x5e, 0xed, 0x9f, 0xcc, 0xe2, 0x6f, 0x89, 0x64, 0xc2, 0x93, 0x07, 0x87,
                0xd8, 0x2b
            ]
        );
        assert_eq!(descriptor::outstanding(), before + 1);
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &raw mut key), 1);
        // Lengths are judged before anything is read: a dangling pointer is never touched.
        let huge = smiOCTETS {
            len: 70_000,
            ptr: std::ptr::dangling_mut(),
        };
        assert_eq!(
            WinSnmpPasswordToKey(
                SNMP_USM_HMACMD5_AUTH_PROTOCOL,
                &raw const huge,
                null(),
                &raw mut key
            ),
            0
        );
        assert_eq!(last(), SNMPAPI_SIZE_INVALID);
        let long_id = smiOCTETS {
            len: 33,
            ptr: std::ptr::dangling_mut(),
        };
        assert_eq!(
            WinSnmpPasswordToKey(
                SNMP_USM_HMACMD5_AUTH_PROTOCOL,
                &raw const pass,
                &raw const long_id,
                &raw mut key
            ),
            0
        );
        assert_eq!(last(), SNMPAPI_SIZE_INVALID);
        assert_eq!(
            WinSnmpPasswordToKey(
                SNMP_USM_NO_AUTH_PROTOCOL,
                &raw const pass,
                null(),
                &raw mut key
            ),
            0
        );
        assert_eq!(last(), SNMPAPI_MODE_INVALID);
    }
    assert_eq!(descriptor::outstanding(), before);
}

#[test]
fn usm_functions_need_startup() {
    let _g = serial();
    let mut stats = WinSnmpUsmStats::default();
    // SAFETY: valid output; NULL inputs where allowed.
    unsafe {
        assert_eq!(WinSnmpGetUsmStats(&raw mut stats), 0);
        assert_eq!(last(), SNMPAPI_NOT_INITIALIZED);
        assert_eq!(WinSnmpSetEntityUsm(0, null()), 0);
        assert_eq!(last(), SNMPAPI_NOT_INITIALIZED);
        assert_eq!(WinSnmpAddUsmUser(null()), 0);
        assert_eq!(last(), SNMPAPI_NOT_INITIALIZED);
    }
}

#[test]
fn entity_usm_round_trip_from_rust() {
    let _rt = Started::new();
    unsafe extern "system" fn cb(_: isize, _: HWND, _: u32, _: usize, _: isize, _: LPVOID) -> u32 {
        SNMPAPI_SUCCESS
    }
    let id = [0x80u8, 0, 0, 0, 7, 1, 2];
    // SAFETY (every call below): valid pointers or NULL where allowed.
    unsafe {
        let s = SnmpCreateSession(null_mut(), 0, Some(cb), null_mut());
        let e = SnmpStrToEntity(s, c"127.0.0.1:1161".as_ptr());
        assert_ne!(e, 0);
        let p = WinSnmpUsmParams {
            userName: octets(b"sha-aes"),
            securityLevel: SNMP_AUTH_PRIV,
            authProtocol: SNMP_USM_HMACSHA_AUTH_PROTOCOL,
            authPassword: octets(b"authpass123"),
            privProtocol: WINSNMP_USM_AES128_PRIV_PROTOCOL,
            privPassword: octets(b"privpass123"),
            securityEngineId: octets(&id),
            contextEngineId: octets(&[]),
        };
        assert_eq!(WinSnmpSetEntityUsm(e, &raw const p), 1);
        let sec = winsnmp::api::winsnmp_get_entity_usm(winsnmp::HEntity::from_raw(raw(e)))
            .unwrap()
            .unwrap();
        assert_eq!(sec.user.name, b"sha-aes");
        assert_eq!(sec.level, winsnmp::wire::SecurityLevel::AuthPriv);
        assert_eq!(sec.engine_id.as_deref(), Some(&id[..]));
        assert_eq!(sec.context_engine_id, None);
        assert!(sec.user.auth.is_some() && sec.user.privacy.is_some());
        let mut out = smiOCTETS {
            len: 0,
            ptr: null_mut(),
        };
        assert_eq!(WinSnmpGetEngineId(e, &raw mut out), 1);
        assert_eq!(std::slice::from_raw_parts(out.ptr, out.len as usize), id);
        assert_eq!(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &raw mut out), 1);
        assert_eq!(WinSnmpSetEntityUsm(e, null()), 1);
        assert!(
            winsnmp::api::winsnmp_get_entity_usm(winsnmp::HEntity::from_raw(raw(e)))
                .unwrap()
                .is_none()
        );
        // A failure is also the entity's session's last error.
        let bad = WinSnmpUsmParams {
            securityLevel: 2,
            ..p
        };
        assert_eq!(WinSnmpSetEntityUsm(e, &raw const bad), 0);
        assert_eq!(last(), SNMPAPI_MODE_INVALID);
        assert_eq!(SnmpGetLastError(s), SNMPAPI_MODE_INVALID);
        assert_eq!(SnmpClose(s), 1);
    }
}
