//! The manager subcommands on the `winsnmp` async client (through its blocking facade:
//! one current-thread Tokio runtime, the sockets driven by the request being waited for,
//! no thread hand-off): `get`, `getnext`, `bulkget`, `set`, `trap`, `inform` here, `walk`
//! and `bulkwalk` in `walk.rs`, `table` in `table.rs`. SNMPv3 traps (this engine is
//! authoritative for them) and `trapd` use the WinSNMP session API.

use std::io::Write as _;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use winsnmp::client::{self as snmp, TrapV1Header, Value as CValue, VarBind as CVarBind, blocking};
use winsnmp::engine::consts::{SNMP_PDU_INFORM, SNMP_PDU_TRAP, SNMPAPI_SUCCESS};
use winsnmp::engine::{SmiOid, SmiValue, VarBindEntry};
use winsnmp::{Runtime, Session, SnmpApiError, TranslateMode};
use winsnmp_wire::Oid;

use crate::format::{self, OutputOpts};
use crate::print::Printer;
use crate::setval::{parse_oid, parse_triples};
use crate::usm::V3Opts;

/// sysUpTime.0
const SYS_UPTIME_0: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 3, 0];
/// snmpTrapOID.0
const SNMP_TRAP_OID_0: [u32; 11] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0];

/// Why a command failed; each kind has its own exit code (see `main.rs`).
#[derive(Debug)]
pub(crate) enum Failure {
    /// Bad command line: exit 2.
    Usage(String),
    /// No answer: exit 1.
    Timeout(String),
    /// The agent answered with an error-status: exit 3.
    Agent(String),
    /// Anything else (transport, local resources, files): exit 4.
    Other(String),
    /// The SNMPv3 agent refused the request (a Report: wrong password, unknown user,
    /// unsupported level, unknown engine ID, time window, decryption): exit 5.
    Security(String),
}

impl Failure {
    /// The process exit code.
    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Timeout(_) => 1,
            Self::Usage(_) => 2,
            Self::Agent(_) => 3,
            Self::Other(_) => 4,
            Self::Security(_) => 5,
        }
    }

    /// The one-line message.
    pub(crate) fn message(&self) -> &str {
        match self {
            Self::Usage(m)
            | Self::Timeout(m)
            | Self::Agent(m)
            | Self::Other(m)
            | Self::Security(m) => m,
        }
    }
}

fn api(what: &str) -> impl Fn(SnmpApiError) -> Failure + '_ {
    move |e| Failure::Other(format!("{what}: {e}"))
}

/// Options shared by the manager subcommands, spelled as net-snmp's tools spell them.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct Common {
    /// SNMP version: 1, 2c or 3.
    #[arg(short = 'v', default_value = "2c", value_parser = ["1", "2c", "3"])]
    pub(crate) version: String,
    /// Community string.
    #[arg(short = 'c', default_value = "public")]
    pub(crate) community: String,
    /// Seconds to wait for an answer before retrying.
    #[arg(short = 't', default_value_t = 1.0)]
    pub(crate) timeout: f64,
    /// Retries after the first try.
    #[arg(short = 'r', default_value_t = 5)]
    pub(crate) retries: u32,
    /// Output options, as net-snmp's: n (numeric OIDs), s (suffix), S (MODULE::name, the
    /// default), f (full), u (UCD style), q (quick), Q (quick with `=`), v (values only),
    /// e (numeric enums), t (numeric timeticks), x (hex strings), a (text strings), T (hex
    /// and text), U (no units), b (no index decoding), X (bracketed indexes), E (escaped
    /// quotes), 0 (two-digit hex), p PRECISION (floats: printf flags, width, precision).
    /// May be repeated or combined (`-Oqv`).
    #[arg(short = 'O', value_name = "FLAGS")]
    pub(crate) output: Vec<String>,
    /// Dump every packet sent and received in hexadecimal on stderr, as net-snmp's -d.
    #[arg(short = 'd')]
    pub(crate) dump: bool,
    /// MIB options (-m, -M, -I).
    #[command(flatten)]
    pub(crate) mib: crate::mibs::MibOpts,
    /// net-snmp options this tool does not implement (refused by name).
    #[command(flatten)]
    pub(crate) unsupported: crate::mibs::Unsupported,
    /// Print NDJSON (one JSON object per varbind) instead of net-snmp's text.
    #[arg(long)]
    pub(crate) json: bool,
    /// SNMPv3 options.
    #[command(flatten)]
    pub(crate) v3: V3Opts,
}

