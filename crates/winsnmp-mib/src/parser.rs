//! The SMIv1/SMIv2 parser: one module's text to its definitions (names, OID values,
//! syntaxes, textual conventions, table indexes), without resolving anything.
//!
//! Only the facts the tools use are kept; DESCRIPTION, REFERENCE, DEFVAL, compliance and
//! capability statements are read past. MACRO definitions (in the SMI modules themselves)
//! are skipped whole.

use crate::lexer::{Tok, Token, tokenize};
use crate::model::{Access, BaseType, EnumItem, IndexPart, NodeKind, Range};

/// A parse error: the line and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: u32,
    pub(crate) message: String,
}

/// One component of an OID value: `iso`, `3`, or `org(3)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OidPart {
    Name(String),
    Num(u32),
    NamedNum(String, u32),
}

/// What a SYNTAX clause names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeRef {
    Base(BaseType),
    Named(String),
}

/// A SYNTAX clause (or the right side of a type assignment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxAst {
    pub(crate) ty: TypeRef,
    pub(crate) enums: Option<Vec<EnumItem>>,
    pub(crate) ranges: Option<Vec<Range>>,
}

/// The body of one definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// A node of the OID tree.
    Node {
        kind: NodeKind,
        oid: Vec<OidPart>,
        syntax: Option<SyntaxAst>,
        access: Access,
        units: Option<String>,
        index: Vec<IndexPart>,
        augments: Option<String>,
    },
    /// An SMIv1 TRAP-TYPE: `enterprise.0.number`.
    Trap { enterprise: String, number: u32 },
    /// A type assignment or TEXTUAL-CONVENTION.
    Type {
        syntax: SyntaxAst,
        hint: Option<String>,
    },
}

/// One definition and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Def {
    pub(crate) name: String,
    pub(crate) line: u32,
    pub(crate) body: Body,
}

/// A parsed module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModuleAst {
    pub(crate) name: String,
    /// `(symbols, FROM module)` groups.
    pub(crate) imports: Vec<(Vec<String>, String)>,
    pub(crate) defs: Vec<Def>,
}

/// Parses every module in `text` (a file usually holds one).
pub(crate) fn parse(text: &[u8]) -> Result<Vec<ModuleAst>, SyntaxError> {
    let toks = tokenize(text).map_err(|(line, message)| SyntaxError { line, message })?;
    let mut p = Parser { t: &toks, i: 0 };
    let mut out = Vec::new();
    while !p.done() {
        out.push(p.module()?);
    }
    if out.is_empty() {
        return Err(SyntaxError {
            line: 1,
            message: "no module definition".into(),
        });
    }
    Ok(out)
}

/// The module name a file defines: its first word before `DEFINITIONS`, read cheaply from
/// the start of the file (as net-snmp indexes a directory).
pub(crate) fn module_name_of(text: &[u8]) -> Option<String> {
    let head = &text[..text.len().min(8192)];
    let toks = tokenize(head).ok().or_else(|| {
        // A quoted string cut at the 8 KiB mark: tokenize the whole file.
        tokenize(text).ok()
    })?;
    let mut last: Option<&str> = None;
    for t in &toks {
        match &t.tok {
            Tok::Word(w) if w == "DEFINITIONS" => return last.map(str::to_owned),
            Tok::Word(w) => last = Some(w),
            _ => last = None,
        }
    }
    None
}

struct Parser<'a> {
    t: &'a [Token],
    i: usize,
}

