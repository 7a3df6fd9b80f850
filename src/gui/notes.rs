//! What happened, for the administrator to read back: imports, exports, pushes, saves, errors and
//! new alarms, newest first, with the time they came. The latest one is shown above the list;
//! the bell opens them all. New alarms are also announced by the desktop (once per alarm, when the
//! setting allows it).

use iced::widget::{Column, button, column, container, row, scrollable, space, text};
use iced::{Element, Fill};
use time::OffsetDateTime;

use super::widgets::SPACING;
use super::{i18n, style};
use crate::fl;

/// Test id of the bell button.
pub const BELL_ID: &str = "notes-bell";

/// How many notes are kept (older ones drop off).
const KEPT: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub at: OffsetDateTime,
    pub text: String,
    /// Something went wrong (drawn as a problem).
    pub problem: bool,
}

/// The bell's and the list's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Opens or closes the list.
    Toggle,
    /// Forgets every note.
    Clear,
}

#[derive(Debug, Default)]
pub struct Notes {
    /// Newest first.
    list: Vec<Note>,
    /// Notes that came since the list was last opened.
    unread: usize,
    pub open: bool,
}

impl Notes {
    pub fn push(&mut self, text: String, problem: bool, at: OffsetDateTime) {
        self.list.insert(0, Note { at, text, problem });
        self.list.truncate(KEPT);
        if !self.open {
            self.unread += 1;
        }
    }

    /// Every note's text, newest first (tests read them).
    #[cfg(test)]
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|n| n.text.as_str())
    }

    /// The newest note's text.
    pub fn latest(&self) -> Option<&str> {
        self.list.first().map(|n| n.text.as_str())
    }

    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.unread = 0;
    }

    pub fn clear(&mut self) {
        self.list.clear();
        self.unread = 0;
    }

    pub fn update(&mut self, message: Message) {
        match message {
            Message::Toggle => self.toggle(),
            Message::Clear => self.clear(),
        }
    }

    /// The bell: "Notifications" with the count of unread ones.
    pub fn bell(&self) -> Element<'_, Message> {
        let label = fl!("notes-bell", count = self.unread);
        container(
            button(text(label))
                .style(if self.unread > 0 {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::Toggle),
        )
        .id(BELL_ID)
        .into()
    }

    /// The list, newest first.
    pub fn panel(&self) -> Element<'_, Message> {
        let mut list = Column::new().spacing(6);
        if self.list.is_empty() {
            list = list.push(text(fl!("notes-none")).size(13));
        }
        for note in &self.list {
            let line = row![
                text(i18n::date_time(note.at)).size(12).width(150),
                text(note.text.clone()).size(13).width(Fill),
            ]
            .spacing(SPACING);
            list = list.push(if note.problem {
                container(line).padding(4).style(style::problem)
            } else {
                container(line).padding(4)
            });
        }
        container(
            column![
                row![
                    text(fl!("notes-title")).size(16),
                    space::horizontal(),
                    button(text(fl!("notes-clear")))
                        .style(button::secondary)
                        .on_press(Message::Clear),
                    button(text(fl!("csr-close"))).on_press(Message::Toggle),
                ]
                .spacing(SPACING)
                .align_y(iced::Center),
                scrollable(list).height(iced::Length::Fixed(260.0)),
            ]
            .spacing(8),
        )
        .padding(12)
        .width(Fill)
        .style(style::card)
        .into()
    }
}

/// Announces new alarms on the desktop (blocking: D-Bus on Linux, the notification centre on
/// macOS, toasts on Windows). More than a few become one summary.
pub fn announce(texts: &[String]) -> Result<(), String> {
    const ONE_BY_ONE: usize = 3;
    let mut shown: Vec<(String, String)> = texts
        .iter()
        .take(ONE_BY_ONE)
        .map(|text| (fl!("notes-new-alarm"), text.clone()))
        .collect();
    if texts.len() > ONE_BY_ONE {
        let more = texts.len() - ONE_BY_ONE;
        shown.push((
            fl!("notes-new-alarm"),
            fl!("notes-more-alarms", count = more),
        ));
    }
    for (summary, body) in shown {
        notify_rust::Notification::new()
            .appname("certdeck")
            .summary(&summary)
            .body(&body)
            .icon(super::window::APPLICATION_ID)
            .show()
            .map_err(|e| refusal(&e.to_string()))?;
    }
    Ok(())
}

/// Why the desktop showed no notification, in words: a missing session bus or notification
/// service (a bare X server, a server session) is said as such instead of D-Bus's own message
/// (`Failed to connect to address unix:path=/run/user/0/bus…`); anything else is passed on.
fn refusal(error: &str) -> String {
    const NO_SERVICE: [&str; 5] = [
        "Failed to connect",
        "ServiceUnknown",
        "NameHasNoOwner",
        "DBUS_SESSION_BUS_ADDRESS",
        "No such file or directory",
    ];
    if NO_SERVICE.iter().any(|sign| error.contains(sign)) {
        fl!("notes-desktop-no-service")
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_notification_service_is_said_in_words() {
        let dbus = "Failed to connect to address `unix:path=/run/user/0/bus`: No such file or directory (os error 2)";
        assert_eq!(refusal(dbus), fl!("notes-desktop-no-service"));
        assert!(!refusal(dbus).contains("unix:path"));
        assert_eq!(
            refusal("org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable"),
            fl!("notes-desktop-no-service")
        );
        assert_eq!(refusal("permission denied"), "permission denied");
    }
}