impl Common {
    /// The `-O` options (with `-Ih`), applied over `base`.
    pub(crate) fn output_over(&self, base: OutputOpts) -> Result<OutputOpts, Failure> {
        self.unsupported.check().map_err(Failure::Usage)?;
        let mut o = base;
        for f in &self.output {
            o.apply(f).map_err(Failure::Usage)?;
        }
        o.0.no_display_hint |= crate::mibs::no_display_hint();
        Ok(o)
    }

    /// The `-O` options.
    pub(crate) fn output_opts(&self) -> Result<OutputOpts, Failure> {
        self.output_over(OutputOpts::default())
    }

    pub(crate) fn v1(&self) -> bool {
        self.version == "1"
    }

    pub(crate) fn is_v3(&self) -> bool {
        self.version == "3"
    }

    /// Checks the options every manager command shares.
    fn check(&self) -> Result<(), Failure> {
        if !(self.timeout > 0.0 && self.timeout <= 3600.0) {
            return Err(Failure::Usage(format!("bad timeout {}", self.timeout)));
        }
        if !self.is_v3() && self.v3.any() {
            return Err(Failure::Usage(
                "the SNMPv3 options (-l -u -a -A -x -X -e -E -n -Z) need -v 3".into(),
            ));
        }
        Ok(())
    }
}

/// The counters of the last client's transport, for `--stats` (the manager commands run
/// on the client's own engine, not the WinSNMP runtime's).
static CLIENT_STATS: std::sync::Mutex<Option<winsnmp::CommStats>> = std::sync::Mutex::new(None);

/// The counters `--stats` prints: the last client's, if a command used one.
pub(crate) fn client_stats() -> Option<winsnmp::CommStats> {
    CLIENT_STATS.lock().ok().and_then(|s| *s)
}

/// A client towards one agent, as the command line describes it.
pub(crate) struct Conn {
    client: blocking::Client,
    label: String,
    describe: String,
}

impl Conn {
    /// Resolves the target (`default_port` when it names none: 161, or 162 for
    /// notifications) and opens the client; bulk walks use `reps` max-repetitions.
    pub(crate) fn open(
        common: &Common,
        target: &str,
        default_port: u16,
        reps: i32,
    ) -> Result<Self, Failure> {
        common.check()?;
        let mut b = snmp::Client::builder(target)
            .default_port(default_port)
            .timeout(Duration::from_secs_f64(common.timeout))
            .retries(common.retries)
            .max_repetitions(reps);
        b = match common.version.as_str() {
            "1" => b
                .version(winsnmp_wire::Version::V1)
                .community(&common.community),
            "3" => b.usm(common.v3.security()?, common.v3.context_name()),
            _ => b.community(&common.community),
        };
        if common.dump {
            b = b.packet_hook(crate::dump::hook());
        }
        let client = blocking::Client::connect(b).map_err(|e| match e {
            snmp::Error::Target(why) => Failure::Usage(format!("bad address {target:?}: {why}")),
            snmp::Error::Io(why) => Failure::Other(why),
            e => Failure::Other(e.to_string()),
        })?;
        let label = client.inner().addr().to_string();
        Ok(Self {
            client,
            label,
            describe: format!(
                "{} s timeout, {} retr{}",
                common.timeout,
                common.retries,
                if common.retries == 1 { "y" } else { "ies" }
            ),
        })
    }

    /// The client.
    pub(crate) fn client(&self) -> &blocking::Client {
        &self.client
    }

    /// Records the transport's counters for `--stats`.
    fn record_stats(&self) {
        if let Ok(mut s) = CLIENT_STATS.lock() {
            *s = Some(self.client.inner().transport().stats());
        }
    }

