//! A definition's text clauses (STATUS, DESCRIPTION, OBJECTS, DEFVAL), read from its MIB
//! file when asked for: the [`crate::Mib`] keeps only the facts the tools print values
//! with, so `translate -Td` reads the rest from the file, as net-snmp reads its files.

use crate::lexer::{Tok, Token, tokenize};

/// The clauses of one definition that a [`crate::Mib`] does not keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clauses {
    /// The macro that defines it (`OBJECT-TYPE`, `NOTIFICATION-TYPE`, `MODULE-IDENTITY`…).
    pub macro_name: String,
    /// `STATUS` (`current`, `deprecated`, `obsolete`, `mandatory`…).
    pub status: Option<String>,
    /// `DESCRIPTION`, its text as the file writes it (line breaks and indentation kept),
    /// without the quotes.
    pub description: Option<String>,
    /// `OBJECTS` (SMIv2 notifications, groups) or `VARIABLES` (SMIv1 traps), in order.
    pub objects: Vec<String>,
    /// `DEFVAL`, the tokens between its braces as net-snmp prints them: separated by one
    /// space, a hexadecimal or binary string as its number, a quoted string in `\"…\"`.
    pub defval: Option<String>,
}

/// Macros whose definitions carry clauses (`name MACRO … ::= { … }`).
const MACROS: [&str; 9] = [
    "OBJECT-TYPE",
    "NOTIFICATION-TYPE",
    "TRAP-TYPE",
    "MODULE-IDENTITY",
    "OBJECT-IDENTITY",
    "OBJECT-GROUP",
    "NOTIFICATION-GROUP",
    "MODULE-COMPLIANCE",
    "AGENT-CAPABILITIES",
];

/// Finds the definition of `label` in module `module` of a MIB file's `text` and reads its
/// clauses; `None` when the file does not define it there, does not tokenize, or leaves an
/// OBJECTS or DEFVAL brace unclosed. Where a
/// clause comes more than once (a compliance's per-object DESCRIPTIONs), the first, the
/// definition's own, is kept.
pub fn definition_clauses(text: &[u8], module: &str, label: &str) -> Option<Clauses> {
    let tokens = tokenize(text).ok()?;
    let body = module_body(&tokens, module)?;
    let at = body.windows(2).position(|w| {
        matches!(&w[0].tok, Tok::Word(l) if l == label)
            && matches!(&w[1].tok, Tok::Word(m) if MACROS.contains(&m.as_str()))
    })?;
    let Tok::Word(macro_name) = &body[at + 1].tok else {
        return None;
    };
    let mut c = Clauses {
        macro_name: macro_name.clone(),
        ..Clauses::default()
    };
    let mut i = at + 2;
    while let Some(t) = body.get(i) {
        i += 1;
        let Tok::Word(w) = &t.tok else {
            if t.tok == Tok::Assign {
                break;
            }
            continue;
        };
        match w.as_str() {
            "STATUS" if c.status.is_none() => {
                if let Some(Tok::Word(s)) = body.get(i).map(|t| &t.tok) {
                    c.status = Some(s.clone());
                    i += 1;
                }
            }
            "DESCRIPTION" if c.description.is_none() => {
                if let Some(Tok::Str(s)) = body.get(i).map(|t| &t.tok) {
                    c.description = Some(net_snmp_quoted(s));
                    i += 1;
                }
            }
            "OBJECTS" | "VARIABLES" if c.objects.is_empty() => {
                let (inner, next) = braced(body, i)?;
                c.objects = inner
                    .iter()
                    .filter_map(|t| match &t.tok {
                        Tok::Word(w) => Some(w.clone()),
                        _ => None,
                    })
                    .collect();
                i = next;
            }
            "DEFVAL" if c.defval.is_none() => {
                let (inner, next) = braced(body, i)?;
                let words: Vec<String> = inner.iter().map(|t| net_snmp_token(&t.tok)).collect();
                c.defval = Some(words.join(" "));
                i = next;
            }
            _ => {}
        }
    }
    Some(c)
}

/// The tokens of module `module` (after its `BEGIN`, before its `END`).
fn module_body<'t>(tokens: &'t [Token], module: &str) -> Option<&'t [Token]> {
    let start = tokens.windows(2).position(|w| {
        matches!(&w[0].tok, Tok::Word(m) if m == module)
            && matches!(&w[1].tok, Tok::Word(d) if d == "DEFINITIONS")
    })?;
    let begin = start
        + tokens[start..]
            .iter()
            .position(|t| matches!(&t.tok, Tok::Word(b) if b == "BEGIN"))?
        + 1;
    // A MACRO definition (SNMPv2-SMI's) has its own BEGIN … END inside the module's.
    let mut depth = 1u32;
    let mut end = tokens.len();
    for (k, t) in tokens.iter().enumerate().skip(begin) {
        match &t.tok {
            Tok::Word(w) if w == "BEGIN" => depth += 1,
            Tok::Word(w) if w == "END" => {
                depth -= 1;
                if depth == 0 {
                    end = k;
                    break;
                }
            }
            _ => {}
        }
    }
    Some(&tokens[begin..end])
}

