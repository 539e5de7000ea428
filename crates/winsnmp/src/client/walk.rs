//! Walks (GETNEXT and GETBULK) with net-snmp's `snmpwalk`/`snmpbulkwalk` options, their
//! stream form, and conceptual tables.

use std::collections::{BTreeSet, HashMap, VecDeque};

use bytes::Bytes;
use futures_core::Stream;
use winsnmp_wire::{ErrorStatus, Oid, PduType, RawOid, Version};

use super::{Client, Error, Value, VarBind, below, is_end, status_error};

/// Which requests a walk sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WalkMode {
    /// One GETNEXT per object (`snmpwalk`).
    GetNext,
    /// GETBULK with the client's max-repetitions (`snmpbulkwalk`); GETNEXT for SNMPv1.
    #[default]
    GetBulk,
}

/// Where a walk stops (besides the end of the agent's MIB view).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum WalkLimit {
    /// At the first object outside the subtree of the root (the default).
    #[default]
    Subtree,
    /// At the first object at or after this OID, inside the root's subtree or not
    /// (net-snmp's `snmpwalk -CE OID`).
    Before(Oid),
    /// Nowhere: the walk runs to the end of the agent's MIB view.
    EndOfMib,
}

/// How to walk: [`Client::walk_with`]. The defaults are a GETBULK walk of the root's
/// subtree that checks that OIDs increase, as `snmpbulkwalk` walks.
///
/// ```
/// use winsnmp::client::{WalkLimit, WalkMode, WalkOptions};
/// // snmpwalk -Ci -Cc -CE .1.3.6.1.2.1.1.4 ...
/// let o = WalkOptions::new(WalkMode::GetNext)
///     .include_root(true)
///     .check_increasing(false)
///     .limit(WalkLimit::Before("1.3.6.1.2.1.1.4".parse().unwrap()));
/// assert!(!o.checks_increasing());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkOptions {
    mode: WalkMode,
    limit: WalkLimit,
    check_increasing: bool,
    include_root: bool,
    get_if_empty: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        Self::new(WalkMode::GetBulk)
    }
}

impl WalkOptions {
    /// A walk with `mode`: the root's subtree, OIDs checked, no GET of the root.
    pub fn new(mode: WalkMode) -> Self {
        Self {
            mode,
            limit: WalkLimit::Subtree,
            check_increasing: true,
            include_root: false,
            get_if_empty: false,
        }
    }

    /// Where the walk stops (default: at the end of the root's subtree).
    pub fn limit(mut self, limit: WalkLimit) -> Self {
        self.limit = limit;
        self
    }

    /// Whether an OID that does not follow the previous one ends the walk with
    /// [`Error::NotIncreasing`] (default yes; net-snmp's `-Cc` turns it off, at the risk of
    /// walking forever with an agent that loops).
    pub fn check_increasing(mut self, on: bool) -> Self {
        self.check_increasing = on;
        self
    }

    /// GET the root itself first and hand out what comes back, exceptions included
    /// (net-snmp's `-Ci`).
    pub fn include_root(mut self, on: bool) -> Self {
        self.include_root = on;
        self
    }

    /// When the walk finds nothing, GET the root and hand out what comes back, exceptions
    /// included: the root may be an instance (net-snmp's default; `-CI` turns it off).
    pub fn get_if_empty(mut self, on: bool) -> Self {
        self.get_if_empty = on;
        self
    }

    /// The requests the walk sends.
    pub fn mode(&self) -> WalkMode {
        self.mode
    }

    /// Whether non-increasing OIDs end the walk.
    pub fn checks_increasing(&self) -> bool {
        self.check_increasing
    }
}

/// Why a walk stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkStop {
    /// The next object was outside the subtree (or at or past the walk's end OID).
    LeftSubtree,
    /// The agent said endOfMibView (for this object).
    EndOfMibView(Oid),
    /// An SNMPv1 agent said noSuchName: the end of its MIB.
    NoSuchName,
    /// The agent answered a GETNEXT with noSuchObject or noSuchInstance (handed out as a
    /// binding before the walk stopped).
    Exception(Oid),
}

/// How a walk ended: the rows it gave and why it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkEnd {
    /// Bindings handed out.
    pub rows: u64,
    /// Why it stopped.
    pub stop: WalkStop,
}

