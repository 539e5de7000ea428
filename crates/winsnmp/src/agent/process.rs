//! Request processing: GET, GETNEXT, GETBULK and SET over a [`MibStore`], sans-IO.

use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, RawOid, Value, VarBind, Version};

use super::store::MibStore;
use super::value::OwnedValue;
use super::{Agent, ErrorStatus};

/// What processing a request produced.
enum Outcome {
    /// The encoded response.
    Response(Vec<u8>),
    /// The response did not fit: the encoded tooBig response, if that fits.
    TooBig(Option<Vec<u8>>),
}

/// Everything a read-only request needs, borrowed from the agent.
struct Ctx<'s> {
    store: &'s MibStore,
    sys_uptime: RawOid<'s>,
    uptime: u32,
    max: usize,
    version: Version,
}

/// Size of a TLV with `n` content octets.
const fn tlv_len(n: usize) -> usize {
    1 + if n < 0x80 {
        1
    } else if n < 0x100 {
        2
    } else if n < 0x1_0000 {
        3
    } else if n < 0x100_0000 {
        4
    } else {
        5
    } + n
}

fn varbind_len(vb: &VarBind<'_>) -> usize {
    tlv_len(tlv_len(vb.name.as_ber().len()) + vb.value.encoded_len())
}

fn response<'a>(
    version: Version,
    community: &'a [u8],
    request_id: i32,
    status: ErrorStatus,
    index: usize,
    varbinds: Vec<VarBind<'a>>,
) -> Message<'a> {
    let status = match version {
        Version::V1 => status.to_v1(),
        _ => status,
    };
    let mut pdu = Pdu::new(PduType::Response, request_id, varbinds);
    pdu.error_status = status as i32;
    pdu.error_index = i32::try_from(index).unwrap_or(i32::MAX);
    Message {
        version,
        community,
        body: Body::Pdu(pdu),
    }
}

/// Encodes a response, or the tooBig response when it exceeds `max` octets.
fn finish<'a>(
    max: usize,
    version: Version,
    community: &'a [u8],
    req: &Pdu<'a>,
    status: ErrorStatus,
    index: usize,
    varbinds: Vec<VarBind<'a>>,
) -> Outcome {
    let msg = response(version, community, req.request_id, status, index, varbinds);
    match msg.encoded_len() {
        Ok(len) if len <= max => match msg.to_vec() {
            Ok(bytes) => Outcome::Response(bytes),
            Err(_) => too_big(max, version, community, req),
        },
        Ok(_) => too_big(max, version, community, req),
        // A value the version cannot carry; the store never produces one, but answer
        // genErr rather than nothing.
        Err(_) => {
            let msg = response(
                version,
                community,
                req.request_id,
                ErrorStatus::GenErr,
                0,
                req.varbinds.clone(),
            );
            match msg.to_vec() {
                Ok(b) if b.len() <= max => Outcome::Response(b),
                _ => Outcome::TooBig(None),
            }
        }
    }
}

/// The tooBig response: RFC 3416 §4.2.1 (v2c: no bindings), RFC 1157 §4.1.2 (v1: the
/// request's bindings).
fn too_big<'a>(max: usize, version: Version, community: &'a [u8], req: &Pdu<'a>) -> Outcome {
    let vbs = match version {
        Version::V1 => req.varbinds.clone(),
        _ => Vec::new(),
    };
    let msg = response(
        version,
        community,
        req.request_id,
        ErrorStatus::TooBig,
        0,
        vbs,
    );
    Outcome::TooBig(msg.to_vec().ok().filter(|b| b.len() <= max))
}

