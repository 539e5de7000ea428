//! The OID tree of loaded modules and the per-module symbol tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{Access, IndexPart, NodeKind, Syntax, TextualConvention};

/// Index of a node in a [`crate::Mib`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

/// Index of a loaded module in a [`crate::Mib`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleId(pub(crate) u16);

/// One node of the OID tree: a named (or anonymous) sub-identifier with what its
/// definition says.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub(crate) label: Option<Label>,
    pub(crate) subid: u32,
    pub(crate) parent: u32,
    /// Children sorted by sub-identifier; for equal ones the first defined comes first.
    pub(crate) children: Vec<u32>,
    /// Defining modules, the first (the one net-snmp names) first.
    pub(crate) modules: Vec<ModuleId>,
    pub(crate) kind: NodeKind,
    pub(crate) syntax: Syntax,
    pub(crate) access: Access,
    pub(crate) units: Option<Box<str>>,
    pub(crate) index: Vec<IndexPart>,
    pub(crate) augments: Option<Box<str>>,
}

impl Node {
    /// The node's name; `None` for an anonymous node (printed as its number).
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The last sub-identifier of its OID.
    pub fn subid(&self) -> u32 {
        self.subid
    }

    /// The module that defines it (the first loaded, as net-snmp names it).
    pub fn module(&self) -> Option<ModuleId> {
        self.modules.first().copied()
    }

    /// Every module that defines it.
    pub fn modules(&self) -> &[ModuleId] {
        &self.modules
    }

    /// Object, notification, or another kind of node.
    pub fn kind(&self) -> NodeKind {
        self.kind
    }

    /// The object's syntax ([`crate::BaseType::Other`] for a node that is not an object).
    pub fn syntax(&self) -> &Syntax {
        &self.syntax
    }

    /// MAX-ACCESS.
    pub fn access(&self) -> Access {
        self.access
    }

    /// UNITS.
    pub fn units(&self) -> Option<&str> {
        self.units.as_deref()
    }

    /// A table entry's INDEX objects (empty elsewhere, and for an AUGMENTS entry).
    pub fn index(&self) -> &[IndexPart] {
        &self.index
    }

    /// The entry this entry AUGMENTS.
    pub fn augments(&self) -> Option<&str> {
        self.augments.as_deref()
    }
}

/// FxHash (rustc's): a multiply-rotate per word. The keys are MIB names from files the
/// user chose; a fast hash makes reading the built-in table (at every start) cheap.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let mut w = 0u64;
        for (i, b) in chunks.remainder().iter().enumerate() {
            w |= u64::from(*b) << (8 * i);
        }
        self.0 = (self.0.rotate_left(5) ^ w ^ bytes.len() as u64).wrapping_mul(K);
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map with [`FxHasher`].
pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A node's name, shared by the node and the maps that find it by name (one allocation
/// per name: loading the built-in table makes some 3,000).
pub(crate) type Label = std::sync::Arc<str>;

/// A loaded module: its name, textual conventions and the names it defines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Module {
    pub(crate) name: Box<str>,
    pub(crate) tcs: Vec<TextualConvention>,
    pub(crate) tc_by_name: Map<Box<str>, usize>,
    pub(crate) nodes: Map<Label, u32>,
    /// Symbols imported, and the module each comes from.
    pub(crate) imports: Map<Box<str>, ModuleId>,
    /// Where it was read from (`None`: the built-in table).
    pub(crate) file: Option<std::path::PathBuf>,
}

impl Module {
    pub(crate) fn tc(&self, name: &str) -> Option<&TextualConvention> {
        self.tc_by_name.get(name).map(|&i| &self.tcs[i])
    }

    pub(crate) fn add_tc(&mut self, tc: TextualConvention) {
        if self.tc_by_name.contains_key(&tc.name) {
            return;
        }
        self.tc_by_name.insert(tc.name.clone(), self.tcs.len());
        self.tcs.push(tc);
    }
}