/// What [`Client::walk_with`] hands its callback, in order.
#[derive(Debug, Clone, Copy)]
pub enum WalkItem<'a, 'b> {
    /// A binding of the walk (or of the GET of its root), borrowed from the datagram.
    Binding(&'a winsnmp_wire::VarBind<'b>),
    /// The walk stopped (a GET of the root may still follow, with
    /// [`WalkOptions::get_if_empty`]).
    Stopped(&'a WalkStop),
}

/// Where a walk is.
struct Cursor {
    root: Oid,
    last: Oid,
    limit: WalkLimit,
    check: bool,
    bulk: bool,
    /// No answer yet: a GETBULK that times out then falls back to GETNEXT once.
    first: bool,
    reps: i32,
}

impl Cursor {
    fn new(client: &Client, root: Oid, opts: &WalkOptions) -> Self {
        Self {
            last: root.clone(),
            root,
            limit: opts.limit.clone(),
            check: opts.check_increasing,
            bulk: opts.mode == WalkMode::GetBulk && client.version() != Version::V1,
            first: true,
            reps: client.max_repetitions(),
        }
    }

    /// Whether `name` is past the walk's end.
    fn outside(&self, name: RawOid<'_>) -> bool {
        match &self.limit {
            // The root itself is inside (an endOfMibView names the OID asked for).
            WalkLimit::Subtree => !name.starts_with(self.root.as_raw()),
            WalkLimit::Before(end) => name >= end.as_raw(),
            WalkLimit::EndOfMib => false,
        }
    }

