//! Generates the built-in MIB table (`data/builtin.tsv`) from a directory of MIB files:
//!
//! ```sh
//! cargo run -p winsnmp-mib --example gen-table -- ../shared/mibs crates/winsnmp-mib/data/builtin.tsv
//! ```
//!
//! Every module of the directory is loaded as net-snmp's `MIBS=ALL` loads it (file names
//! sorted, read from the last, imports first) with this crate's own parser, and the
//! resulting tree is written as the compact table the crate compiles in (no DESCRIPTION
//! text). The directory comes from the first argument, else `$MIB_SOURCE`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().or_else(|| std::env::var("MIB_SOURCE").ok()) else {
        eprintln!("usage: gen-table MIB-DIR [OUT] (or MIB_SOURCE=DIR)");
        return ExitCode::from(2);
    };
    let out = args.next();
    let mut mib = winsnmp_mib::Mib::empty();
    let mut loader = winsnmp_mib::Loader::new(vec![dir.into()]);
    let mut errors = loader.load_all(&mut mib);
    errors.extend(loader.take_warnings());
    for e in &errors {
        eprintln!("gen-table: {e}");
    }
    let table = mib.to_table();
    eprintln!(
        "gen-table: {} modules, {} nodes, {} bytes",
        mib.module_names().count(),
        mib.node_count(),
        table.len()
    );
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, table) {
                eprintln!("gen-table: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
        None => print!("{table}"),
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
