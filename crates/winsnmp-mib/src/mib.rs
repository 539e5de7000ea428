//! [`Mib`]: the loaded modules as one OID tree, with name lookups both ways.

use crate::error::MibError;
use crate::model::{BaseType, IndexPart, NodeKind, Syntax, TextualConvention};
use crate::parser::{Body, ModuleAst, OidPart, SyntaxAst, TypeRef};
use crate::tree::{Label, Map, Module, ModuleId, Node, NodeId};

/// Loaded MIB modules: the OID tree, the modules' textual conventions and names.
///
/// [`Mib::builtin`] has the standard modules net-snmp distributes; [`crate::Loader`] adds
/// modules from MIB files. Names print as net-snmp prints them with the same modules loaded
/// (see [`crate::OidStyle`] and [`crate::Formatter`]).
#[derive(Debug, Clone)]
pub struct Mib {
    pub(crate) nodes: Vec<Node>,
    pub(crate) modules: Vec<Module>,
    pub(crate) module_ids: Map<Box<str>, ModuleId>,
    pub(crate) by_label: Map<Label, Vec<u32>>,
}

/// Where a numeric OID lands in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookup {
    /// The deepest node on the OID's path.
    pub node: NodeId,
    /// How many leading sub-identifiers lead to it; the rest are an instance suffix or
    /// unknown arcs.
    pub matched: usize,
}

impl Default for Mib {
    fn default() -> Self {
        Self::empty()
    }
}

impl Mib {
    /// A tree with only the three roots `ccitt(0)`, `iso(1)` and `joint-iso-ccitt(2)`.
    pub fn empty() -> Self {
        let mut m = Self {
            nodes: vec![Node::default()],
            modules: Vec::new(),
            module_ids: Map::default(),
            by_label: Map::default(),
        };
        for (subid, label) in [(0, "ccitt"), (1, "iso"), (2, "joint-iso-ccitt")] {
            m.insert_child(0, subid, Some(label), None);
        }
        m
    }

    /// The node with this id.
    ///
    /// # Panics
    /// If `id` is not from this `Mib`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// The name of a loaded module.
    ///
    /// # Panics
    /// If `id` is not from this `Mib`.
    pub fn module_name(&self, id: ModuleId) -> &str {
        &self.modules[usize::from(id.0)].name
    }

    /// The file module `id` was read from (`None` for a built-in module, or one added
    /// from memory).
    pub fn module_file(&self, id: ModuleId) -> Option<&std::path::Path> {
        self.modules[usize::from(id.0)].file.as_deref()
    }

    /// The loaded module called `name`.
    pub fn module(&self, name: &str) -> Option<ModuleId> {
        self.module_ids.get(name).copied()
    }

    /// Names of the loaded modules, in load order.
    pub fn module_names(&self) -> impl Iterator<Item = &str> {
        self.modules.iter().map(|m| &*m.name)
    }

    /// Number of nodes in the tree (the roots included).
    pub fn node_count(&self) -> usize {
        self.nodes.len() - 1
    }

    /// Textual conventions of a module.
    pub fn textual_conventions(&self, module: ModuleId) -> &[TextualConvention] {
        &self.modules[usize::from(module.0)].tcs
    }

    /// The node's OID.
    pub fn oid(&self, id: NodeId) -> Vec<u32> {
        let mut arcs = Vec::new();
        let mut i = id.0;
        while i != 0 {
            arcs.push(self.nodes[i as usize].subid);
            i = self.nodes[i as usize].parent;
        }
        arcs.reverse();
        arcs
    }

