//! The manager subcommands: `get`, `getnext`, `bulkget`, `walk`, `bulkwalk`, `set`, `table`,
//! `trap`, `inform`, `trapd`, all through the WinSNMP session API of the `winsnmp` crate.

use std::cell::RefCell;
use std::io::{BufWriter, IsTerminal as _, Stdout, Write as _};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use winsnmp::engine::consts::{
    SNMP_ERROR_NOSUCHNAME, SNMP_PDU_GET, SNMP_PDU_GETBULK, SNMP_PDU_GETNEXT, SNMP_PDU_INFORM,
    SNMP_PDU_SET, SNMP_PDU_TRAP, SNMPAPI_SUCCESS,
};
use winsnmp::engine::{SmiOid, SmiValue, VarBindEntry, oid_to_string};
use winsnmp::{Context, Entity, Pdu, Response, Runtime, Session, SnmpApiError, TranslateMode};

use crate::agent::parse_endpoint;
use crate::format::{self, OutputOpts};
use crate::setval::{parse_oid, parse_triples};
use crate::usm::V3Opts;

/// sysUpTime.0
const SYS_UPTIME_0: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 3, 0];
/// snmpTrapOID.0
const SNMP_TRAP_OID_0: [u32; 11] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0];
/// snmpTrapEnterprise.0
const SNMP_TRAP_ENTERPRISE_0: [u32; 11] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0];
/// snmpTrapAddress.0
const SNMP_TRAP_ADDRESS_0: [u32; 10] = [1, 3, 6, 1, 6, 3, 18, 1, 3, 0];
/// snmpTraps: the generic traps are `snmpTraps.(generic + 1)`.
const SNMP_TRAPS: [u32; 9] = [1, 3, 6, 1, 6, 3, 1, 1, 5];
/// mib-2: where `walk` starts without an OID, as net-snmp's `snmpwalk` does.
const MIB_2: &str = "1.3.6.1.2.1";

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
    /// Output options: n (numeric OIDs, always on), q (quick: no `=` and no type), v (values
    /// only). May be repeated or combined (`-Oqv`).
    #[arg(short = 'O', value_name = "FLAGS")]
    pub(crate) output: Vec<String>,
    /// Print NDJSON (one JSON object per varbind) instead of net-snmp's text.
    #[arg(long)]
    pub(crate) json: bool,
    /// SNMPv3 options.
    #[command(flatten)]
    pub(crate) v3: V3Opts,
}

impl Common {
    fn output_opts(&self) -> Result<OutputOpts, Failure> {
        let mut o = OutputOpts::default();
        for f in &self.output {
            o.apply(f).map_err(Failure::Usage)?;
        }
        Ok(o)
    }

    fn v1(&self) -> bool {
        self.version == "1"
    }

    pub(crate) fn is_v3(&self) -> bool {
        self.version == "3"
    }
}

/// The one-line message for a request that ended with a Report (net-snmp's wording) or
/// another SNMPv3 failure.
fn security_failure(e: SnmpApiError) -> Option<Failure> {
    let m = match e {
        SnmpApiError::RptWrongDigest => {
            "Authentication failure (incorrect password, community or key)"
        }
        SnmpApiError::RptUnknownUserName => "Unknown user name",
        SnmpApiError::RptUnsuppSecLevel => "Unsupported security level",
        SnmpApiError::RptUnknownEngineId => "Unknown Engine ID",
        SnmpApiError::RptNotInTimeWindow => "Not in time window",
        SnmpApiError::RptDecryptionError => "Decryption error",
        SnmpApiError::RptUnknownSecModel => "Unknown security model in message",
        SnmpApiError::RptInvalidMsg => "Invalid message (e.g. msgFlags)",
        SnmpApiError::RptInAsnParseErr => "ASN.1 parse error in message",
        SnmpApiError::RptOther => "Report PDU received",
        SnmpApiError::EngineDiscoveryFailed => "Engine discovery failed",
        _ => return None,
    };
    Some(Failure::Security(m.to_owned()))
}

/// A session towards one agent, with the runtime it lives in.
pub(crate) struct Conn {
    // Field order is drop order: handles before the session, the session before the runtime.
    target: Entity,
    ctx: Context,
    session: Session,
    _rt: Runtime,
    label: String,
    /// `Some(wait)` when net-snmp's `-r 0` asked for one try: retransmission is off and each
    /// request waits this long.
    single_try: Option<Duration>,
    describe: String,
    out: OutputOpts,
    json: bool,
    stdout: RefCell<BufWriter<Stdout>>,
}