fn is_word(t: Option<&Token>, w: &str) -> bool {
    matches!(t, Some(Token { tok: Tok::Word(x), .. }) if x == w)
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.i >= self.t.len()
    }

    fn peek(&self) -> Option<&Token> {
        self.t.get(self.i)
    }

    fn line(&self) -> u32 {
        self.peek().or_else(|| self.t.last()).map_or(1, |t| t.line)
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            line: self.line(),
            message: message.into(),
        })
    }

    fn next(&mut self) -> Result<&Tok, SyntaxError> {
        match self.t.get(self.i) {
            Some(t) => {
                self.i += 1;
                Ok(&t.tok)
            }
            None => self.err("unexpected end of file"),
        }
    }

    fn word(&mut self) -> Result<String, SyntaxError> {
        match self.next()? {
            Tok::Word(w) => Ok(w.clone()),
            other => {
                let other = describe(other);
                self.i -= 1;
                self.err(format!("expected a name, found {other}"))
            }
        }
    }

    fn expect_word(&mut self, w: &str) -> Result<(), SyntaxError> {
        if is_word(self.peek(), w) {
            self.i += 1;
            Ok(())
        } else {
            let found = self
                .peek()
                .map_or("end of file".into(), |t| describe(&t.tok));
            self.err(format!("expected {w}, found {found}"))
        }
    }

    fn expect(&mut self, tok: &Tok) -> Result<(), SyntaxError> {
        if self.peek().map(|t| &t.tok) == Some(tok) {
            self.i += 1;
            Ok(())
        } else {
            let found = self
                .peek()
                .map_or("end of file".into(), |t| describe(&t.tok));
            self.err(format!("expected {}, found {found}", describe(tok)))
        }
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek().map(|t| &t.tok) == Some(tok) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> Result<i128, SyntaxError> {
        match self.next()? {
            Tok::Number(n) => Ok(*n),
            Tok::Hex(h) => Ok(i128::from(*h)),
            other => {
                let other = describe(other);
                self.i -= 1;
                self.err(format!("expected a number, found {other}"))
            }
        }
    }

    /// Skips a balanced `{…}` or `(…)` group starting at the current token.
    fn skip_group(&mut self) -> Result<(), SyntaxError> {
        let mut depth = 0i32;
        loop {
            match self.next()? {
                Tok::Punct('{' | '(') => depth += 1,
                Tok::Punct('}' | ')') => {
                    depth -= 1;
                    if depth <= 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    fn module(&mut self) -> Result<ModuleAst, SyntaxError> {
        let name = self.word()?;
        self.expect_word("DEFINITIONS")?;
        // `DEFINITIONS IMPLICIT TAGS ::=` and friends.
        while !self.eat(&Tok::Assign) {
            self.word()?;
        }
        self.expect_word("BEGIN")?;
        let mut m = ModuleAst {
            name,
            imports: Vec::new(),
            defs: Vec::new(),
        };
        loop {
            let Some(tok) = self.peek() else {
                return self.err(format!("module {} has no END", m.name));
            };
            let line = tok.line;
            let Tok::Word(w) = &tok.tok else {
                let d = describe(&tok.tok);
                return self.err(format!("unexpected {d}"));
            };
            let w = w.clone();
            match w.as_str() {
                "END" => {
                    self.i += 1;
                    return Ok(m);
                }
                "IMPORTS" => {
                    self.i += 1;
                    m.imports = self.imports()?;
                }
                "EXPORTS" => {
                    while !self.eat(&Tok::Punct(';')) {
                        self.next()?;
                    }
                }
                _ => {
                    self.i += 1;
                    if let Some(body) = self.definition()? {
                        m.defs.push(Def {
                            name: w,
                            line,
                            body,
                        });
                    }
                }
            }
        }
    }

    fn imports(&mut self) -> Result<Vec<(Vec<String>, String)>, SyntaxError> {
        let mut out = Vec::new();
        let mut symbols = Vec::new();
        loop {
            match self.next()? {
                Tok::Punct(';') => break,
                Tok::Punct(',') => {}
                Tok::Word(w) if w == "FROM" => {
                    let module = self.word()?;
                    out.push((std::mem::take(&mut symbols), module));
                }
                Tok::Word(w) => symbols.push(w.clone()),
                // `{ ... }` after a module name (an OID of the module): skip.
                Tok::Punct('{') => {
                    self.i -= 1;
                    self.skip_group()?;
                }
                other => {
                    let d = describe(other);
                    self.i -= 1;
                    return self.err(format!("unexpected {d} in IMPORTS"));
                }
            }
        }
        if !symbols.is_empty() {
            return self.err("IMPORTS symbols without FROM");
        }
        Ok(out)
    }

    /// The definition after its name; `None` for what is read past (MACROs, values).
    fn definition(&mut self) -> Result<Option<Body>, SyntaxError> {
        let Some(tok) = self.peek() else {
            return self.err("unexpected end of file");
        };
        match &tok.tok {
            Tok::Assign => {
                self.i += 1;
                self.type_assignment().map(Some)
            }
            Tok::Word(w) => {
                let w = w.clone();
                match w.as_str() {
                    "MACRO" => {
                        while !is_word(self.peek(), "END") {
                            self.next()?;
                        }
                        self.i += 1;
                        Ok(None)
                    }
                    "OBJECT" => {
                        self.i += 1;
                        self.expect_word("IDENTIFIER")?;
                        self.expect(&Tok::Assign)?;
                        let oid = self.oid_value()?;
                        Ok(Some(Body::Node {
                            kind: NodeKind::Identifier,
                            oid,
                            syntax: None,
                            access: Access::None,
                            units: None,
                            index: Vec::new(),
                            augments: None,
                        }))
                    }
                    "OBJECT-TYPE" => self.macro_node(NodeKind::Object).map(Some),
                    "NOTIFICATION-TYPE" => self.macro_node(NodeKind::Notification).map(Some),
                    "OBJECT-IDENTITY" => self.macro_node(NodeKind::ObjectIdentity).map(Some),
                    "MODULE-IDENTITY" => self.macro_node(NodeKind::ModuleIdentity).map(Some),
                    "OBJECT-GROUP" => self.macro_node(NodeKind::ObjectGroup).map(Some),
                    "NOTIFICATION-GROUP" => self.macro_node(NodeKind::NotificationGroup).map(Some),
                    "MODULE-COMPLIANCE" => self.macro_node(NodeKind::ModuleCompliance).map(Some),
                    "AGENT-CAPABILITIES" => self.macro_node(NodeKind::AgentCapabilities).map(Some),
                    "TRAP-TYPE" => self.trap_type().map(Some),
                    _ => {
                        // A value assignment (`name Type ::= value`): read past it.
                        let line = self.line();
                        while !self.eat(&Tok::Assign) {
                            if self.done() {
                                return Err(SyntaxError {
                                    line,
                                    message: format!("unexpected {w}"),
                                });
                            }
                            self.i += 1;
                        }
                        match self.peek().map(|t| &t.tok) {
                            Some(Tok::Punct('{')) => self.skip_group()?,
                            _ => {
                                self.next()?;
                            }
                        }
                        Ok(None)
                    }
                }
            }
            other => {
                let d = describe(other);
                self.err(format!("unexpected {d}"))
            }
        }
    }

    fn type_assignment(&mut self) -> Result<Body, SyntaxError> {
        if is_word(self.peek(), "TEXTUAL-CONVENTION") {
            self.i += 1;
            let mut hint = None;
            loop {
                match self.next()? {
                    Tok::Word(w) if w == "SYNTAX" => break,
                    Tok::Word(w) if w == "DISPLAY-HINT" => match self.next()? {
                        Tok::Str(s) => hint = Some(s.clone()),
                        _ => return self.err("DISPLAY-HINT must be a string"),
                    },
                    _ => {}
                }
            }
            let syntax = self.syntax()?;
            return Ok(Body::Type { syntax, hint });
        }
        let syntax = self.syntax()?;
        Ok(Body::Type { syntax, hint: None })
    }

    /// A SYNTAX value: a type and its constraints.
    fn syntax(&mut self) -> Result<SyntaxAst, SyntaxError> {
        // `[APPLICATION 4] IMPLICIT OCTET STRING`: the tag is read past.
        if self.eat(&Tok::Punct('[')) {
            while !self.eat(&Tok::Punct(']')) {
                self.next()?;
            }
            if is_word(self.peek(), "IMPLICIT") || is_word(self.peek(), "EXPLICIT") {
                self.i += 1;
            }
        }
        let w = self.word()?;
        let ty = match w.as_str() {
            "OBJECT" => {
                self.expect_word("IDENTIFIER")?;
                TypeRef::Base(BaseType::ObjectId)
            }
            "OCTET" => {
                self.expect_word("STRING")?;
                TypeRef::Base(BaseType::OctetString)
            }
            "SEQUENCE" | "CHOICE" => {
                if is_word(self.peek(), "OF") {
                    self.i += 1;
                    self.word()?;
                } else {
                    self.skip_group()?;
                }
                return Ok(SyntaxAst {
                    ty: TypeRef::Base(BaseType::Other),
                    enums: None,
                    ranges: None,
                });
            }
            other => match keyword_type(other) {
                Some(b) => TypeRef::Base(b),
                None => TypeRef::Named(w),
            },
        };
        let mut s = SyntaxAst {
            ty,
            enums: None,
            ranges: None,
        };
        match self.peek().map(|t| &t.tok) {
            Some(Tok::Punct('{')) => s.enums = Some(self.enums()?),
            Some(Tok::Punct('(')) => s.ranges = Some(self.constraint()?),
            _ => {}
        }
        Ok(s)
    }

    fn enums(&mut self) -> Result<Vec<EnumItem>, SyntaxError> {
        self.expect(&Tok::Punct('{'))?;
        let mut out = Vec::new();
        loop {
            if self.eat(&Tok::Punct('}')) {
                break;
            }
            let label = self.word()?;
            self.expect(&Tok::Punct('('))?;
            let v = self.number()?;
            self.expect(&Tok::Punct(')'))?;
            let value = i64::try_from(v).map_err(|_| SyntaxError {
                line: self.line(),
                message: format!("enumeration value {v} too large"),
            })?;
            out.push(EnumItem {
                label: label.into(),
                value,
            });
            if !self.eat(&Tok::Punct(',')) {
                self.expect(&Tok::Punct('}'))?;
                break;
            }
        }
        Ok(out)
    }

    /// `(a..b | c)` or `(SIZE (a..b | c))`.
    fn constraint(&mut self) -> Result<Vec<Range>, SyntaxError> {
        self.expect(&Tok::Punct('('))?;
        let out = if is_word(self.peek(), "SIZE") {
            self.i += 1;
            let r = self.constraint()?;
            self.expect(&Tok::Punct(')'))?;
            return Ok(r);
        } else {
            let mut out = Vec::new();
            loop {
                let low = self.bound()?;
                let high = if self.eat(&Tok::Range) {
                    self.bound()?
                } else {
                    low
                };
                out.push(Range { low, high });
                if !self.eat(&Tok::Punct('|')) {
                    break;
                }
            }
            out
        };
        self.expect(&Tok::Punct(')'))?;
        Ok(out)
    }

    fn bound(&mut self) -> Result<i64, SyntaxError> {
        if is_word(self.peek(), "MIN") {
            self.i += 1;
            return Ok(i64::MIN);
        }
        if is_word(self.peek(), "MAX") {
            self.i += 1;
            return Ok(i64::MAX);
        }
        let v = self.number()?;
        Ok(i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX }))
    }

    /// `{ parent 1 }`, `{ iso org(3) 6 }`.
    fn oid_value(&mut self) -> Result<Vec<OidPart>, SyntaxError> {
        self.expect(&Tok::Punct('{'))?;
        let mut out = Vec::new();
        loop {
            match self.next()?.clone() {
                Tok::Punct('}') => break,
                Tok::Word(w) => {
                    if self.eat(&Tok::Punct('(')) {
                        let n = self.number()?;
                        self.expect(&Tok::Punct(')'))?;
                        out.push(OidPart::NamedNum(w, arc(n, self.line())?));
                    } else {
                        out.push(OidPart::Name(w));
                    }
                }
                Tok::Number(n) => out.push(OidPart::Num(arc(n, self.line())?)),
                other => {
                    let d = describe(&other);
                    self.i -= 1;
                    return self.err(format!("unexpected {d} in an OID value"));
                }
            }
        }
        if out.is_empty() {
            return self.err("empty OID value");
        }
        Ok(out)
    }

    /// The clauses of OBJECT-TYPE and friends up to `::=`, then the OID value.
    fn macro_node(&mut self, kind: NodeKind) -> Result<Body, SyntaxError> {
        let macro_word = self.word()?;
        let statement = matches!(
            macro_word.as_str(),
            "MODULE-COMPLIANCE" | "AGENT-CAPABILITIES"
        );
        let mut syntax = None;
        let mut access = Access::None;
        let mut units = None;
        let mut index = Vec::new();
        let mut augments = None;
        loop {
            let t = self.next()?.clone();
            match t {
                Tok::Assign => break,
                Tok::Word(w) if !statement => match w.as_str() {
                    "SYNTAX" if syntax.is_none() => syntax = Some(self.syntax()?),
                    "UNITS" => {
                        if let Tok::Str(s) = self.next()? {
                            units = Some(s.clone());
                        }
                    }
                    "MAX-ACCESS" | "ACCESS" => {
                        let a = self.word()?;
                        access = Access::from_word(&a).ok_or_else(|| SyntaxError {
                            line: self.line(),
                            message: format!("bad access {a}"),
                        })?;
                    }
                    "INDEX" => index = self.index()?,
                    "AUGMENTS" => {
                        self.expect(&Tok::Punct('{'))?;
                        augments = Some(self.word()?);
                        self.expect(&Tok::Punct('}'))?;
                    }
                    "DEFVAL" | "OBJECTS" | "VARIABLES" | "NOTIFICATIONS" => self.skip_group()?,
                    _ => {}
                },
                Tok::Punct('{' | '(') => {
                    self.i -= 1;
                    self.skip_group()?;
                }
                _ => {}
            }
        }
        let oid = self.oid_value()?;
        Ok(Body::Node {
            kind,
            oid,
            syntax,
            access,
            units,
            index,
            augments,
        })
    }

    fn index(&mut self) -> Result<Vec<IndexPart>, SyntaxError> {
        self.expect(&Tok::Punct('{'))?;
        let mut out = Vec::new();
        loop {
            let mut implied = false;
            let mut name = self.word()?;
            if name == "IMPLIED" {
                implied = true;
                name = self.word()?;
            }
            // SMIv1 allows a type as an index (`INDEX { INTEGER }`): kept by name.
            if name == "OCTET" || name == "OBJECT" {
                name.push(' ');
                name += &self.word()?;
            }
            out.push(IndexPart {
                name: name.into(),
                implied,
            });
            if !self.eat(&Tok::Punct(',')) {
                self.expect(&Tok::Punct('}'))?;
                return Ok(out);
            }
        }
    }

    fn trap_type(&mut self) -> Result<Body, SyntaxError> {
        self.word()?; // TRAP-TYPE
        let mut enterprise = None;
        loop {
            match self.next()?.clone() {
                Tok::Assign => break,
                Tok::Word(w) if w == "ENTERPRISE" => {
                    if self.peek().map(|t| &t.tok) == Some(&Tok::Punct('{')) {
                        let parts = self.oid_value()?;
                        if let Some(OidPart::Name(n)) = parts.first() {
                            enterprise = Some(n.clone());
                        }
                    } else {
                        enterprise = Some(self.word()?);
                    }
                }
                Tok::Punct('{' | '(') => {
                    self.i -= 1;
                    self.skip_group()?;
                }
                _ => {}
            }
        }
        let n = self.number()?;
        let number = arc(n, self.line())?;
        let Some(enterprise) = enterprise else {
            return self.err("TRAP-TYPE without ENTERPRISE");
        };
        Ok(Body::Trap { enterprise, number })
    }
}

fn arc(n: i128, line: u32) -> Result<u32, SyntaxError> {
    u32::try_from(n).map_err(|_| SyntaxError {
        line,
        message: format!("sub-identifier {n} out of range"),
    })
}

/// The SMI's built-in type names, as net-snmp's parser knows them as keywords.
fn keyword_type(w: &str) -> Option<BaseType> {
    Some(match w {
        "INTEGER" => BaseType::Integer,
        "Integer32" => BaseType::Integer32,
        "Unsigned32" => BaseType::Unsigned32,
        "UInteger32" => BaseType::UInteger32,
        "Counter" | "Counter32" => BaseType::Counter32,
        "Gauge" | "Gauge32" => BaseType::Gauge32,
        "Counter64" => BaseType::Counter64,
        "TimeTicks" => BaseType::TimeTicks,
        "IpAddress" => BaseType::IpAddress,
        "NetworkAddress" => BaseType::NetworkAddress,
        "Opaque" => BaseType::Opaque,
        "BITS" => BaseType::Bits,
        "NULL" => BaseType::Null,
        "NsapAddress" => BaseType::NsapAddress,
        _ => return None,
    })
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Word(w) => format!("'{w}'"),
        Tok::Number(n) => format!("number {n}"),
        Tok::Str(_) => "a quoted string".into(),
        Tok::Hex(_) => "a hex string".into(),
        Tok::Assign => "'::='".into(),
        Tok::Range => "'..'".into(),
        Tok::Punct(c) => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    TEXTUAL-CONVENTION, DisplayString FROM SNMPv2-TC;
testMib MODULE-IDENTITY
    LAST-UPDATED "202601010000Z" ORGANIZATION "x" CONTACT-INFO "y"
    DESCRIPTION "z" ::= { enterprises 99999 }
Level ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "d-1"
    STATUS current
    DESCRIPTION "tenths"
    SYNTAX Integer32 (0..1000)
testTable OBJECT-TYPE
    SYNTAX SEQUENCE OF TestEntry
    MAX-ACCESS not-accessible STATUS current DESCRIPTION "t"
    ::= { testMib 1 }
testEntry OBJECT-TYPE
    SYNTAX TestEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "e"
    INDEX { testIndex, IMPLIED testName }
    ::= { testTable 1 }
TestEntry ::= SEQUENCE { testIndex Integer32, testName DisplayString }
testState OBJECT-TYPE
    SYNTAX INTEGER { up(1), down(2) }
    UNITS "states"
    MAX-ACCESS read-write STATUS current DESCRIPTION "s"
    DEFVAL { up }
    ::= { testEntry 3 }
END
"#;

    #[test]
    fn parses_a_module() {
        let m = &parse(SMALL.as_bytes()).unwrap()[0];
        assert_eq!(m.name, "TEST-MIB");
        assert_eq!(m.imports.len(), 2);
        assert_eq!(m.imports[1].0, ["TEXTUAL-CONVENTION", "DisplayString"]);
        let names: Vec<_> = m.defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "testMib",
                "Level",
                "testTable",
                "testEntry",
                "TestEntry",
                "testState"
            ]
        );
        match &m.defs[1].body {
            Body::Type { syntax, hint } => {
                assert_eq!(hint.as_deref(), Some("d-1"));
                assert_eq!(syntax.ty, TypeRef::Base(BaseType::Integer32));
                assert_eq!(syntax.ranges, Some(vec![Range { low: 0, high: 1000 }]));
            }
            other => panic!("{other:?}"),
        }
        match &m.defs[3].body {
            Body::Node { index, .. } => {
                assert_eq!(index.len(), 2);
                assert!(index[1].implied);
            }
            other => panic!("{other:?}"),
        }
        match &m.defs[5].body {
            Body::Node {
                syntax,
                units,
                access,
                oid,
                ..
            } => {
                let s = syntax.as_ref().unwrap();
                assert_eq!(s.enums.as_ref().unwrap().len(), 2);
                assert_eq!(units.as_deref(), Some("states"));
                assert_eq!(*access, Access::ReadWrite);
                assert_eq!(oid, &[OidPart::Name("testEntry".into()), OidPart::Num(3)]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            module_name_of(SMALL.as_bytes()).as_deref(),
            Some("TEST-MIB")
        );
    }

    #[test]
    fn errors_have_lines() {
        let e = parse(b"X DEFINITIONS ::= BEGIN\n a OBJECT IDENTIFIER ::= { b\n 1 ) }\nEND")
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("')'"), "{}", e.message);
        let e = parse(b"X DEFINITIONS ::= BEGIN\n").unwrap_err();
        assert!(e.message.contains("no END"), "{}", e.message);
    }
}
