//! What the window does when a screen asks for something ([`Intent`]) and when the open dialog
//! answers ([`Outcome`]). (An `impl App` of its own file: this module uses the window's types;
//! the window does not import it.)

use iced::Task;

use super::intent::Intent;
use super::modal::{self, Modal, Outcome};
use super::screen::Screen;
use super::{
    App, Message, Shortcut, csr_wizard, export_dialog, intake, inventory, list, node_dialog,
    nodes_view, push_dialog, renewals,
};
use crate::fl;

impl App {
    /// What a screen asked for.
    pub(super) fn intent(&mut self, intent: Intent) -> Task<Message> {
        match intent {
            Intent::Show(screen) => self.show(screen),
            Intent::ShowCertificate(id) => {
                self.screen = Screen::Inventory;
                match &self.loaded {
                    Some(loaded) => self.list.show_certificate(id, loaded).map(Message::List),
                    None => Task::none(),
                }
            }
            Intent::SetTrust(id, trusted) => self
                .change_inventory(move |inventory, now| {
                    if trusted {
                        inventory.trust(id, now)
                    } else {
                        inventory.distrust(id, now)
                    }
                })
                .map(Message::InventoryChanged),
            Intent::Assign(node, id) => self
                .change_inventory(move |inventory, now| inventory.assign(&node, id, now))
                .map(Message::InventoryChanged),
            Intent::AskPush(for_certificate, node) => {
                if let Some(loaded) = &self.loaded {
                    let certificate = self.list.selected_row.filter(|_| for_certificate);
                    let dialog = push_dialog::State::new(loaded, certificate, node.as_deref());
                    self.open(Modal::Push(dialog));
                }
                Task::none()
            }
            Intent::EditNode(name) => {
                let Some(loaded) = &self.loaded else {
                    return Task::none();
                };
                let node = name.and_then(|name| loaded.nodes.iter().find(|n| n.name == name));
                let form = node_dialog::State::new(loaded, node);
                self.open_focused(Modal::Node(form), node_dialog::NAME_ID)
            }
            Intent::CheckNode(name) => {
                self.busy += 1;
                let settings = self.settings.clone();
                let node = name.clone();
                Task::perform(nodes_view::check_node(name, settings), move |result| {
                    Message::NodeChecked(node.clone(), result)
                })
            }
            Intent::AskRemoveNode(name) => {
                self.open(Modal::ConfirmRemoveNode(name));
                Task::none()
            }
            Intent::GetCertificate(node) => {
                self.renewals_message(renewals::Message::GetCertificate(Some(node)))
            }
            Intent::NewRequest => {
                let nodes = self.loaded.as_ref().map(|l| l.nodes.clone());
                let wizard = csr_wizard::State::new(nodes.unwrap_or_default());
                self.open_focused(Modal::Csr(wizard), csr_wizard::COMMON_NAME_ID)
            }
            Intent::RenewSelected => {
                let (Some(id), Some(report), Some(loaded)) =
                    (self.list.selected_row, &self.list.row_report, &self.loaded)
                else {
                    return Task::none();
                };
                let node = loaded
                    .rows
                    .iter()
                    .find(|(row, _)| row.id == id)
                    .and_then(|(row, _)| row.nodes.first().cloned());
                let wizard = csr_wizard::State::renew(
                    id,
                    &report.cert,
                    report.has_private_key,
                    node,
                    loaded.nodes.clone(),
                );
                self.open(Modal::Csr(wizard));
                Task::none()
            }
            Intent::AskExport => {
                if self.screen == Screen::Inventory
                    && let (Some(id), Some(report)) =
                        (self.list.selected_row, &self.list.row_report)
                {
                    let dialog = export_dialog::State::new(
                        id,
                        report.cert.display_name(),
                        report.has_private_key,
                        self.settings.clone(),
                    );
                    self.open(Modal::Export(dialog));
                }
                Task::none()
            }
            Intent::AskDelete => {
                if self.screen == Screen::Inventory
                    && let (Some(id), Some(report)) =
                        (self.list.selected_row, &self.list.row_report)
                {
                    self.open(Modal::ConfirmDelete(id, report.cert.display_name()));
                }
                Task::none()
            }
            Intent::ResumePushes(how) => {
                if self.resuming {
                    return Task::none();
                }
                self.resuming = true;
                Task::perform(
                    inventory::resume_pushes(how, self.settings.clone()),
                    Message::PushesResumed,
                )
            }
        }
    }