impl Conn {
    /// Opens the runtime and a session, and makes the target entity (`default_port` when the
    /// target names none).
    pub(crate) fn open(common: &Common, target: &str, default_port: u16) -> Result<Self, Failure> {
        let out = common.output_opts()?;
        if !(common.timeout > 0.0 && common.timeout <= 3600.0) {
            return Err(Failure::Usage(format!("bad timeout {}", common.timeout)));
        }
        if !common.is_v3() && common.v3.any() {
            return Err(Failure::Usage(
                "the SNMPv3 options (-l -u -a -A -x -X -e -E -n -Z) need -v 3".into(),
            ));
        }
        let security = if common.is_v3() {
            Some(common.v3.security()?)
        } else {
            None
        };
        let addr = parse_endpoint(target, default_port).map_err(Failure::Usage)?;
        let rt = Runtime::new().map_err(api("startup"))?;
        rt.set_translate_mode(if common.v1() {
            TranslateMode::UntranslatedV1
        } else {
            TranslateMode::UntranslatedV2
        })
        .map_err(api("translate mode"))?;
        let session = Session::blocking().map_err(api("session"))?;
        let entity = session.entity(&addr.to_string()).map_err(api("target"))?;
        let cs = ((common.timeout * 100.0).round() as u32).max(1);
        entity.set_timeout(cs).map_err(api("timeout"))?;
        let single_try = if common.retries == 0 {
            rt.set_retransmit(false).map_err(api("retransmit mode"))?;
            Some(winsnmp::engine::hundredths(cs))
        } else {
            entity.set_retry(common.retries).map_err(api("retries"))?;
            None
        };
        let ctx = match security {
            Some(sec) => {
                entity.set_usm(Some(sec)).map_err(api("SNMPv3 settings"))?;
                session.context_name(common.v3.context_name())
            }
            None => session.context(common.community.as_bytes()),
        }
        .map_err(api("context"))?;
        Ok(Self {
            target: entity,
            ctx,
            session,
            _rt: rt,
            label: addr.to_string(),
            single_try,
            describe: format!(
                "{} s timeout, {} retr{}",
                common.timeout,
                common.retries,
                if common.retries == 1 { "y" } else { "ies" }
            ),
            out,
            json: common.json,
            stdout: RefCell::new(BufWriter::new(std::io::stdout())),
        })
    }

    /// Sends `pdu` and waits for the answer; error-status is left to the caller.
    fn request(&self, pdu: &Pdu) -> Result<Response, Failure> {
        let r = match self.single_try {
            Some(wait) => self
                .session
                .request_within(&self.target, &self.ctx, pdu, wait),
            None => self.session.request(&self.target, &self.ctx, pdu),
        };
        r.map_err(|e| match e {
            SnmpApiError::TlTimeout => Failure::Timeout(format!(
                "no response from {} ({})",
                self.label, self.describe
            )),
            SnmpApiError::TlUndeliverable => {
                Failure::Other(format!("{} is unreachable", self.label))
            }
            SnmpApiError::TlPduTooBig => {
                let l = winsnmp::api::limits();
                Failure::Other(format!(
                    "message to or from {} beyond the limits ({} octets, {} bindings)",
                    self.label, l.max_message_size, l.max_varbinds
                ))
            }
            e => security_failure(e)
                .unwrap_or_else(|| Failure::Other(format!("request to {}: {e}", self.label))),
        })
    }

    fn pdu(
        &self,
        pdu_type: i32,
        bindings: &[VarBindEntry],
        bulk: (i32, i32),
    ) -> Result<Pdu, Failure> {
        let vbl = self.session.vbl().map_err(api("varbind list"))?;
        for b in bindings {
            vbl.push(&b.name, &b.value).map_err(|e| {
                Failure::Usage(format!("bad binding .{}: {e}", oid_to_string(&b.name)))
            })?;
        }
        if pdu_type == SNMP_PDU_GETBULK {
            self.session.get_bulk(bulk.0, bulk.1, Some(&vbl))
        } else {
            self.session.pdu(pdu_type, Some(&vbl))
        }
        .map_err(api("PDU"))
    }