/// The OID without its last sub-identifier, if it has more than two.
fn parent(oid: RawOid<'_>) -> Option<RawOid<'_>> {
    let b = oid.as_ber();
    let p = b[..b.len() - 1].iter().rposition(|&c| c & 0x80 == 0)?;
    RawOid::from_ber(&b[..=p]).ok()
}

impl<'s> Ctx<'s> {
    fn v1(&self) -> bool {
        self.version == Version::V1
    }

    /// The served value of a stored object (sysUpTime.0 is computed).
    fn value(&self, name: RawOid<'_>, v: &'s OwnedValue) -> Value<'s> {
        if name == self.sys_uptime {
            Value::TimeTicks(self.uptime)
        } else {
            v.as_value()
        }
    }

    /// Index of the first object after `name`, skipping Counter64 objects for SNMPv1.
    fn next_index(&self, name: RawOid<'_>) -> usize {
        let entries = self.store.entries();
        let mut i = entries.partition_point(|(o, _)| o.as_raw() <= name);
        if self.v1() {
            while entries
                .get(i)
                .is_some_and(|(_, v)| matches!(v, OwnedValue::Counter64(_)))
            {
                i += 1;
            }
        }
        i
    }

    fn binding(&self, i: usize) -> Option<VarBind<'s>> {
        let (o, v) = self.store.entries().get(i)?;
        Some(VarBind::new(o.as_raw(), self.value(o.as_raw(), v)))
    }

    fn get<'a>(&self, community: &'a [u8], req: &Pdu<'a>) -> Outcome
    where
        's: 'a,
    {
        let mut out = Vec::with_capacity(req.varbinds.len());
        for (i, vb) in req.varbinds.iter().enumerate() {
            match self.store.get(vb.name) {
                Some(v) if !(self.v1() && matches!(v, OwnedValue::Counter64(_))) => {
                    out.push(VarBind::new(vb.name, self.value(vb.name, v)));
                }
                _ if self.v1() => return self.error(community, req, ErrorStatus::NoSuchName, i),
                _ => {
                    let instance = parent(vb.name).is_some_and(|p| self.store.has_prefix(p));
                    let exc = if instance {
                        Value::NoSuchInstance
                    } else {
                        Value::NoSuchObject
                    };
                    out.push(VarBind::new(vb.name, exc));
                }
            }
        }
        self.done(community, req, out)
    }

    fn get_next<'a>(&self, community: &'a [u8], req: &Pdu<'a>) -> Outcome
    where
        's: 'a,
    {
        let mut out = Vec::with_capacity(req.varbinds.len());
        for (i, vb) in req.varbinds.iter().enumerate() {
            match self.binding(self.next_index(vb.name)) {
                Some(b) => out.push(b),
                None if self.v1() => {
                    return self.error(community, req, ErrorStatus::NoSuchName, i);
                }
                None => out.push(VarBind::new(vb.name, Value::EndOfMibView)),
            }
        }
        self.done(community, req, out)
    }

    /// GETBULK: `cap` bounds max-repetitions, `limit` the repeated bindings (so
    /// max-repetitions is also capped at `limit / R` for R repeating names).
    fn get_bulk<'a>(&self, community: &'a [u8], req: &Pdu<'a>, cap: u32, limit: u32) -> Outcome
    where
        's: 'a,
    {
        let total = req.varbinds.len();
        let n = usize::try_from(req.non_repeaters().max(0))
            .unwrap_or(0)
            .min(total);
        let repeating = u32::try_from(total - n).unwrap_or(u32::MAX);
        let m = u32::try_from(req.max_repetitions().max(0))
            .unwrap_or(0)
            .min(cap)
            .min(limit.checked_div(repeating).unwrap_or(u32::MAX));
        let Ok(base) = response(
            self.version,
            community,
            req.request_id,
            ErrorStatus::NoError,
            0,
            Vec::new(),
        )
        .encoded_len() else {
            return too_big(self.max, self.version, community, req);
        };
        // Conservative: the three enclosing length fields may each grow by up to four octets.
        let budget = self.max.saturating_sub(base + 12);
        let mut used = 0usize;
        let mut out: Vec<VarBind<'a>> = Vec::new();
        for vb in &req.varbinds[..n] {
            let b = self
                .binding(self.next_index(vb.name))
                .unwrap_or(VarBind::new(vb.name, Value::EndOfMibView));
            used += varbind_len(&b);
            if used > budget {
                return too_big(self.max, self.version, community, req);
            }
            out.push(b);
        }
        let repeaters = &req.varbinds[n..];
        if !repeaters.is_empty() && m > 0 {
            let len = self.store.len();
            // Per repeater: the next object index, and the last name returned.
            let mut state: Vec<(usize, RawOid<'a>)> = repeaters
                .iter()
                .map(|vb| (self.next_index(vb.name), vb.name))
                .collect();
            'reps: for r in 0..m {
                let rep_start = out.len();
                let mut all_end = true;
                for (next, last) in &mut state {
                    let b = if *next < len {
                        let b = self
                            .binding(*next)
                            .unwrap_or(VarBind::new(*last, Value::EndOfMibView));
                        *next += 1;
                        *last = b.name;
                        all_end = false;
                        b
                    } else {
                        VarBind::new(*last, Value::EndOfMibView)
                    };
                    let cost = varbind_len(&b);
                    if used + cost > budget {
                        if r > 0 {
                            out.truncate(rep_start);
                        } else if out.len() == rep_start {
                            return too_big(self.max, self.version, community, req);
                        }
                        break 'reps;
                    }
                    used += cost;
                    out.push(b);
                }
                if all_end {
                    break;
                }
            }
        }
        // Exact check (the budget above is conservative, so this rarely trims).
        loop {
            let msg = response(
                self.version,
                community,
                req.request_id,
                ErrorStatus::NoError,
                0,
                out,
            );
            match msg.encoded_len() {
                Ok(l) if l <= self.max => {
                    return match msg.to_vec() {
                        Ok(b) => Outcome::Response(b),
                        Err(_) => too_big(self.max, self.version, community, req),
                    };
                }
                _ => {
                    let Body::Pdu(pdu) = msg.body else {
                        return too_big(self.max, self.version, community, req);
                    };
                    out = pdu.varbinds;
                    if out.len() <= n {
                        return too_big(self.max, self.version, community, req);
                    }
                    out.pop();
                }
            }
        }
    }

    /// An error response at binding `i` (0-based) echoing the request's bindings.
    fn error<'a>(
        &self,
        community: &'a [u8],
        req: &Pdu<'a>,
        status: ErrorStatus,
        i: usize,
    ) -> Outcome {
        finish(
            self.max,
            self.version,
            community,
            req,
            status,
            i + 1,
            req.varbinds.clone(),
        )
    }

    fn done<'a>(&self, community: &'a [u8], req: &Pdu<'a>, out: Vec<VarBind<'a>>) -> Outcome {
        finish(
            self.max,
            self.version,
            community,
            req,
            ErrorStatus::NoError,
            0,
            out,
        )
    }
}

