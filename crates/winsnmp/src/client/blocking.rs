//! The async client for programs without a runtime: each call blocks on a private
//! single-threaded Tokio runtime (the sockets live in it). Not for use inside an async
//! context (Tokio refuses to block there).
//!
//! ```no_run
//! use winsnmp::client::{Client as AsyncClient, blocking::Client};
//! let c = Client::connect(AsyncClient::builder("127.0.0.1:161").community("public"))?;
//! for vb in c.bulk_walk(&"1.3.6.1.2.1.1".parse()?)? {
//!     println!("{vb}");
//! }
//! # Ok::<(), winsnmp::client::Error>(())
//! ```

use std::future::Future;
use std::sync::Arc;

use winsnmp_wire::Oid;

use super::{
    ClientBuilder, Error, Table, TableOptions, VarBind, WalkEnd, WalkItem, WalkMode, WalkOptions,
};

/// A blocking [`super::Client`]. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    rt: Arc<tokio::runtime::Runtime>,
    inner: super::Client,
}

impl Client {
    /// Builds the client on a new private runtime.
    ///
    /// # Errors
    /// As [`ClientBuilder::build`]; [`Error::Io`] when the runtime cannot start.
    pub fn connect(builder: ClientBuilder) -> Result<Self, Error> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Io(format!("cannot start a runtime: {e}")))?;
        let inner = rt.block_on(builder.build())?;
        Ok(Self {
            rt: Arc::new(rt),
            inner,
        })
    }

    /// The async client underneath (use it inside [`Client::block_on`]).
    pub fn inner(&self) -> &super::Client {
        &self.inner
    }

    /// Runs `f` to completion on the client's runtime.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// [`super::Client::get`].
    ///
    /// # Errors
    /// As the async call.
    pub fn get(&self, oid: &Oid) -> Result<VarBind, Error> {
        self.rt.block_on(self.inner.get(oid))
    }

    /// [`super::Client::get_many`].
    ///
    /// # Errors
    /// As the async call.
    pub fn get_many(&self, oids: &[Oid]) -> Result<Vec<VarBind>, Error> {
        self.rt.block_on(self.inner.get_many(oids))
    }

    /// [`super::Client::get_next`].
    ///
    /// # Errors
    /// As the async call.
    pub fn get_next(&self, oids: &[Oid]) -> Result<Vec<VarBind>, Error> {
        self.rt.block_on(self.inner.get_next(oids))
    }

    /// [`super::Client::get_bulk`].
    ///
    /// # Errors
    /// As the async call.
    pub fn get_bulk(
        &self,
        non_repeaters: i32,
        max_repetitions: i32,
        oids: &[Oid],
    ) -> Result<Vec<VarBind>, Error> {
        self.rt
            .block_on(self.inner.get_bulk(non_repeaters, max_repetitions, oids))
    }

    /// [`super::Client::set`].
    ///
    /// # Errors
    /// As the async call.
    pub fn set(&self, bindings: &[VarBind]) -> Result<Vec<VarBind>, Error> {
        self.rt.block_on(self.inner.set(bindings))
    }

    /// A GETNEXT walk, collected.
    ///
    /// # Errors
    /// As the async walk.
    pub fn walk(&self, root: &Oid) -> Result<Vec<VarBind>, Error> {
        self.collect(root, WalkMode::GetNext)
    }

    /// A GETBULK walk, collected.
    ///
    /// # Errors
    /// As the async walk.
    pub fn bulk_walk(&self, root: &Oid) -> Result<Vec<VarBind>, Error> {
        self.collect(root, WalkMode::GetBulk)
    }

    fn collect(&self, root: &Oid, mode: WalkMode) -> Result<Vec<VarBind>, Error> {
        use futures_util::StreamExt;
        self.rt.block_on(async {
            let mut stream = match mode {
                WalkMode::GetNext => self.inner.walk(root),
                WalkMode::GetBulk => self.inner.bulk_walk(root),
            };
            let mut out = Vec::new();
            while let Some(vb) = stream.next().await {
                out.push(vb?);
            }
            Ok(out)
        })
    }

    /// [`super::Client::walk_each`]: `f` sees each binding borrowed from the datagram.
    ///
    /// # Errors
    /// As the async walk.
    pub fn walk_each<F>(&self, root: &Oid, mode: WalkMode, f: F) -> Result<WalkEnd, Error>
    where
        F: FnMut(&winsnmp_wire::VarBind<'_>) -> Result<(), Error>,
    {
        self.rt.block_on(self.inner.walk_each(root, mode, f))
    }

    /// [`super::Client::walk_with`]: net-snmp's walk options, bindings borrowed from the
    /// datagram.
    ///
    /// # Errors
    /// As the async walk.
    pub fn walk_with<F>(&self, root: &Oid, opts: &WalkOptions, f: F) -> Result<WalkEnd, Error>
    where
        F: FnMut(WalkItem<'_, '_>) -> Result<(), Error>,
    {
        self.rt.block_on(self.inner.walk_with(root, opts, f))
    }

    /// [`super::Client::table`].
    ///
    /// # Errors
    /// As the async call.
    pub fn table(&self, table: &Oid) -> Result<Table, Error> {
        self.rt.block_on(self.inner.table(table))
    }

    /// [`super::Client::table_with`].
    ///
    /// # Errors
    /// As the async call.
    pub fn table_with(&self, table: &Oid, opts: &TableOptions) -> Result<Table, Error> {
        self.rt.block_on(self.inner.table_with(table, opts))
    }
}
