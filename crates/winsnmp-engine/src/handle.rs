//! Generational 32-bit handles and the tables behind them.
//!
//! A handle packs `(kind, generation, index)` into the low 31 bits of a `u32`:
//!
//! ```text
//!   31  30  28 27        17 16                 0
//! +---+------+-------------+--------------------+
//! | 0 | kind | generation  |       index        |
//! +---+------+-------------+--------------------+
//! ```
//!
//! `kind` is 1..=5, so a handle is never 0 (`SNMPAPI_FAILURE`), and bit 31 is always clear,
//! so every handle is below 2^31: a C program may keep one in an `int` or a `LONG` and get
//! it back with sign extension (`LongToHandle(HandleToLong(h))`) unchanged. A value with
//! bit 31 set is never a handle. A slot's generation (11 bits) is bumped when its object
//! is freed, so the old handle no longer matches; freed slots are reused only after
//! [`QUARANTINE`] other slots have been freed, so a handle can come back to life only after
//! `QUARANTINE × 2048` frees of its kind. The 17-bit index addresses 131,072 slots per
//! kind.

use std::collections::VecDeque;
use std::fmt;

use crate::SnmpApiError;

const INDEX_BITS: u32 = 17;
const GEN_BITS: u32 = 11;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;
const GEN_MASK: u32 = (1 << GEN_BITS) - 1;
const KIND_SHIFT: u32 = INDEX_BITS + GEN_BITS;
// Kinds 1..=5 take three bits, 28..=30: bit 31 stays clear.
const _: () = assert!(KIND_SHIFT + 3 == 31);

/// Number of slots a table can hold (2^17).
pub(crate) const MAX_SLOTS: usize = 1 << INDEX_BITS;
/// Freed slots wait in a FIFO until this many are free before one is reused.
pub(crate) const QUARANTINE: usize = 1024;

/// The five WinSNMP handle kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum HandleKind {
    /// `HSNMP_SESSION`
    Session = 1,
    /// `HSNMP_ENTITY`
    Entity = 2,
    /// `HSNMP_CONTEXT`
    Context = 3,
    /// `HSNMP_PDU`
    Pdu = 4,
    /// `HSNMP_VBL`
    Vbl = 5,
}

impl HandleKind {
    /// The error a bad handle of this kind gives (`SNMPAPI_*_INVALID`).
    pub const fn invalid(self) -> SnmpApiError {
        match self {
            Self::Session => SnmpApiError::SessionInvalid,
            Self::Entity => SnmpApiError::EntityInvalid,
            Self::Context => SnmpApiError::ContextInvalid,
            Self::Pdu => SnmpApiError::PduInvalid,
            Self::Vbl => SnmpApiError::VblInvalid,
        }
    }

    const fn from_bits(bits: u32) -> Option<Self> {
        Some(match bits {
            1 => Self::Session,
            2 => Self::Entity,
            3 => Self::Context,
            4 => Self::Pdu,
            5 => Self::Vbl,
            _ => return None,
        })
    }
}

/// Any handle, kind unknown: what a C caller passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawHandle(pub u32);

impl RawHandle {
    /// The kind encoded in the handle, if it names one (never for a value with bit 31
    /// set).
    pub const fn kind(self) -> Option<HandleKind> {
        HandleKind::from_bits(self.0 >> KIND_SHIFT)
    }

    /// Whether the handle is of kind `kind` (one compare: the checks every handle lookup
    /// makes).
    #[inline]
    pub const fn is(self, kind: HandleKind) -> bool {
        self.0 >> KIND_SHIFT == kind as u32
    }

    const fn index(self) -> usize {
        (self.0 & INDEX_MASK) as usize
    }

    const fn generation(self) -> u32 {
        (self.0 >> INDEX_BITS) & GEN_MASK
    }

    const fn pack(kind: HandleKind, generation: u32, index: usize) -> Self {
        Self(((kind as u32) << KIND_SHIFT) | ((generation & GEN_MASK) << INDEX_BITS) | index as u32)
    }
}

