//! SNMPv3 for the embedded agent: the User-based Security Model of the engine crate
//! ([`Usm`]), authoritative for everything the agent receives.
//!
//! - Discovery probes and rejected messages are answered with the Report [`Usm::open`]
//!   builds (usmStatsUnknownEngineIDs with the agent's engine ID, boots and time;
//!   unknownUserName, unsupportedSecLevel, wrongDigest, notInTimeWindow (authenticated),
//!   decryptionError), and counted in [`AgentStats::usm_rejected`](super::AgentStats).
//! - An accepted request is processed exactly as an SNMPv2c request with the write
//!   community (every user may read and SET; there is no VACM), within the size the
//!   manager announced (msgMaxSize) less the SNMPv3 overhead, and the Response is sealed
//!   with the request's msgID, user and level. Every context name serves the same objects.
//! - A user with an authentication key may not ask at noAuthNoPriv: that is answered with
//!   authorizationError, as net-snmp answers a `rwuser NAME` (minimum level auth).
//! - Engine time is the agent's uptime in seconds; the agent's clock is the `uptime` given
//!   to [`Agent::handle`], so processing stays free of any clock of its own.
//! - With users configured, the store also serves snmpEngineID, snmpEngineBoots,
//!   snmpEngineTime, snmpEngineMaxMessageSize, the snmpMPDStats and the usmStats counters,
//!   refreshed before each request when they changed.

use std::time::{Duration, Instant};

use winsnmp_engine::usm::{Expect, Outgoing, Usm, UsmStats};
use winsnmp_wire::{Body, Message, Oid, SecurityLevel, Version};

use super::store::MibStore;
use super::value::OwnedValue;
use super::{Agent, AgentConfig};

/// snmpEngine objects (SNMP-FRAMEWORK-MIB): ID, boots, time, max message size.
const SNMP_ENGINE: [&str; 4] = [
    "1.3.6.1.6.3.10.2.1.1.0",
    "1.3.6.1.6.3.10.2.1.2.0",
    "1.3.6.1.6.3.10.2.1.3.0",
    "1.3.6.1.6.3.10.2.1.4.0",
];

/// Room for the SNMPv3 header, security parameters and privacy padding around a scoped
/// PDU, beyond the engine ID, user and context name (counted separately).
const V3_OVERHEAD: usize = 160;

/// The agent's SNMPv3 side.
#[derive(Debug, Clone)]
pub(super) struct V3Agent {
    usm: Usm,
    /// The instant engine time 0 stands for: `uptime` is measured from it.
    base: Instant,
    /// Whether the SNMPv3 objects are served (users configured).
    publish: bool,
    /// What was last written into the store: (counters, engine time).
    published: Option<(UsmStats, u32)>,
    engine_oids: Vec<Oid>,
    scratch: Vec<u8>,
}

impl V3Agent {
    pub(super) fn new(config: &AgentConfig, store: &mut MibStore) -> Self {
        let seed = crate::api::random_u64();
        let engine_id = config
            .engine_id
            .clone()
            .filter(|e| (5..=32).contains(&e.len()))
            .unwrap_or_else(|| winsnmp_engine::default_engine_id(seed.rotate_left(17)));
        let mut usm = Usm::new(engine_id, config.engine_boots, seed);
        for u in &config.users {
            usm.add_user(u.clone(), None);
        }
        let base = Instant::now();
        usm.engine_time(base);
        let mut me = Self {
            usm,
            base,
            publish: !config.users.is_empty(),
            published: None,
            engine_oids: SNMP_ENGINE
                .iter()
                .map(|s| s.parse().expect("static OID"))
                .collect(),
            scratch: Vec::new(),
        };
        me.refresh(store, 0, config.max_message_size);
        me
    }

    pub(super) fn engine_id(&self) -> &[u8] {
        self.usm.engine_id()
    }

    pub(super) fn usm_stats(&self) -> UsmStats {
        self.usm.stats()
    }

    fn now(&self, uptime: u32) -> Instant {
        self.base + Duration::from_millis(u64::from(uptime) * 10)
    }

