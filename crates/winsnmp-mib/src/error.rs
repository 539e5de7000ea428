//! Errors of loading MIB modules and of reading names and values.

/// Why a MIB module could not be loaded (or part of it). Each message is one line, naming
/// the file and line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MibError {
    /// No file in the MIB directories defines the module.
    #[error("cannot find MIB module {module} (searched {dirs})")]
    UnknownModule {
        /// The module asked for.
        module: String,
        /// The directories searched, `:`-separated.
        dirs: String,
    },
    /// A MIB file does not parse.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The line (1-based).
        line: u32,
        /// What was wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{file}: {message}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// A definition's parent is in no loaded module (the definition is left out).
    #[error("{file}:{line}: cannot resolve OID of {name} (parent {parent} is not defined)")]
    Unresolved {
        /// The file (or module).
        file: String,
        /// The line of the definition.
        line: u32,
        /// The definition.
        name: String,
        /// The unknown parent.
        parent: String,
    },
    /// The built-in table is damaged (never happens with the table the crate ships).
    #[error("built-in MIB table, line {line}: {message}")]
    Table {
        /// The table line.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// Why a name, an OID or a value given on the command line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A name no loaded module defines.
    #[error("{0}: Unknown Object Identifier")]
    UnknownName(String),
    /// A module name that is not loaded.
    #[error("{0}: Unknown MIB module")]
    UnknownModule(String),
    /// Not an OID at all.
    #[error("{0}: bad OID ({1})")]
    BadOid(String, String),
    /// A value that does not fit the object's syntax.
    #[error("{0}")]
    BadValue(String),
}
