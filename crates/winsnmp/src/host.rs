//! What the runtime does for the engine in a real process: reading the entity database file
//! (Appendix E 9), resolving host names through the system resolver, and logging to
//! standard error. Reading and resolving can take long (a slow disk, DNS): the API layer
//! does both before it takes the runtime lock and hands the results to the engine, so the
//! driver and other callers never wait for them.

use std::ffi::OsString;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use winsnmp_engine::Host;

/// Where the database is looked for, first match wins:
/// 1. `$WINSNMP_CONFIG` (when set and non-empty: a missing file is an error);
/// 2. `$XDG_CONFIG_HOME/winsnmp/entities.toml` (`$HOME/.config` when `XDG_CONFIG_HOME` is
///    unset, as the XDG base-directory rules say);
/// 3. `/etc/winsnmp/entities.toml`.
///
/// Returns the explicit path (if any) and the default candidates.
pub fn database_paths(env: impl Fn(&str) -> Option<OsString>) -> (Option<PathBuf>, Vec<PathBuf>) {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(p) = set("WINSNMP_CONFIG") {
        return (Some(PathBuf::from(p)), Vec::new());
    }
    let mut candidates = Vec::new();
    let xdg = set("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(x) = xdg {
        candidates.push(x.join("winsnmp").join("entities.toml"));
    }
    candidates.push(PathBuf::from("/etc/winsnmp/entities.toml"));
    (None, candidates)
}

/// A path that replaces the environment lookup, set by [`crate::api::set_database_path`].
pub(crate) static PATH_OVERRIDE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// A host-name resolver: the name and port to the address to use, `None` if it does not
/// resolve. May block (it is never called with a lock of the runtime held).
pub type Resolver = Arc<dyn Fn(&str, u16) -> Option<SocketAddr> + Send + Sync>;

/// A resolver that replaces the system one, set by [`crate::api::set_resolver`].
pub(crate) static RESOLVER: Mutex<Option<Resolver>> = Mutex::new(None);

/// The engine's host in a real process: it logs to standard error.
#[derive(Debug, Default)]
pub(crate) struct StdHost;

impl Host for StdHost {
    fn log(&self, message: &str) {
        eprintln!("{message}");
    }
}

fn read(path: &PathBuf) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))
}

/// Resolves `host` with `port` through the system resolver (an IPv4 address preferred),
/// or through the resolver [`crate::api::set_resolver`] installed. Blocks as long as the
/// resolver does: call it with no runtime lock held.
pub(crate) fn resolve(host: &str, port: u16) -> Option<SocketAddr> {
    let custom = RESOLVER
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(r) = custom {
        return r(host, port);
    }
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs().ok()?.collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or_else(|| addrs.first())
        .copied()
}

/// Reads the entity database from the first place [`database_paths`] (or
/// [`crate::api::set_database_path`]) names: `Ok(None)` when there is no file, `Err(reason)`
/// when it exists but cannot be read. Blocks on the file system: call it with no runtime
/// lock held.
pub(crate) fn read_database() -> Result<Option<String>, String> {
    let forced = PATH_OVERRIDE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let (explicit, candidates) = match forced {
        Some(p) => (Some(p), Vec::new()),
        None => database_paths(|k| std::env::var_os(k)),
    };
    if let Some(p) = explicit {
        return read(&p).map(Some);
    }
    for p in candidates {
        if p.exists() {
            return read(&p).map(Some);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn lookup_order() {
        let (e, c) = database_paths(env(&[("WINSNMP_CONFIG", "/x.toml"), ("HOME", "/h")]));
        assert_eq!((e, c.len()), (Some(PathBuf::from("/x.toml")), 0));
        let (e, c) = database_paths(env(&[("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/h")]));
        assert_eq!(e, None);
        assert_eq!(
            c,
            vec![
                PathBuf::from("/xdg/winsnmp/entities.toml"),
                PathBuf::from("/etc/winsnmp/entities.toml")
            ]
        );
        let (_, c) = database_paths(env(&[("WINSNMP_CONFIG", ""), ("HOME", "/h")]));
        assert_eq!(c[0], PathBuf::from("/h/.config/winsnmp/entities.toml"));
        let (_, c) = database_paths(env(&[]));
        assert_eq!(c, vec![PathBuf::from("/etc/winsnmp/entities.toml")]);
    }

    #[test]
    fn resolves_localhost_and_reads_missing_file_as_error() {
        assert_eq!(resolve("localhost", 1161).map(|a| a.port()), Some(1161));
        assert!(read(&PathBuf::from("/nonexistent/winsnmp.toml")).is_err());
    }
}
