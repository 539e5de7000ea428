//! `walk` and `bulkwalk`: the library's walk ([`winsnmp::client::Client::walk_with`]) with
//! net-snmp's `-C` options, each binding printed straight from the datagram.
//!
//! | option | `snmpwalk` | `snmpbulkwalk` | meaning |
//! |---|---|---|---|
//! | `-Cp` | yes | yes | print `Variables found: N` at the end |
//! | `-Ci` | yes | yes | GET the requested OID first and print it |
//! | `-CI` | yes | (extension) | no GET of the requested OID when the walk finds nothing |
//! | `-Cc` | yes | yes | do not check that the returned OIDs increase |
//! | `-Ct` | yes | (extension) | print the walk's wall-clock time on stderr |
//! | `-CE OID` | yes | (extension) | end the walk before OID |
//! | `-CrN`, `-CnN` | | yes | max-repetitions, non-repeaters (ignored, as 0) |

use std::time::Instant;

use winsnmp::client::{WalkItem, WalkLimit, WalkMode, WalkOptions, WalkStop};
use winsnmp_wire::{Oid, Value};

use crate::client::{Common, Conn, Failure};
use crate::print::Printer;

/// mib-2: where a walk starts without an OID, as net-snmp's `snmpwalk` does.
const MIB_2: &str = "1.3.6.1.2.1";

/// `-C` options of `walk` and `bulkwalk`.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct WalkCOpts {
    /// Walk options, as net-snmp's: p (print the count), i (GET the OID first), I (no GET
    /// when nothing is found), c (do not check that OIDs increase), t (time the walk), E OID
    /// (end before OID); bulkwalk also rN (max-repetitions) and nN (non-repeaters).
    #[arg(short = 'C', value_name = "OPT", allow_hyphen_values = true)]
    pub(crate) opts: Vec<String>,
}

/// The `-C` options read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parsed {
    print_count: bool,
    include: bool,
    no_get: bool,
    no_check: bool,
    time: bool,
    end: Option<String>,
    reps: i32,
}

impl WalkCOpts {
    fn parse(&self, bulk: bool) -> Result<Parsed, Failure> {
        let mut p = Parsed {
            print_count: false,
            include: false,
            no_get: false,
            no_check: false,
            time: false,
            end: None,
            reps: 10,
        };
        for o in &self.opts {
            let mut chars = o.chars();
            let Some(c) = chars.next() else {
                return Err(Failure::Usage("-C needs an option letter".into()));
            };
            let value = chars.as_str();
            let number = || -> Result<i32, Failure> {
                value
                    .parse()
                    .ok()
                    .filter(|v: &i32| *v >= 0)
                    .ok_or_else(|| Failure::Usage(format!("bad -C{o}: expected -C{c}<N>")))
            };
            match c {
                'p' => p.print_count ^= true,
                'i' => p.include ^= true,
                'I' => p.no_get ^= true,
                'c' => p.no_check ^= true,
                't' => p.time ^= true,
                'E' if value.is_empty() => {
                    return Err(Failure::Usage("-CE needs an OID (-CE OID)".into()));
                }
                'E' => p.end = Some(value.to_owned()),
                'r' if bulk => p.reps = number()?.max(1),
                'n' if bulk => {
                    number()?;
                }
                'T' => {
                    return Err(Failure::Usage(
                        "walk option -CT (time each request) is not supported by wsnmp".into(),
                    ));
                }
                _ => {
                    return Err(Failure::Usage(format!(
                        "unknown {}walk option -C{o}",
                        if bulk { "bulk" } else { "" }
                    )));
                }
            }
        }
        Ok(p)
    }
}

/// A walk's root as net-snmp reads it: `.1`, `iso` and `.0` are roots too (one
/// sub-identifier: the request names `.N.0`, and the walk ends where `.N` does).
pub(crate) fn root(s: &str) -> Result<(Oid, Option<WalkLimit>), Failure> {
    let arcs = crate::setval::parse_oid_any(s).map_err(Failure::Usage)?;
    let bad = || Failure::Usage(format!("bad OID {s:?}"));
    match arcs.as_slice() {
        [n] if *n <= 2 => {
            let start = Oid::from_arcs(&[*n, 0]).map_err(|_| bad())?;
            let limit = match n {
                2 => WalkLimit::EndOfMib,
                n => WalkLimit::Before(Oid::from_arcs(&[n + 1, 0]).map_err(|_| bad())?),
            };
            Ok((start, Some(limit)))
        }
        _ => Ok((Oid::from_arcs(&arcs).map_err(|_| bad())?, None)),
    }
}

