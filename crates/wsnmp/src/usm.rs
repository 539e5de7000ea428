//! net-snmp's SNMPv3 command-line options (`-l -u -a -A -x -X -e -E -n -Z`) and
//! `createUser`-style user descriptions (`NAME [AUTH PASS [PRIV PASS]]`), turned into the
//! `winsnmp` SNMPv3 settings.

use winsnmp::api;
use winsnmp::engine::usm::{EntitySecurity, UsmUser};
use winsnmp::wire::SecurityLevel;
use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};

use crate::client::Failure;

/// SNMPv3 options, spelled as net-snmp's tools spell them.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct V3Opts {
    /// SNMPv3 security level: noAuthNoPriv, authNoPriv or authPriv (default noAuthNoPriv).
    #[arg(short = 'l', value_name = "LEVEL")]
    pub(crate) level: Option<String>,
    /// SNMPv3 security (user) name.
    #[arg(short = 'u', value_name = "USER")]
    pub(crate) user: Option<String>,
    /// Authentication protocol: MD5 (default), SHA, SHA-224, SHA-256, SHA-384, SHA-512.
    #[arg(short = 'a', value_name = "PROTOCOL")]
    pub(crate) auth: Option<String>,
    /// Authentication pass phrase (at least 8 characters).
    #[arg(short = 'A', value_name = "PASSPHRASE")]
    pub(crate) auth_pass: Option<String>,
    /// Privacy protocol: DES (default), 3DES, AES, AES-192, AES-256, AES-192-C, AES-256-C.
    #[arg(short = 'x', value_name = "PROTOCOL")]
    pub(crate) privacy: Option<String>,
    /// Privacy pass phrase (at least 8 characters).
    #[arg(short = 'X', value_name = "PASSPHRASE")]
    pub(crate) priv_pass: Option<String>,
    /// Security (authoritative) engine ID in hex, e.g. 800000020109840301: no discovery.
    #[arg(short = 'e', value_name = "ENGINE-ID")]
    pub(crate) engine_id: Option<String>,
    /// Context engine ID in hex (default: the security engine's).
    #[arg(short = 'E', value_name = "ENGINE-ID")]
    pub(crate) context_engine_id: Option<String>,
    /// Context name (default: the empty, default context).
    #[arg(short = 'n', value_name = "CONTEXT")]
    pub(crate) context: Option<String>,
    /// The destination engine's boots and time, `BOOTS,TIME`, to skip time discovery.
    #[arg(short = 'Z', value_name = "BOOTS,TIME")]
    pub(crate) boots_time: Option<String>,
}

/// Hex engine ID as net-snmp takes it (`0x` prefix optional, 5 to 32 octets).
pub(crate) fn parse_engine_id(s: &str) -> Result<Vec<u8>, Failure> {
    let t = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    let bad = || {
        Failure::Usage(format!(
            "bad engine ID {s:?} (expected 5 to 32 octets in hex)"
        ))
    };
    if !t.len().is_multiple_of(2) || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let v: Vec<u8> = (0..t.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&t[i..i + 2], 16).map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    if !(5..=32).contains(&v.len()) {
        return Err(bad());
    }
    Ok(v)
}

fn parse_level(s: &str) -> Result<SecurityLevel, Failure> {
    s.parse()
        .map_err(|e: winsnmp::wire::ParseLevelError| Failure::Usage(e.to_string()))
}

fn parse_auth(s: &str) -> Result<AuthProtocol, Failure> {
    s.parse().map_err(|e| Failure::Usage(format!("{e}")))
}

fn parse_priv(s: &str) -> Result<PrivProtocol, Failure> {
    s.parse().map_err(|e| Failure::Usage(format!("{e}")))
}

