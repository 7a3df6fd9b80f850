//! What a screen asks the window to do: open a dialog, show a certificate, change the inventory.
//! Screens that only ask (alarms, trusted CAs, requests, the node screens, the list's detail)
//! send these instead of knowing the window's own messages; the window decides, because the
//! answer touches more than one screen (the section shown, the modal open, the inventory).

use super::screen::Screen;
use crate::push::resume::Resume;

#[derive(Debug, Clone)]
pub enum Intent {
    /// The certificate (its inventory id) in the inventory list, selected and in view.
    ShowCertificate(i64),
    /// Puts a CA certificate on the trusted list (`true`) or takes it off.
    SetTrust(i64, bool),
    /// Assigns a server certificate to the named node.
    Assign(String, i64),
    /// Opens the push dialog: for the selected certificate (`true`), or for nodes (the named one
    /// chosen).
    AskPush(bool, Option<String>),
    /// Opens the node form: a new node, or the named one to edit.
    EditNode(Option<String>),
    /// Probes the named node's endpoints now.
    CheckNode(String),
    /// Asks for confirmation before removing the named node.
    AskRemoveNode(String),
    /// Opens the ACME wizard for the named node.
    GetCertificate(String),
    /// Opens the signing-request wizard for a new request.
    NewRequest,
    /// Opens the signing-request wizard to renew the selected certificate.
    RenewSelected,
    /// Opens the export dialog for the selected certificate.
    AskExport,
    /// Asks for confirmation before deleting the selected certificate.
    AskDelete,
    /// Rolls back (or completes) the pushes that never finished.
    ResumePushes(Resume),
    /// Another screen.
    Show(Screen),
}
