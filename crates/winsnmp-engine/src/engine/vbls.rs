//! Variable-binding lists: `SnmpCreateVbl`, `SnmpDuplicateVbl`, `SnmpFreeVbl`,
//! `SnmpCountVbl`, `SnmpGetVb`, `SnmpSetVb`, `SnmpDeleteVb`.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ VBLs

    /// `SnmpCreateVbl`: empty when `name` is `None`; one entry otherwise, with a NULL value
    /// when `value` is `None`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_OID_INVALID`,
    /// `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn create_vbl(
        &mut self,
        s: HSession,
        name: Option<&[u32]>,
        value: Option<&SmiValue>,
    ) -> R<HVbl> {
        let r = self.check_session(s).and_then(|()| {
            let entries = match name {
                None => Vec::new(),
                Some(n) => vec![make_entry(n, value)?],
            };
            self.add_vbl(s, entries)
        });
        self.track(r, &[s.raw()])
    }

    /// `SnmpDuplicateVbl`: a copy owned by `s`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_VBL_INVALID`,
    /// `SNMPAPI_ALLOC_ERROR`.
    pub fn duplicate_vbl(&mut self, s: HSession, v: HVbl) -> R<HVbl> {
        let r = self.check_session(s).and_then(|()| {
            let copy = self.vbls.try_get(v.raw())?.value.clone();
            self.add_vbl(s, copy)
        });
        self.track(r, &[s.raw(), v.raw()])
    }

    /// `SnmpFreeVbl`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`.
    pub fn free_vbl(&mut self, v: HVbl) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(v.raw(), HandleKind::Vbl));
        self.track(r, &[v.raw()])
    }

    /// `SnmpCountVbl`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP` (empty list).
    pub fn count_vbl(&mut self, v: HVbl) -> R<u32> {
        let r = self.require_init().and_then(|()| {
            let n = self.vbls.try_get(v.raw())?.value.len();
            if n == 0 {
                Err(SnmpApiError::Noop)
            } else {
                Ok(n as u32)
            }
        });
        self.track(r, &[v.raw()])
    }

    /// `SnmpGetVb`: copies of entry `index` (1-based); `outputs` tells which of the name
    /// and value pointers were given.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`,
    /// `SNMPAPI_NOOP` (no output).
    pub fn get_vb(&mut self, v: HVbl, index: u32, outputs: VbOutputs) -> R<VarBindEntry> {
        let r = self.require_init().and_then(|()| {
            let list = &self.vbls.try_get(v.raw())?.value;
            let i = checked_index(index, list.len())?;
            if !outputs.any() {
                return Err(SnmpApiError::Noop);
            }
            Ok(list[i].clone())
        });
        self.track(r, &[v.raw()])
    }

    /// `SnmpSetVb`: `index` 0 appends (returns the new count), `1..=n` replaces (returns
    /// `index`); `name == None` keeps the entry's name (not allowed when appending);
    /// `value == None` stores a NULL value.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`,
    /// `SNMPAPI_OID_INVALID`, `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_ALLOC_ERROR` (appending
    /// to a list of [`Limits::max_varbinds`] entries).
    pub fn set_vb(
        &mut self,
        v: HVbl,
        index: u32,
        name: Option<&[u32]>,
        value: Option<&SmiValue>,
    ) -> R<u32> {
        let r = self.require_init().and_then(|()| {
            let n = self.vbls.try_get(v.raw())?.value.len();
            if index != 0 {
                checked_index(index, n)?;
            }
            let value = match value {
                Some(val) => {
                    val.validate()?;
                    val.clone()
                }
                None => SmiValue::Null,
            };
            if let Some(nm) = name {
                check_name(nm)?;
            }
            let limit = self.limits.max_varbinds.min(u32::MAX as usize - 1);
            let list = &mut self.vbls.try_get_mut(v.raw())?.value;
            if index == 0 {
                let nm = name.ok_or(SnmpApiError::OidInvalid)?;
                if list.len() >= limit {
                    return Err(SnmpApiError::AllocError);
                }
                list.push(VarBindEntry {
                    name: nm.to_vec(),
                    value,
                });
                Ok(list.len() as u32)
            } else {
                let e = &mut list[index as usize - 1];
                if let Some(nm) = name {
                    e.name = nm.to_vec();
                }
                e.value = value;
                Ok(index)
            }
        });
        self.track(r, &[v.raw()])
    }

    /// `SnmpDeleteVb`: removes entry `index`; later entries move down.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`.
    pub fn delete_vb(&mut self, v: HVbl, index: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let list = &mut self.vbls.try_get_mut(v.raw())?.value;
            let i = checked_index(index, list.len())?;
            list.remove(i);
            Ok(())
        });
        self.track(r, &[v.raw()])
    }
}