impl Agent {
    /// Processes one request datagram; returns the response datagram, or `None` when the
    /// request gets no answer (undecodable, unknown community, not a request PDU, or a
    /// response too big even as tooBig). `uptime` is the agent's sysUpTime in hundredths of
    /// a second. Never panics, whatever the bytes.
    pub fn handle(&mut self, request: &[u8], uptime: u32) -> Option<Vec<u8>> {
        self.stats.datagrams += 1;
        if winsnmp_wire::peek_version(request) == Ok(Version::V3) {
            return self.handle_v3(request, uptime);
        }
        self.refresh_v3_objects(uptime);
        match Message::decode_with(request, self.config.quirks) {
            Ok(msg) => self.handle_message(&msg, uptime),
            Err(_) => {
                self.stats.parse_errors += 1;
                None
            }
        }
    }

    /// Processes one decoded request message, as [`Agent::handle`] does (the datagram
    /// counter is not touched).
    pub fn handle_message(&mut self, msg: &Message<'_>, uptime: u32) -> Option<Vec<u8>> {
        let Body::Pdu(pdu) = &msg.body else {
            self.stats.unsupported_pdus += 1;
            return None;
        };
        if !matches!(
            pdu.pdu_type,
            PduType::Get | PduType::GetNext | PduType::GetBulk | PduType::Set
        ) || !pdu.pdu_type.allowed_in(msg.version)
        {
            self.stats.unsupported_pdus += 1;
            return None;
        }
        let can_write = msg.community == self.config.write_community.as_slice();
        if !can_write && msg.community != self.config.read_community.as_slice() {
            self.stats.bad_community += 1;
            return None;
        }
        self.stats.requests += 1;
        let outcome = if pdu.varbinds.len() > self.config.max_request_varbinds {
            too_big(
                self.config.max_message_size,
                msg.version,
                msg.community,
                pdu,
            )
        } else if pdu.pdu_type == PduType::Set {
            self.set(msg.version, msg.community, pdu, can_write)
        } else {
            let ctx = Ctx {
                store: &self.store,
                sys_uptime: self.sys_uptime.as_raw(),
                uptime,
                max: self.config.max_message_size,
                version: msg.version,
            };
            match pdu.pdu_type {
                PduType::Get => ctx.get(msg.community, pdu),
                PduType::GetNext => ctx.get_next(msg.community, pdu),
                _ => ctx.get_bulk(
                    msg.community,
                    pdu,
                    self.config.max_repetitions,
                    self.config.max_varbinds,
                ),
            }
        };
        match outcome {
            Outcome::Response(b) => {
                self.stats.responses += 1;
                Some(b)
            }
            Outcome::TooBig(b) => {
                self.stats.too_big += 1;
                if b.is_some() {
                    self.stats.responses += 1;
                }
                b
            }
        }
    }

