//! Settings → Shared inventory: which inventory the data folder uses — its own file, or the
//! team's on PostgreSQL — and the moves between them: use the team's (a member joining), copy
//! this one up (the first member), go back to the folder's own, or copy the team's down into it.
//! A copy runs on a thread of its own, says which table it is at, and can be cancelled (nothing
//! is then stored). The window reloads the inventory after each move.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::widget::{button, column, row, text};
use iced::{Element, Task};

use super::widgets::SPACING;
use crate::fl;
use crate::store::migrate::{self, Direction};
use crate::store::{Inventory, VaultOptions, shared};

#[derive(Debug, Clone)]
pub enum Message {
    /// Create the team in the (empty) team database, this member its first admin.
    Create,
    /// Point the folder at the team's inventory without copying.
    Use,
    Copy(Direction),
    /// Point the folder back at its own file.
    Leave,
    Cancel,
    Progress(Step),
}

/// A move's progress, from its thread.
#[derive(Debug, Clone)]
pub enum Step {
    Table(String, usize),
    Done(Result<String, String>),
}

/// What the window must do after a message.
pub enum Action {
    None,
    Run(Task<Message>),
    /// The folder now uses another inventory: load it.
    Reload,
}

/// Where the folder and the team are, as the settings say.
pub struct Place {
    pub dir: Option<PathBuf>,
    pub team_url: Option<String>,
    pub vault: VaultOptions,
}

#[derive(Default)]
pub struct State {
    /// The move under way: its cancel flag and the last table it reported.
    running: Option<(Arc<AtomicBool>, String)>,
    notice: Option<Result<String, String>>,
}

impl State {
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    pub fn update(&mut self, message: Message, place: Place) -> Action {
        match message {
            Message::Cancel => {
                if let Some((cancel, _)) = &self.running {
                    cancel.store(true, Ordering::Relaxed);
                }
                Action::None
            }
            Message::Progress(Step::Table(table, rows)) => {
                if let Some((_, at)) = &mut self.running {
                    *at = fl!("shared-copying", table = table, rows = rows);
                }
                Action::None
            }
            Message::Progress(Step::Done(result)) => {
                self.running = None;
                let moved = result.is_ok();
                self.notice = Some(result);
                if moved { Action::Reload } else { Action::None }
            }
            Message::Create | Message::Use | Message::Copy(_) | Message::Leave if self.busy() => {
                Action::None
            }
            Message::Create | Message::Use | Message::Copy(_) | Message::Leave => {
                let Some(dir) = place.dir else {
                    self.notice = Some(Err(fl!("shared-no-folder")));
                    return Action::None;
                };
                let cancel = Arc::new(AtomicBool::new(false));
                self.running = Some((cancel.clone(), fl!("shared-starting")));
                self.notice = None;
                Action::Run(run(message, dir, place.team_url, place.vault, cancel))
            }
        }
    }

    /// The section: what the folder uses, and the moves that make sense from there.
    pub fn view<'a>(
        &'a self,
        uses: Option<&'a str>,
        team_url: Option<&'a str>,
    ) -> Element<'a, Message> {
        let mut section = column![
            text(match uses {
                Some(url) => fl!("shared-uses-team", url = url.to_string()),
                None => fl!("shared-uses-own"),
            })
            .size(14)
        ]
        .spacing(6);
        if let Some((_, at)) = &self.running {
            section = section.push(
                row![
                    text(at.clone()).size(13),
                    button(text(fl!("shared-cancel")))
                        .style(button::secondary)
                        .on_press(Message::Cancel),
                ]
                .spacing(SPACING),
            );
        } else {
            let buttons = match (uses, team_url) {
                (Some(_), _) => row![
                    button(text(fl!("shared-leave")))
                        .style(button::secondary)
                        .on_press(Message::Leave),
                    button(text(fl!("shared-copy-down")))
                        .style(button::secondary)
                        .on_press(Message::Copy(Direction::Down)),
                ],
                (None, Some(_)) => row![
                    button(text(fl!("shared-use"))).on_press(Message::Use),
                    button(text(fl!("shared-copy-up")))
                        .style(button::secondary)
                        .on_press(Message::Copy(Direction::Up)),
                    button(text(fl!("shared-create")))
                        .style(button::secondary)
                        .on_press(Message::Create),
                ],
                (None, None) => row![text(fl!("shared-needs-team")).size(12)],
            };
            section = section.push(buttons.spacing(SPACING));
        }
        section = section.push(text(fl!("shared-explained")).size(12));
        if let Some(notice) = &self.notice {
            section = section.push(match notice {
                Ok(words) => text(words.clone()).size(13),
                Err(reason) => text(reason.clone()).size(13).style(text::danger),
            });
        }
        section.into()
    }
}

/// Runs a move on a thread of its own, its progress coming back as messages.
fn run(
    message: Message,
    dir: PathBuf,
    team_url: Option<String>,
    vault: VaultOptions,
    cancel: Arc<AtomicBool>,
) -> Task<Message> {
    let stream = iced::stream::channel(64, async move |mut output| {
        use iced::futures::SinkExt;
        let (steps, mut received) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || {
            let report = steps.clone();
            let mut progress = move |table: &str, rows: usize| {
                let _ = report.send(Step::Table(table.to_string(), rows));
            };
            let done = moved(message, &dir, team_url, &vault, &mut progress, &cancel);
            let _ = steps.send(Step::Done(done));
        });
        while let Some(step) = received.recv().await {
            let _ = output.send(step).await;
        }
    });
    Task::run(stream, Message::Progress)
}

/// The move itself (blocking), in words for the settings screen.
fn moved(
    message: Message,
    dir: &std::path::Path,
    team_url: Option<String>,
    vault: &VaultOptions,
    progress: &mut dyn FnMut(&str, usize),
    cancel: &AtomicBool,
) -> Result<String, String> {
    let no_team = || fl!("shared-needs-team");
    match message {
        Message::Create => {
            let url = team_url.ok_or_else(no_team)?;
            let identities = crate::team::keys::IdentityStore::of(dir, vault);
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            let me = runtime.block_on(crate::team::Team::create(&url, &identities))?;
            Ok(fl!("shared-created", me = me))
        }
        Message::Use => {
            let url = team_url.ok_or_else(no_team)?;
            // Opened once first, so a wrong address or a missing grant is said now.
            Inventory::open_shared(&url, dir, vault.clone()).map_err(|e| e.to_string())?;
            shared::point(dir, Some(&url)).map_err(|e| e.to_string())?;
            Ok(fl!("shared-now-team"))
        }
        Message::Leave => {
            shared::point(dir, None).map_err(|e| e.to_string())?;
            Ok(fl!("shared-now-own"))
        }
        Message::Copy(direction) => {
            let url = match direction {
                Direction::Up => Some(team_url.ok_or_else(no_team)?),
                Direction::Down => None,
            };
            let copied =
                migrate::migrate_folder(dir, direction, url.as_deref(), vault, progress, cancel)
                    .map_err(|e| e.to_string())?;
            let objects: usize = copied.tables.iter().map(|(_, rows)| rows).sum();
            Ok(fl!("shared-copied", rows = objects))
        }
        Message::Cancel | Message::Progress(_) => Ok(String::new()),
    }
}
