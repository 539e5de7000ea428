//! Loading MIB modules from files: the MIB directories (`-M`, `MIBDIRS`, `~/.snmp/mibs`,
//! `/usr/share/snmp/mibs`) and the module list (`-m`, `MIBS`), with net-snmp's `+` rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::MibError;
use crate::mib::Mib;
use crate::parser;
use crate::tree::ModuleId;

/// The default MIB directories: `$HOME/.snmp/mibs` and `/usr/share/snmp/mibs`.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut d = Vec::new();
    if let Some(home) = std::env::var_os("HOME") {
        d.push(Path::new(&home).join(".snmp/mibs"));
    }
    d.push(PathBuf::from("/usr/share/snmp/mibs"));
    d
}

/// The MIB directories as net-snmp chooses them: `-M` (its argument) replaces the list,
/// or, starting with `+`, goes before it; the list is `MIBDIRS` (same `+` rule) or
/// [`default_dirs`].
pub fn search_dirs(option: Option<&str>, env: Option<&str>) -> Vec<PathBuf> {
    fn split(s: &str) -> Vec<PathBuf> {
        s.split([':', ';'])
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect()
    }
    fn apply(spec: Option<&str>, base: Vec<PathBuf>) -> Vec<PathBuf> {
        match spec {
            None => base,
            Some(s) => match s.strip_prefix('+') {
                Some(rest) => {
                    let mut d = split(rest);
                    d.extend(base);
                    d
                }
                None => split(s),
            },
        }
    }
    apply(option, apply(env, default_dirs()))
}

/// What the module list asks for (`-m` / `MIBS`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModuleList {
    /// `ALL`: every module in the MIB directories.
    pub all: bool,
    /// Modules named.
    pub modules: Vec<String>,
}

impl ModuleList {
    /// Parses `-m`'s argument and `MIBS` (the option wins; a leading `+` adds to the
    /// environment's list instead of replacing it). The built-in modules are always loaded;
    /// these name the modules to read from files in addition.
    pub fn parse(option: Option<&str>, env: Option<&str>) -> Self {
        let mut l = Self::default();
        let mut add = |s: &str| {
            for m in s.split([':', ';', ',', ' ']).filter(|m| !m.is_empty()) {
                if m == "ALL" {
                    l.all = true;
                } else if !l.modules.iter().any(|x| x == m) {
                    l.modules.push(m.to_owned());
                }
            }
        };
        match option {
            Some(o) => {
                if let Some(rest) = o.strip_prefix('+') {
                    add(env.unwrap_or("").trim_start_matches('+'));
                    add(rest);
                } else {
                    add(o);
                }
            }
            None => add(env.unwrap_or("").trim_start_matches('+')),
        }
        l
    }
}

/// Reads MIB modules from directories into a [`Mib`], importing what they import.
///
/// A module the `Mib` already has (a built-in one) is not read again. Errors in one file
/// never stop the others: they are collected ([`Loader::take_warnings`]).
#[derive(Debug, Default)]
pub struct Loader {
    dirs: Vec<PathBuf>,
    index: Option<Vec<(String, PathBuf)>>,
    by_name: HashMap<String, PathBuf>,
    failed: HashMap<String, MibError>,
    warnings: Vec<MibError>,
}

impl Loader {
    /// A loader searching `dirs`, the first directory first.
    pub fn new(dirs: Vec<PathBuf>) -> Self {
        Self {
            dirs,
            ..Self::default()
        }
    }

