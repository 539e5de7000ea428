//! net-snmp's option words that clap cannot read as they are: an option letter inside a
//! `-C`, `-O` or `-I` group that takes the *next* word as its value (`snmptable -Cw 80`,
//! `snmpwalk -CE OID`, `-Op 5.2`, `-Is .0`), and `-C` groups of several letters
//! (`-Cip`). They are rewritten into one word per letter with its value attached (`-Cw80`,
//! `-CEOID`, `-Ci`, `-Cp`) before clap parses the line.

/// `-C` letters that take a value, per subcommand: `(letter, digits may be attached)`.
fn c_values(sub: &str) -> &'static [(char, bool)] {
    match sub {
        "walk" => &[('E', false)],
        "bulkwalk" | "bulkget" => &[('r', true), ('n', true), ('E', false)],
        "table" => &[('w', true), ('c', true), ('r', true), ('f', false)],
        _ => &[],
    }
}

/// Rewrites the words after the program name.
pub(crate) fn normalize(args: Vec<String>) -> Vec<String> {
    let Some(sub) = args.get(1).cloned() else {
        return args;
    };
    let takes = c_values(&sub);
    let mut out = Vec::with_capacity(args.len() + 4);
    let mut it = args.into_iter();
    out.extend(it.next());
    out.extend(it.next());
    let mut rest: Vec<String> = it.collect();
    rest.reverse();
    while let Some(w) = rest.pop() {
        if w == "--" {
            out.push(w);
            rest.reverse();
            out.append(&mut rest);
            break;
        }
        if let Some(group) = w.strip_prefix("-C")
            && !takes.is_empty()
        {
            let group = if group.is_empty() {
                match rest.pop() {
                    Some(g) => g,
                    None => {
                        out.push(w);
                        continue;
                    }
                }
            } else {
                group.to_owned()
            };
            split_c(&group, takes, &mut rest, &mut out);
            continue;
        }
        if let Some(letters) = w.strip_prefix("-O")
            && letters.ends_with('p')
        {
            // `-Op 5.2`: the precision is the next word.
            let mut joined = w.clone();
            if let Some(v) = rest.pop() {
                joined.push_str(&v);
            }
            out.push(joined);
            continue;
        }
        if let Some(letters) = w.strip_prefix("-I")
            && (letters.ends_with('s') || letters.ends_with('S'))
        {
            let mut joined = w.clone();
            if let Some(v) = rest.pop() {
                joined.push_str(&v);
            }
            out.push(joined);
            continue;
        }
        out.push(w);
    }
    out
}

/// One `-C` group: a word per letter, values attached.
fn split_c(group: &str, takes: &[(char, bool)], rest: &mut Vec<String>, out: &mut Vec<String>) {
    let chars: Vec<char> = group.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let Some(&(_, digits)) = takes.iter().find(|(l, _)| *l == c) else {
            out.push(format!("-C{c}"));
            continue;
        };
        let tail: String = chars[i..].iter().collect();
        let value = if digits && !tail.is_empty() {
            // `-Cr25`: the number is attached (snmpbulkwalk's way; a convenience for
            // snmptable, which wants `-Cr 25`); letters may follow it.
            let n = tail.chars().take_while(char::is_ascii_digit).count();
            i += n;
            if n == 0 {
                // `-Crx`: no number; leave the letter for the parser to refuse.
                String::new()
            } else {
                tail[..n].to_owned()
            }
        } else if !digits && !tail.is_empty() && c != 'f' {
            // `-CEOID`: the rest of the word.
            i = chars.len();
            tail
        } else {
            rest.pop().unwrap_or_default()
        };
        out.push(format!("-C{c}{value}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(words: &[&str]) -> Vec<String> {
        let mut a = vec!["wsnmp".to_owned()];
        a.extend(words.iter().map(|w| (*w).to_owned()));
        normalize(a)[1..].to_vec()
    }

    #[test]
    fn table_letters_take_the_next_word() {
        assert_eq!(
            n(&["table", "-Ciw", "80", "-Cf", ",", "h", "ifTable"]),
            ["table", "-Ci", "-Cw80", "-Cf,", "h", "ifTable"]
        );
        assert_eq!(
            n(&["table", "-Cr25", "h", "t"]),
            ["table", "-Cr25", "h", "t"]
        );
        assert_eq!(
            n(&["table", "-C", "b", "-Cc", "10", "h", "t"]),
            ["table", "-Cb", "-Cc10", "h", "t"]
        );
    }

    #[test]
    fn walk_end_and_groups() {
        assert_eq!(
            n(&["walk", "-CipE", ".1.3.6.1.2.1.1.4", "h", ".1.3.6.1.2.1.1"]),
            [
                "walk",
                "-Ci",
                "-Cp",
                "-CE.1.3.6.1.2.1.1.4",
                "h",
                ".1.3.6.1.2.1.1"
            ]
        );
        assert_eq!(
            n(&["bulkwalk", "-Cr25p", "h"]),
            ["bulkwalk", "-Cr25", "-Cp", "h"]
        );
        assert_eq!(n(&["get", "-Cx", "h"]), ["get", "-Cx", "h"]);
    }

    #[test]
    fn precision_and_input_values() {
        assert_eq!(n(&["get", "-Op", "5.2", "h"]), ["get", "-Op5.2", "h"]);
        assert_eq!(n(&["get", "-Oqp", ".3", "h"]), ["get", "-Oqp.3", "h"]);
        assert_eq!(n(&["get", "-Is", ".0", "h"]), ["get", "-Is.0", "h"]);
        assert_eq!(n(&["get", "-Is.0", "h"]), ["get", "-Is.0", "h"]);
        assert_eq!(
            n(&["set", "h", "o", "s", "--", "-Op"]),
            ["set", "h", "o", "s", "--", "-Op"]
        );
    }
}
