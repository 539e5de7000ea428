//! The recording parser (`.snmprec` and `snmpwalk -On` output) on arbitrary bytes: nothing
//! may panic. Whatever loads must be strictly increasing, write back as `.snmprec`
//! (`MibStore::to_snmprec`) and load again to an equal store; an error names a line of the
//! input. The first byte picks the options (variation modules skipped or refused).
#![no_main]

use libfuzzer_sys::fuzz_target;
use winsnmp::agent::{Agent, AgentConfig, LoadOptions, Recording};
use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, VarBind, Version};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let options = LoadOptions::new().skip_variations(flags & 1 == 1);
    match Recording::parse("fuzz.snmprec", bytes, &options) {
        Ok(rec) => {
            let entries = rec.store().entries();
            assert!(
                entries.windows(2).all(|w| w[0].0 < w[1].0),
                "a loaded store is not strictly increasing"
            );
            assert_eq!(rec.len(), entries.len());
            let text = rec.store().to_snmprec();
            let again = Recording::parse("again.snmprec", &text, &LoadOptions::new())
                .expect("to_snmprec output must load");
            assert_eq!(
                again.store().entries(),
                entries,
                "round trip changed the store"
            );
            // The agent serves what loaded: a GETNEXT of each object answers the next one.
            if flags & 2 == 2 {
                let mut agent = Agent::new(rec.into_store(), AgentConfig::new());
                let served: Vec<Oid> = agent.store().iter().map(|(o, _)| o.clone()).collect();
                for w in served.windows(2).take(16) {
                    let req = Message {
                        version: Version::V2c,
                        community: b"public",
                        body: Body::Pdu(Pdu::new(
                            PduType::GetNext,
                            1,
                            vec![VarBind::null(w[0].as_raw())],
                        )),
                    }
                    .to_vec()
                    .expect("request encodes");
                    let reply = agent.handle(&req, 1).expect("an answer");
                    let msg = Message::decode(&reply).expect("the answer decodes");
                    let vbs = msg.body.varbinds();
                    if vbs.is_empty() {
                        // tooBig: a value near 64 KiB does not fit an answer.
                        continue;
                    }
                    assert_eq!(vbs[0].name, w[1].as_raw());
                }
            }
        }
        Err(e) => {
            let line = e.line().expect("a parse error names its line");
            let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        }
    }
});
