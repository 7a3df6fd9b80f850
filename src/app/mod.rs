//! Use cases the command line and the window share (issue 30): each opens what its work needs
//! the same way, so the shells only parse, print and draw.
//!
//! - [`session`]: what a push or a renewal pass works in — the inventory behind the push
//!   journal, the trust TLS verification uses, the team's database (locks and log) when there
//!   is one — opened once, and the push run in it.
//! - [`doctor`]: whether this machine can renew unattended (`certdeck doctor`, Settings).

pub mod doctor;
pub mod session;
