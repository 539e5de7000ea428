//! Agent quirks at the WinSNMP API level: what `Session::request` (and so every WinSNMP
//! application) sees from an agent that misbehaves. The API delivers what a well-formed
//! answer from the right address carries, as it is, and leaves the judgment to the
//! application (a walk's ordering, a tooBig, an SNMPv1 answer); what is not an answer of the
//! request (wrong id, other port or address, truncated) is counted and dropped, and the
//! request goes on to a later answer or its timeout; an answer beyond the limits ends the
//! request at once with `SNMPAPI_TL_PDU_TOO_BIG`.

use super::*;
use winsnmp::engine::consts::SNMP_ERROR_TOOBIG;
use winsnmp::wire::Version;
use winsnmp::{SmiValue, SnmpApiError as E};
use winsnmp_testkit::quirks::{Quirk, QuirkyAgent, table};

const IF_TABLE: &str = "1.3.6.1.2.1.2";
const SYS_NAME: &str = "1.3.6.1.2.1.1.5.0";

fn start(quirk: Quirk) -> QuirkyAgent {
    QuirkyAgent::start(quirk, table(5)).unwrap()
}

/// Answers with the wrong request id, from another port, from another address, or cut
/// short: counted (stray, foreign, foreign, malformed) and dropped; the request times out,
/// or takes the correct answer that follows.
#[test]
fn wrong_ids_other_sources_and_truncated_answers_are_dropped() {
    let (_g, _rt) = setup();
    type Make = fn(bool) -> Quirk;
    type Pick = fn(&CommStats) -> u64;
    let cases: [(Make, Pick); 4] = [
        (|c| Quirk::WrongRequestId { then_correct: c }, |d| d.stray),
        (|c| Quirk::FromOtherPort { then_correct: c }, |d| d.foreign),
        (
            |c| Quirk::FromOtherAddress { then_correct: c },
            |d| d.foreign,
        ),
        (|c| Quirk::Truncated { then_correct: c }, |d| d.malformed),
    ];
    for (quirk, counter) in cases {
        for then_correct in [false, true] {
            let agent = start(quirk(then_correct));
            let (s, e) = target(agent.addr(), 5, 1);
            let ctx = s.context(b"public").unwrap();
            let before = api::comm_stats();
            let r = s.get(&e, &ctx, &[&oid(SYS_NAME)]);
            let d = delta(before, api::comm_stats());
            let what = format!("{:?}", quirk(then_correct));
            if then_correct {
                let r = r.unwrap_or_else(|e| panic!("{what}: {e:?}"));
                assert_eq!(r.varbinds[0].value, SmiValue::Octets(b"quirky".to_vec()));
                assert_eq!(r.from, agent.addr());
                assert_eq!(counter(&d), 1, "{what}: {d:?}");
                assert_eq!(d.responses, 1);
            } else {
                assert_eq!(r.unwrap_err(), E::TlTimeout, "{what}");
                // One broken answer per transmission (the first and one retry).
                assert_eq!(counter(&d), 2, "{what}: {d:?}");
                assert_eq!((d.responses, d.timeouts), (0, 1), "{what}");
            }
        }
    }
}

/// OIDs that do not increase are delivered as the agent sent them: the API does not walk,
/// the application that walks must check (as `wsnmp walk` does).
#[test]
fn non_increasing_oids_are_delivered_as_sent() {
    let (_g, _rt) = setup();
    let agent = start(Quirk::NonIncreasing { at: 3 });
    let (s, e) = target(agent.addr(), 50, 1);
    let ctx = s.context(b"public").unwrap();
    let asked = oid("1.3.6.1.2.1.2.2.1.1.1");
    let r = s.get_next(&e, &ctx, &[&asked]).unwrap();
    assert_eq!(r.varbinds[0].name, asked, "the agent made no progress");
}

/// A tooBig answer is delivered to the application, which decides: here it asks again
/// for fewer repetitions (the split-and-retry the async client will do by itself).
#[test]
fn too_big_is_delivered_to_the_application() {
    let (_g, _rt) = setup();
    let agent = start(Quirk::TooBig {
        max_varbinds: 4,
        max_octets: 65_507,
    });
    let (s, e) = target(agent.addr(), 50, 1);
    let ctx = s.context(b"public").unwrap();
    let r = s.bulk(&e, &ctx, 0, 10, &[&oid(IF_TABLE)]).unwrap();
    assert_eq!((r.error_status, r.error_index), (SNMP_ERROR_TOOBIG, 0));
    assert!(r.varbinds.is_empty());
    assert_eq!(r.clone().check().unwrap_err(), (SNMP_ERROR_TOOBIG, 0));
    let r = s.bulk(&e, &ctx, 0, 4, &[&oid(IF_TABLE)]).unwrap();
    assert_eq!((r.error_status, r.varbinds.len()), (0, 4));
    assert_eq!(agent.stats().too_big, 1);
}