    /// One request of `pdu_type` for `bindings`; an error-status is a failure.
    fn ask(
        &self,
        pdu_type: i32,
        bindings: &[VarBindEntry],
        bulk: (i32, i32),
    ) -> Result<Response, Failure> {
        let pdu = self.pdu(pdu_type, bindings, bulk)?;
        let r = self.request(&pdu)?;
        check(r)
    }

    fn print(&self, name: &[u32], value: &SmiValue) {
        if self.json {
            self.line(&format::json_row(name, value));
        } else {
            self.line(&format::varbind(name, value, self.out));
        }
    }

    /// One line of output, buffered: a walk of 100,000 objects makes a few dozen `write`
    /// calls, not one per line. Flushed when the connection is dropped.
    fn line(&self, text: &str) {
        let mut out = self.stdout.borrow_mut();
        // A closed pipe (`wsnmp walk … | head`) ends the output, not the program.
        let _ = out
            .write_all(text.as_bytes())
            .and_then(|()| out.write_all(b"\n"));
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        format::exit_on_broken_pipe(self.stdout.borrow_mut().flush());
    }
}

fn null_bindings(names: &[SmiOid]) -> Vec<VarBindEntry> {
    names
        .iter()
        .map(|n| VarBindEntry {
            name: n.clone(),
            value: SmiValue::Null,
        })
        .collect()
}

/// RFC 3416 error-status names.
fn status_name(status: i32) -> &'static str {
    winsnmp::wire::ErrorStatus::from_i32(status).map_or("unknown", |s| s.name())
}

fn check(r: Response) -> Result<Response, Failure> {
    if r.error_status == 0 {
        return Ok(r);
    }
    let failed = usize::try_from(r.error_index)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| r.varbinds.get(i))
        .map(|vb| format!(" (failed object .{})", oid_to_string(&vb.name)))
        .unwrap_or_default();
    Err(Failure::Agent(format!(
        "agent answered {}({}) at index {}{failed}",
        status_name(r.error_status),
        r.error_status,
        r.error_index
    )))
}

fn parse_oids(args: &[String]) -> Result<Vec<SmiOid>, Failure> {
    args.iter()
        .map(|a| parse_oid(a).map_err(Failure::Usage))
        .collect()
}

/// `get`, `getnext`: one request, every binding printed.
pub(crate) fn get(
    common: &Common,
    target: &str,
    oids: &[String],
    next: bool,
) -> Result<(), Failure> {
    let names = parse_oids(oids)?;
    let conn = Conn::open(common, target, 161)?;
    let ty = if next { SNMP_PDU_GETNEXT } else { SNMP_PDU_GET };
    let r = conn.ask(ty, &null_bindings(&names), (0, 0))?;
    for vb in &r.varbinds {
        conn.print(&vb.name, &vb.value);
    }
    Ok(())
}

/// `-C` options of the bulk commands: `rN` max-repetitions, `nN` non-repeaters.
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
    let names = parse_oids(oids)?;
    let (n, r) = bulk.parse(10)?;
    if common.v1() {
        return Err(Failure::Usage(
            "bulkget needs -v 2c (SNMPv1 has no GetBulk)".into(),
        ));
    }
    let conn = Conn::open(common, target, 161)?;
    let resp = conn.ask(SNMP_PDU_GETBULK, &null_bindings(&names), (n, r))?;
    for vb in &resp.varbinds {
        conn.print(&vb.name, &vb.value);
    }
    Ok(())
}

/// Rows and rows/s on stderr while a long walk runs, when stderr is a terminal: updated
/// every 500 ms, or every `$WSNMP_PROGRESS_MS` milliseconds.
struct Progress {
    on: bool,
    every: Duration,
    start: Instant,
    last: Instant,
    rows: u64,
}

