//! The OID tree of loaded modules and the per-module symbol tables.

use std::collections::HashMap;

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
    pub(crate) label: Option<Box<str>>,
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

/// A loaded module: its name, textual conventions and the names it defines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Module {
    pub(crate) name: Box<str>,
    pub(crate) tcs: Vec<TextualConvention>,
    pub(crate) tc_by_name: HashMap<Box<str>, usize>,
    pub(crate) nodes: HashMap<Box<str>, u32>,
    /// Symbols imported, and the module each comes from.
    pub(crate) imports: HashMap<Box<str>, ModuleId>,
    /// Where it was read from (`None`: the built-in table).
    #[allow(dead_code)]
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