macro_rules! handle_type {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            /// The handle's kind.
            pub const KIND: HandleKind = $kind;

            /// The handle's value as C sees it: never 0, always below 2^31.
            pub const fn value(self) -> u32 {
                self.0
            }

            /// Reinterprets a value from C. Nothing is checked here: a value that is not a
            /// live handle of this kind is rejected, with this kind's `*_INVALID` code, by
            /// every function it is passed to. Returns `None` for 0 (a NULL handle).
            pub const fn from_value(value: u32) -> Option<Self> {
                if value == 0 { None } else { Some(Self(value)) }
            }

            /// Reinterprets any value from C, 0 included; an invalid value is rejected later
            /// with this kind's `*_INVALID` code.
            pub const fn from_raw(value: u32) -> Self {
                Self(value)
            }

            /// The untyped handle.
            pub const fn raw(self) -> RawHandle {
                RawHandle(self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:#010x})"), self.0)
            }
        }

        impl From<$name> for RawHandle {
            fn from(h: $name) -> Self {
                Self(h.0)
            }
        }
    };
}

handle_type!(
    /// `HSNMP_SESSION`: a session handle.
    HSession,
    HandleKind::Session
);
handle_type!(
    /// `HSNMP_ENTITY`: an entity (transport address + properties) handle.
    HEntity,
    HandleKind::Entity
);
handle_type!(
    /// `HSNMP_CONTEXT`: a context (community) handle.
    HContext,
    HandleKind::Context
);
handle_type!(
    /// `HSNMP_PDU`: a PDU handle.
    HPdu,
    HandleKind::Pdu
);
handle_type!(
    /// `HSNMP_VBL`: a variable-binding-list handle.
    HVbl,
    HandleKind::Vbl
);

/// No slot (the end of an [`OwnerList`]).
const NIL: u32 = u32::MAX;

struct Slot<T> {
    generation: u32,
    /// Neighbours in the owner's [`OwnerList`] ([`NIL`] at the ends, or when not linked).
    prev: u32,
    next: u32,
    value: Option<T>,
}

/// The objects of one kind that one owner (a session) holds: a doubly linked list
/// threaded through the table's slots, so that adding and freeing a handle is O(1) with no
/// hashing and the owner can still find them all when it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OwnerList {
    head: u32,
}

impl Default for OwnerList {
    fn default() -> Self {
        Self { head: NIL }
    }
}

/// A generational table of objects of one kind.
pub(crate) struct Table<T> {
    kind: HandleKind,
    slots: Vec<Slot<T>>,
    free: VecDeque<u32>,
    live: usize,
}

impl<T> Table<T> {
    pub(crate) fn new(kind: HandleKind) -> Self {
        Self {
            kind,
            slots: Vec::new(),
            free: VecDeque::new(),
            live: 0,
        }
    }

    /// Number of live objects.
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// Inserts `value`; gives it back when `limit` objects are live or every slot is used.
    pub(crate) fn insert(&mut self, value: T, limit: usize) -> Result<RawHandle, T> {
        if self.live >= limit {
            return Err(value);
        }
        let index = if self.free.len() > QUARANTINE || (self.slots.len() >= MAX_SLOTS) {
            match self.free.pop_front() {
                Some(i) => i as usize,
                None => return Err(value),
            }
        } else {
            self.slots.push(Slot {
                generation: 0,
                prev: NIL,
                next: NIL,
                value: None,
            });
            self.slots.len() - 1
        };
        let slot = &mut self.slots[index];
        slot.value = Some(value);
        self.live += 1;
        Ok(RawHandle::pack(self.kind, slot.generation, index))
    }

    fn slot_index(&self, h: RawHandle) -> Option<usize> {
        if !h.is(self.kind) {
            return None;
        }
        let i = h.index();
        let slot = self.slots.get(i)?;
        (slot.generation == h.generation() && slot.value.is_some()).then_some(i)
    }

    pub(crate) fn get(&self, h: RawHandle) -> Option<&T> {
        let i = self.slot_index(h)?;
        self.slots[i].value.as_ref()
    }

    pub(crate) fn get_mut(&mut self, h: RawHandle) -> Option<&mut T> {
        let i = self.slot_index(h)?;
        self.slots[i].value.as_mut()
    }

    /// Like [`Table::get`], failing with the kind's `*_INVALID` code.
    pub(crate) fn try_get(&self, h: RawHandle) -> Result<&T, SnmpApiError> {
        self.get(h).ok_or(self.kind.invalid())
    }

    /// Like [`Table::get_mut`], failing with the kind's `*_INVALID` code.
    pub(crate) fn try_get_mut(&mut self, h: RawHandle) -> Result<&mut T, SnmpApiError> {
        let kind = self.kind;
        self.get_mut(h).ok_or(kind.invalid())
    }

