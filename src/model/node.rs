//! What a node is reached by.

/// The drivers a node can have, as stored.
pub const DRIVERS: [&str; 5] = ["none", "folder", "ssh", "https", "pexip"];