    /// Writes the SNMPv3 objects into the store when they changed.
    pub(super) fn refresh(&mut self, store: &mut MibStore, uptime: u32, max_size: usize) {
        if !self.publish {
            return;
        }
        let now = self.now(uptime);
        let state = (self.usm.stats(), self.usm.engine_time(now));
        if self.published == Some(state) {
            return;
        }
        let (stats, time) = state;
        let int = |v: u32| OwnedValue::from_value(&winsnmp_wire::Value::Integer(v as i32));
        let values = [
            OwnedValue::from_value(&winsnmp_wire::Value::OctetString(self.usm.engine_id())),
            int(self.usm.boots()),
            int(time),
            int(u32::try_from(max_size)
                .unwrap_or(i32::MAX as u32)
                .min(i32::MAX as u32)),
        ];
        for (oid, v) in self.engine_oids.iter().zip(values) {
            if let Some(v) = v {
                store.insert(oid.clone(), v);
            }
        }
        for (oid, count) in stats.objects() {
            // snmpInASNParseErrs belongs to the snmp group, which the recording serves.
            if oid.arcs().eq([1, 3, 6, 1, 2, 1, 11, 6, 0]) {
                continue;
            }
            if let Some(v) = OwnedValue::from_value(&winsnmp_wire::Value::Counter32(count)) {
                store.insert(oid, v);
            }
        }
        self.published = Some(state);
    }
}

impl Agent {
    /// An SNMPv3 datagram: checked by the USM; a Report, a Response, or nothing.
    pub(super) fn handle_v3(&mut self, request: &[u8], uptime: u32) -> Option<Vec<u8>> {
        let now = self.v3.now(uptime);
        let mut scratch = std::mem::take(&mut self.v3.scratch);
        let reply = match self.v3.usm.open(now, request, Expect::Local, &mut scratch) {
            Err(f) => {
                self.stats.usm_rejected += 1;
                if f.report.is_some() {
                    self.stats.responses += 1;
                }
                f.report
            }
            Ok(o) => {
                let pdu = o.scoped.pdu.clone();
                let community = self.config.write_community.clone();
                let msg = Message {
                    version: Version::V2c,
                    community: &community,
                    body: Body::Pdu(pdu.clone()),
                };
                let mut answer = if o.user.auth.is_some() && o.level == SecurityLevel::NoAuthNoPriv
                {
                    // Below the user's minimum level: authorizationError, as VACM answers.
                    let mut r = winsnmp_wire::Pdu::new(
                        winsnmp_wire::PduType::Response,
                        pdu.request_id,
                        pdu.varbinds.clone(),
                    );
                    r.error_status = super::ErrorStatus::AuthorizationError as i32;
                    r.error_index = 0;
                    self.stats.requests += 1;
                    Some(
                        Message {
                            version: Version::V2c,
                            community: &community,
                            body: Body::Pdu(r),
                        }
                        .to_vec()
                        .ok()?,
                    )
                } else {
                    let budget = usize::try_from(o.header.max_size)
                        .unwrap_or(usize::MAX)
                        .min(self.config.max_message_size)
                        .saturating_sub(
                            V3_OVERHEAD
                                + 2 * self.v3.usm.engine_id().len()
                                + o.user_name.len()
                                + o.scoped.context_name.len(),
                        );
                    let saved = std::mem::replace(&mut self.config.max_message_size, budget);
                    let r = self.handle_message(&msg, uptime);
                    self.config.max_message_size = saved;
                    r
                };
                let bytes = answer.take()?;
                let Ok(resp) = Message::decode(&bytes) else {
                    return None;
                };
                let Body::Pdu(rp) = &resp.body else {
                    return None;
                };
                let engine_id = self.v3.usm.engine_id().to_vec();
                let time = self.v3.usm.engine_time(now);
                let out = Outgoing {
                    msg_id: o.header.msg_id,
                    max_size: i32::try_from(self.config.max_message_size).unwrap_or(i32::MAX),
                    reportable: false,
                    level: o.level,
                    user: &o.user,
                    engine_id: &engine_id,
                    boots: self.v3.usm.boots(),
                    time,
                    context_engine_id: &engine_id,
                    context_name: o.scoped.context_name,
                };
                self.v3.usm.seal(&out, rp).ok()
            }
        };
        self.v3.scratch = scratch;
        let max = self.config.max_message_size;
        self.v3.refresh(&mut self.store, uptime, max);
        reply
    }

    /// Brings the SNMPv3 objects up to date before a request reads them.
    pub(super) fn refresh_v3_objects(&mut self, uptime: u32) {
        let max = self.config.max_message_size;
        self.v3.refresh(&mut self.store, uptime, max);
    }
}