    /// The failure (and exit code) for a client error.
    pub(crate) fn fail(&self, e: snmp::Error) -> Failure {
        use snmp::Error as E;
        match e {
            E::Timeout(_) => Failure::Timeout(format!(
                "no response from {} ({})",
                self.label, self.describe
            )),
            e @ E::Agent { .. } => Failure::Agent(e.to_string()),
            e @ E::Security(_) => Failure::Security(e.to_string()),
            E::NotIncreasing { previous, next } => {
                Failure::Agent(format!("OID not increasing: .{next} after .{previous}"))
            }
            E::Oversized { .. } => {
                let l = winsnmp::engine::Limits::default();
                Failure::Other(format!(
                    "message to or from {} beyond the limits ({} octets, {} bindings)",
                    self.label, l.max_message_size, l.max_varbinds
                ))
            }
            E::Target(why) => Failure::Usage(format!("bad address {}: {why}", self.label)),
            E::Usage(m) => Failure::Usage(m),
            E::Io(m) => Failure::Other(m),
            e => Failure::Other(format!("request to {}: {e}", self.label)),
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.record_stats();
    }
}

/// Parses OIDs (names or numbers) into the codec's form.
pub(crate) fn parse_oids(args: &[String]) -> Result<Vec<Oid>, Failure> {
    args.iter()
        .map(|a| {
            let arcs = parse_oid(a).map_err(Failure::Usage)?;
            Oid::from_arcs(&arcs).map_err(|_| Failure::Usage(format!("bad OID {a:?}")))
        })
        .collect()
}

/// A value of the SET/trap parser as the client's value.
pub(crate) fn to_value(v: &SmiValue) -> Result<CValue, Failure> {
    use bytes::Bytes;
    Ok(match v {
        SmiValue::Int(i) => CValue::Integer(*i),
        SmiValue::Octets(b) | SmiValue::Bits(b) => CValue::OctetString(Bytes::copy_from_slice(b)),
        SmiValue::Null => CValue::Null,
        SmiValue::Oid(o) => CValue::Oid(
            Oid::from_arcs(o).map_err(|e| Failure::Usage(format!("bad OID value: {e}")))?,
        ),
        SmiValue::IpAddr(a) => CValue::IpAddress(
            <[u8; 4]>::try_from(a.as_slice())
                .map_err(|_| Failure::Usage("an IpAddress has four octets".into()))?,
        ),
        SmiValue::Cntr32(c) => CValue::Counter32(*c),
        SmiValue::Gauge32(g) | SmiValue::UInt32(g) => CValue::Gauge32(*g),
        SmiValue::TimeTicks(t) => CValue::TimeTicks(*t),
        SmiValue::Opaque(b) => CValue::Opaque(Bytes::copy_from_slice(b)),
        SmiValue::NsapAddr(b) => CValue::NsapAddress(Bytes::copy_from_slice(b)),
        SmiValue::Cntr64(c) => CValue::Counter64(c.to_u64()),
        SmiValue::NoSuchObject => CValue::NoSuchObject,
        SmiValue::NoSuchInstance => CValue::NoSuchInstance,
        SmiValue::EndOfMibView => CValue::EndOfMibView,
    })
}

/// `(name, value)` pairs as the client's bindings.
fn to_bindings(entries: &[VarBindEntry]) -> Result<Vec<CVarBind>, Failure> {
    entries
        .iter()
        .map(|e| {
            let oid = Oid::from_arcs(&e.name).map_err(|_| {
                Failure::Usage(format!(
                    "bad OID {}",
                    winsnmp::engine::oid_to_string(&e.name)
                ))
            })?;
            Ok(CVarBind::new(oid, to_value(&e.value)?))
        })
        .collect()
}

/// Prints the bindings of an answer.
fn print_all(common: &Common, vbs: &[CVarBind]) -> Result<(), Failure> {
    let mut p = Printer::new(common.output_opts()?, common.json);
    for vb in vbs {
        p.binding_parts(vb.oid.as_raw(), &vb.value.as_wire());
    }
    Ok(())
}

/// `-C` options of `get` and `getnext`: `f`, do not fix the request after an error.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct FixOpts {
    /// f: after an error-status (noSuchName from an SNMPv1 agent…), stop there rather than
    /// ask again without the binding the agent named (net-snmp's -Cf).
    #[arg(short = 'C', value_name = "f")]
    pub(crate) opts: Vec<String>,
}

impl FixOpts {
    /// Whether to fix and retry (no `-Cf`).
    fn fix(&self) -> Result<bool, Failure> {
        let mut fix = true;
        for o in &self.opts {
            if o != "f" {
                return Err(Failure::Usage(format!("unknown option -C{o} (only -Cf)")));
            }
            fix = false;
        }
        Ok(fix)
    }
}