    /// Adds live handle `h`, linked in no list, at the head of `list`.
    pub(crate) fn link(&mut self, h: RawHandle, list: &mut OwnerList) {
        let Some(i) = self.slot_index(h) else { return };
        let old = list.head;
        if let Some(first) = self.slots.get_mut(old as usize) {
            first.prev = i as u32;
        }
        let slot = &mut self.slots[i];
        (slot.prev, slot.next) = (NIL, old);
        list.head = i as u32;
    }

    /// Removes `h` as [`Table::remove`] does, unlinking it from `list`, the list it is in.
    pub(crate) fn remove_linked(&mut self, h: RawHandle, list: &mut OwnerList) -> Option<T> {
        let i = self.slot_index(h)?;
        let (prev, next) = (self.slots[i].prev, self.slots[i].next);
        match self.slots.get_mut(prev as usize) {
            Some(p) => p.next = next,
            None => list.head = next,
        }
        if let Some(n) = self.slots.get_mut(next as usize) {
            n.prev = prev;
        }
        self.remove(h)
    }

    /// The handles in `list`, most recently linked first.
    pub(crate) fn list(&self, list: &OwnerList) -> impl Iterator<Item = RawHandle> + '_ {
        let mut at = list.head;
        std::iter::from_fn(move || {
            let slot = self.slots.get(at as usize)?;
            let h = RawHandle::pack(self.kind, slot.generation, at as usize);
            at = slot.next;
            Some(h)
        })
    }

    pub(crate) fn remove(&mut self, h: RawHandle) -> Option<T> {
        let i = self.slot_index(h)?;
        let slot = &mut self.slots[i];
        (slot.prev, slot.next) = (NIL, NIL);
        let v = slot.value.take();
        slot.generation = (slot.generation + 1) & GEN_MASK;
        self.free.push_back(i as u32);
        self.live -= 1;
        v
    }

    /// Frees every object; their handles stay invalid afterwards.
    pub(crate) fn clear(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.live);
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if let Some(v) = slot.value.take() {
                (slot.prev, slot.next) = (NIL, NIL);
                slot.generation = (slot.generation + 1) & GEN_MASK;
                self.free.push_back(i as u32);
                out.push(v);
            }
        }
        self.live = 0;
        out
    }

    /// Every live object with its handle, in slot order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (RawHandle, &T)> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            s.value
                .as_ref()
                .map(|v| (RawHandle::pack(self.kind, s.generation, i), v))
        })
    }

    /// Every live object, for changes that apply to all of them.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut T> + '_ {
        self.slots.iter_mut().filter_map(|s| s.value.as_mut())
    }

    /// Handles of every live object.
    #[cfg(test)]
    pub(crate) fn handles(&self) -> impl Iterator<Item = RawHandle> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            s.value
                .as_ref()
                .map(|_| RawHandle::pack(self.kind, s.generation, i))
        })
    }

    /// Number of slots ever allocated (live + free): the table's memory footprint.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [HandleKind; 5] = [
        HandleKind::Session,
        HandleKind::Entity,
        HandleKind::Context,
        HandleKind::Pdu,
        HandleKind::Vbl,
    ];

    #[test]
    fn handles_are_nonzero_and_typed() {
        let mut t = Table::new(HandleKind::Vbl);
        let h = t.insert(7u8, 10).unwrap();
        assert_ne!(h.0, 0);
        assert_eq!(h.kind(), Some(HandleKind::Vbl));
        assert_eq!(t.get(h), Some(&7));
        // Same bits, another kind: rejected.
        let other = RawHandle(h.0 & !(7 << KIND_SHIFT) | (4 << KIND_SHIFT));
        assert_eq!(t.get(other), None);
        assert_eq!(t.try_get(other).err(), Some(SnmpApiError::VblInvalid));
        assert_eq!(t.get(RawHandle(0)), None);
        assert_eq!(t.get(RawHandle(u32::MAX)), None);
    }

    /// `is` says what `kind` says, for every value of the kind bits (bit 31 included).
    #[test]
    fn is_agrees_with_kind() {
        for top in 0..16u32 {
            for low in [
                0,
                1,
                0x0abc_def0 & ((1 << KIND_SHIFT) - 1),
                (1 << KIND_SHIFT) - 1,
            ] {
                let h = RawHandle(top << KIND_SHIFT | low);
                for k in KINDS {
                    assert_eq!(h.is(k), h.kind() == Some(k), "{h:?} {k:?}");
                }
            }
        }
    }

    /// What `LongToHandle(HandleToLong(h))` does on LP64: keep the low 32 bits in an
    /// `int`, then widen with sign extension (and the C layer narrows back to 32 bits).
    fn through_c_int(v: u32) -> u32 {
        let long = v as i32;
        let handle = long as isize as usize;
        u32::try_from(handle).unwrap_or(0)
    }

    #[test]
    fn every_handle_survives_a_32_bit_signed_round_trip() {
        for kind in KINDS {
            // The extremes of the layout: largest index and generation.
            for (generation, index) in [(0, 0), (GEN_MASK, INDEX_MASK as usize), (7, 12345)] {
                let h = RawHandle::pack(kind, generation, index);
                assert!(h.0 != 0 && h.0 < 1 << 31, "{kind:?}: {:#x}", h.0);
                assert_eq!(through_c_int(h.0), h.0, "{kind:?}");
                assert_eq!(h.kind(), Some(kind));
                assert_eq!((h.generation(), h.index()), (generation, index));
            }
            // Handles a table really hands out, across generations.
            let mut t = Table::new(kind);
            for i in 0..3 * QUARANTINE as u32 {
                let h = t.insert(i, usize::MAX).unwrap();
                let back = RawHandle(through_c_int(h.0));
                assert_eq!(t.get(back), Some(&i), "{kind:?} {:#x}", h.0);
                t.remove(back);
            }
        }
        // A sign-extended value from before this layout (bit 31 set) names no kind.
        assert_eq!(RawHandle(0x8000_0001).kind(), None);
        assert_eq!(RawHandle(0xA000_0001).kind(), None);
    }

    #[test]
    fn freed_handle_stays_invalid_across_reuse() {
        let mut t = Table::new(HandleKind::Pdu);
        let first = t.insert(1u32, usize::MAX).unwrap();
        assert_eq!(t.remove(first), Some(1));
        assert_eq!(t.remove(first), None);
        let mut seen = std::collections::HashSet::new();
        seen.insert(first.0);
        // Churn through many create/free cycles: no value repeats, the table stays small.
        for i in 0..50_000u32 {
            let h = t.insert(i, usize::MAX).unwrap();
            assert!(seen.insert(h.0), "handle value reused after {i} cycles");
            assert_eq!(t.get(first), None);
            t.remove(h);
        }
        assert!(t.capacity() <= QUARANTINE + 2);
        assert_eq!(t.len(), 0);
    }

    #[test]
    fn limit_and_clear() {
        let mut t = Table::new(HandleKind::Entity);
        let a = t.insert('a', 2).unwrap();
        let b = t.insert('b', 2).unwrap();
        assert_eq!(t.insert('c', 2), Err('c'));
        assert_eq!(t.handles().count(), 2);
        assert_eq!(t.clear().len(), 2);
        assert_eq!(t.len(), 0);
        assert!(t.get(a).is_none() && t.get(b).is_none());
        assert!(t.insert('d', 2).is_ok());
    }

    #[test]
    fn owner_lists_link_and_unlink_anywhere() {
        let mut t = Table::new(HandleKind::Context);
        let (mut mine, mut theirs) = (OwnerList::default(), OwnerList::default());
        let hs: Vec<RawHandle> = (0..6u32)
            .map(|i| {
                let h = t.insert(i, usize::MAX).unwrap();
                t.link(h, if i % 2 == 0 { &mut mine } else { &mut theirs });
                h
            })
            .collect();
        let of = |t: &Table<u32>, l: &OwnerList| -> Vec<u32> {
            t.list(l).map(|h| *t.get(h).unwrap()).collect()
        };
        assert_eq!(of(&t, &mine), [4, 2, 0]);
        assert_eq!(of(&t, &theirs), [5, 3, 1]);
        // The middle, the head, the tail.
        assert_eq!(t.remove_linked(hs[2], &mut mine), Some(2));
        assert_eq!(t.remove_linked(hs[5], &mut theirs), Some(5));
        assert_eq!(t.remove_linked(hs[1], &mut theirs), Some(1));
        assert_eq!(t.remove_linked(hs[1], &mut theirs), None);
        assert_eq!(of(&t, &mine), [4, 0]);
        assert_eq!(of(&t, &theirs), [3]);
        // A reused slot starts unlinked.
        let h = t.insert(9, usize::MAX).unwrap();
        t.link(h, &mut theirs);
        assert_eq!(of(&t, &theirs), [9, 3]);
        assert_eq!(t.remove_linked(hs[4], &mut mine), Some(4));
        assert_eq!(t.remove_linked(hs[0], &mut mine), Some(0));
        assert_eq!(of(&t, &mine), [] as [u32; 0]);
        assert_eq!(mine, OwnerList::default());
    }
}
