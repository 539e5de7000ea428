//! A vendor MIB is hostile input too: any bytes as a MIB file. The parser and the loader
//! never panic; an error names a line of the input; whatever was added is printed, every
//! node with a few values, through the formatter in two styles (its DISPLAY-HINTs,
//! enumerations, UNITS and INDEX clauses come from the input), and each one's text clauses
//! (`translate -Td`) are read back from the input.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use winsnmp_mib::{
    Formatter, Loader, Mib, MibError, NodeId, OidStyle, OutputOptions, definition_clauses,
};
use winsnmp_wire::Value;

fuzz_target!(|data: &[u8]| {
    // Any bytes, parsed or not: no panic.
    let _ = definition_clauses(data, "M", "a");
    let mut mib = Mib::empty();
    let mut loader = Loader::new(Vec::new());
    match loader.load_bytes(&mut mib, Path::new("fuzz.mib"), data) {
        Ok(()) => {}
        Err(MibError::Syntax { file, line, .. }) => {
            assert_eq!(file, "fuzz.mib");
            let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
            assert!((line as usize) <= lines + 1, "line {line} of {lines}");
            return;
        }
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    }
    let _ = loader.take_warnings();
    let mut todo: Vec<NodeId> = mib.roots().collect();
    let mut seen = 0;
    let values = [
        Value::Integer(-1),
        Value::Integer(3),
        Value::OctetString(&data[..data.len().min(12)]),
        Value::Gauge32(12345),
    ];
    let styles = [OidStyle::Module, OidStyle::Full];
    while let Some(id) = todo.pop() {
        seen += 1;
        if seen > 256 {
            break;
        }
        todo.extend(mib.children(id));
        let node = mib.node(id);
        if let (Some(label), Some(m)) = (node.label(), node.module())
            && let Some(c) = definition_clauses(data, mib.module_name(m), label)
        {
            assert!(!c.macro_name.is_empty());
            assert!(c.description.is_none_or(|d| d.chars().count() <= 4095));
        }
        let mut oid = mib.oid(id);
        oid.extend([1, 4, 65, 66, 67, 68]);
        for style in styles {
            let f = Formatter::new(
                &mib,
                OutputOptions {
                    style,
                    ..OutputOptions::default()
                },
            );
            for v in &values {
                let mut out = Vec::new();
                f.varbind(&oid, v, &mut out);
                assert!(!out.is_empty());
            }
        }
        if mib.entry_index(id).is_some() {
            let _ = mib.decode_index(id, &[1, 4, 65, 66, 67, 68]);
        }
    }
});