    /// The node's parent (`None` for the roots).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes[id.0 as usize].parent;
        (p != 0).then_some(NodeId(p))
    }

    /// The node's children in OID order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id.0 as usize]
            .children
            .iter()
            .map(|&c| NodeId(c))
    }

    /// The top-level nodes (`ccitt`, `iso`, `joint-iso-ccitt`).
    pub fn roots(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[0].children.iter().map(|&c| NodeId(c))
    }

    /// The child of `parent` (0 for the top) with sub-identifier `subid`: as net-snmp, when
    /// two definitions share the arc the first loaded is the one found.
    pub(crate) fn child(&self, parent: u32, subid: u32) -> Option<u32> {
        let ch = &self.nodes[parent as usize].children;
        let i = ch.partition_point(|&c| self.nodes[c as usize].subid < subid);
        ch.get(i)
            .copied()
            .filter(|&c| self.nodes[c as usize].subid == subid)
    }

    /// Walks `oid` down the tree as far as it goes.
    pub fn lookup(&self, oid: &[u32]) -> Option<Lookup> {
        let mut at = 0u32;
        let mut matched = 0;
        for &arc in oid {
            match self.child(at, arc) {
                Some(c) => {
                    at = c;
                    matched += 1;
                }
                None => break,
            }
        }
        (matched > 0).then_some(Lookup {
            node: NodeId(at),
            matched,
        })
    }

    /// A node by name: `ifDescr`, or `IF-MIB::ifDescr`. An unqualified name that several
    /// modules define at different OIDs gives the first loaded.
    pub fn find(&self, name: &str) -> Option<NodeId> {
        if let Some((module, label)) = name.split_once("::") {
            let m = self.module(module)?;
            return self.modules[usize::from(m.0)]
                .nodes
                .get(label)
                .map(|&i| NodeId(i));
        }
        self.by_label
            .get(name)
            .and_then(|v| v.first())
            .map(|&i| NodeId(i))
    }

    /// Every node called `label`.
    pub fn find_all(&self, label: &str) -> impl Iterator<Item = NodeId> + '_ {
        self.by_label
            .get(label)
            .into_iter()
            .flatten()
            .map(|&i| NodeId(i))
    }

    /// The INDEX of a table entry, following AUGMENTS; `None` if `entry` is not an entry.
    pub fn entry_index(&self, entry: NodeId) -> Option<&[IndexPart]> {
        let n = self.node(entry);
        if !n.index.is_empty() {
            return Some(&n.index);
        }
        let target = self.find_in(n.module(), n.augments.as_deref()?)?;
        let t = self.node(target);
        (!t.index.is_empty()).then_some(&t.index[..])
    }

    /// The index objects of the entry governing `node` (the node itself or an ancestor),
    /// as net-snmp picks them when it prints an instance.
    pub fn index_of(&self, node: NodeId) -> Option<(NodeId, &[IndexPart])> {
        let mut i = node.0;
        let mut found = None;
        while i != 0 {
            if let Some(ix) = self.entry_index(NodeId(i)) {
                found = Some((NodeId(i), ix));
                break;
            }
            i = self.nodes[i as usize].parent;
        }
        found
    }

    /// For a table (`ifTable`), entry (`ifEntry`) or column: the entry node.
    pub fn entry_of(&self, node: NodeId) -> Option<NodeId> {
        let n = self.node(node);
        if self.entry_index(node).is_some() {
            return Some(node);
        }
        if n.syntax.base == BaseType::Other && n.kind == NodeKind::Object {
            // A table: its only child is the entry.
            return self.children(node).find(|&c| self.entry_index(c).is_some());
        }
        self.parent(node).filter(|&p| self.entry_index(p).is_some())
    }

    /// The columns of a table entry, in OID order.
    pub fn columns(&self, entry: NodeId) -> Vec<NodeId> {
        self.children(entry)
            .filter(|&c| self.node(c).kind == NodeKind::Object)
            .collect()
    }

    /// A name as seen from `module`: its own definitions and imports first, then any
    /// module's.
    pub(crate) fn find_in(&self, module: Option<ModuleId>, label: &str) -> Option<NodeId> {
        if let Some(m) = module {
            let md = &self.modules[usize::from(m.0)];
            if let Some(&i) = md.nodes.get(label) {
                return Some(NodeId(i));
            }
            if let Some(&from) = md.imports.get(label)
                && let Some(&i) = self.modules[usize::from(from.0)].nodes.get(label)
            {
                return Some(NodeId(i));
            }
        }
        self.find(label)
    }

    /// Adds a child; a child with the same sub-identifier and label is the same node (its
    /// module list grows). Returns the node and whether it is new.
    pub(crate) fn insert_child(
        &mut self,
        parent: u32,
        subid: u32,
        label: Option<&str>,
        module: Option<ModuleId>,
    ) -> (u32, bool) {
        let ch = &self.nodes[parent as usize].children;
        let lo = ch.partition_point(|&c| self.nodes[c as usize].subid < subid);
        let hi = ch.partition_point(|&c| self.nodes[c as usize].subid <= subid);
        for k in lo..hi {
            let c = self.nodes[parent as usize].children[k];
            let existing = self.nodes[c as usize].label.as_deref();
            if existing == label || (label.is_none()) {
                if let Some(m) = module
                    && !self.nodes[c as usize].modules.contains(&m)
                {
                    self.nodes[c as usize].modules.push(m);
                }
                return (c, false);
            }
            if existing.is_none() {
                // An anonymous node gets the name now defined for it.
                let l: Label = label.unwrap_or_default().into();
                self.by_label.entry(l.clone()).or_default().push(c);
                self.nodes[c as usize].label = Some(l);
                if let Some(m) = module {
                    self.nodes[c as usize].modules.push(m);
                }
                return (c, true);
            }
        }
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        self.nodes.push(Node {
            label: label.map(Into::into),
            subid,
            parent,
            modules: module.into_iter().collect(),
            ..Node::default()
        });
        self.nodes[parent as usize].children.insert(hi, id);
        if let Some(l) = label {
            self.by_label.entry(l.into()).or_default().push(id);
        }
        (id, true)
    }

    pub(crate) fn add_module_entry(
        &mut self,
        name: &str,
        file: Option<std::path::PathBuf>,
    ) -> ModuleId {
        let id = ModuleId(u16::try_from(self.modules.len()).unwrap_or(u16::MAX));
        self.modules.push(Module {
            name: name.into(),
            file,
            ..Module::default()
        });
        self.module_ids.insert(name.into(), id);
        id
    }

    /// The resolved syntax of a SYNTAX clause in `module`.
    fn resolve_syntax(&self, module: ModuleId, s: &SyntaxAst) -> Syntax {
        match &s.ty {
            TypeRef::Base(b) => Syntax {
                base: *b,
                tc: None,
                hint: None,
                enums: s.enums.clone().unwrap_or_default(),
                ranges: s.ranges.clone().unwrap_or_default(),
            },
            TypeRef::Named(n) => match self.find_tc(module, n) {
                Some(tc) => Syntax {
                    base: tc.base,
                    tc: Some(n.as_str().into()),
                    hint: tc.hint.clone(),
                    enums: s.enums.clone().unwrap_or_else(|| tc.enums.clone()),
                    ranges: s.ranges.clone().unwrap_or_else(|| tc.ranges.clone()),
                },
                None => Syntax::default(),
            },
        }
    }

    /// A textual convention visible in `module`: its own or an imported one (as net-snmp's
    /// `get_tc_index`).
    pub(crate) fn find_tc(&self, module: ModuleId, name: &str) -> Option<&TextualConvention> {
        let md = &self.modules[usize::from(module.0)];
        let from = md.imports.get(name).copied().unwrap_or(module);
        self.modules[usize::from(from.0)].tc(name)
    }

    /// Adds one parsed module whose imports are loaded. Definitions whose parent cannot be
    /// found are reported as warnings, the rest are kept.
    pub(crate) fn add_parsed(
        &mut self,
        ast: &ModuleAst,
        file: Option<std::path::PathBuf>,
        warnings: &mut Vec<MibError>,
    ) -> ModuleId {
        let id = self.add_module_entry(&ast.name, file.clone());
        let where_ = file
            .as_ref()
            .map_or_else(|| ast.name.clone(), |f| f.display().to_string());
        for (symbols, from) in &ast.imports {
            if let Some(&fid) = self.module_ids.get(from.as_str()) {
                for s in symbols {
                    self.modules[usize::from(id.0)]
                        .imports
                        .insert(s.as_str().into(), fid);
                }
            }
        }
        // Textual conventions first (a TC may be used before it is defined).
        let mut pending: Vec<_> = ast
            .defs
            .iter()
            .filter_map(|d| match &d.body {
                Body::Type { syntax, hint } => Some((d, syntax, hint)),
                _ => None,
            })
            .collect();
        while !pending.is_empty() {
            let before = pending.len();
            pending.retain(|(d, syntax, hint)| {
                let base = match &syntax.ty {
                    TypeRef::Base(b) => *b,
                    TypeRef::Named(n) => match self.find_tc(id, n) {
                        Some(tc) => tc.base,
                        None => return true,
                    },
                };
                if base != BaseType::Other {
                    self.modules[usize::from(id.0)].add_tc(TextualConvention {
                        name: d.name.as_str().into(),
                        base,
                        hint: hint.as_deref().map(Into::into),
                        enums: syntax.enums.clone().unwrap_or_default(),
                        ranges: syntax.ranges.clone().unwrap_or_default(),
                    });
                }
                false
            });
            if pending.len() == before {
                break;
            }
        }
        // Nodes, until no more parents can be found.
        let mut pending: Vec<_> = ast
            .defs
            .iter()
            .filter(|d| !matches!(d.body, Body::Type { .. }))
            .collect();
        while !pending.is_empty() {
            let before = pending.len();
            pending.retain(|d| !self.place(id, d));
            if pending.len() == before {
                break;
            }
        }
        for d in pending {
            let parent = match &d.body {
                Body::Node { oid, .. } => match oid.first() {
                    Some(OidPart::Name(n) | OidPart::NamedNum(n, _)) => n.clone(),
                    _ => String::new(),
                },
                Body::Trap { enterprise, .. } => enterprise.clone(),
                Body::Type { .. } => String::new(),
            };
            warnings.push(MibError::Unresolved {
                file: where_.clone(),
                line: d.line,
                name: d.name.clone(),
                parent,
            });
        }
        id
    }

    /// Puts one definition into the tree; false if its parent is not known yet.
    fn place(&mut self, module: ModuleId, d: &crate::parser::Def) -> bool {
        match &d.body {
            Body::Trap { enterprise, number } => {
                let Some(ent) = self.find_in(Some(module), enterprise) else {
                    return false;
                };
                let hash = format!("{enterprise}#");
                let (zero, _) = self.insert_child(ent.0, 0, Some(&hash), Some(module));
                let (n, new) = self.insert_child(zero, *number, Some(&d.name), Some(module));
                if new {
                    self.nodes[n as usize].kind = NodeKind::Notification;
                }
                self.modules[usize::from(module.0)]
                    .nodes
                    .insert(d.name.as_str().into(), n);
                true
            }
            Body::Node {
                kind,
                oid,
                syntax,
                access,
                units,
                index,
                augments,
            } => {
                let (first, rest) = oid.split_first().expect("OID values are never empty");
                let mut at = match first {
                    OidPart::Name(n) => match self.find_in(Some(module), n) {
                        Some(p) => p.0,
                        None => return false,
                    },
                    OidPart::NamedNum(n, v) => match self.find_in(Some(module), n) {
                        Some(p) => p.0,
                        None => self.insert_child(0, *v, Some(n), None).0,
                    },
                    OidPart::Num(v) => self.insert_child(0, *v, None, None).0,
                };
                let Some((last, middle)) = rest.split_last() else {
                    // `name ::= { parent }`: an alias; net-snmp gives it the parent's arc.
                    return true;
                };
                for part in middle {
                    at = match part {
                        OidPart::NamedNum(l, v) => {
                            self.insert_child(at, *v, Some(l), Some(module)).0
                        }
                        OidPart::Num(v) => match self.child(at, *v) {
                            Some(c) => c,
                            None => self.insert_child(at, *v, None, None).0,
                        },
                        OidPart::Name(l) => match self.find_in(Some(module), l) {
                            Some(c) => c.0,
                            None => return false,
                        },
                    };
                }
                let subid = match last {
                    OidPart::Num(v) | OidPart::NamedNum(_, v) => *v,
                    OidPart::Name(_) => return true,
                };
                let (n, new) = self.insert_child(at, subid, Some(&d.name), Some(module));
                if new {
                    let syntax = syntax
                        .as_ref()
                        .map(|s| self.resolve_syntax(module, s))
                        .unwrap_or_default();
                    let node = &mut self.nodes[n as usize];
                    node.kind = *kind;
                    node.syntax = syntax;
                    node.access = *access;
                    node.units = units.as_deref().map(Into::into);
                    node.index.clone_from(index);
                    node.augments = augments.as_deref().map(Into::into);
                }
                self.modules[usize::from(module.0)]
                    .nodes
                    .insert(d.name.as_str().into(), n);
                true
            }
            Body::Type { .. } => true,
        }
    }
}