/// `get`, `getnext`: one request, every binding printed. As net-snmp's snmpget and
/// snmpgetnext, an answer with an error-status that names a binding is reported and the
/// request sent again without that binding, until one is answered or none is left (the
/// exit code then still says the agent refused one); `-Cf` stops at the first error.
pub(crate) fn get(
    common: &Common,
    fix: &FixOpts,
    target: &str,
    oids: &[String],
    next: bool,
) -> Result<(), Failure> {
    common.output_opts()?;
    let fix = fix.fix()?;
    let mut names = parse_oids(oids)?;
    let conn = Conn::open(common, target, 161, 10)?;
    // An earlier refusal gets its own line (the last one is main's, at exit), as snmpget
    // prints each "Error in packet".
    let report = |f: Failure| {
        let name = if next { "getnext" } else { "get" };
        eprintln!("wsnmp: {name}: {}", f.message());
    };
    let mut refused: Option<Failure> = None;
    loop {
        let r = if next {
            conn.client().get_next(&names)
        } else {
            conn.client().get_many(&names)
        };
        match r {
            Ok(vbs) => {
                print_all(common, &vbs)?;
                return refused.map_or(Ok(()), Err);
            }
            Err(e @ snmp::Error::Agent { index, .. })
                if fix && names.len() > 1 && (1..=names.len()).contains(&(index as usize)) =>
            {
                if let Some(f) = refused.replace(conn.fail(e)) {
                    report(f);
                }
                names.remove(index as usize - 1);
            }
            Err(e) => {
                if let Some(f) = refused {
                    report(f);
                }
                return Err(conn.fail(e));
            }
        }
    }
}

/// `-C` options of `bulkget`: `rN` max-repetitions, `nN` non-repeaters.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct BulkOpts {
    /// Bulk options: rN (max-repetitions), nN (non-repeaters).
    #[arg(short = 'C', value_name = "OPT")]
    pub(crate) bulk: Vec<String>,
}

impl BulkOpts {
    fn parse(&self, default_reps: i32) -> Result<(i32, i32), Failure> {
        let (mut n, mut r) = (0, default_reps);
        for o in &self.bulk {
            let (k, v) = o.split_at(o.chars().next().map_or(0, char::len_utf8));
            let v: i32 =
                v.parse().ok().filter(|v| *v >= 0).ok_or_else(|| {
                    Failure::Usage(format!("bad -C{o}: expected -Cr<N> or -Cn<N>"))
                })?;
            match k {
                "r" => r = v,
                "n" => n = v,
                _ => return Err(Failure::Usage(format!("unknown bulk option -C{o}"))),
            }
        }
        Ok((n, r))
    }
}

/// `bulkget`: one GETBULK.
pub(crate) fn bulkget(
    common: &Common,
    bulk: &BulkOpts,
    target: &str,
    oids: &[String],
) -> Result<(), Failure> {
    common.output_opts()?;
    let names = parse_oids(oids)?;
    let (n, r) = bulk.parse(10)?;
    if common.v1() {
        return Err(Failure::Usage(
            "bulkget needs -v 2c (SNMPv1 has no GetBulk)".into(),
        ));
    }
    let conn = Conn::open(common, target, 161, 10)?;
    let vbs = conn
        .client()
        .get_bulk(n, r, &names)
        .map_err(|e| conn.fail(e))?;
    print_all(common, &vbs)
}

/// `set`: `OID TYPE VALUE` triples.
pub(crate) fn set(common: &Common, target: &str, args: &[String]) -> Result<(), Failure> {
    common.output_opts()?;
    let triples = parse_triples(args).map_err(Failure::Usage)?;
    if triples.is_empty() {
        return Err(Failure::Usage("set needs OID TYPE VALUE".into()));
    }
    let entries: Vec<VarBindEntry> = triples
        .into_iter()
        .map(|(name, value)| VarBindEntry { name, value })
        .collect();
    let bindings = to_bindings(&entries)?;
    let conn = Conn::open(common, target, 161, 10)?;
    let vbs = conn.client().set(&bindings).map_err(|e| conn.fail(e))?;
    print_all(common, &vbs)
}

/// The system's uptime in hundredths of a second (what an empty UPTIME argument means).
fn now_ticks() -> u32 {
    std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0, |secs| (secs * 100.0) as u64 as u32)
}

