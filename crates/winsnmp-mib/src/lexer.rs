//! The SMI tokenizer: ASN.1 comments, identifiers, numbers, quoted strings, hex and binary
//! strings, and punctuation, each with its line number.

/// One token of a MIB module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An identifier or keyword (`ifDescr`, `OBJECT-TYPE`, `INTEGER`).
    Word(String),
    /// A decimal number, possibly negative.
    Number(i128),
    /// A quoted string, without its quotes.
    Str(String),
    /// `'0A'H` or `'0101'B`, as its value.
    Hex(u64),
    /// `::=`
    Assign,
    /// `..`
    Range,
    /// One punctuation character: `{ } ( ) [ ] , ; | .`
    Punct(char),
}

/// A token and the line it starts on (1-based).
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) line: u32,
}

/// Splits `text` into tokens. Bytes that are not ASCII are taken as Latin-1 inside
/// strings and skipped elsewhere, so a vendor file with stray bytes still parses.
pub(crate) fn tokenize(text: &[u8]) -> Result<Vec<Token>, (u32, String)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut i = 0;
    let mut line = 1u32;
    let n = text.len();
    while i < n {
        let c = text[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            b'-' if i + 1 < n && text[i + 1] == b'-' => {
                // A comment runs to the end of the line or to the next `--`.
                i += 2;
                while i < n && text[i] != b'\n' {
                    if text[i] == b'-' && i + 1 < n && text[i + 1] == b'-' {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
            }
            b'"' => {
                let start_line = line;
                i += 1;
                let mut s = String::new();
                while i < n && text[i] != b'"' {
                    if text[i] == b'\n' {
                        line += 1;
                    }
                    s.push(char::from(text[i]));
                    i += 1;
                }
                if i >= n {
                    return Err((start_line, "unterminated quoted string".into()));
                }
                i += 1;
                out.push(Token {
                    tok: Tok::Str(s),
                    line: start_line,
                });
            }
            b'\'' => {
                let start = i + 1;
                let mut j = start;
                while j < n && text[j] != b'\'' {
                    j += 1;
                }
                if j + 1 >= n {
                    return Err((line, "unterminated '...'H or '...'B string".into()));
                }
                // Bytes, not characters: a vendor file may hold any octet here, and a
                // character slice could split one (found by the mib_module fuzz target).
                let body: Vec<u8> = text[start..j]
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                let radix = match text[j + 1] {
                    b'H' | b'h' => 16,
                    b'B' | b'b' => 2,
                    _ => return Err((line, "expected H or B after a quoted number".into())),
                };
                let v = if body.is_empty() {
                    0
                } else {
                    // Long hex strings (DEFVALs) do not fit: keep the low bits, they are
                    // never used as numbers.
                    let tail = &body[body.len().saturating_sub(16)..];
                    std::str::from_utf8(tail)
                        .ok()
                        .and_then(|t| u64::from_str_radix(t, radix).ok())
                        .ok_or_else(|| {
                            let shown = String::from_utf8_lossy(&body);
                            (line, format!("bad {radix}-radix number '{shown}'"))
                        })?
                };
                out.push(Token {
                    tok: Tok::Hex(v),
                    line,
                });
                i = j + 2;
            }
            b':' if text.get(i + 1) == Some(&b':') && text.get(i + 2) == Some(&b'=') => {
                out.push(Token {
                    tok: Tok::Assign,
                    line,
                });
                i += 3;
            }
            b'.' if text.get(i + 1) == Some(&b'.') => {
                out.push(Token {
                    tok: Tok::Range,
                    line,
                });
                i += 2;
            }
            b'{' | b'}' | b'(' | b')' | b'[' | b']' | b',' | b';' | b'|' | b'.' => {
                out.push(Token {
                    tok: Tok::Punct(char::from(c)),
                    line,
                });
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < n && text[i].is_ascii_digit() {
                    i += 1;
                }
                let s = std::str::from_utf8(&text[start..i]).unwrap_or("0");
                if s == "-" {
                    // A lone minus: not SMI, skip it.
                    continue;
                }
                let v: i128 = s
                    .parse()
                    .map_err(|_| (line, format!("number too large: {s}")))?;
                out.push(Token {
                    tok: Tok::Number(v),
                    line,
                });
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < n
                    && (text[i].is_ascii_alphanumeric() || text[i] == b'-' || text[i] == b'_')
                {
                    // `a--comment`: a hyphen pair starts a comment, not part of the name.
                    if text[i] == b'-' && text.get(i + 1) == Some(&b'-') {
                        break;
                    }
                    i += 1;
                }
                let word = String::from_utf8_lossy(&text[start..i]).into_owned();
                out.push(Token {
                    tok: Tok::Word(word),
                    line,
                });
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s.as_bytes())
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn any_octets_in_a_quoted_number_are_an_error_not_a_panic() {
        // An 'H string whose last 16 characters used to start inside a two-byte one.
        let mut text = b"x ::= '".to_vec();
        text.push(0xc2);
        text.extend_from_slice(b"000000000000000'H");
        assert!(tokenize(&text).is_err());
        let e = tokenize(b"x ::= '\xff\xfe'H").unwrap_err();
        assert!(e.1.contains("bad 16-radix number"), "{e:?}");
        assert_eq!(toks("'00000000000000000000ff'H"), vec![Tok::Hex(255)]);
    }

    #[test]
    fn words_numbers_comments() {
        assert_eq!(
            toks("a-b ::= { x 1 } -- note\n(0..-5) -- c -- 'ff'H '101'B \"s\""),
            vec![
                Tok::Word("a-b".into()),
                Tok::Assign,
                Tok::Punct('{'),
                Tok::Word("x".into()),
                Tok::Number(1),
                Tok::Punct('}'),
                Tok::Punct('('),
                Tok::Number(0),
                Tok::Range,
                Tok::Number(-5),
                Tok::Punct(')'),
                Tok::Hex(255),
                Tok::Hex(5),
                Tok::Str("s".into()),
            ]
        );
    }

    #[test]
    fn lines_are_counted() {
        let t = tokenize(b"a\n\"x\ny\"\nb").unwrap();
        assert_eq!(t[0].line, 1);
        assert_eq!(t[1].line, 2);
        assert_eq!(t[2].line, 4);
        assert_eq!(tokenize(b"\n\"open").unwrap_err().0, 2);
    }
}