/// An agent that ignores GETBULK: the request times out (the caller may fall back to
/// GETNEXT, which works); one that answers GETBULK as GETNEXT: one binding per name.
#[test]
fn getbulk_ignored_or_answered_as_getnext() {
    let (_g, _rt) = setup();
    let agent = start(Quirk::IgnoreGetBulk);
    let (s, e) = target(agent.addr(), 10, 1);
    let ctx = s.context(b"public").unwrap();
    assert_eq!(
        s.bulk(&e, &ctx, 0, 10, &[&oid(IF_TABLE)]).unwrap_err(),
        E::TlTimeout
    );
    let r = s.get_next(&e, &ctx, &[&oid(IF_TABLE)]).unwrap();
    assert_eq!(r.varbinds[0].name, oid("1.3.6.1.2.1.2.2.1.1.1"));
    assert_eq!(agent.stats().ignored, 2, "the request and its retry");
    let agent = start(Quirk::BulkAsGetNext);
    let (s, e) = target(agent.addr(), 50, 1);
    let r = s.bulk(&e, &ctx_of(&s), 0, 10, &[&oid(IF_TABLE)]).unwrap();
    assert_eq!(r.varbinds.len(), 1);
    assert_eq!(r.varbinds[0].name, oid("1.3.6.1.2.1.2.2.1.1.1"));
}

fn ctx_of(s: &Session) -> winsnmp::Context {
    s.context(b"public").unwrap()
}

/// An SNMPv1 answer to an SNMPv2c request is the request's answer (same id, same address):
/// delivered, with its version for the application to see.
#[test]
fn a_v1_answer_to_a_v2c_request_is_delivered_with_its_version() {
    let (_g, _rt) = setup();
    let agent = start(Quirk::V1Answers);
    let (s, e) = target(agent.addr(), 50, 1);
    let r = s.get(&e, &ctx_of(&s), &[&oid(SYS_NAME)]).unwrap();
    assert_eq!(r.version, Version::V1);
    assert_eq!(r.varbinds[0].value, SmiValue::Octets(b"quirky".to_vec()));
}

/// endOfMibView in the middle of a GETBULK answer, real objects after it: delivered as
/// sent (a walk stops at the first endOfMibView).
#[test]
fn end_of_mib_view_mid_answer_is_delivered_as_sent() {
    let (_g, _rt) = setup();
    let agent = start(Quirk::EndOfMibViewAt { index: 2 });
    let (s, e) = target(agent.addr(), 50, 1);
    let r = s.bulk(&e, &ctx_of(&s), 0, 5, &[&oid(IF_TABLE)]).unwrap();
    assert_eq!(r.varbinds.len(), 5);
    assert_eq!(r.varbinds[2].value, SmiValue::EndOfMibView);
    assert_ne!(r.varbinds[3].value, SmiValue::EndOfMibView);
}

/// An answer of 3,000 bindings (54 KB): beyond `Limits::max_varbinds` (2,048) it ends the
/// request at once with `SNMPAPI_TL_PDU_TOO_BIG`, nothing queued; with the limit raised it
/// is delivered whole.
#[test]
fn enormous_varbind_counts_end_the_request_or_are_delivered_whole() {
    let (_g, _rt) = setup();
    let agent = start(Quirk::EnormousVarbinds { count: 3000 });
    let (s, e) = target(agent.addr(), 100, 3);
    let started = std::time::Instant::now();
    let before = api::comm_stats();
    assert_eq!(
        s.get(&e, &ctx_of(&s), &[&oid(SYS_NAME)]).unwrap_err(),
        E::TlPduTooBig
    );
    assert!(
        started.elapsed() < std::time::Duration::from_millis(900),
        "no timeout wait"
    );
    let d = delta(before, api::comm_stats());
    assert_eq!(
        (d.oversized_received, d.responses, d.retransmissions),
        (1, 0, 0)
    );
    assert!(s.recv().unwrap().is_none(), "nothing queued");
    api::set_limits(Limits {
        max_varbinds: 4000,
        ..Limits::default()
    });
    let r = s.get(&e, &ctx_of(&s), &[&oid(SYS_NAME)]).unwrap();
    assert_eq!(r.varbinds.len(), 3000);
}