/// A user from protocol names and pass phrases; the 1 MB digests go through the
/// process-wide master-key cache.
fn make_user(
    name: &str,
    auth: Option<(AuthProtocol, &str)>,
    privacy: Option<(PrivProtocol, &str)>,
) -> Result<UsmUser, Failure> {
    for (what, pass) in [
        ("authentication", auth.map(|a| a.1)),
        ("privacy", privacy.map(|p| p.1)),
    ] {
        if let Some(p) = pass
            && p.len() < 8
        {
            return Err(Failure::Usage(format!(
                "{what} pass phrase is too short (the USM needs at least 8 characters)"
            )));
        }
    }
    api::usm_user(
        name.as_bytes(),
        auth.map(|(a, p)| (a, p.as_bytes())),
        privacy.map(|(x, p)| (x, p.as_bytes())),
    )
    .map_err(|e| Failure::Usage(format!("user {name:?}: {e}")))
}

impl V3Opts {
    /// Whether any SNMPv3 option was given (they need `-v3`).
    pub(crate) fn any(&self) -> bool {
        self.level.is_some()
            || self.user.is_some()
            || self.auth.is_some()
            || self.auth_pass.is_some()
            || self.privacy.is_some()
            || self.priv_pass.is_some()
            || self.engine_id.is_some()
            || self.context_engine_id.is_some()
            || self.context.is_some()
            || self.boots_time.is_some()
    }

    /// The context name (`-n`, default empty).
    pub(crate) fn context_name(&self) -> &[u8] {
        self.context.as_deref().unwrap_or("").as_bytes()
    }

    /// The security engine ID of `-e`, if given.
    pub(crate) fn engine(&self) -> Result<Option<Vec<u8>>, Failure> {
        self.engine_id.as_deref().map(parse_engine_id).transpose()
    }

    /// The settings of an SNMPv3 target, as net-snmp derives them: level noAuthNoPriv,
    /// MD5 and DES unless given; the pass phrase a level needs must be there.
    pub(crate) fn security(&self) -> Result<EntitySecurity, Failure> {
        let name = self
            .user
            .as_deref()
            .ok_or_else(|| Failure::Usage("no security name given (-u USER)".into()))?;
        let level = match &self.level {
            Some(l) => parse_level(l)?,
            None => SecurityLevel::NoAuthNoPriv,
        };
        let auth = if level.auth() {
            let p = match &self.auth {
                Some(a) => parse_auth(a)?,
                None => AuthProtocol::Md5,
            };
            let pass = self.auth_pass.as_deref().ok_or_else(|| {
                Failure::Usage(format!("{level} needs an authentication pass phrase (-A)"))
            })?;
            Some((p, pass))
        } else {
            None
        };
        let privacy = if level.privacy() {
            let p = match &self.privacy {
                Some(x) => parse_priv(x)?,
                None => PrivProtocol::Des,
            };
            let pass = self.priv_pass.as_deref().ok_or_else(|| {
                Failure::Usage("authPriv needs a privacy pass phrase (-X)".into())
            })?;
            Some((p, pass))
        } else {
            None
        };
        let user = make_user(name, auth, privacy)?;
        let mut sec = EntitySecurity::new(user, level);
        sec.engine_id = self.engine()?;
        sec.context_engine_id = self
            .context_engine_id
            .as_deref()
            .map(parse_engine_id)
            .transpose()?;
        sec.boots_time = self
            .boots_time
            .as_deref()
            .map(parse_boots_time)
            .transpose()?;
        Ok(sec)
    }
}

fn parse_boots_time(s: &str) -> Result<(u32, u32), Failure> {
    let bad = || Failure::Usage(format!("bad -Z {s:?} (expected BOOTS,TIME)"));
    let (b, t) = s.split_once(',').ok_or_else(bad)?;
    let b: u32 = b.trim().parse().map_err(|_| bad())?;
    let t: u32 = t.trim().parse().map_err(|_| bad())?;
    if b > i32::MAX as u32 || t > i32::MAX as u32 {
        return Err(bad());
    }
    Ok((b, t))
}

