//! A loopback TCP proxy that cuts a connection mid-stream: the network failing during a push.
//! The first connection through it is cut (both ways) once the client has sent `cut_after`
//! bytes; later connections pass untouched (the rollback's new login). It counts what the first
//! connection carried, so a test can first measure a whole push and then cut inside it.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct CuttingProxy {
    pub port: u16,
    /// Bytes the client sent on the first connection.
    pub sent: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Drop for CuttingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Copies `from` to `to`; on the cut connection, stops both once `limit` bytes went through.
fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    limit: Option<usize>,
    sent: Option<Arc<AtomicUsize>>,
) {
    let mut buffer = [0u8; 4096];
    loop {
        let read = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let mut chunk = &buffer[..read];
        if let (Some(limit), Some(sent)) = (limit, &sent) {
            let before = sent.load(Ordering::Relaxed);
            if before + chunk.len() >= limit {
                chunk = &chunk[..limit.saturating_sub(before)];
                let _ = to.write_all(chunk);
                sent.fetch_add(chunk.len(), Ordering::Relaxed);
                break;
            }
            sent.fetch_add(chunk.len(), Ordering::Relaxed);
        } else if let Some(sent) = &sent {
            sent.fetch_add(chunk.len(), Ordering::Relaxed);
        }
        if to.write_all(chunk).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

/// Starts the proxy in front of `target` on 127.0.0.1; `cut_after: None` only counts.
pub fn start(target: u16, cut_after: Option<usize>) -> CuttingProxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    {
        let (stop, sent) = (stop.clone(), sent.clone());
        std::thread::spawn(move || {
            let mut first = true;
            for client in listener.incoming() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                let (limit, counter) = if first {
                    (cut_after, Some(sent.clone()))
                } else {
                    (None, None)
                };
                first = false;
                let (client_in, server_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || pump(client_in, server_out, limit, counter));
                std::thread::spawn(move || pump(server, client, None, None));
            }
        });
    }
    CuttingProxy { port, sent, stop }
}
