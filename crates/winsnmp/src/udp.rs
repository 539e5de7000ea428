//! Batched UDP reads: `recvmmsg` for the runtime's poller and the async client's transport.

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
