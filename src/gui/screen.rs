//! The window's screens, one chosen in the sidebar at a time.

/// The window's screens. Each has its module: its state (kept while another screen is shown, so
/// a scan or a renewal pass goes on), its messages, an `update` that answers with an action for
/// the window, and its `view`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The estate at a glance: statuses, expiry timeline, node health, next renewals.
    Overview,
    /// The inventory: what is kept, sorted by status.
    Inventory,
    /// Files decoded without keeping them.
    Inspect,
    /// Language, theme, warning period, data folder.
    Settings,
    /// What needs attention.
    Alarms,
    /// The trusted CA list, custom and built-in.
    TrustedCas,
    /// Each node with its certificate, trust list and alarms.
    ByNode,
    /// The nodes themselves: how each is reached, its pin, adding, editing, removing.
    Nodes,
    /// Scans for TLS endpoints, what each serves, adopting one as a node.
    Discovery,
    /// Signing requests, pending and completed.
    Requests,
    /// Certificates from ACME CAs: upcoming renewals, accounts, DNS servers, the renewal log.
    Renewals,
}

impl Screen {
    /// Screens that show the inventory, which is loaded before they can be drawn.
    pub fn needs_inventory(self) -> bool {
        !matches!(self, Screen::Inspect | Screen::Settings)
    }
}