impl Progress {
    fn new() -> Self {
        let now = Instant::now();
        let every = std::env::var("WSNMP_PROGRESS_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_millis(500), Duration::from_millis);
        Self {
            on: std::io::stderr().is_terminal(),
            every,
            start: now,
            last: now,
            rows: 0,
        }
    }

    fn row(&mut self) {
        self.rows += 1;
        if self.on && self.last.elapsed() >= self.every {
            self.last = Instant::now();
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            eprint!(
                "\r{} rows, {:.0} rows/s ",
                self.rows,
                self.rows as f64 / secs
            );
            let _ = std::io::stderr().flush();
        }
    }

    fn done(&self) {
        if self.on && self.start.elapsed() >= self.every {
            eprint!("\r\x1b[K");
        }
    }
}

/// How a walk ended.
#[derive(Debug, PartialEq, Eq)]
enum WalkEnd {
    /// The next object lies outside the subtree.
    Subtree,
    /// endOfMibView (SNMPv2c), with the name the agent returned it for.
    EndOfMibView(SmiOid),
    /// noSuchName (SNMPv1): the end of the agent's MIB.
    NoSuchName,
}

/// Walks the subtree under `root` with GETNEXT (`bulk == None`) or GETBULK, calling `row`
/// for each object in order. Ends at the end of the subtree or of the MIB view; an OID that
/// does not increase is an agent error.
fn walk_with(
    conn: &Conn,
    root: &[u32],
    bulk: Option<(i32, i32)>,
    mut row: impl FnMut(&[u32], &SmiValue),
) -> Result<(u64, WalkEnd), Failure> {
    let mut cursor = root.to_vec();
    let mut count = 0u64;
    let mut progress = Progress::new();
    let end = 'outer: loop {
        let binding = null_bindings(std::slice::from_ref(&cursor));
        let pdu = match bulk {
            Some((_, r)) => conn.pdu(SNMP_PDU_GETBULK, &binding, (0, r.max(1)))?,
            None => conn.pdu(SNMP_PDU_GETNEXT, &binding, (0, 0))?,
        };
        let r = conn.request(&pdu)?;
        // SNMPv1 agents end a walk with noSuchName.
        if r.error_status == SNMP_ERROR_NOSUCHNAME && conn_is_v1(&r) {
            break WalkEnd::NoSuchName;
        }
        let r = check(r)?;
        if r.varbinds.is_empty() {
            break WalkEnd::Subtree;
        }
        for vb in &r.varbinds {
            if matches!(vb.value, SmiValue::EndOfMibView) {
                break 'outer WalkEnd::EndOfMibView(vb.name.clone());
            }
            if !vb.name.starts_with(root) {
                break 'outer WalkEnd::Subtree;
            }
            if vb.name <= cursor {
                return Err(Failure::Agent(format!(
                    "OID not increasing: .{} after .{}",
                    oid_to_string(&vb.name),
                    oid_to_string(&cursor)
                )));
            }
            row(&vb.name, &vb.value);
            progress.row();
            count += 1;
            cursor.clone_from(&vb.name);
        }
    };
    progress.done();
    Ok((count, end))
}

fn conn_is_v1(r: &Response) -> bool {
    r.version == winsnmp::wire::Version::V1
}

/// `walk` and `bulkwalk`.
pub(crate) fn walk(
    common: &Common,
    bulk: Option<&BulkOpts>,
    target: &str,
    oid: Option<&str>,
) -> Result<(), Failure> {
    let root = parse_oid(oid.unwrap_or(MIB_2)).map_err(Failure::Usage)?;
    let reps = match bulk {
        Some(b) => {
            if common.v1() {
                return Err(Failure::Usage(
                    "bulkwalk needs -v 2c (SNMPv1 has no GetBulk)".into(),
                ));
            }
            Some(b.parse(10)?)
        }
        None => None,
    };
    let conn = Conn::open(common, target, 161)?;
    let (n, end) = walk_with(&conn, &root, reps, |name, value| conn.print(name, value))?;
    // As snmpwalk and snmpbulkwalk, say so when the walk ran off the end of the agent's MIB.
    if !conn.json {
        match end {
            WalkEnd::EndOfMibView(name) => {
                conn.line(&format::varbind(&name, &SmiValue::EndOfMibView, conn.out));
            }
            WalkEnd::NoSuchName => conn.line("End of MIB"),
            WalkEnd::Subtree => {}
        }
    }
    if n == 0 {
        // As snmpwalk: a walk of a single instance falls back to a GET of it; an error or
        // an exception there just means there is nothing to show.
        let r = conn.request(&conn.pdu(SNMP_PDU_GET, &null_bindings(&[root]), (0, 0))?)?;
        if r.error_status == 0 {
            for vb in r.varbinds.iter().filter(|vb| vb.value.syntax() < 0x80) {
                conn.print(&vb.name, &vb.value);
            }
        }
    }
    Ok(())
}