    /// One request; `sink` gets each binding of the answer that belongs to the walk.
    /// `Some(stop)` when the walk is over.
    async fn step<S>(&mut self, client: &Client, sink: &mut S) -> Result<Option<WalkStop>, Error>
    where
        S: FnMut(&winsnmp_wire::VarBind<'_>, &Bytes) -> Result<(), Error>,
    {
        loop {
            let req = [winsnmp_wire::VarBind::null(self.last.as_raw())];
            let r = if self.bulk {
                client
                    .exchange(PduType::GetBulk, (0, self.reps), &req)
                    .await
            } else {
                client.exchange(PduType::GetNext, (0, 0), &req).await
            };
            let answer = match r {
                // An agent that ignores GETBULK: walk it with GETNEXT.
                Err(Error::Timeout(_)) if self.bulk && self.first => {
                    self.bulk = false;
                    continue;
                }
                r => r?,
            };
            self.first = false;
            let v1 = client.version() == Version::V1;
            let last = self.last.as_raw();
            let outcome = answer.with_pdu(|p| -> Result<Step, Error> {
                if p.error_status != 0 {
                    let status = ErrorStatus::from_i32(p.error_status);
                    return match status {
                        Some(ErrorStatus::NoSuchName) if v1 || p.varbinds.len() == 1 => {
                            Ok(Step::Stop(WalkStop::NoSuchName))
                        }
                        Some(ErrorStatus::TooBig) if self.bulk && self.reps > 1 => Ok(Step::Shrink),
                        _ => Err(status_error(p).expect("non-zero status")),
                    };
                }
                if p.varbinds.is_empty() {
                    return Err(Error::Malformed("an answer with no binding".into()));
                }
                let mut prev: RawOid<'_> = last;
                for vb in &p.varbinds {
                    // As net-snmp: the end first, then the exceptions, then the order.
                    if self.outside(vb.name) {
                        return Ok(Step::Stop(WalkStop::LeftSubtree));
                    }
                    if is_end(&vb.value) {
                        return Ok(Step::Stop(WalkStop::EndOfMibView(Oid::from(vb.name))));
                    }
                    if matches!(
                        vb.value,
                        winsnmp_wire::Value::NoSuchObject | winsnmp_wire::Value::NoSuchInstance
                    ) {
                        sink(vb, answer.bytes())?;
                        return Ok(Step::Stop(WalkStop::Exception(Oid::from(vb.name))));
                    }
                    if self.check && vb.name <= prev {
                        return Err(Error::NotIncreasing {
                            previous: Oid::from(prev),
                            next: Oid::from(vb.name),
                        });
                    }
                    sink(vb, answer.bytes())?;
                    prev = vb.name;
                }
                Ok(Step::Continue(Oid::from(prev)))
            })??;
            match outcome {
                Step::Shrink => self.reps = (self.reps / 2).max(1),
                Step::Stop(s) => return Ok(Some(s)),
                Step::Continue(last) => {
                    self.last = last;
                    return Ok(None);
                }
            }
        }
    }
}

enum Step {
    Continue(Oid),
    Stop(WalkStop),
    Shrink,
}

/// A GET of `root` whose bindings (exceptions included) go to `f`; an answer with an
/// error-status gives nothing. The number of bindings handed out.
async fn get_root<F>(client: &Client, root: &Oid, f: &mut F) -> Result<u64, Error>
where
    F: FnMut(WalkItem<'_, '_>) -> Result<(), Error>,
{
    let req = [winsnmp_wire::VarBind::null(root.as_raw())];
    let answer = client.exchange(PduType::Get, (0, 0), &req).await?;
    answer.with_pdu(|p| {
        if p.error_status != 0 {
            return Ok(0);
        }
        for vb in &p.varbinds {
            f(WalkItem::Binding(vb))?;
        }
        Ok(p.varbinds.len() as u64)
    })?
}

/// [`Client::walk_with`].
pub(crate) async fn with<F>(
    client: &Client,
    root: &Oid,
    opts: &WalkOptions,
    mut f: F,
) -> Result<WalkEnd, Error>
where
    F: FnMut(WalkItem<'_, '_>) -> Result<(), Error>,
{
    let mut rows = 0u64;
    if opts.include_root {
        rows += get_root(client, root, &mut f).await?;
    }
    let mut cur = Cursor::new(client, root.clone(), opts);
    let mut walked = 0u64;
    let stop = loop {
        let mut sink = |vb: &winsnmp_wire::VarBind<'_>, _: &Bytes| {
            walked += 1;
            f(WalkItem::Binding(vb))
        };
        if let Some(stop) = cur.step(client, &mut sink).await? {
            break stop;
        }
    };
    f(WalkItem::Stopped(&stop))?;
    rows += walked;
    // net-snmp counts the endOfMibView line among what it printed.
    let found = walked > 0 || matches!(stop, WalkStop::EndOfMibView(_));
    if opts.get_if_empty && rows == 0 && !found {
        rows += get_root(client, root, &mut f).await?;
    }
    Ok(WalkEnd { rows, stop })
}

/// [`Client::walk_each`].
pub(crate) async fn each<F>(
    client: &Client,
    root: &Oid,
    mode: WalkMode,
    mut f: F,
) -> Result<WalkEnd, Error>
where
    F: FnMut(&winsnmp_wire::VarBind<'_>) -> Result<(), Error>,
{
    with(client, root, &WalkOptions::new(mode), |item| match item {
        WalkItem::Binding(vb) => f(vb),
        WalkItem::Stopped(_) => Ok(()),
    })
    .await
}

/// [`Client::walk`] and [`Client::bulk_walk`].
pub(crate) fn stream(
    client: Client,
    root: Oid,
    mode: WalkMode,
) -> impl Stream<Item = Result<VarBind, Error>> + Send + 'static {
    struct S {
        client: Client,
        cur: Cursor,
        buf: VecDeque<VarBind>,
        done: bool,
    }
    let cur = Cursor::new(&client, root, &WalkOptions::new(mode));
    let state = S {
        client,
        cur,
        buf: VecDeque::new(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(vb) = s.buf.pop_front() {
                return Some((Ok(vb), s));
            }
            if s.done {
                return None;
            }
            let mut buf = std::mem::take(&mut s.buf);
            let mut sink = |vb: &winsnmp_wire::VarBind<'_>, d: &Bytes| {
                buf.push_back(VarBind::from_wire(vb, d));
                Ok(())
            };
            let r = s.cur.step(&s.client, &mut sink).await;
            s.buf = buf;
            match r {
                Ok(Some(_)) => s.done = true,
                Ok(None) => {}
                Err(e) => {
                    s.done = true;
                    s.buf.clear();
                    return Some((Err(e), s));
                }
            }
        }
    })
}

/// A conceptual table: column numbers, and rows by index, each with the value of every
/// column it has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The column numbers (sub-identifier under the entry), ascending: the ones asked for
    /// ([`TableOptions::columns`]), else every one the agent has.
    pub columns: Vec<u32>,
    /// `(index arcs, one value per column of `columns`, None where the row has none)`, in
    /// the order the walk met the rows (index order when the first column has every row;
    /// [`Table::sort`] orders them by index).
    pub rows: Vec<(Vec<u32>, Vec<Option<Value>>)>,
    /// The agent has columns that were not asked for (they are left out).
    pub other_columns: bool,
}

