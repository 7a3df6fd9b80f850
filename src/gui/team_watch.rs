//! Keeps the window current when the inventory is a team's shared one: a subscription listens
//! for the changes any member commits (`store::shared::watch`, PostgreSQL's LISTEN/NOTIFY) and
//! reports each; the window reloads, a beat after the last of a burst. Should the connection
//! be lost it says so once and listens again half a minute later.

use std::time::Duration;

use iced::Subscription;
use iced::futures::SinkExt;

/// What the subscription reports.
#[derive(Debug, Clone)]
pub enum Event {
    /// A member changed this table.
    Changed(String),
    /// Listening stopped (the reason); it starts again by itself.
    Lost(String),
}

/// How long the window waits after a change before reloading, so that a burst (an import,
/// a renewal pass) costs one reload.
pub const SETTLE: Duration = Duration::from_millis(400);

const RETRY: Duration = Duration::from_secs(30);

/// Listens while `address` names a shared inventory; nothing otherwise.
pub fn changes(address: Option<String>) -> Subscription<Event> {
    match address {
        Some(address) => Subscription::run_with(address, listen),
        None => Subscription::none(),
    }
}

// `Subscription::run_with` hands its data back by reference to its own type.
#[allow(clippy::ptr_arg)]
fn listen(address: &String) -> impl iced::futures::Stream<Item = Event> + use<> {
    let address = address.clone();
    iced::stream::channel(64, async move |mut output| {
        loop {
            let mut changes = output.clone();
            let why = crate::store::shared::watch(&address, |table| {
                // A full channel drops the report: a reload is already coming.
                let _ = changes.try_send(Event::Changed(table.to_string()));
            })
            .await;
            let _ = output.send(Event::Lost(why)).await;
            tokio::time::sleep(RETRY).await;
        }
    })
}