    /// Opens a dialog, unless one is open already (a shortcut typed under a dialog).
    fn open(&mut self, modal: Modal) -> bool {
        if self.modal.is_some() {
            return false;
        }
        self.modal = Some(modal);
        true
    }

    /// Opens a dialog with the keyboard in its field `id`.
    fn open_focused(&mut self, modal: Modal, id: &'static str) -> Task<Message> {
        if self.open(modal) {
            iced::widget::operation::focus(id)
        } else {
            Task::none()
        }
    }

    /// A message of the open dialog, and what the window does after it.
    pub(super) fn modal_message(&mut self, message: modal::Message) -> Task<Message> {
        let Some(modal) = &mut self.modal else {
            return Task::none();
        };
        match modal.update(message, &self.settings) {
            Outcome::None => Task::none(),
            Outcome::Run(task) => task.map(Message::Modal),
            Outcome::Close => {
                self.modal = None;
                Task::none()
            }
            Outcome::Loaded(loaded) => self.set_loaded(Ok(loaded)),
            Outcome::Saved(loaded) => {
                self.modal = None;
                self.set_loaded(Ok(loaded))
            }
            Outcome::Note(note) => {
                self.note(note);
                Task::none()
            }
            Outcome::Exported(path) => {
                self.modal = None;
                self.note(fl!("exported", path = path.display().to_string()));
                Task::none()
            }
            Outcome::Imported(report, loaded) => {
                use crate::store::Action;
                self.modal = None;
                self.note(fl!(
                    "import-done",
                    added = report.count(Action::Added),
                    updated = report.count(Action::Updated),
                    unchanged = report.count(Action::Unchanged),
                    errors = report.count(Action::Error)
                ));
                self.set_loaded(Ok(loaded))
            }
            Outcome::Delete(id, name) => {
                self.modal = None;
                self.change_inventory(move |inventory, now| inventory.delete(id, now))
                    .map(move |result| Message::Deleted(name.clone(), result))
            }
            Outcome::RemoveNode(name) => {
                self.modal = None;
                self.note(fl!("node-removed", name = name.clone()));
                self.change_inventory(move |inventory, _| {
                    inventory.remove_node(&name)?;
                    crate::push::setup::forget_secrets(inventory, &name);
                    Ok(())
                })
                .map(Message::InventoryChanged)
            }
        }
    }

    pub(super) fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match shortcut {
            Shortcut::Import => self.update(Message::Intake(intake::Message::PickFiles)),
            Shortcut::Find if self.screen == Screen::Inventory => {
                iced::widget::operation::focus(list::FILTER_ID)
            }
            Shortcut::Delete => self.intent(Intent::AskDelete),
            Shortcut::Export => self.intent(Intent::AskExport),
            Shortcut::Escape => {
                // The top first: the Renewals screen's dialogs, the window's, the paste box.
                if self.renewals.close_top() {
                    return Task::none();
                }
                if let Some(modal) = &self.modal {
                    if modal.closes_on_escape() {
                        self.modal = None;
                    }
                    return Task::none();
                }
                if self.intake.escape() {
                    return Task::none();
                }
                match self.list.clear_filter(self.loaded.as_ref()) {
                    Some(task) => task.map(Message::List),
                    None => Task::none(),
                }
            }
            Shortcut::Next | Shortcut::Previous if self.screen == Screen::Inventory => {
                match &self.loaded {
                    Some(loaded) => {
                        let next = shortcut == Shortcut::Next;
                        self.list.step(next, loaded).map(Message::List)
                    }
                    None => Task::none(),
                }
            }
            Shortcut::Find | Shortcut::Next | Shortcut::Previous => Task::none(),
        }
    }
}