fn parse_uptime(s: &str) -> Result<u32, Failure> {
    if s.is_empty() {
        Ok(now_ticks())
    } else {
        s.parse()
            .map_err(|_| Failure::Usage(format!("bad uptime {s:?}")))
    }
}

/// A notification built from `snmptrap`/`snmpinform` arguments.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Notification {
    /// SNMPv1: `ENTERPRISE AGENT GENERIC SPECIFIC UPTIME [OID TYPE VALUE]...`: the
    /// Trap-PDU's fields (agent-addr `None`: this host's address towards the receiver)
    /// and exactly the bindings given.
    V1 {
        enterprise: SmiOid,
        agent: Option<[u8; 4]>,
        generic: i32,
        specific: i32,
        uptime: u32,
        bindings: Vec<VarBindEntry>,
    },
    /// SNMPv2: `UPTIME TRAP-OID [OID TYPE VALUE]...` as sysUpTime.0, snmpTrapOID.0 and
    /// the bindings given.
    V2(Vec<VarBindEntry>),
}

/// Parses the notification arguments (`v1`: the SNMPv1 trap form).
pub(crate) fn notification(v1: bool, args: &[String]) -> Result<Notification, Failure> {
    let usage = |m: &str| Failure::Usage(m.to_owned());
    let triples = |rest: &[String]| -> Result<Vec<VarBindEntry>, Failure> {
        Ok(parse_triples(rest)
            .map_err(Failure::Usage)?
            .into_iter()
            .map(|(name, value)| VarBindEntry { name, value })
            .collect())
    };
    if v1 {
        if args.len() < 5 {
            return Err(usage(
                "v1 trap needs ENTERPRISE AGENT GENERIC SPECIFIC UPTIME",
            ));
        }
        let enterprise = parse_oid(if args[0].is_empty() {
            "1.3.6.1.4.1.3.1.1"
        } else {
            &args[0]
        })
        .map_err(Failure::Usage)?;
        let agent = if args[1].is_empty() {
            None
        } else {
            let ip: std::net::Ipv4Addr = args[1]
                .parse()
                .map_err(|_| usage("AGENT must be an IPv4 address"))?;
            Some(ip.octets())
        };
        let generic: i32 = args[2]
            .parse()
            .ok()
            .filter(|g| (0..=6).contains(g))
            .ok_or_else(|| usage("GENERIC must be 0..6"))?;
        let specific: i32 = args[3]
            .parse()
            .map_err(|_| usage("SPECIFIC must be a number"))?;
        return Ok(Notification::V1 {
            enterprise,
            agent,
            generic,
            specific,
            uptime: parse_uptime(&args[4])?,
            bindings: triples(&args[5..])?,
        });
    }
    if args.len() < 2 {
        return Err(usage("needs UPTIME TRAP-OID"));
    }
    let mut out = vec![
        VarBindEntry {
            name: SYS_UPTIME_0.to_vec(),
            value: SmiValue::TimeTicks(parse_uptime(&args[0])?),
        },
        VarBindEntry {
            name: SNMP_TRAP_OID_0.to_vec(),
            value: SmiValue::Oid(parse_oid(&args[1]).map_err(Failure::Usage)?),
        },
    ];
    out.extend(triples(&args[2..])?);
    Ok(Notification::V2(out))
}

/// This host's IPv4 address towards `to` (the route's source), for a v1 trap's
/// agent-addr; 0.0.0.0 when there is none.
fn local_v4_towards(to: std::net::SocketAddr) -> [u8; 4] {
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| {
            s.connect(to)?;
            s.local_addr()
        })
        .ok()
        .and_then(|a| match a.ip() {
            std::net::IpAddr::V4(ip) => Some(ip.octets()),
            std::net::IpAddr::V6(_) => None,
        })
        .unwrap_or([0; 4])
}