/// A user as net-snmp's `createUser` describes it: `[-e ENGINEID] NAME [AUTH AUTHPASS [PRIV
/// PRIVPASS]]` (pass phrases may be quoted). Returns the user and the engine it is bound to.
pub(crate) fn parse_create_user(spec: &str) -> Result<(UsmUser, Option<Vec<u8>>), Failure> {
    let words = split_words(spec)?;
    let mut w: &[String] = &words;
    let mut engine = None;
    if w.first().is_some_and(|x| x == "-e") {
        let id = w
            .get(1)
            .ok_or_else(|| Failure::Usage(format!("user {spec:?}: -e needs an engine ID")))?;
        engine = Some(parse_engine_id(id)?);
        w = &w[2..];
    }
    let usage = || {
        Failure::Usage(format!(
            "bad user {spec:?} (expected \"NAME [AUTH AUTHPASS [PRIV PRIVPASS]]\", as createUser)"
        ))
    };
    let (name, rest) = w.split_first().ok_or_else(usage)?;
    let user = match rest {
        [] => make_user(name, None, None)?,
        [a, ap] => make_user(name, Some((parse_auth(a)?, ap)), None)?,
        [a, ap, x, xp] => make_user(name, Some((parse_auth(a)?, ap)), Some((parse_priv(x)?, xp)))?,
        // createUser allows the privacy pass phrase to default to the authentication one.
        [a, ap, x] => make_user(name, Some((parse_auth(a)?, ap)), Some((parse_priv(x)?, ap)))?,
        _ => return Err(usage()),
    };
    Ok((user, engine))
}

/// Splits on whitespace, keeping "double-quoted words" together.
fn split_words(s: &str) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            c => {
                cur.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err(Failure::Usage(format!("unbalanced quote in {s:?}")));
    }
    if started {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_ids() {
        assert_eq!(
            parse_engine_id("0x8000000001020304").unwrap(),
            [0x80, 0, 0, 0, 1, 2, 3, 4]
        );
        assert_eq!(parse_engine_id("80001f8880").unwrap().len(), 5);
        for bad in ["", "0x", "800", "8000", "zz00000000", &"00".repeat(33)] {
            assert!(parse_engine_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn create_user_words() {
        let (u, e) = parse_create_user("alice SHA \"auth pass 1\" AES privpass123").unwrap();
        assert_eq!(u.name, b"alice");
        assert_eq!(u.max_level(), SecurityLevel::AuthPriv);
        assert_eq!(e, None);
        let (u, e) = parse_create_user("-e 0x8000000001020304 bob MD5 authpass123").unwrap();
        assert_eq!(u.max_level(), SecurityLevel::AuthNoPriv);
        assert_eq!(e.unwrap().len(), 8);
        let (u, _) = parse_create_user("carol").unwrap();
        assert_eq!(u.max_level(), SecurityLevel::NoAuthNoPriv);
        for bad in [
            "",
            "dave SHA",
            "dave SHA short",
            "dave SHA1X authpass123",
            "dave SHA authpass123 AES privpass123 extra",
            "\"dave",
        ] {
            assert!(parse_create_user(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn security_defaults_are_net_snmps() {
        let o = V3Opts {
            user: Some("u".into()),
            level: Some("authPriv".into()),
            auth_pass: Some("authpass123".into()),
            priv_pass: Some("privpass123".into()),
            ..V3Opts::default()
        };
        let s = o.security().unwrap();
        assert_eq!(s.user.auth.as_ref().unwrap().0, AuthProtocol::Md5);
        assert_eq!(s.user.privacy.as_ref().unwrap().0, PrivProtocol::Des);
        let missing = V3Opts {
            priv_pass: None,
            ..o.clone()
        };
        assert!(missing.security().is_err());
        assert!(V3Opts::default().security().is_err(), "no -u");
        let z = V3Opts {
            boots_time: Some("3,99".into()),
            ..o
        };
        assert_eq!(z.security().unwrap().boots_time, Some((3, 99)));
    }
}