    /// The directories searched.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The modules the directories hold, each with its file, in net-snmp's `ALL` order
    /// (file names sorted, then read from the last to the first).
    fn scan(&mut self) -> &[(String, PathBuf)] {
        if self.index.is_none() {
            let mut found: Vec<(String, PathBuf)> = Vec::new();
            for dir in &self.dirs {
                let Ok(rd) = std::fs::read_dir(dir) else {
                    continue;
                };
                let mut files: Vec<PathBuf> = rd
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                        !n.starts_with('.')
                            && !n.starts_with('#')
                            && !n.ends_with('#')
                            && !n.ends_with('~')
                            && p.is_file()
                    })
                    .collect();
                files.sort();
                for f in files {
                    let Ok(text) = std::fs::read(&f) else {
                        continue;
                    };
                    if let Some(name) = parser::module_name_of(&text)
                        && !self.by_name.contains_key(&name)
                    {
                        self.by_name.insert(name.clone(), f.clone());
                        found.push((name, f));
                    }
                }
            }
            found.reverse();
            self.index = Some(found);
        }
        self.index.as_deref().unwrap_or_default()
    }

    /// The file of the directories that defines module `name` (the first directory's
    /// first), whether or not it is loaded.
    pub fn module_file(&mut self, name: &str) -> Option<PathBuf> {
        self.scan();
        self.by_name.get(name).cloned()
    }

    /// Loads module `name` (and its imports) unless `mib` has it.
    ///
    /// # Errors
    /// [`MibError::UnknownModule`] when no directory has it; [`MibError::Syntax`] or
    /// [`MibError::Io`] for its file. Errors in modules it imports are warnings.
    pub fn load(&mut self, mib: &mut Mib, name: &str) -> Result<ModuleId, MibError> {
        self.load_inner(mib, name, 0)
    }

    fn load_inner(&mut self, mib: &mut Mib, name: &str, depth: u32) -> Result<ModuleId, MibError> {
        if let Some(id) = mib.module(name) {
            return Ok(id);
        }
        if let Some(e) = self.failed.get(name) {
            return Err(e.clone());
        }
        self.scan();
        let Some(file) = self.by_name.get(name).cloned() else {
            let e = MibError::UnknownModule {
                module: name.to_owned(),
                dirs: self
                    .dirs
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(":"),
            };
            self.failed.insert(name.to_owned(), e.clone());
            return Err(e);
        };
        let r = self.load_file_inner(mib, &file, depth);
        match r {
            Ok(()) => mib.module(name).ok_or_else(|| MibError::Syntax {
                file: file.display().to_string(),
                line: 1,
                message: format!("module {name} not defined in this file"),
            }),
            Err(e) => {
                self.failed.insert(name.to_owned(), e.clone());
                Err(e)
            }
        }
    }

    /// Reads one file and adds the modules it defines.
    ///
    /// # Errors
    /// [`MibError::Io`] or [`MibError::Syntax`] (file and line).
    pub fn load_file(&mut self, mib: &mut Mib, file: &Path) -> Result<(), MibError> {
        self.load_file_inner(mib, file, 0)
    }

    /// Adds the modules of a MIB text held in memory (a module embedded in a program, or
    /// read from elsewhere); `origin` names it in errors. Imports are looked up in the
    /// directories as for a file.
    ///
    /// # Errors
    /// [`MibError::Syntax`] naming `origin` and the line.
    pub fn load_bytes(
        &mut self,
        mib: &mut Mib,
        origin: &Path,
        text: &[u8],
    ) -> Result<(), MibError> {
        self.add_text(mib, origin, text, 0)
    }

    fn load_file_inner(&mut self, mib: &mut Mib, file: &Path, depth: u32) -> Result<(), MibError> {
        let text = std::fs::read(file).map_err(|e| MibError::Io {
            file: file.display().to_string(),
            message: e.to_string(),
        })?;
        self.add_text(mib, file, &text, depth)
    }

    fn add_text(
        &mut self,
        mib: &mut Mib,
        file: &Path,
        text: &[u8],
        depth: u32,
    ) -> Result<(), MibError> {
        let modules = parser::parse(text).map_err(|e| MibError::Syntax {
            file: file.display().to_string(),
            line: e.line,
            message: e.message,
        })?;
        for ast in modules {
            if mib.module(&ast.name).is_some() {
                continue;
            }
            if depth < 64 {
                for (_, from) in &ast.imports {
                    // RFC-1212 holds only the SMIv1 OBJECT-TYPE macro; net-snmp does not
                    // ship it either.
                    if from == "RFC-1212" {
                        continue;
                    }
                    if mib.module(from).is_none()
                        && let Err(e) = self.load_inner(mib, from, depth + 1)
                        && !self.warnings.contains(&e)
                    {
                        self.warnings.push(e);
                    }
                }
            }
            if mib.module(&ast.name).is_none() {
                mib.add_parsed(&ast, Some(file.to_path_buf()), &mut self.warnings);
            }
        }
        Ok(())
    }

    /// Loads every module of the directories (`-m ALL`), in net-snmp's order; returns the
    /// errors (the other modules are loaded).
    pub fn load_all(&mut self, mib: &mut Mib) -> Vec<MibError> {
        let names: Vec<String> = self.scan().iter().map(|(n, _)| n.clone()).collect();
        let mut errors = Vec::new();
        for n in names {
            if let Err(e) = self.load(mib, &n)
                && !errors.contains(&e)
            {
                errors.push(e);
            }
        }
        errors
    }

    /// Problems met in modules that were loaded anyway, or in modules they import.
    pub fn take_warnings(&mut self) -> Vec<MibError> {
        std::mem::take(&mut self.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_rules() {
        let d = search_dirs(Some("/a:/b"), Some("/env"));
        assert_eq!(d, [PathBuf::from("/a"), PathBuf::from("/b")]);
        let d = search_dirs(Some("+/a"), Some("/env"));
        assert_eq!(d, [PathBuf::from("/a"), PathBuf::from("/env")]);
        let d = search_dirs(None, Some("+/e"));
        assert_eq!(d[0], PathBuf::from("/e"));
        assert!(d.len() >= 2);
        let l = ModuleList::parse(Some("+FOO-MIB"), Some("BAR-MIB"));
        assert_eq!(l.modules, ["BAR-MIB", "FOO-MIB"]);
        let l = ModuleList::parse(Some("ALL"), None);
        assert!(l.all);
        let l = ModuleList::parse(None, Some("A:B"));
        assert_eq!(l.modules, ["A", "B"]);
    }

    /// A named component inside another definition's OID value (`org(3)` in RFC1155-SMI's
    /// `{ iso org(3) dod(6) 1 }`) counts that module among the node's definers, as
    /// net-snmp's `-Td` FROM list shows; the node keeps its first module.
    #[test]
    fn a_named_component_of_an_oid_value_adds_its_module() {
        let mut mib = Mib::builtin();
        let mut loader = Loader::new(Vec::new());
        let first = b"FIRST-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
fHub OBJECT IDENTIFIER ::= { enterprises 99998 }
END
";
        let second = b"SECOND-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
sLeaf OBJECT IDENTIFIER ::= { enterprises fHub(99998) sNew(4) 1 }
END
";
        loader
            .load_bytes(&mut mib, Path::new("first.mib"), first)
            .unwrap();
        loader
            .load_bytes(&mut mib, Path::new("second.mib"), second)
            .unwrap();
        let names = |label: &str| -> Vec<String> {
            let n = mib.find(label).unwrap();
            let modules = mib.node(n).modules().iter();
            modules.map(|&m| mib.module_name(m).to_owned()).collect()
        };
        assert_eq!(names("fHub"), ["FIRST-MIB", "SECOND-MIB"]);
        // A node first named by a component belongs to the module that named it.
        assert_eq!(names("sNew"), ["SECOND-MIB"]);
        assert_eq!(names("sLeaf"), ["SECOND-MIB"]);
        let org = mib.find("org").unwrap();
        let builtin: Vec<&str> = mib
            .node(org)
            .modules()
            .iter()
            .map(|&m| mib.module_name(m))
            .collect();
        assert_eq!(
            builtin,
            ["SNMPv2-SMI", "RFC1155-SMI"],
            "the built-in table too"
        );
    }

    #[test]
    fn modules_from_memory() {
        let mut mib = Mib::builtin();
        let mut loader = Loader::new(Vec::new());
        let text = b"MEM-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI;
memState OBJECT-TYPE
    SYNTAX INTEGER { up(1), down(2) }
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION \"state\"
    ::= { enterprises 99999 1 }
END
";
        loader
            .load_bytes(&mut mib, Path::new("mem.mib"), text)
            .unwrap();
        let oid = mib
            .parse_oid("MEM-MIB::memState.0", &crate::InputOptions::default())
            .unwrap();
        assert_eq!(oid, [1, 3, 6, 1, 4, 1, 99999, 1, 0]);
        let mut line = Vec::new();
        crate::Formatter::new(&mib, crate::OutputOptions::default()).varbind(
            &oid,
            &winsnmp_wire::Value::Integer(2),
            &mut line,
        );
        assert_eq!(line, b"MEM-MIB::memState.0 = INTEGER: down(2)");
        let e = loader
            .load_bytes(
                &mut mib,
                Path::new("bad.mib"),
                b"BAD-MIB DEFINITIONS ::= BEGIN\n x ::= {\n",
            )
            .unwrap_err();
        assert!(
            matches!(e, MibError::Syntax { ref file, .. } if file == "bad.mib"),
            "{e}"
        );
    }
}