/// `trap` (no answer expected) and `inform` (waits for the acknowledgement).
pub(crate) fn notify(
    common: &Common,
    target: &str,
    args: &[String],
    inform: bool,
) -> Result<(), Failure> {
    common.output_opts()?;
    if inform && common.v1() {
        return Err(Failure::Usage(
            "inform needs -v 2c (SNMPv1 has no InformRequest)".into(),
        ));
    }
    let n = notification(common.v1(), args)?;
    if common.is_v3() && !inform {
        let Notification::V2(bindings) = n else {
            return Err(Failure::Usage(
                "an SNMPv1 trap cannot be sent as SNMPv3".into(),
            ));
        };
        return v3_trap(common, target, &bindings);
    }
    let conn = Conn::open(common, target, 162, 10)?;
    let c = conn.client();
    let r = match n {
        Notification::V1 {
            enterprise,
            agent,
            generic,
            specific,
            uptime,
            bindings,
        } => {
            let header = TrapV1Header {
                enterprise: Oid::from_arcs(&enterprise)
                    .map_err(|_| Failure::Usage("bad ENTERPRISE OID".into()))?,
                agent_addr: agent.unwrap_or_else(|| local_v4_towards(c.inner().addr())),
                generic,
                specific,
                time_stamp: uptime,
            };
            let bindings = to_bindings(&bindings)?;
            c.block_on(c.inner().trap_v1(&header, &bindings))
        }
        Notification::V2(bindings) => {
            let bindings = to_bindings(&bindings)?;
            if inform {
                c.block_on(c.inner().inform(&bindings)).map(|_| ())
            } else {
                c.block_on(c.inner().trap(&bindings))
            }
        }
    };
    r.map_err(|e| conn.fail(e))
}

/// An SNMPv3 trap through the WinSNMP session API: this engine is authoritative for its
/// traps (`-e` names it, else the process's generated engine ID).
fn v3_trap(common: &Common, target: &str, bindings: &[VarBindEntry]) -> Result<(), Failure> {
    common.check()?;
    if let Some(id) = common.v3.engine()? {
        winsnmp::api::winsnmp_set_local_engine(&id, 1)
            .map_err(|e| Failure::Usage(format!("engine ID: {e}")))?;
    }
    let security = common.v3.security()?;
    let addr = crate::agent::parse_endpoint(target, 162).map_err(Failure::Usage)?;
    let rt = Runtime::new().map_err(api("startup"))?;
    rt.set_translate_mode(TranslateMode::UntranslatedV2)
        .map_err(api("translate mode"))?;
    let session = Session::blocking().map_err(api("session"))?;
    let entity = session.entity(&addr.to_string()).map_err(api("target"))?;
    entity
        .set_usm(Some(security))
        .map_err(api("SNMPv3 settings"))?;
    let ctx = session
        .context_name(common.v3.context_name())
        .map_err(api("context"))?;
    let vbl = session.vbl().map_err(api("varbind list"))?;
    for b in bindings {
        vbl.push(&b.name, &b.value).map_err(|e| {
            Failure::Usage(format!(
                "bad binding .{}: {e}",
                winsnmp::engine::oid_to_string(&b.name)
            ))
        })?;
    }
    let pdu = session.pdu(SNMP_PDU_TRAP, Some(&vbl)).map_err(api("PDU"))?;
    // SnmpSendMsg puts the datagram on the wire before it returns.
    session
        .send(None, &entity, &ctx, &pdu)
        .map_err(|e| Failure::Other(format!("trap to {addr}: {e}")))?;
    drop((pdu, vbl, ctx, entity, session, rt));
    Ok(())
}

/// Options of `trapd`.
#[derive(clap::Args, Debug)]
pub(crate) struct TrapdArgs {
    /// UDP port to receive notifications on (162 needs privileges).
    #[arg(long, default_value_t = 162)]
    port: u16,
    /// Exit after this many notifications.
    #[arg(long)]
    count: Option<u64>,
    /// Exit after this many seconds.
    #[arg(long)]
    seconds: Option<f64>,
    /// Print NDJSON (one object per notification).
    #[arg(long)]
    json: bool,
    /// Output options as for the other commands.
    #[arg(short = 'O', value_name = "FLAGS")]
    output: Vec<String>,
    /// MIB options (-m, -M, -I).
    #[command(flatten)]
    pub(crate) mib: crate::mibs::MibOpts,
    /// An SNMPv3 user, in net-snmp's createUser words: "[-e ENGINEID] NAME [AUTH AUTHPASS
    /// [PRIV PRIVPASS]]" (repeatable). Without -e the user is accepted for traps from any
    /// engine and for informs; with -e only for traps from that engine.
    #[arg(long = "user", value_name = "CREATEUSER", allow_hyphen_values = true)]
    users: Vec<String>,
    /// This receiver's SNMPv3 engine ID in hex (informs are sent to it; default: generated
    /// for the process).
    #[arg(long = "engine-id", value_name = "HEX")]
    engine_id: Option<String>,
}

