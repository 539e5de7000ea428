//! Every node of the built-in table, and an instance below it, named as `snmptranslate`
//! names it with `MIBS=ALL` over the same MIB files. Needs net-snmp's tools and the MIB
//! files (`$MIB_SOURCE`, else `../shared/mibs` beside the repository); skips with a note
//! when either is missing.

use std::path::PathBuf;
use std::process::Command;

use winsnmp_mib::{Formatter, Mib, OidStyle, OutputOptions};

fn mib_source() -> Option<PathBuf> {
    let d = std::env::var_os("MIB_SOURCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/mibs"))
        });
    d.is_dir().then_some(d)
}

fn snmptranslate(dir: &PathBuf, flags: &[&str], oids: &[String]) -> Option<Vec<String>> {
    let out = Command::new("snmptranslate")
        .env("MIBS", "ALL")
        .env("MIBDIRS", dir)
        .args(flags)
        .args(oids)
        .output()
        .ok()?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// `(oid, snmptranslate's name)` for each OID it accepts: a batch whose count does not
/// match (one OID refused stops snmptranslate) is split until the refused ones are alone.
fn translate(dir: &PathBuf, flags: &[&str], oids: &[Vec<u32>]) -> Vec<(Vec<u32>, String)> {
    let args: Vec<String> = oids
        .iter()
        .map(|o| o.iter().map(|a| format!(".{a}")).collect())
        .collect();
    let theirs = snmptranslate(dir, flags, &args).expect("snmptranslate runs");
    if theirs.len() == oids.len() {
        return oids.iter().cloned().zip(theirs).collect();
    }
    if oids.len() == 1 {
        return Vec::new();
    }
    let (a, b) = oids.split_at(oids.len() / 2);
    let mut out = translate(dir, flags, a);
    out.extend(translate(dir, flags, b));
    out
}

fn all_oids(mib: &Mib) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut stack: Vec<_> = mib.roots().collect();
    while let Some(n) = stack.pop() {
        out.push(mib.oid(n));
        stack.extend(mib.children(n));
    }
    out.sort();
    out
}

#[test]
fn every_name_as_snmptranslate_prints_it() {
    let Some(dir) = mib_source() else {
        eprintln!("note: no MIB files ($MIB_SOURCE or ../shared/mibs); skipping");
        return;
    };
    if Command::new("snmptranslate").arg("-V").output().is_err() {
        eprintln!("note: snmptranslate not installed; skipping");
        return;
    }
    let mib = Mib::builtin();
    let mut oids = all_oids(&mib);
    // An instance below each node, to exercise index decoding.
    let instances: Vec<Vec<u32>> = oids
        .iter()
        .map(|o| {
            let mut o = o.clone();
            o.extend([1, 4, 127, 0, 0, 1]);
            o
        })
        .collect();
    oids.extend(instances);
    let mut bad = Vec::new();
    for (flags, style, x) in [
        (&["-OS"][..], OidStyle::Module, false),
        (&["-Of"][..], OidStyle::Full, false),
        (&["-OS", "-OX"][..], OidStyle::Module, true),
    ] {
        let f = Formatter::new(
            &mib,
            OutputOptions {
                style,
                extended_index: x,
                ..OutputOptions::default()
            },
        );
        let mut compared = 0;
        for chunk in oids.chunks(500) {
            for (o, t) in translate(&dir, flags, chunk) {
                let mut ours = Vec::new();
                f.oid(&o, &mut ours);
                let ours = String::from_utf8_lossy(&ours).into_owned();
                // net-snmp cuts some long -OX names short itself: nothing to compare.
                if ours != t && !t.ends_with("[TRUNCATED]") {
                    bad.push(format!("{flags:?} ours {ours}  theirs {t}"));
                }
                compared += 1;
            }
        }
        // snmptranslate refuses instances outside an index's range: those are skipped.
        assert!(
            compared > oids.len() * 3 / 4,
            "{flags:?}: only {compared} compared"
        );
    }
    for b in bad.iter().take(40) {
        eprintln!("{b}");
    }
    assert!(bad.is_empty(), "{} names differ", bad.len());
}
