//! `wsnmp translate`: names to OIDs and back, as `snmptranslate` (`-On -Of -Os -OS`,
//! `-Td` details, `-Tp` tree, `-IR` random access).

use std::fmt::Write as _;

use winsnmp_mib::{Access, BaseType, Mib, NodeId, NodeKind, definition_clauses};

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
    /// Names or OIDs (with -Tp, none draws the whole tree, as `.1`).
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
    let whole = [".1".to_owned()];
    let oids: &[String] = match (&args.oids[..], tree) {
        ([], true) => &whole,
        ([], false) => return Err(Failure::Usage("translate: no OID given".into())),
        (o, _) => o,
    };
    let mut text = String::new();
    for (i, s) in oids.iter().enumerate() {
        // The tree can start at the root, which is too short to be an OID anywhere else.
        let root = tree && matches!(s.as_str(), ".1" | "1" | "iso" | ".iso");
        let oid = if root {
            vec![1]
        } else {
            crate::setval::parse_oid(s).map_err(Failure::Usage)?
        };
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
            print_tree(mib, n, &mut text);
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

/// `-Td`: the definition's facts, and the clauses a `Mib` does not keep (STATUS,
/// DESCRIPTION, OBJECTS, DEFVAL) read from its module's file when the MIB directories
/// have it (net-snmp knows a definition only from its file).
fn describe(mib: &Mib, id: NodeId, out: &mut String) {
    let n = mib.node(id);
    let label = n.label().unwrap_or("");
    let clauses = n.module().and_then(|m| {
        let text = std::fs::read(crate::mibs::module_file(mib, m)?).ok()?;
        definition_clauses(&text, mib.module_name(m), label)
    });
    let clauses = clauses.unwrap_or_default();
    // As snmptranslate 5.9 heads a definition: a plain OBJECT IDENTIFIER assignment as
    // OBJECT-TYPE, a NOTIFICATION-GROUP by its internal type number.
    let macro_ = match n.kind() {
        NodeKind::Identifier => "OBJECT-TYPE",
        NodeKind::NotificationGroup => "type_23",
        k => k.macro_name(),
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
            let r = ranges(&syn.ranges);
            // As snmptranslate prints them: sizes and value ranges alike, with a space
            // after (`OCTET STRING (0..255) `).
            let _ = write!(s, " ({r}) ");
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
    // net-snmp keeps the STATUS of an OBJECT-TYPE only.
    if let Some(st) = &clauses.status
        && clauses.macro_name == "OBJECT-TYPE"
    {
        let _ = writeln!(out, "  STATUS\t{st}");
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
    // And the OBJECTS of a notification (VARIABLES of a trap), not of a group.
    if !clauses.objects.is_empty()
        && matches!(
            clauses.macro_name.as_str(),
            "NOTIFICATION-TYPE" | "TRAP-TYPE"
        )
    {
        let _ = writeln!(out, "  OBJECTS\t{{ {} }}", clauses.objects.join(", "));
    }
    if let Some(d) = &clauses.description {
        let _ = writeln!(out, "  DESCRIPTION\t\"{d}\"");
    }
    if let Some(v) = &clauses.defval {
        let _ = writeln!(out, "  DEFVAL\t{{ {v} }}");
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
fn print_tree(mib: &Mib, id: NodeId, out: &mut String) {
    // The drawing keeps a column prefix ending in the node's own connector: `|` while
    // siblings follow it, a space for the last one; the node's line replaces that last
    // character with `+`. A bare connector line goes before the first child, before a
    // branch (table, row, OBJECT IDENTIFIER with nodes below) and after any subtree.
    let mut indent = String::from(" ");
    draw(mib, id, &mut indent, out);
}

fn draw(mib: &Mib, id: NodeId, indent: &mut String, out: &mut String) {
    let n = mib.node(id);
    let label = n
        .label()
        .map_or_else(|| n.subid().to_string(), str::to_owned);
    let syn = n.syntax();
    let head = &indent[..indent.len() - 1];
    // An object with a value (not a table or row): its type and access on one line.
    if n.kind() == NodeKind::Object && syn.base != BaseType::Other {
        let acc = match n.access() {
            Access::ReadOnly => "-R--",
            Access::ReadWrite => "-RW-",
            Access::ReadCreate => "CR--",
            Access::WriteOnly => "--W-",
            Access::Notify => "---N",
            _ => "----",
        };
        let typ = match syn.base {
            BaseType::Integer if !syn.enums.is_empty() => "EnumVal",
            BaseType::Integer => "INTEGER",
            b => b.tree_name(),
        };
        let _ = writeln!(out, "{head}+-- {acc} {typ:<9} {label}({})", n.subid());
        if let Some(tc) = &syn.tc {
            let _ = writeln!(out, "{indent}        Textual Convention: {tc}");
        }
        if !syn.enums.is_empty() {
            let e: Vec<String> = syn.enums.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "{indent}        Values: {}", e.join(", "));
        }
        if !syn.ranges.is_empty() {
            let r = ranges(&syn.ranges);
            match syn.base {
                BaseType::OctetString => {
                    let _ = writeln!(out, "{indent}        Size: {r}");
                }
                // snmptranslate names an Opaque's size but prints no bounds.
                BaseType::Opaque => {
                    let _ = writeln!(out, "{indent}        Size: ");
                }
                _ => {
                    let _ = writeln!(out, "{indent}        Range: {r}");
                }
            }
        }
    } else {
        let _ = writeln!(out, "{head}+--{label}({})", n.subid());
        if !n.index().is_empty() {
            let ix: Vec<&str> = n.index().iter().map(|i| &*i.name).collect();
            let _ = writeln!(out, "{indent}  |  Index: {}", ix.join(", "));
        }
    }
    let base = indent.len();
    indent.push_str("  |");
    let children: Vec<NodeId> = mib.children(id).collect();
    let count = children.len();
    // net-snmp's rule: a connector before a branch, and before any node after one that
    // was a branch or had nodes below it; the first child follows its parent as if after
    // the parent itself.
    let mut after_branch = is_branch(mib, id);
    for (i, c) in children.into_iter().enumerate() {
        let has_children = mib.children(c).next().is_some();
        if after_branch || is_branch(mib, c) {
            let _ = writeln!(out, "{indent}");
        }
        after_branch = has_children || is_branch(mib, c);
        if i + 1 == count {
            indent.pop();
            indent.push(' ');
        }
        draw(mib, c, indent, out);
    }
    indent.truncate(base);
}

/// A node net-snmp draws as a branch (its "other" type): a table or row, or a plain
/// `OBJECT IDENTIFIER`. Identities, groups, compliances and notifications are not.
fn is_branch(mib: &Mib, id: NodeId) -> bool {
    let n = mib.node(id);
    match n.kind() {
        NodeKind::Object => n.syntax().base == BaseType::Other,
        NodeKind::Identifier => true,
        _ => false,
    }
}

/// Range or size constraints as snmptranslate writes them: `0..255 | 300`.
fn ranges(r: &[winsnmp_mib::Range]) -> String {
    r.iter()
        .map(|r| {
            if r.low == r.high {
                r.low.to_string()
            } else {
                format!("{}..{}", r.low, r.high)
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
