//! How many network jobs may run at once without running out of file descriptors.
//!
//! A probe holds a socket; a push holds its SSH or HTTPS connection, then a TLS connection to
//! verify, and the journal's database. An administrator may ask for hundreds at once, where the
//! soft limit on open files is 1,024 on most Linux desktops and 256 on macOS: past it every new
//! connection fails with "too many open files". So before a batch the soft limit is raised to the
//! hard limit (which any process may do for itself), and the batch's parallelism is capped to
//! what still fits. Windows has no such per-process limit on sockets.

use std::sync::OnceLock;

/// Descriptors kept free for everything else the process holds (the inventory and its WAL,
/// standard streams, the async runtime, the window).
const RESERVED: u64 = 32;

/// Parallelism for jobs that each hold up to `descriptors_each` files or sockets: `requested`
/// (at least 1), lowered to what the open-file limit allows.
pub fn parallelism(requested: usize, descriptors_each: u64) -> usize {
    match open_file_limit() {
        Some(limit) => cap(requested, limit, descriptors_each),
        None => requested.max(1),
    }
}

/// `requested` (at least 1) lowered so that `descriptors_each` per job fit under `limit` with
/// [`RESERVED`] kept free.
pub fn cap(requested: usize, limit: u64, descriptors_each: u64) -> usize {
    let room = limit.saturating_sub(RESERVED) / descriptors_each.max(1);
    requested.clamp(1, usize::try_from(room).unwrap_or(usize::MAX).max(1))
}

/// The open-file soft limit after raising it once toward the hard limit; `None` when there is
/// none to respect.
pub fn open_file_limit() -> Option<u64> {
    static LIMIT: OnceLock<Option<u64>> = OnceLock::new();
    *LIMIT.get_or_init(raise)
}

#[cfg(unix)]
fn raise() -> Option<u64> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    /// Never asks for more than this (macOS refuses a soft limit above `OPEN_MAX`, 10,240).
    const WANTED: u64 = 10_240;
    let limit = getrlimit(Resource::Nofile);
    // `None` is "unlimited".
    let current = limit.current?;
    let ceiling = limit.maximum.unwrap_or(u64::MAX);
    for wanted in [WANTED.min(ceiling), 4096.min(ceiling)] {
        if wanted <= current {
            break;
        }
        let raised = Rlimit {
            current: Some(wanted),
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            return Some(wanted);
        }
    }
    Some(current)
}

#[cfg(not(unix))]
fn raise() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::cap;

    #[test]
    fn parallelism_fits_under_the_limit() {
        assert_eq!(cap(500, 64, 2), 16, "(64 - 32 reserved) / 2 each");
        assert_eq!(cap(8, 1024, 4), 8, "what was asked when it fits");
        assert_eq!(cap(500, 20, 1), 1, "always one at a time at least");
        assert_eq!(cap(0, 1024, 1), 1);
    }
}