/// `trapd`: receives traps and informs (acknowledged by the runtime) and prints them.
pub(crate) fn trapd(args: &TrapdArgs) -> Result<(), Failure> {
    let mut out = OutputOpts::default();
    for f in &args.output {
        out.apply(f).map_err(Failure::Usage)?;
    }
    let users = args
        .users
        .iter()
        .map(|u| crate::usm::parse_create_user(u))
        .collect::<Result<Vec<_>, _>>()?;
    let engine_id = args
        .engine_id
        .as_deref()
        .map(crate::usm::parse_engine_id)
        .transpose()?;
    // The trap port is read when the runtime starts.
    winsnmp::api::set_trap_port(Some(args.port));
    let rt = Runtime::new().map_err(api("startup"))?;
    if let Some(id) = &engine_id {
        winsnmp::api::winsnmp_set_local_engine(id, 1).map_err(api("engine ID"))?;
    }
    for (user, engine) in users {
        winsnmp::api::winsnmp_add_usm_user(user, engine.as_deref()).map_err(api("user"))?;
    }
    rt.set_translate_mode(TranslateMode::UntranslatedV2)
        .map_err(api("translate mode"))?;
    let (tx, rx) = mpsc::channel::<()>();
    let tx = std::sync::Mutex::new(tx);
    let session = Session::new(move |_n| {
        let _ = tx.lock().map(|t| t.send(()));
        SNMPAPI_SUCCESS
    })
    .map_err(api("session"))?;
    session
        .register(None, None, None, true)
        .map_err(|e| match e {
            SnmpApiError::TlInUse => Failure::Other(format!("port {} is in use", args.port)),
            e => Failure::Other(format!("cannot receive on port {}: {e}", args.port)),
        })?;
    eprintln!("wsnmp trapd: listening on UDP port {}", args.port);
    let deadline = args
        .seconds
        .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let mut seen = 0u64;
    loop {
        while let Some(m) = session.recv().map_err(api("receive"))? {
            print_notification(&m, out, args.json)?;
            seen += 1;
            if args.count.is_some_and(|c| seen >= c) {
                return Ok(());
            }
        }
        let wait = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(w) => w.min(Duration::from_millis(500)),
                None => return Ok(()),
            },
            None => Duration::from_millis(500),
        };
        let _ = rx.recv_timeout(wait);
    }
}