/// The tokens inside the braces that open at `body[i]`, and the index after the closing
/// one (nested braces are part of the content).
fn braced(body: &[Token], i: usize) -> Option<(&[Token], usize)> {
    if body.get(i)?.tok != Tok::Punct('{') {
        return None;
    }
    let mut depth = 0u32;
    for (k, t) in body.iter().enumerate().skip(i) {
        match t.tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return Some((&body[i + 1..k], k + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// net-snmp keeps a quoted string in a buffer of 4,096 bytes: longer ones are cut to
/// their first 4,095 (the lexer reads the file's bytes as Latin-1 characters, so a byte
/// is a character here).
fn net_snmp_quoted(s: &str) -> String {
    const MAX: usize = 4095;
    s.chars().take(MAX).collect()
}

/// A token as net-snmp's parser hands it on when it keeps a DEFVAL's text.
fn net_snmp_token(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.clone(),
        Tok::Number(n) => n.to_string(),
        Tok::Str(s) => format!("\\\"{s}\\\""),
        Tok::Hex(v) => v.to_string(),
        Tok::Assign => "::=".into(),
        Tok::Range => "..".into(),
        Tok::Punct(c) => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &[u8] = br#"
OTHER-MIB DEFINITIONS ::= BEGIN
thing OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS obsolete
    DESCRIPTION "not this one" ::= { enterprises 1 }
END
TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS thing FROM OTHER-MIB;
OBJECT-THING MACRO ::= BEGIN TYPE NOTATION ::= "STATUS" Status END
-- thing OBJECT-TYPE in a comment
thing OBJECT-TYPE
    SYNTAX      INTEGER { up(1), down(2) }
    MAX-ACCESS  read-write
    STATUS      current
    DESCRIPTION "First line.
        Second line, indented."
    REFERENCE   "RFC 0"
    DEFVAL      { up }
    ::= { enterprises 2 }
tags OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS read-create STATUS current
    DESCRIPTION "t" DEFVAL { '7f000001'H } ::= { enterprises 3 }
name OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS read-create STATUS current
    DESCRIPTION "n" DEFVAL { "" } ::= { enterprises 4 }
flags OBJECT-TYPE SYNTAX BITS { a(0), b(1) } MAX-ACCESS read-create STATUS current
    DESCRIPTION "f" DEFVAL { { a, b } } ::= { enterprises 5 }
event NOTIFICATION-TYPE
    OBJECTS { thing, tags }
    STATUS  current
    DESCRIPTION "Something happened."
    ::= { enterprises 6 }
compliance MODULE-COMPLIANCE
    STATUS current
    DESCRIPTION "The compliance."
    MODULE
        OBJECT thing
        DESCRIPTION "Per object."
    ::= { enterprises 7 }
END
"#;

    #[test]
    fn reads_the_clauses_of_the_definition_in_its_module() {
        let c = definition_clauses(TEXT, "TEST-MIB", "thing").unwrap();
        assert_eq!(c.macro_name, "OBJECT-TYPE");
        assert_eq!(c.status.as_deref(), Some("current"));
        assert_eq!(
            c.description.as_deref(),
            Some("First line.\n        Second line, indented.")
        );
        assert_eq!(c.defval.as_deref(), Some("up"));
        assert!(c.objects.is_empty());
        let other = definition_clauses(TEXT, "OTHER-MIB", "thing").unwrap();
        assert_eq!(other.status.as_deref(), Some("obsolete"));
        assert_eq!(other.description.as_deref(), Some("not this one"));
    }

    #[test]
    fn defvals_as_net_snmp_prints_them() {
        let d = |l| {
            definition_clauses(TEXT, "TEST-MIB", l)
                .unwrap()
                .defval
                .unwrap()
        };
        assert_eq!(d("tags"), "2130706433");
        assert_eq!(d("name"), "\\\"\\\"");
        assert_eq!(d("flags"), "{ a , b }");
    }

    #[test]
    fn long_descriptions_are_cut_as_net_snmp_cuts_them() {
        let long = "x".repeat(5000);
        let text = format!(
            "M DEFINITIONS ::= BEGIN a OBJECT-TYPE STATUS current DESCRIPTION \"{long}\" ::= {{ b 1 }} END"
        );
        let c = definition_clauses(text.as_bytes(), "M", "a").unwrap();
        assert_eq!(c.description.unwrap().len(), 4095);
    }

    #[test]
    fn notifications_and_compliances() {
        let n = definition_clauses(TEXT, "TEST-MIB", "event").unwrap();
        assert_eq!(n.macro_name, "NOTIFICATION-TYPE");
        assert_eq!(n.objects, ["thing", "tags"]);
        assert_eq!(n.description.as_deref(), Some("Something happened."));
        let m = definition_clauses(TEXT, "TEST-MIB", "compliance").unwrap();
        assert_eq!(m.description.as_deref(), Some("The compliance."));
    }

    #[test]
    fn absent_definitions_and_bad_text_give_none() {
        assert_eq!(definition_clauses(TEXT, "TEST-MIB", "nothing"), None);
        assert_eq!(definition_clauses(TEXT, "NO-MIB", "thing"), None);
        assert_eq!(
            definition_clauses(b"X DEFINITIONS ::= BEGIN \"", "X", "a"),
            None
        );
        assert_eq!(definition_clauses(b"", "X", "a"), None);
        // An unclosed DEFVAL stops the reading without a panic.
        let cut = b"M DEFINITIONS ::= BEGIN a OBJECT-TYPE STATUS current DEFVAL { { x }";
        assert_eq!(definition_clauses(cut, "M", "a"), None);
    }
}
