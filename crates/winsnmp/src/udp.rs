//! Batched UDP reads and writes: `recvmmsg` and `sendmmsg` for the runtime's poller and
//! driver and for the async client's transport.

use std::io;
use std::net::SocketAddr;

/// Datagrams read by one system call (`recvmmsg` on Linux, one `recv_from` elsewhere).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const BATCH: usize = 16;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) const BATCH: usize = 1;
/// Room for one datagram: the largest UDP payload fits.
pub(crate) const SLOT: usize = 65_536;

/// Reads up to `buf.len() / SLOT` datagrams (at most [`BATCH`]) from `sock`, a socket of
/// the IPv6 family when `ipv6`, with one `recvmmsg`, one per [`SLOT`] of `buf`; `got` says
/// what each slot holds (a datagram whose sender is not an IP address is listed with
/// `None`).
///
/// # Errors
/// `WouldBlock` when nothing is waiting; the socket's pending error (an ICMP report);
/// `InvalidInput` when `buf` holds no slot.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn recv_batch(
    sock: &impl std::os::fd::AsRawFd,
    ipv6: bool,
    buf: &mut [u8],
    got: &mut Vec<(usize, Option<SocketAddr>)>,
) -> io::Result<()> {
    use std::cell::RefCell;
    use std::io::IoSliceMut;

    use nix::sys::socket::{MsgFlags, MultiHeaders, SockaddrStorage, recvmmsg};

    thread_local! {
        // The message headers `recvmmsg` fills, made once per thread that reads (they hold
        // raw pointers, so they cannot be kept with a socket that threads share; made per
        // call, their 3 KiB made glibc's malloc consolidate its free lists at every read).
        // One set per address family: the kernel leaves each header's address length at
        // the length of the last address it wrote (nix does not reset it), so headers that
        // read an IPv4 sender would cut an IPv6 sender's address short.
        static HEADERS_V4: RefCell<MultiHeaders<SockaddrStorage>> =
            RefCell::new(MultiHeaders::preallocate(BATCH, None));
        static HEADERS_V6: RefCell<MultiHeaders<SockaddrStorage>> =
            RefCell::new(MultiHeaders::preallocate(BATCH, None));
    }
    got.clear();
    let n = (buf.len() / SLOT).min(BATCH);
    if n == 0 {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    let headers = if ipv6 { &HEADERS_V6 } else { &HEADERS_V4 };
    headers.with_borrow_mut(|headers| {
        let mut slots: [[IoSliceMut<'_>; 1]; BATCH] = {
            let mut chunks = buf.chunks_mut(SLOT);
            std::array::from_fn(|_| [IoSliceMut::new(chunks.next().unwrap_or_default())])
        };
        let results = recvmmsg(
            sock.as_raw_fd(),
            headers,
            slots[..n].iter_mut(),
            MsgFlags::MSG_DONTWAIT,
            None,
        )
        .map_err(io::Error::from)?;
        for r in results {
            let from = r.address.and_then(|a| {
                a.as_sockaddr_in()
                    .map(|v4| SocketAddr::V4((*v4).into()))
                    .or_else(|| a.as_sockaddr_in6().map(|v6| SocketAddr::V6((*v6).into())))
            });
            got.push((r.bytes.min(SLOT), from));
        }
        Ok(())
    })
}

/// Most datagrams handed to one `sendmmsg` (elsewhere, sent one by one: the most queued
/// for one batch).
pub(crate) const SEND_BATCH: usize = 64;

/// Sends the first datagrams of `run` (at most [`SEND_BATCH`]) from `sock` with one
/// `sendmmsg`, each to its own address: how many the kernel took (one or more, 0 only for
/// an empty `run`; it stops at the first it refuses, which the next call reports).
///
/// # Errors
/// The first datagram's error (nothing was sent): `WouldBlock` for a full socket buffer,
/// or why the OS refused it.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn send_batch(
    sock: &impl std::os::fd::AsRawFd,
    run: &[winsnmp_engine::Transmit],
) -> io::Result<usize> {
    use std::cell::RefCell;
    use std::io::IoSlice;

    use nix::sys::socket::{MsgFlags, MultiHeaders, SockaddrStorage, sendmmsg};

    /// The message headers and addresses `sendmmsg` reads.
    type SendHeaders = (MultiHeaders<SockaddrStorage>, Vec<Option<SockaddrStorage>>);
    thread_local! {
        // Per thread that sends, made once: they hold raw pointers, so they cannot live
        // with a socket that threads share, and made per call their kilobytes cost more
        // than the call.
        static HEADERS: RefCell<SendHeaders> =
            RefCell::new((MultiHeaders::preallocate(SEND_BATCH, None), Vec::new()));
    }
    let chunk = &run[..run.len().min(SEND_BATCH)];
    if chunk.is_empty() {
        return Ok(0);
    }
    HEADERS.with_borrow_mut(|(headers, addrs)| {
        addrs.clear();
        addrs.extend(chunk.iter().map(|t| Some(SockaddrStorage::from(t.to))));
        let slices: Vec<[IoSlice<'_>; 1]> =
            chunk.iter().map(|t| [IoSlice::new(&t.bytes)]).collect();
        let sent = sendmmsg(
            sock.as_raw_fd(),
            headers,
            &slices,
            &*addrs,
            [],
            MsgFlags::empty(),
        )
        .map_err(io::Error::from)?
        .count();
        if sent == 0 {
            // Not seen from Linux (it reports the first datagram's error instead).
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Ok(sent)
    })
}
