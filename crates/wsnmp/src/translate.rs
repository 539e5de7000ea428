//! `wsnmp translate`: names to OIDs and back, as `snmptranslate` (`-On -Of -Os -OS`,
//! `-Td` details, `-Tp` tree, `-IR` random access).

use std::fmt::Write as _;

use winsnmp_mib::{Access, BaseType, Mib, NodeId, NodeKind};

use crate::client::Failure;
use crate::format::{self, OutputOpts};

/// Options of `translate`.
#[derive(clap::Args, Debug)]
pub(crate) struct TranslateArgs {
    /// Output options (n numeric, f full, s suffix, S MODULE::name, X, b…).
    #[arg(short = 'O', value_name = "FLAGS")]
    output: Vec<String>,
    /// Translation options: d (details of the object), p (the tree below it).
    #[arg(short = 'T', value_name = "FLAGS")]
    tflags: Vec<String>,
    /// MIB options (-m, -M, -I).
    #[command(flatten)]
    pub(crate) mib: crate::mibs::MibOpts,
    /// Names or OIDs.
    #[arg(required = true)]
    oids: Vec<String>,
}

/// Runs `translate`.
pub(crate) fn run(args: &TranslateArgs) -> Result<(), Failure> {
    let mut out = OutputOpts::default();
    for f in &args.output {
        out.apply(f).map_err(Failure::Usage)?;
    }
    let (mut details, mut tree) = (false, false);
    for t in &args.tflags {
        for c in t.chars() {
            match c {
                'd' => details = true,
                'p' => tree = true,
                other => {
                    return Err(Failure::Usage(format!(
                        "translation option -T{other} is not supported (use -Td or -Tp)"
                    )));
                }
            }
        }
    }
    let mib = crate::mibs::mib();
    let mut text = String::new();
    for (i, s) in args.oids.iter().enumerate() {
        let oid = crate::setval::parse_oid(s).map_err(Failure::Usage)?;
        if i > 0 {
            text.push('\n');
        }
        let node = mib
            .lookup(&oid)
            .filter(|l| l.matched == oid.len())
            .map(|l| l.node);
        if tree {
            let Some(n) = node.or_else(|| mib.lookup(&oid).map(|l| l.node)) else {
                return Err(Failure::Usage(format!("{s}: Unknown Object Identifier")));
            };
            print_tree(mib, n, "", &mut text);
            continue;
        }
        text += &format::oid(&oid, out);
        text.push('\n');
        if details && let Some(n) = node {
            describe(mib, n, &mut text);
        }
    }
    format::emit(text.trim_end_matches('\n'));
    Ok(())
}