impl Table {
    /// The value of `column` in the row with index `index`.
    pub fn get(&self, index: &[u32], column: u32) -> Option<&Value> {
        let c = self.columns.iter().position(|x| *x == column)?;
        let (_, values) = self.rows.iter().find(|(i, _)| i.as_slice() == index)?;
        values.get(c)?.as_ref()
    }

    /// Orders the rows by index.
    pub fn sort(&mut self) {
        self.rows.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

/// How to read a table: [`Client::table_with`].
///
/// ```
/// use winsnmp::client::{TableOptions, WalkMode};
/// // ifDescr and ifOperStatus of every interface, one GETNEXT per row (`snmptable -CB`).
/// let o = TableOptions::new().columns(vec![2, 8]).mode(WalkMode::GetNext);
/// assert_eq!(o.column_list(), &[2, 8]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableOptions {
    columns: Vec<u32>,
    mode: WalkMode,
    max_repetitions: Option<i32>,
}

impl TableOptions {
    /// Every column, one GETBULK walk of the entry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these columns (sub-identifiers under the entry); empty: every column.
    pub fn columns(mut self, columns: Vec<u32>) -> Self {
        self.columns = columns;
        self
    }

    /// GETBULK (default): one bulk walk of the entry. GETNEXT: with columns, one GETNEXT
    /// per row naming every column (`snmptable -CB`, and SNMPv1); without, a GETNEXT
    /// walk of the entry.
    pub fn mode(mut self, mode: WalkMode) -> Self {
        self.mode = mode;
        self
    }

    /// max-repetitions of the GETBULKs (default the client's).
    pub fn max_repetitions(mut self, n: i32) -> Self {
        self.max_repetitions = Some(n.max(1));
        self
    }

    /// The columns asked for.
    pub fn column_list(&self) -> &[u32] {
        &self.columns
    }
}

/// Collects cells into rows in the order they are first met.
struct Builder {
    columns: Vec<u32>,
    all: bool,
    seen: BTreeSet<u32>,
    rows: Vec<(Vec<u32>, HashMap<u32, Value>)>,
    by_index: HashMap<Vec<u32>, usize>,
    other: bool,
}

impl Builder {
    fn new(columns: &[u32]) -> Self {
        Self {
            columns: columns.to_vec(),
            all: columns.is_empty(),
            seen: BTreeSet::new(),
            rows: Vec::new(),
            by_index: HashMap::new(),
            other: false,
        }
    }