/// `set`: `OID TYPE VALUE` triples.
pub(crate) fn set(common: &Common, target: &str, args: &[String]) -> Result<(), Failure> {
    let triples = parse_triples(args).map_err(Failure::Usage)?;
    if triples.is_empty() {
        return Err(Failure::Usage("set needs OID TYPE VALUE".into()));
    }
    let bindings: Vec<VarBindEntry> = triples
        .into_iter()
        .map(|(name, value)| VarBindEntry { name, value })
        .collect();
    let conn = Conn::open(common, target, 161)?;
    let r = conn.ask(SNMP_PDU_SET, &bindings, (0, 0))?;
    for vb in &r.varbinds {
        conn.print(&vb.name, &vb.value);
    }
    Ok(())
}

/// `table`: the conceptual table at `oid`, as aligned columns (or NDJSON rows).
pub(crate) fn table(common: &Common, target: &str, oid: &str) -> Result<(), Failure> {
    let table = parse_oid(oid).map_err(Failure::Usage)?;
    let conn = Conn::open(common, target, 161)?;
    let mut entry = table.clone();
    entry.push(1);
    let mut objects = Vec::new();
    let bulk = if common.v1() { None } else { Some((0, 25)) };
    walk_with(&conn, &entry, bulk, |n, v| {
        objects.push((n.to_vec(), v.clone()))
    })?;
    let t = crate::table::Table::from_walk(&table, &objects);
    if t.len() == 0 {
        return Err(Failure::Agent(format!(
            "no table rows under .{}",
            oid_to_string(&table)
        )));
    }
    if common.json {
        conn.line(t.render_json().trim_end_matches('\n'));
    } else {
        conn.line(t.render().trim_end_matches('\n'));
    }
    Ok(())
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

/// The bindings of an SNMPv2 notification built from `snmptrap`/`snmpinform` arguments.
/// v2c: `UPTIME TRAP-OID [OID TYPE VALUE]...`; v1: `ENTERPRISE AGENT GENERIC SPECIFIC
/// UPTIME [OID TYPE VALUE]...` (sent as an SNMPv2 trap and converted to a Trap-PDU by the
/// runtime per RFC 3584 §3.2).
pub(crate) fn notification_bindings(
    v1: bool,
    args: &[String],
) -> Result<Vec<VarBindEntry>, Failure> {
    let usage = |m: &str| Failure::Usage(m.to_owned());
    let mut out = Vec::new();
    let rest = if v1 {
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
        let generic: u32 = args[2]
            .parse()
            .ok()
            .filter(|g| *g <= 6)
            .ok_or_else(|| usage("GENERIC must be 0..6"))?;
        let specific: u32 = args[3]
            .parse()
            .map_err(|_| usage("SPECIFIC must be a number"))?;
        let trap_oid = if generic == 6 {
            let mut o = enterprise.clone();
            o.extend([0, specific]);
            o
        } else {
            let mut o = SNMP_TRAPS.to_vec();
            o.push(generic + 1);
            o
        };
        out.push(VarBindEntry {
            name: SYS_UPTIME_0.to_vec(),
            value: SmiValue::TimeTicks(parse_uptime(&args[4])?),
        });
        out.push(VarBindEntry {
            name: SNMP_TRAP_OID_0.to_vec(),
            value: SmiValue::Oid(trap_oid),
        });
        if !args[1].is_empty() {
            let ip: std::net::Ipv4Addr = args[1]
                .parse()
                .map_err(|_| usage("AGENT must be an IPv4 address"))?;
            out.push(VarBindEntry {
                name: SNMP_TRAP_ADDRESS_0.to_vec(),
                value: SmiValue::IpAddr(ip.octets().to_vec()),
            });
        }
        out.push(VarBindEntry {
            name: SNMP_TRAP_ENTERPRISE_0.to_vec(),
            value: SmiValue::Oid(enterprise),
        });
        &args[5..]
    } else {
        if args.len() < 2 {
            return Err(usage("needs UPTIME TRAP-OID"));
        }
        out.push(VarBindEntry {
            name: SYS_UPTIME_0.to_vec(),
            value: SmiValue::TimeTicks(parse_uptime(&args[0])?),
        });
        out.push(VarBindEntry {
            name: SNMP_TRAP_OID_0.to_vec(),
            value: SmiValue::Oid(parse_oid(&args[1]).map_err(Failure::Usage)?),
        });
        &args[2..]
    };
    let extra = parse_triples(rest).map_err(Failure::Usage)?;
    // Extras go before snmpTrapAddress.0/snmpTrapEnterprise.0 (RFC 3584 keeps those last).
    let tail = out.split_off(2);
    out.extend(
        extra
            .into_iter()
            .map(|(name, value)| VarBindEntry { name, value }),
    );
    out.extend(tail);
    Ok(out)
}

/// `trap` (no answer expected) and `inform` (waits for the acknowledgement).
pub(crate) fn notify(
    common: &Common,
    target: &str,
    args: &[String],
    inform: bool,
) -> Result<(), Failure> {
    if inform && common.v1() {
        return Err(Failure::Usage(
            "inform needs -v 2c (SNMPv1 has no InformRequest)".into(),
        ));
    }
    let bindings = notification_bindings(common.v1(), args)?;
    if common.is_v3()
        && !inform
        && let Some(id) = common.v3.engine()?
    {
        // snmptrap's -e: this engine is authoritative for its traps; -e names it.
        winsnmp::api::winsnmp_set_local_engine(&id, 1)
            .map_err(|e| Failure::Usage(format!("engine ID: {e}")))?;
    }
    let conn = Conn::open(common, target, 162)?;
    if inform {
        conn.ask(SNMP_PDU_INFORM, &bindings, (0, 0))?;
    } else {
        let pdu = conn.pdu(SNMP_PDU_TRAP, &bindings, (0, 0))?;
        // SnmpSendMsg puts the datagram on the wire before it returns.
        conn.session
            .send(None, &conn.target, &conn.ctx, &pdu)
            .map_err(|e| Failure::Other(format!("trap to {}: {e}", conn.label)))?;
    }
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
    /// Output options as for the other commands (q, v).
    #[arg(short = 'O', value_name = "FLAGS")]
    output: Vec<String>,
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
        let b = notification_bindings(
            false,
            &s(&["200", ".1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", "x"]),
        )
        .unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].value, SmiValue::TimeTicks(200));
        assert_eq!(
            b[1].value,
            SmiValue::Oid(vec![1, 3, 6, 1, 6, 3, 1, 1, 5, 1])
        );
        assert_eq!(b[2].value, SmiValue::Octets(b"x".to_vec()));
        let now = notification_bindings(false, &s(&["", "1.3.6.1.6.3.1.1.5.1"])).unwrap();
        assert!(matches!(now[0].value, SmiValue::TimeTicks(_)));
        assert!(notification_bindings(false, &s(&["200"])).is_err());
        assert!(notification_bindings(false, &s(&["x", "1.3.6.1"])).is_err());
    }

    #[test]
    fn v1_notification_arguments() {
        let b = notification_bindings(
            true,
            &s(&[
                ".1.3.6.1.4.1.9999",
                "192.0.2.7",
                "6",
                "17",
                "1234",
                "1.3.6.1.2.1.1.5.0",
                "i",
                "3",
            ]),
        )
        .unwrap();
        let names: Vec<_> = b.iter().map(|vb| oid_to_string(&vb.name)).collect();
        assert_eq!(
            names,
            [
                "1.3.6.1.2.1.1.3.0",
                "1.3.6.1.6.3.1.1.4.1.0",
                "1.3.6.1.2.1.1.5.0",
                "1.3.6.1.6.3.18.1.3.0",
                "1.3.6.1.6.3.1.1.4.3.0"
            ]
        );
        assert_eq!(
            b[1].value,
            SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 9999, 0, 17])
        );
        let g = notification_bindings(true, &s(&["1.3.6.1.4.1.9", "", "2", "0", "5"])).unwrap();
        assert_eq!(
            g[1].value,
            SmiValue::Oid(vec![1, 3, 6, 1, 6, 3, 1, 1, 5, 3])
        );
        assert!(notification_bindings(true, &s(&["1.3.6.1.4.1.9", "", "7", "0", "5"])).is_err());
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
    fn agent_errors_name_status_and_object() {
        let r = Response {
            from: "127.0.0.1:161".parse().unwrap(),
            version: winsnmp::wire::Version::V2c,
            community: b"public".to_vec(),
            request_id: 1,
            error_status: 17,
            error_index: 1,
            varbinds: vec![VarBindEntry {
                name: vec![1, 3, 6, 1, 2, 1, 1, 3, 0],
                value: SmiValue::Null,
            }],
        };
        let e = check(r).unwrap_err();
        assert_eq!(e.code(), 3);
        assert_eq!(
            e.message(),
            "agent answered notWritable(17) at index 1 (failed object .1.3.6.1.2.1.1.3.0)"
        );
    }
}