pub(crate) fn print_notification(
    m: &winsnmp::Received,
    out: OutputOpts,
    json: bool,
) -> Result<(), Failure> {
    let info = m.pdu.info().map_err(api("PDU"))?;
    let from = m.src.to_str().map_err(api("entity"))?;
    let community = m.context.bytes().map_err(api("context"))?;
    let vbs = m
        .pdu
        .varbinds()
        .and_then(|v| v.entries())
        .map_err(api("varbinds"))?;
    let kind = if info.pdu_type == SNMP_PDU_INFORM {
        "INFORM"
    } else {
        "TRAP"
    };
    // SNMPv3: the user and level instead of a community; the context is the context name.
    let v3 = m.src.security().map_err(api("entity"))?.map(|s| {
        (
            String::from_utf8_lossy(&s.user.name).into_owned(),
            s.level.name(),
        )
    });
    if let Some((user, level)) = v3 {
        if json {
            let rows: Vec<String> = vbs
                .iter()
                .map(|vb| format::json_row(&vb.name, &vb.value))
                .collect();
            format::emit(&format!(
                "{{\"kind\":\"{kind}\",\"from\":{},\"version\":\"3\",\"user\":{},\"level\":\"{level}\",\"context\":{},\"request_id\":{},\"varbinds\":[{}]}}",
                format::json_str(&from),
                format::json_str(&user),
                format::json_str(&String::from_utf8_lossy(&community)),
                info.request_id,
                rows.join(",")
            ));
        } else {
            format::emit(&format!(
                "{kind} from {from} user {} ({level}) context {} request-id {}",
                format::value(&SmiValue::Octets(user.into_bytes()), true),
                format::value(&SmiValue::Octets(community), true),
                info.request_id
            ));
            for vb in &vbs {
                format::emit(&format!("  {}", format::varbind(&vb.name, &vb.value, out)));
            }
        }
        let _ = std::io::stdout().flush();
        return Ok(());
    }
    if json {
        let rows: Vec<String> = vbs
            .iter()
            .map(|vb| format::json_row(&vb.name, &vb.value))
            .collect();
        format::emit(&format!(
            "{{\"kind\":\"{kind}\",\"from\":{},\"community\":{},\"request_id\":{},\"varbinds\":[{}]}}",
            format::json_str(&from),
            format::json_str(&String::from_utf8_lossy(&community)),
            info.request_id,
            rows.join(",")
        ));
    } else {
        format::emit(&format!(
            "{kind} from {from} community {} request-id {}",
            format::value(&SmiValue::Octets(community), true),
            info.request_id
        ));
        for vb in &vbs {
            format::emit(&format!("  {}", format::varbind(&vb.name, &vb.value, out)));
        }
    }
    let _ = std::io::stdout().flush();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn v2c_notification_arguments() {
        let Notification::V2(b) = notification(
            false,
            &s(&["200", ".1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", "x"]),
        )
        .unwrap() else {
            panic!("v2")
        };
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].value, SmiValue::TimeTicks(200));
        assert_eq!(
            b[1].value,
            SmiValue::Oid(vec![1, 3, 6, 1, 6, 3, 1, 1, 5, 1])
        );
        assert_eq!(b[2].value, SmiValue::Octets(b"x".to_vec()));
        let Notification::V2(now) = notification(false, &s(&["", "1.3.6.1.6.3.1.1.5.1"])).unwrap()
        else {
            panic!("v2")
        };
        assert!(matches!(now[0].value, SmiValue::TimeTicks(_)));
        assert!(notification(false, &s(&["200"])).is_err());
        assert!(notification(false, &s(&["x", "1.3.6.1"])).is_err());
    }

    #[test]
    fn v1_traps_carry_exactly_the_bindings_given() {
        let n = notification(
            true,
            &s(&[
                ".1.3.6.1.4.1.9999",
                "192.0.2.7",
                "6",
                "17",
                "1234",
                "1.3.6.1.4.1.99999.5.0",
                "i",
                "3",
            ]),
        )
        .unwrap();
        let Notification::V1 {
            enterprise,
            agent,
            generic,
            specific,
            uptime,
            bindings,
        } = n
        else {
            panic!("v1")
        };
        assert_eq!(enterprise, [1, 3, 6, 1, 4, 1, 9999]);
        assert_eq!(agent, Some([192, 0, 2, 7]));
        assert_eq!((generic, specific, uptime), (6, 17, 1234));
        assert_eq!(
            bindings.len(),
            1,
            "no snmpTrapAddress, no snmpTrapEnterprise"
        );
        assert_eq!(bindings[0].name, [1, 3, 6, 1, 4, 1, 99999, 5, 0]);
        let Notification::V1 {
            agent, enterprise, ..
        } = notification(true, &s(&["", "", "2", "0", "5"])).unwrap()
        else {
            panic!("v1")
        };
        assert_eq!(agent, None);
        assert_eq!(enterprise, [1, 3, 6, 1, 4, 1, 3, 1, 1]);
        assert!(notification(true, &s(&["1.3.6.1.4.1.9", "", "7", "0", "5"])).is_err());
        assert!(notification(true, &s(&["1.3.6.1.4.1.9", "x", "1", "0", "5"])).is_err());
    }

    #[test]
    fn bulk_options() {
        let b = BulkOpts {
            bulk: s(&["r25", "n1"]),
        };
        assert_eq!(b.parse(10).unwrap(), (1, 25));
        assert!(BulkOpts { bulk: s(&["x1"]) }.parse(10).is_err());
        assert!(BulkOpts { bulk: s(&["r-1"]) }.parse(10).is_err());
    }

    #[test]
    fn values_convert_for_the_client() {
        assert_eq!(to_value(&SmiValue::Int(-3)).unwrap(), CValue::Integer(-3));
        assert_eq!(
            to_value(&SmiValue::IpAddr(vec![10, 0, 0, 1])).unwrap(),
            CValue::IpAddress([10, 0, 0, 1])
        );
        assert!(to_value(&SmiValue::IpAddr(vec![10, 0])).is_err());
        assert_eq!(
            to_value(&SmiValue::Oid(vec![1, 3, 6])).unwrap(),
            CValue::Oid("1.3.6".parse().unwrap())
        );
    }
}