    /// A cell; `Err` when the row already has this column (the agent repeats itself).
    fn cell(&mut self, column: u32, index: &[u32], value: Value) -> Result<(), ()> {
        if !self.all && !self.columns.contains(&column) {
            self.other = true;
            return Ok(());
        }
        self.seen.insert(column);
        let row = match self.by_index.get(index) {
            Some(&r) => r,
            None => {
                self.rows.push((index.to_vec(), HashMap::new()));
                self.by_index.insert(index.to_vec(), self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        match self.rows[row].1.insert(column, value) {
            Some(_) => Err(()),
            None => Ok(()),
        }
    }

    fn finish(self) -> Table {
        let columns: Vec<u32> = if self.all {
            self.seen.into_iter().collect()
        } else {
            let mut c = self.columns;
            c.sort_unstable();
            c.dedup();
            c
        };
        let rows = self
            .rows
            .into_iter()
            .map(|(index, mut vals)| {
                let values = columns.iter().map(|c| vals.remove(c)).collect();
                (index, values)
            })
            .collect();
        Table {
            columns,
            rows,
            other_columns: self.other,
        }
    }
}

/// [`Client::table`] and [`Client::table_with`].
pub(crate) async fn table(
    client: &Client,
    table: &Oid,
    opts: &TableOptions,
) -> Result<Table, Error> {
    let entry = table.child(&[1])?;
    if opts.mode == WalkMode::GetNext && !opts.columns.is_empty() {
        return table_by_rows(client, &entry, opts).await;
    }
    let depth = entry.len();
    let mut b = Builder::new(&opts.columns);
    let client = match opts.max_repetitions {
        Some(r) => client.with_max_repetitions(r),
        None => client.clone(),
    };
    let mut cur = Cursor::new(&client, entry.clone(), &WalkOptions::new(opts.mode));
    if let Some(first) = opts.columns.iter().min() {
        // As snmptable: from the first column asked for (an agent serving columns the MIB
        // calls not-accessible shows them only if they come after it).
        cur.last = entry.child(&[*first])?;
    }
    let mut arcs: Vec<u32> = Vec::with_capacity(32);
    loop {
        let mut sink = |vb: &winsnmp_wire::VarBind<'_>, d: &Bytes| {
            arcs.clear();
            arcs.extend(vb.name.arcs());
            // table.entry.column.index…
            if arcs.len() > depth + 1 {
                let column = arcs[depth];
                b.cell(column, &arcs[depth + 1..], Value::from_wire(&vb.value, d))
                    .map_err(|()| Error::NotIncreasing {
                        previous: Oid::from(vb.name),
                        next: Oid::from(vb.name),
                    })?;
            }
            Ok(())
        };
        if cur.step(&client, &mut sink).await?.is_some() {
            break;
        }
    }
    Ok(b.finish())
}

/// A cell of a GETNEXT row: the column's position, the index arcs, the value.
type Cell = (usize, Vec<u32>, Value);

/// A table read one row per request: GETNEXT of every column after the current row's
/// index; the row is the lowest index any column answers with.
async fn table_by_rows(client: &Client, entry: &Oid, opts: &TableOptions) -> Result<Table, Error> {
    let mut columns = opts.columns.clone();
    columns.sort_unstable();
    columns.dedup();
    let heads: Vec<Oid> = columns
        .iter()
        .map(|c| entry.child(&[*c]))
        .collect::<Result<_, _>>()?;
    let mut b = Builder::new(&columns);
    // Per column: still in the table, and where its next GETNEXT starts.
    let mut active: Vec<bool> = vec![true; columns.len()];
    let mut at: Vec<Oid> = heads.clone();
    let depth = entry.len() + 1;
    while active.iter().any(|a| *a) {
        let live: Vec<usize> = (0..columns.len()).filter(|&i| active[i]).collect();
        let req: Vec<winsnmp_wire::VarBind<'_>> = live
            .iter()
            .map(|&i| winsnmp_wire::VarBind::null(at[i].as_raw()))
            .collect();
        let answer = client.exchange(PduType::GetNext, (0, 0), &req).await?;
        // (column position, index arcs, value) of the answers still in their column.
        let cells = answer.with_pdu(|p| -> Result<Option<Vec<Cell>>, Error> {
            if p.error_status != 0 {
                // SNMPv1: noSuchName past the end of the MIB names the finished column.
                if ErrorStatus::from_i32(p.error_status) == Some(ErrorStatus::NoSuchName) {
                    let i = usize::try_from(p.error_index).unwrap_or(0);
                    if let Some(&col) = i.checked_sub(1).and_then(|i| live.get(i)) {
                        active[col] = false;
                        return Ok(None);
                    }
                }
                return Err(status_error(p).expect("non-zero status"));
            }
            if p.varbinds.len() != live.len() {
                return Err(Error::Malformed(format!(
                    "{} bindings answer {} names",
                    p.varbinds.len(),
                    live.len()
                )));
            }
            let mut out = Vec::with_capacity(live.len());
            for (vb, &col) in p.varbinds.iter().zip(&live) {
                if matches!(
                    vb.value,
                    winsnmp_wire::Value::EndOfMibView
                        | winsnmp_wire::Value::NoSuchObject
                        | winsnmp_wire::Value::NoSuchInstance
                ) || !below(vb.name, heads[col].as_raw())
                {
                    active[col] = false;
                    continue;
                }
                let arcs: Vec<u32> = vb.name.arcs().skip(depth).collect();
                out.push((col, arcs, Value::from_wire(&vb.value, answer.bytes())));
            }
            Ok(Some(out))
        })??;
        let Some(cells) = cells else { continue };
        let Some(row) = cells.iter().map(|(_, i, _)| i.clone()).min() else {
            break;
        };
        for (col, index, value) in cells {
            if index == row {
                b.cell(columns[col], &index, value)
                    .map_err(|()| Error::NotIncreasing {
                        previous: at[col].clone(),
                        next: at[col].clone(),
                    })?;
            }
        }
        for (i, head) in heads.iter().enumerate() {
            let next = head.child(&row)?;
            if active[i] && next <= at[i] {
                return Err(Error::NotIncreasing {
                    previous: at[i].clone(),
                    next,
                });
            }
            at[i] = next;
        }
    }
    Ok(b.finish())
}
