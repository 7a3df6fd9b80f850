//! Loading the inventory: at start, after each change the window makes, and when another
//! member changed the team's shared inventory. (An `impl App` of its own file: this module uses
//! the window's types; the window does not import it.)

use std::sync::Arc;

use iced::Task;
use time::OffsetDateTime;

use super::inventory::Loaded;
use super::work::work;
use super::{App, Message, inventory, team_watch};
use crate::fl;

impl App {
    /// Opens and loads the inventory on a worker thread.
    pub(super) fn load_inventory(&mut self) -> Task<Message> {
        let settings = self.settings.clone();
        let now = OffsetDateTime::now_utc();
        Task::perform(
            work(move || inventory::load(now, &settings).map(Arc::new)),
            Message::InventoryLoaded,
        )
    }

    /// Runs one change of the inventory on a worker thread; the task yields the inventory loaded
    /// again, or why the change failed.
    pub(super) fn change_inventory<F>(&mut self, change: F) -> Task<Result<Arc<Loaded>, String>>
    where
        F: FnOnce(
                &mut crate::store::Inventory,
                OffsetDateTime,
            ) -> Result<(), crate::store::StoreError>
            + Send
            + 'static,
    {
        let settings = self.settings.clone();
        let now = OffsetDateTime::now_utc();
        self.busy += 1;
        Task::perform(
            work(move || inventory::change(now, &settings, change).map(Arc::new)),
            |result| result,
        )
    }

    /// A member changed the shared inventory: reloaded once the burst settles; a lost
    /// connection is said once per loss.
    pub(super) fn shared_changed(&mut self, event: team_watch::Event) -> Task<Message> {
        match event {
            team_watch::Event::Changed(_) if !self.reload_due => {
                self.reload_due = true;
                // The timer starts when the task runs, on the window's tokio runtime.
                let settle = async { tokio::time::sleep(team_watch::SETTLE).await };
                Task::perform(settle, |()| Message::SharedSettled)
            }
            team_watch::Event::Changed(_) => Task::none(),
            team_watch::Event::Lost(reason) => {
                self.note(fl!("shared-watch-lost", reason = reason));
                Task::none()
            }
        }
    }

    pub(super) fn shared_settled(&mut self) -> Task<Message> {
        self.reload_due = false;
        self.load_inventory()
    }
}
