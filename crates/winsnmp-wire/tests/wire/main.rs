//! Integration tests for `winsnmp-wire`, linked as one binary (one module per area).
//!
//! - `vectors`: byte-exact test vectors for every PDU type and every syntax.
//! - `malformed`: a table of bad inputs with the error kind and offset each must give, and
//!   the quirk flags.
//! - `props`: proptest round trips of messages and OIDs.
//! - `random_bytes`: a bounded, seeded random-input and mutation run.

mod malformed;
mod props;
mod random_bytes;
mod util;
mod vectors;
