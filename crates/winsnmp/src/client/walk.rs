//! Walks (GETNEXT and GETBULK), their stream form, and tables.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use bytes::Bytes;
use futures_core::Stream;
use winsnmp_wire::{ErrorStatus, Oid, PduType, RawOid, Version};

use super::{Client, Error, Value, VarBind, below, is_end, status_error};

/// Which requests a walk sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WalkMode {
    /// One GETNEXT per object (`snmpwalk`).
    GetNext,
    /// GETBULK with the client's max-repetitions (`snmpbulkwalk`); GETNEXT for SNMPv1.
    GetBulk,
}

/// Why a walk stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkStop {
    /// The next object was outside the subtree.
    LeftSubtree,
    /// The agent said endOfMibView (for this object).
    EndOfMibView(Oid),
    /// An SNMPv1 agent said noSuchName: the end of its MIB.
    NoSuchName,
}

/// How a walk ended: the rows it gave and why it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkEnd {
    /// Bindings handed out.
    pub rows: u64,
    /// Why it stopped.
    pub stop: WalkStop,
}

/// Where a walk is.
struct Cursor {
    root: Oid,
    last: Oid,
    bulk: bool,
    /// No answer yet: a GETBULK that times out then falls back to GETNEXT once.
    first: bool,
    reps: i32,
}

impl Cursor {
    fn new(client: &Client, root: Oid, mode: WalkMode) -> Self {
        Self {
            last: root.clone(),
            root,
            bulk: mode == WalkMode::GetBulk && client.version() != Version::V1,
            first: true,
            reps: client.max_repetitions(),
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
            let root = self.root.as_raw();
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
                    if is_end(&vb.value) {
                        return Ok(Step::Stop(WalkStop::EndOfMibView(Oid::from(vb.name))));
                    }
                    if !below(vb.name, root) {
                        return Ok(Step::Stop(WalkStop::LeftSubtree));
                    }
                    if vb.name <= prev {
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

/// [`Client::walk_each`].
pub(crate) async fn each<F>(
    client: &Client,
    root: RawOid<'_>,
    mode: WalkMode,
    mut f: F,
) -> Result<WalkEnd, Error>
where
    F: FnMut(&winsnmp_wire::VarBind<'_>) -> Result<(), Error>,
{
    let mut cur = Cursor::new(client, Oid::from(root), mode);
    let mut rows = 0u64;
    loop {
        let mut sink = |vb: &winsnmp_wire::VarBind<'_>, _: &Bytes| {
            rows += 1;
            f(vb)
        };
        if let Some(stop) = cur.step(client, &mut sink).await? {
            return Ok(WalkEnd { rows, stop });
        }
    }
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
    let cur = Cursor::new(&client, root, mode);
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

/// A conceptual table: column numbers, and rows by index (in SNMP order), each with the
/// value of every column it has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The column numbers seen (sub-identifier under the entry), ascending.
    pub columns: Vec<u32>,
    /// `(index arcs, one value per column of `columns`, None where the row has none)`.
    pub rows: Vec<(Vec<u32>, Vec<Option<Value>>)>,
}

impl Table {
    /// The value of `column` in the row with index `index`.
    pub fn get(&self, index: &[u32], column: u32) -> Option<&Value> {
        let c = self.columns.iter().position(|x| *x == column)?;
        let (_, values) = self.rows.iter().find(|(i, _)| i.as_slice() == index)?;
        values.get(c)?.as_ref()
    }
}

/// [`Client::table`].
pub(crate) async fn table(client: &Client, table: &Oid) -> Result<Table, Error> {
    let depth = table.len() + 2;
    let mut cells: BTreeMap<Vec<u32>, BTreeMap<u32, Value>> = BTreeMap::new();
    let mut columns = BTreeSet::new();
    let mut cur = Cursor::new(client, table.clone(), WalkMode::GetBulk);
    loop {
        let mut sink = |vb: &winsnmp_wire::VarBind<'_>, d: &Bytes| {
            let arcs: Vec<u32> = vb.name.arcs().collect();
            // table.entry(1).column.index…
            if arcs.len() > depth {
                let column = arcs[depth - 1];
                columns.insert(column);
                cells
                    .entry(arcs[depth..].to_vec())
                    .or_default()
                    .insert(column, Value::from_wire(&vb.value, d));
            }
            Ok(())
        };
        if cur.step(client, &mut sink).await?.is_some() {
            break;
        }
    }
    let columns: Vec<u32> = columns.into_iter().collect();
    let rows = cells
        .into_iter()
        .map(|(index, mut vals)| {
            let values = columns.iter().map(|c| vals.remove(c)).collect();
            (index, values)
        })
        .collect();
    Ok(Table { columns, rows })
}
