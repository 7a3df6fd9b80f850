//! The window's dialogs, one open at a time over the screen: export, push, the import review,
//! the signing-request wizard, the node form, and the confirmations before deleting a
//! certificate or removing a node. Each dialog's own actions are answered here in the few ways
//! the window cares about ([`Outcome`]), so the window handles a dialog without knowing which.
//! (The Renewals screen's dialogs — accounts, DNS servers, the ACME wizard — belong to that
//! screen, which stacks them.)

use std::path::PathBuf;
use std::sync::Arc;

use iced::{Element, Task};

use super::inventory::Loaded;
use super::{csr_wizard, dialog, export_dialog, import_review, node_dialog, push_dialog};
use crate::fl;
use crate::settings::Settings;
use crate::store::ImportReport;

/// Test ids of the confirmations' red buttons (deleting a certificate, removing a node).
pub const CONFIRM_DELETE_ID: &str = "confirm-delete";
pub const CONFIRM_REMOVE_ID: &str = "nodes-remove-confirm";

// One instance at most, held by the window: boxing the larger forms would save nothing.
#[allow(clippy::large_enum_variant)]
pub enum Modal {
    Export(export_dialog::State),
    Push(push_dialog::State),
    Review(import_review::State),
    Csr(csr_wizard::State),
    Node(node_dialog::State),
    /// "Delete NAME?" for the certificate with this id.
    ConfirmDelete(i64, String),
    /// "Remove NAME?" for a node.
    ConfirmRemoveNode(String),
}

#[derive(Debug, Clone)]
pub enum Message {
    Export(export_dialog::Message),
    Push(push_dialog::Message),
    Review(import_review::Message),
    Csr(csr_wizard::Message),
    Node(node_dialog::Message),
    /// The confirmation's red button.
    Confirm,
    /// The confirmation's Cancel (or a click beside it).
    Cancel,
}

/// What the window does after a dialog's message.
pub enum Outcome {
    None,
    Run(Task<Message>),
    /// The dialog is done with.
    Close,
    /// The inventory changed; the dialog stays open.
    Loaded(Arc<Loaded>),
    /// The inventory changed and the dialog is done with.
    Saved(Arc<Loaded>),
    /// Something to tell the user; the dialog stays open.
    Note(String),
    /// The export was written there; the dialog is done with.
    Exported(PathBuf),
    /// The reviewed files were imported; the dialog is done with.
    Imported(Arc<ImportReport>, Arc<Loaded>),
    /// Confirmed: delete the certificate (id, name).
    Delete(i64, String),
    /// Confirmed: remove the node.
    RemoveNode(String),
}

impl Modal {
    pub fn update(&mut self, message: Message, settings: &Settings) -> Outcome {
        match (self, message) {
            (Modal::Export(dialog), Message::Export(message)) => match dialog.update(message) {
                export_dialog::Action::None => Outcome::None,
                export_dialog::Action::Run(task) => Outcome::Run(task.map(Message::Export)),
                export_dialog::Action::Close => Outcome::Close,
                export_dialog::Action::Done(path) => Outcome::Exported(path),
            },
            (Modal::Push(dialog), Message::Push(message)) => {
                match dialog.update(message, settings) {
                    push_dialog::Action::None => Outcome::None,
                    push_dialog::Action::Run(task) => Outcome::Run(task.map(Message::Push)),
                    push_dialog::Action::Finished(loaded) => Outcome::Loaded(loaded),
                    push_dialog::Action::Close => Outcome::Close,
                }
            }
            (Modal::Review(review), Message::Review(message)) => {
                match review.update(message, settings) {
                    import_review::Action::None => Outcome::None,
                    import_review::Action::Run(task) => Outcome::Run(task.map(Message::Review)),
                    import_review::Action::Close => Outcome::Close,
                    import_review::Action::Done(report, loaded) => {
                        Outcome::Imported(report, loaded)
                    }
                }
            }
            (Modal::Csr(wizard), Message::Csr(message)) => match wizard.update(message, settings) {
                csr_wizard::Action::None => Outcome::None,
                csr_wizard::Action::Run(task) => Outcome::Run(task.map(Message::Csr)),
                csr_wizard::Action::Loaded(loaded) => Outcome::Loaded(loaded),
                csr_wizard::Action::Notify(note) => Outcome::Note(note),
                csr_wizard::Action::Close => Outcome::Close,
            },
            (Modal::Node(form), Message::Node(message)) => match form.update(message, settings) {
                node_dialog::Action::None => Outcome::None,
                node_dialog::Action::Run(task) => Outcome::Run(task.map(Message::Node)),
                node_dialog::Action::Saved(loaded) => Outcome::Saved(loaded),
                node_dialog::Action::Close => Outcome::Close,
            },
            (Modal::ConfirmDelete(id, name), Message::Confirm) => {
                Outcome::Delete(*id, std::mem::take(name))
            }
            (Modal::ConfirmRemoveNode(name), Message::Confirm) => {
                Outcome::RemoveNode(std::mem::take(name))
            }
            (_, Message::Cancel) => Outcome::Close,
            // A late message of a dialog closed since (its task answered after it closed).
            _ => Outcome::None,
        }
    }

    /// Whether Esc may close it (not while a push runs: its result would go unseen).
    pub fn closes_on_escape(&self) -> bool {
        match self {
            Modal::Push(dialog) => !dialog.running(),
            _ => true,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match self {
            Modal::Export(dialog) => dialog.view().map(Message::Export),
            Modal::Push(dialog) => dialog.view().map(Message::Push),
            Modal::Review(review) => review.view().map(Message::Review),
            Modal::Csr(wizard) => wizard.view().map(Message::Csr),
            Modal::Node(form) => form.view().map(Message::Node),
            Modal::ConfirmDelete(_, name) => dialog::confirm(
                fl!("delete-title", name = name.clone()),
                fl!("delete-warning"),
                (fl!("delete-confirm"), CONFIRM_DELETE_ID, Message::Confirm),
                Message::Cancel,
            ),
            Modal::ConfirmRemoveNode(name) => dialog::confirm(
                fl!("nodes-remove-title", name = name.clone()),
                fl!("nodes-remove-warning"),
                (
                    fl!("nodes-list-remove"),
                    CONFIRM_REMOVE_ID,
                    Message::Confirm,
                ),
                Message::Cancel,
            ),
        }
    }
}
