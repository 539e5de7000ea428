//! Sessions (winsnmp-api.md §4.3): `SnmpCreateSession`, `SnmpOpen`, `SnmpClose`.

use winsnmp::HSession;
use winsnmp::api::{self, Notification};

use crate::consts::SNMPAPI_SUCCESS;
use crate::guard::{guard, raw, to_c};
use crate::ptr;
use crate::types::{HSNMP_SESSION, HWND, LPVOID, SNMPAPI_CALLBACK, SNMPAPI_STATUS, UINT};

/// The C callback and its client data, callable from the callback threads.
#[derive(Clone, Copy)]
struct CCallback {
    f: SNMPAPI_CALLBACK,
    /// `lpClientData`, kept as an address: the library never dereferences it.
    client_data: usize,
}

impl CCallback {
    fn call(self, n: Notification) -> u32 {
        ptr::call_callback(
            self.f,
            to_c(n.session.value()),
            n.hwnd as HWND,
            n.wmsg,
            n.wparam as usize,
            n.lparam as isize,
            self.client_data as LPVOID,
        )
    }
}

capi! {
    /// `SnmpCreateSession`: opens a session notified through `fCallBack`, which the runtime
    /// calls on its callback threads (one call at a time for the session) with no internal
    /// lock held (it may call any function, `SnmpRecvMsg` and `SnmpClose` included); `hWnd`,
    /// `wMsg` and `lpClientData` are handed back to it unchanged. A callback returning anything but `SNMPAPI_SUCCESS` closes the
    /// session. Window-message mode (`fCallBack` NULL) is refused off Windows.
    ///
    /// Errors (via NULL): `SNMPAPI_HWND_INVALID` (`hWnd` without a callback),
    /// `SNMPAPI_OPERATION_INVALID` (neither), `SNMPAPI_ALLOC_ERROR` (session limit reached),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpCreateSession(
        hWnd: HWND,
        wMsg: UINT,
        fCallBack: SNMPAPI_CALLBACK,
        lpClientData: LPVOID,
    ) -> HSNMP_SESSION {
        guard(&[], || {
            let callback = fCallBack.map(|f| {
                let c = CCallback {
                    f: Some(f),
                    client_data: lpClientData as usize,
                };
                api::notify(move |n| c.call(n))
            });
            let s = api::snmp_create_session(hWnd as usize, wMsg, callback)?;
            Ok(to_c(s.value()))
        })
    }
}

capi! {
    /// `SnmpOpen`: the WinSNMP 1.1 window-message session, refused off Windows.
    ///
    /// Errors (via NULL): `SNMPAPI_HWND_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpOpen(hWnd: HWND, wMsg: UINT) -> HSNMP_SESSION {
        guard(&[], || {
            let s = api::snmp_open(hWnd as usize, wMsg)?;
            Ok(to_c(s.value()))
        })
    }
}

capi! {
    /// `SnmpClose`: closes the session and frees everything it owns (entities, contexts,
    /// PDUs, VBLs, queued messages, pending requests, registrations). No notification for it
    /// is delivered after this returns; a callback of the session in progress is waited for
    /// (unless this is called from it), callbacks of other sessions never are.
    ///
    /// Errors (via NULL): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpClose(session: HSNMP_SESSION) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            api::snmp_close(s)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