/// `walk` (`bulk` false) and `bulkwalk`.
pub(crate) fn walk(
    common: &Common,
    copts: &WalkCOpts,
    bulk: bool,
    target: &str,
    oid: Option<&str>,
) -> Result<(), Failure> {
    let out = common.output_opts()?;
    let p = copts.parse(bulk)?;
    if bulk && common.v1() {
        return Err(Failure::Usage(
            "bulkwalk needs -v 2c (SNMPv1 has no GetBulk)".into(),
        ));
    }
    let (start, implied) = root(oid.unwrap_or(MIB_2))?;
    let limit = match &p.end {
        Some(e) => WalkLimit::Before(root(e)?.0),
        None => implied.unwrap_or(WalkLimit::Subtree),
    };
    let mode = if bulk {
        WalkMode::GetBulk
    } else {
        WalkMode::GetNext
    };
    let opts = WalkOptions::new(mode)
        .limit(limit)
        .check_increasing(!p.no_check)
        .include_root(p.include)
        .get_if_empty(!p.no_get);
    let conn = Conn::open(common, target, 161, p.reps)?;
    let mut printer = Printer::new(out, common.json);
    let json = printer.json();
    let mut found = 0u64;
    let started = Instant::now();
    let r = conn.client().walk_with(&start, &opts, |item| {
        match item {
            WalkItem::Binding(vb) => {
                printer.row(vb);
                found += 1;
            }
            // As snmpwalk and snmpbulkwalk, say so when the walk ran off the end of the
            // agent's MIB (counted among the variables found, as net-snmp counts it).
            WalkItem::Stopped(WalkStop::EndOfMibView(name)) => {
                found += 1;
                if !json {
                    printer.binding_parts(name.as_raw(), &Value::EndOfMibView);
                }
            }
            WalkItem::Stopped(WalkStop::NoSuchName) => {
                if !json {
                    printer.line(b"End of MIB");
                }
            }
            WalkItem::Stopped(_) => {}
        }
        Ok(())
    });
    let elapsed = started.elapsed();
    r.map_err(|e| conn.fail(e))?;
    if p.print_count && !json {
        printer.line(format!("Variables found: {found}").as_bytes());
    }
    printer.flush();
    if p.time {
        eprintln!(
            "Total traversal time = {:.6} seconds",
            elapsed.as_secs_f64()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(v: &[&str]) -> WalkCOpts {
        WalkCOpts {
            opts: v.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn walk_letters() {
        let p = opts(&["p", "i", "c", "E.1.3.6.1.2.1.1.4"])
            .parse(false)
            .unwrap();
        assert!(p.print_count && p.include && p.no_check && !p.no_get);
        assert_eq!(p.end.as_deref(), Some(".1.3.6.1.2.1.1.4"));
        assert!(opts(&["r25"]).parse(false).is_err(), "-Cr is bulkwalk's");
        assert_eq!(opts(&["r25", "n0"]).parse(true).unwrap().reps, 25);
        assert!(opts(&["rx"]).parse(true).is_err());
        assert!(
            opts(&["T"])
                .parse(false)
                .unwrap_err()
                .message()
                .contains("-CT")
        );
        assert!(opts(&["E"]).parse(false).is_err());
        // net-snmp toggles.
        assert!(!opts(&["p", "p"]).parse(false).unwrap().print_count);
    }

    #[test]
    fn roots_of_one_arc() {
        let (start, limit) = root(".1").unwrap();
        assert_eq!(start.to_string(), "1.0");
        assert_eq!(limit, Some(WalkLimit::Before("2.0".parse().unwrap())));
        let (start, limit) = root("iso").unwrap();
        assert_eq!(start.to_string(), "1.0");
        assert!(limit.is_some());
        assert_eq!(root(".2").unwrap().1, Some(WalkLimit::EndOfMib));
        assert_eq!(root(".0").unwrap().0.to_string(), "0.0");
        let (start, limit) = root("system").unwrap();
        assert_eq!(start.to_string(), "1.3.6.1.2.1.1");
        assert_eq!(limit, None);
        assert!(root(".3").is_err());
        assert!(root("").is_err());
    }
}