    fn set<'a>(
        &mut self,
        version: Version,
        community: &'a [u8],
        req: &Pdu<'a>,
        can_write: bool,
    ) -> Outcome {
        let max = self.config.max_message_size;
        let fail = |status, index| {
            finish(
                max,
                version,
                community,
                req,
                status,
                index,
                req.varbinds.clone(),
            )
        };
        if !can_write {
            return fail(ErrorStatus::NoAccess, usize::from(!req.varbinds.is_empty()));
        }
        let sys_uptime: &Oid = &self.sys_uptime;
        let mut changes = Vec::with_capacity(req.varbinds.len());
        for (i, vb) in req.varbinds.iter().enumerate() {
            if vb.name == sys_uptime.as_raw() {
                return fail(ErrorStatus::NotWritable, i + 1);
            }
            let Some(current) = self.store.get(vb.name) else {
                return fail(ErrorStatus::NoCreation, i + 1);
            };
            match OwnedValue::from_value(&vb.value) {
                Some(new) if new.tag() == current.tag() => changes.push((vb.name, new)),
                _ => return fail(ErrorStatus::WrongType, i + 1),
            }
        }
        let outcome = finish(
            max,
            version,
            community,
            req,
            ErrorStatus::NoError,
            0,
            req.varbinds.clone(),
        );
        if let Outcome::Response(_) = outcome {
            for (name, value) in changes {
                if let Some(slot) = self.store.get_mut(name) {
                    *slot = value;
                }
            }
            self.stats.sets += 1;
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varbind_len_is_exact() {
        let long = vec![b'x'; 300];
        let big = vec![b'y'; 70_000];
        let o: Oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
        for v in [
            Value::Null,
            Value::OctetString(b""),
            Value::OctetString(&long),
            Value::OctetString(&big),
            Value::Counter64(u64::MAX),
        ] {
            let vbs = vec![VarBind::new(o.as_raw(), v)];
            let with = response(Version::V2c, b"c", 1, ErrorStatus::NoError, 0, vbs.clone());
            let without = response(Version::V2c, b"c", 1, ErrorStatus::NoError, 0, Vec::new());
            let grow = with.encoded_len().unwrap() - without.encoded_len().unwrap();
            // The enclosing lengths grow by at most 12 octets (the agent's slack).
            assert!(grow >= varbind_len(&vbs[0]) && grow <= varbind_len(&vbs[0]) + 12);
        }
    }

    #[test]
    fn parent_drops_one_arc() {
        let o: Oid = "1.3.6.1.300.5".parse().unwrap();
        assert_eq!(parent(o.as_raw()).unwrap().to_string(), "1.3.6.1.300");
        let o: Oid = "1.3.6.1.300".parse().unwrap();
        assert_eq!(parent(o.as_raw()).unwrap().to_string(), "1.3.6.1");
        let o: Oid = "1.3".parse().unwrap();
        assert!(parent(o.as_raw()).is_none());
    }

    #[test]
    fn v1_status_mapping() {
        assert_eq!(ErrorStatus::WrongType.to_v1(), ErrorStatus::BadValue);
        assert_eq!(ErrorStatus::NoCreation.to_v1(), ErrorStatus::NoSuchName);
        assert_eq!(ErrorStatus::NotWritable.to_v1(), ErrorStatus::NoSuchName);
        assert_eq!(ErrorStatus::NoAccess.to_v1(), ErrorStatus::NoSuchName);
        assert_eq!(ErrorStatus::CommitFailed.to_v1(), ErrorStatus::GenErr);
        assert_eq!(ErrorStatus::TooBig.to_v1(), ErrorStatus::TooBig);
    }
}