/// `-Td`: the definition's facts (the MIB's text, DESCRIPTION, is not kept).
fn describe(mib: &Mib, id: NodeId, out: &mut String) {
    let n = mib.node(id);
    let label = n.label().unwrap_or("");
    let macro_ = match n.kind() {
        NodeKind::Object => "OBJECT-TYPE",
        NodeKind::Notification => "NOTIFICATION-TYPE",
        _ => "OBJECT IDENTIFIER",
    };
    let _ = writeln!(out, "{label} {macro_}");
    let mods: Vec<&str> = n.modules().iter().map(|&m| mib.module_name(m)).collect();
    if !mods.is_empty() {
        let _ = writeln!(out, "  -- FROM\t{}", mods.join(", "));
    }
    let syn = n.syntax();
    if let Some(tc) = &syn.tc {
        let _ = writeln!(out, "  -- TEXTUAL CONVENTION {tc}");
    }
    if syn.base != BaseType::Other {
        let mut s = syn.base.keyword().to_owned();
        if !syn.enums.is_empty() {
            let e: Vec<String> = syn.enums.iter().map(ToString::to_string).collect();
            let _ = write!(s, " {{{}}} ", e.join(", "));
        } else if !syn.ranges.is_empty() {
            let r: Vec<String> = syn
                .ranges
                .iter()
                .map(|r| {
                    if r.low == r.high {
                        r.low.to_string()
                    } else {
                        format!("{}..{}", r.low, r.high)
                    }
                })
                .collect();
            // As snmptranslate prints them: sizes and value ranges alike, with a space
            // after (`OCTET STRING (0..255) `).
            let _ = write!(s, " ({}) ", r.join(" | "));
        }
        let _ = writeln!(out, "  SYNTAX\t{s}");
    }
    if let Some(h) = &syn.hint {
        let _ = writeln!(out, "  DISPLAY-HINT\t\"{h}\"");
    }
    if let Some(u) = n.units() {
        let _ = writeln!(out, "  UNITS\t\t\"{u}\"");
    }
    if n.access() != Access::None {
        let _ = writeln!(out, "  MAX-ACCESS\t{}", n.access().keyword());
    }
    if !n.index().is_empty() {
        let ix: Vec<String> = n
            .index()
            .iter()
            .map(|i| {
                if i.implied {
                    format!("IMPLIED {}", i.name)
                } else {
                    i.name.to_string()
                }
            })
            .collect();
        let _ = writeln!(out, "  INDEX\t\t{{ {} }}", ix.join(", "));
    }
    if let Some(a) = n.augments() {
        let _ = writeln!(out, "  AUGMENTS\t{{ {a} }}");
    }
    let mut path = Vec::new();
    let mut at = Some(id);
    while let Some(i) = at {
        path.push(i);
        at = mib.parent(i);
    }
    path.reverse();
    let parts: Vec<String> = path
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let x = mib.node(i);
            match x.label() {
                Some(l) if k + 1 < path.len() => format!("{l}({})", x.subid()),
                _ => x.subid().to_string(),
            }
        })
        .collect();
    let _ = writeln!(out, "::= {{ {} }}", parts.join(" "));
}

/// `-Tp`: the subtree as net-snmp draws it.
fn print_tree(mib: &Mib, id: NodeId, indent: &str, out: &mut String) {
    let n = mib.node(id);
    let label = n
        .label()
        .map_or_else(|| n.subid().to_string(), str::to_owned);
    let syn = n.syntax();
    if n.kind() == NodeKind::Object && syn.base != BaseType::Other {
        let acc = match n.access() {
            Access::ReadOnly => "-R--",
            Access::ReadWrite => "-RW-",
            Access::ReadCreate => "CR--",
            Access::WriteOnly => "--W-",
            Access::Notify => "---N",
            _ => "----",
        };
        let _ = writeln!(
            out,
            "{indent}+-- {acc} {:<9} {label}({})",
            syn.base.tree_name(),
            n.subid()
        );
        let bar = format!("{indent}|        ");
        if let Some(tc) = &syn.tc {
            let _ = writeln!(out, "{bar}Textual Convention: {tc}");
        }
        if !syn.enums.is_empty() {
            let e: Vec<String> = syn.enums.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "{bar}Values: {}", e.join(", "));
        }
        if !syn.ranges.is_empty() {
            let r: Vec<String> = syn
                .ranges
                .iter()
                .map(|r| {
                    if r.low == r.high {
                        r.low.to_string()
                    } else {
                        format!("{}..{}", r.low, r.high)
                    }
                })
                .collect();
            let what = if syn.base == BaseType::OctetString {
                "Size"
            } else {
                "Range"
            };
            let _ = writeln!(out, "{bar}{what}: {}", r.join(" | "));
        }
    } else {
        let _ = writeln!(out, "{indent}+--{label}({})", n.subid());
        let pad = format!("{indent}   ");
        if !n.index().is_empty() {
            let ix: Vec<&str> = n.index().iter().map(|i| &*i.name).collect();
            let _ = writeln!(out, "{pad}|  Index: {}", ix.join(", "));
        }
        let children: Vec<NodeId> = mib.children(id).collect();
        if !children.is_empty() {
            let _ = writeln!(out, "{pad}|");
        }
        for c in children {
            print_tree(mib, c, &pad, out);
        }
    }
}
