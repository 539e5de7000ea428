//! The translated-mode database (Appendix E 9): a TOML text of `[entity.NAME]` and
//! `[context.NAME]` tables. Reading the file is the `winsnmp` crate's job (it hands the text
//! in with [`crate::Engine::handle_database`]); this module only parses text.
//!
//! ```toml
//! trap_port = 10162         # optional: where SnmpRegister listens (default 162)
//!
//! [entity.router]
//! address = "192.0.2.1"     # IPv4, IPv6 or a host name (resolved when an entity is made)
//! port = 161                # optional, default 161
//! version = "v2c"           # "v1" or "v2c" (also 1 / 2); optional, default v1
//! timeout = 250             # hundredths of a second; optional, default 100
//! retry = 2                 # optional, default 3
//!
//! [context.ro]
//! community = "public"
//! ```

use std::collections::HashMap;

use serde::Deserialize;
use winsnmp_wire::Version;

/// One `[entity.NAME]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbEntity {
    /// Address or host name, not yet resolved.
    pub address: String,
    /// UDP port.
    pub port: u16,
    /// SNMP version of outgoing messages.
    pub version: Version,
    /// Policy timeout in hundredths of a second.
    pub timeout: u32,
    /// Policy retry count.
    pub retry: u32,
}

/// One `[context.NAME]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbContext {
    /// The community string.
    pub community: Vec<u8>,
}

/// A parsed database, or the reason it could not be read.
#[derive(Debug, Clone, Default)]
pub struct Database {
    entities: HashMap<String, DbEntity>,
    contexts: HashMap<String, DbContext>,
    trap_port: Option<u16>,
    broken: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRepr {
    trap_port: Option<u16>,
    #[serde(default)]
    entity: HashMap<String, EntityRepr>,
    #[serde(default)]
    context: HashMap<String, ContextRepr>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum VersionRepr {
    Num(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityRepr {
    address: String,
    port: Option<u16>,
    version: Option<VersionRepr>,
    timeout: Option<u32>,
    retry: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextRepr {
    community: String,
}

impl Database {
    /// An empty database (no file).
    pub fn empty() -> Self {
        Self::default()
    }

    /// A database that failed to load: every lookup fails and reports `reason`.
    pub fn broken(reason: impl Into<String>) -> Self {
        Self {
            broken: Some(reason.into()),
            ..Self::default()
        }
    }

    /// Parses the TOML text.
    ///
    /// # Errors
    /// A description of the first problem (syntax, unknown key, bad version, port 0).
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: FileRepr = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut entities = HashMap::new();
        for (name, e) in file.entity {
            let version = match e.version {
                None => Version::V1,
                Some(VersionRepr::Num(1)) => Version::V1,
                Some(VersionRepr::Num(2)) => Version::V2c,
                Some(VersionRepr::Text(t)) if t.eq_ignore_ascii_case("v1") => Version::V1,
                Some(VersionRepr::Text(t)) if t.eq_ignore_ascii_case("v2c") => Version::V2c,
                Some(_) => return Err(format!("entity.{name}: version must be \"v1\" or \"v2c\"")),
            };
            let port = e.port.unwrap_or(crate::consts::DEFAULT_SNMP_PORT_UDP);
            if port == 0 {
                return Err(format!("entity.{name}: port 0"));
            }
            entities.insert(
                name,
                DbEntity {
                    address: e.address,
                    port,
                    version,
                    timeout: e.timeout.unwrap_or(crate::consts::DEFAULT_TIMEOUT),
                    retry: e.retry.unwrap_or(crate::consts::DEFAULT_RETRY),
                },
            );
        }
        let contexts = file
            .context
            .into_iter()
            .map(|(n, c)| {
                (
                    n,
                    DbContext {
                        community: c.community.into_bytes(),
                    },
                )
            })
            .collect();
        if file.trap_port == Some(0) {
            return Err("trap_port 0".to_owned());
        }
        Ok(Self {
            entities,
            contexts,
            trap_port: file.trap_port,
            broken: None,
        })
    }

    /// The top-level `trap_port` key: the UDP port trap registrations listen on
    /// (Appendix E 10), unless `$WINSNMP_TRAP_PORT` says otherwise.
    pub fn trap_port(&self) -> Option<u16> {
        self.trap_port
    }

    /// Why the database could not be loaded, if it could not.
    pub fn error(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    /// The entity called `name`.
    pub fn entity(&self, name: &str) -> Option<&DbEntity> {
        self.entities.get(name)
    }

    /// The context called `name`.
    pub fn context(&self, name: &str) -> Option<&DbContext> {
        self.contexts.get(name)
    }

    /// Every entity entry.
    pub fn entities(&self) -> impl Iterator<Item = (&str, &DbEntity)> {
        self.entities.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The name of a context whose community is `community`, if any (the smallest name when
    /// several match, so the answer is stable).
    pub fn context_name_for(&self, community: &[u8]) -> Option<&str> {
        self.contexts
            .iter()
            .filter(|(_, c)| c.community == community)
            .map(|(n, _)| n.as_str())
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entities_and_contexts() {
        let db = Database::parse(
            r#"
            [entity.router]
            address = "192.0.2.1"
            port = 1161
            version = "v2c"
            timeout = 250
            retry = 1
            [entity.old]
            address = "::1"
            version = 1
            [context.ro]
            community = "public"
            "#,
        )
        .unwrap();
        let r = db.entity("router").unwrap();
        assert_eq!(
            (r.port, r.version, r.timeout, r.retry),
            (1161, Version::V2c, 250, 1)
        );
        let o = db.entity("old").unwrap();
        assert_eq!(
            (o.port, o.version, o.timeout, o.retry),
            (161, Version::V1, 100, 3)
        );
        assert_eq!(db.context("ro").unwrap().community, b"public");
        assert_eq!(db.context_name_for(b"public"), Some("ro"));
        assert!(db.entity("nope").is_none());
        assert_eq!(db.entities().count(), 2);
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        for bad in [
            "[entity.x]\n",
            "[entity.x]\naddress = 5\n",
            "[entity.x]\naddress = \"h\"\nversion = \"v3\"\n",
            "[entity.x]\naddress = \"h\"\nport = 0\n",
            "[entity.x]\naddress = \"h\"\nport = 70000\n",
            "[entity.x]\naddress = \"h\"\ncolour = 1\n",
            "[context.c]\n",
            "not toml at all [[[",
            "\u{0}",
        ] {
            assert!(Database::parse(bad).is_err(), "{bad:?}");
        }
        let b = Database::broken("why");
        assert_eq!(b.error(), Some("why"));
        assert!(Database::parse("").unwrap().error().is_none());
    }
}
