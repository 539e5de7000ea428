//! `wsnmp get`, `walk` and `bulkwalk` against agents that misbehave on purpose
//! ([`QuirkyAgent`]). Every failure is one line with its exit code, and nothing loops; what
//! the async client recovers from (a tooBig request split, max-repetitions halved, GETNEXT
//! when an agent ignores GETBULK) the tool recovers from too.

use super::*;
use winsnmp_testkit::quirks::{Quirk, QuirkyAgent, table};

fn start(quirk: Quirk) -> (QuirkyAgent, String) {
    let a = QuirkyAgent::start(quirk, table(5)).unwrap();
    let t = a.addr().to_string();
    (a, t)
}

/// A failing run: exit `code`, one line on stderr containing `needle`; returns stdout.
fn fails_after(args: &[&str], code: i32, needle: &str) -> String {
    let o = wsnmp(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    String::from_utf8(o.stdout).unwrap()
}

const QUICK: [&str; 4] = ["-t", "0.1", "-r", "1"];

/// Non-increasing OIDs: the walk prints what came in order, then stops with one line
/// (exit 3) instead of asking again and again.
#[test]
fn non_increasing_oids_stop_the_walk_with_one_line() {
    for bulk in [false, true] {
        let (a, t) = start(Quirk::NonIncreasing { at: 4 });
        let cmd = if bulk { "bulkwalk" } else { "walk" };
        let args = [&[cmd, "-On"][..], &QUICK, &[t.as_str(), ".1.3.6.1.2.1.2"]].concat();
        let out = fails_after(
            &args,
            3,
            "OID not increasing: .1.3.6.1.2.1.2.2.1.1.2 after .1.3.6.1.2.1.2.2.1.1.2",
        );
        assert_eq!(out.lines().count(), 2, "{cmd}: {out}");
        assert!(a.stats().requests <= 3, "{cmd}: {:?}", a.stats());
    }
}

/// endOfMibView in the middle of a GETBULK answer ends the walk there: the rows before it,
/// then net-snmp's end-of-view line, exit 0; nothing after it is printed.
#[test]
fn end_of_mib_view_mid_answer_ends_the_walk() {
    let (_a, t) = start(Quirk::EndOfMibViewAt { index: 3 });
    let o = wsnmp(&["bulkwalk", "-On", "-Cr10", &t, ".1.3.6.1.2.1.2"]);
    let out = text(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[2], ".1.3.6.1.2.1.2.2.1.1.3 = INTEGER: 3");
    assert!(
        lines[3].contains("No more variables left in this MIB View"),
        "{out}"
    );
}

/// Wrong request ids, answers from another port or address, truncated datagrams: the
/// request times out (exit 1) unless the right answer follows.
#[test]
fn answers_that_are_not_the_answer_are_ignored() {
    let quirks: [fn(bool) -> Quirk; 4] = [
        |c| Quirk::WrongRequestId { then_correct: c },
        |c| Quirk::FromOtherPort { then_correct: c },
        |c| Quirk::FromOtherAddress { then_correct: c },
        |c| Quirk::Truncated { then_correct: c },
    ];
    for q in quirks {
        let (_a, t) = start(q(false));
        let args = [&["get"][..], &QUICK, &[t.as_str(), "1.3.6.1.2.1.1.5.0"]].concat();
        fails_after(&args, 1, "no response from");
        let (_a, t) = start(q(true));
        let o = wsnmp(&["get", "-On", &t, "1.3.6.1.2.1.1.5.0"]);
        assert_eq!(
            text(&o),
            ".1.3.6.1.2.1.1.5.0 = STRING: \"quirky\"\n",
            "{:?}",
            q(true)
        );
    }
}

/// 3,000 bindings in one answer: beyond the default limit of 2,048, one line and exit 4,
/// at once (no waiting for a timeout).
#[test]
fn an_enormous_answer_is_one_line_not_a_blow_up() {
    let (_a, t) = start(Quirk::EnormousVarbinds { count: 3000 });
    let started = Instant::now();
    let args = [
        &["get"][..],
        &["-t", "2"],
        &[t.as_str(), "1.3.6.1.2.1.1.5.0"],
    ]
    .concat();
    fails_after(&args, 4, "beyond the limits (65507 octets, 2048 bindings)");
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// tooBig: `get` splits the request in halves until the agent takes it, `bulkwalk` halves
/// max-repetitions (both in the client): the user gets every value, exit 0. A single object
/// the agent cannot answer is the agent's error-status (exit 3).
#[test]
fn too_big_is_recovered_from() {
    let (a, t) = start(Quirk::TooBig {
        max_varbinds: 3,
        max_octets: 65_507,
    });
    let o = wsnmp(&[
        "get",
        "-On",
        &t,
        "1.3.6.1.2.1.1.1.0",
        "1.3.6.1.2.1.1.5.0",
        "1.3.6.1.2.1.2.2.1.1.1",
        "1.3.6.1.2.1.2.2.1.1.2",
    ]);
    assert_eq!(
        text(&o),
        ".1.3.6.1.2.1.1.1.0 = STRING: \"quirky agent\"\n\
         .1.3.6.1.2.1.1.5.0 = STRING: \"quirky\"\n\
         .1.3.6.1.2.1.2.2.1.1.1 = INTEGER: 1\n\
         .1.3.6.1.2.1.2.2.1.1.2 = INTEGER: 2\n"
    );
    // One request of four, refused; then two of two.
    assert_eq!(a.stats().requests, 3, "{:?}", a.stats());
    let walk = |reps: &str| {
        let o = wsnmp(&["bulkwalk", "-On", reps, &t, ".1.3.6.1.2.1.2"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        text(&o)
    };
    let small = walk("-Cr3");
    assert_eq!(small.lines().count(), 11);
    assert_eq!(walk("-Cr10"), small);
    let (_a, t) = start(Quirk::TooBig {
        max_varbinds: 3,
        max_octets: 40,
    });
    fails_after(&["get", &t, "1.3.6.1.2.1.1.1.0"], 3, "tooBig(1)");
}

/// GETBULK ignored: `bulkwalk` times out (exit 1) while `walk` works; GETBULK answered as
/// GETNEXT: `bulkwalk` gives the rows `walk` gives; SNMPv1 answers to SNMPv2c requests:
/// taken, and the walk ends at the SNMPv1 end of the MIB.
#[test]
fn bulk_quirks_and_v1_answers() {
    let (_a, t) = start(Quirk::None);
    let want = text(&wsnmp(&["walk", "-On", &t, ".1.3.6.1.2.1.2"]));
    assert_eq!(want.lines().count(), 11);
    let (_a, t) = start(Quirk::IgnoreGetBulk);
    // The client's bulk walk times out once, then walks the same agent with GETNEXT.
    let args = [
        &["bulkwalk", "-On"][..],
        &QUICK,
        &[t.as_str(), ".1.3.6.1.2.1.2"],
    ]
    .concat();
    let o = wsnmp(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(text(&o), want);
    let got = text(&wsnmp(&["walk", "-On", &t, ".1.3.6.1.2.1.2"]));
    assert_eq!(got, want);
    let (_a, t) = start(Quirk::BulkAsGetNext);
    let got = text(&wsnmp(&["bulkwalk", "-On", &t, ".1.3.6.1.2.1.2"]));
    assert_eq!(got, want);
    let (_a, t) = start(Quirk::V1Answers);
    let got = text(&wsnmp(&["walk", "-On", &t, ".1.3.6.1.2.1.2"]));
    // The same rows; the end as SNMPv1 says it (noSuchName) instead of endOfMibView.
    let rows = |s: &str| -> Vec<String> { s.lines().take(10).map(str::to_owned).collect() };
    assert_eq!(rows(&got), rows(&want));
    assert!(got.ends_with("\nEnd of MIB\n"), "{got}");
    assert_eq!(got.lines().count(), 11);
}
