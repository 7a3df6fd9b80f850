//! *Check revocation* on the inventory (every certificate with an issuer) or on the certificate
//! shown: the local CA's revocations, the CRLs the distribution points serve, then the OCSP
//! responders, as `certdeck revocation check` does (`revocation::check_inventory`), with
//! progress and Cancel; the revoked ones get the Revoked status and, when in use, an alarm.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::Task;
use iced::futures::SinkExt;
use iced::widget::{button, container, row, text};
use iced::{Element, Fill};

use super::inventory::Loaded;
use super::widgets::SPACING;
use crate::fl;
use crate::revocation::CheckSummary;
use crate::settings::Settings;

/// Test ids.
pub const START_ID: &str = "revocation-check";
pub const CANCEL_ID: &str = "revocation-cancel";
pub const START_ONE_ID: &str = "revocation-check-one";

#[derive(Debug, Clone)]
pub enum Message {
    /// Every certificate.
    Start,
    /// The certificate with this inventory id.
    StartOne(i64),
    Progress(usize, usize),
    Finished(Result<(Arc<CheckSummary>, Arc<Loaded>), String>),
    Cancel,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Done: the inventory with the statuses found, and what to say (`true`: a problem).
    Finished(Arc<Loaded>, Vec<(String, bool)>),
    Problem(String),
}

#[derive(Default)]
pub struct State {
    /// `(done, total)` while a check runs.
    running: Option<(usize, usize)>,
    cancelling: bool,
    cancel: Arc<AtomicBool>,
}

impl State {
    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Start | Message::StartOne(_) => {
                if self.running.is_some() {
                    return Action::None;
                }
                let scope = match message {
                    Message::StartOne(id) => crate::revocation::Scope::Only(vec![id]),
                    _ => crate::revocation::Scope::All,
                };
                self.running = Some((0, 0));
                self.cancelling = false;
                self.cancel = Arc::new(AtomicBool::new(false));
                let (cancel, settings) = (self.cancel.clone(), settings.clone());
                Action::Run(Task::run(
                    iced::stream::channel(64, async move |mut output| {
                        let finished = check(settings, scope, cancel, output.clone()).await;
                        let _ = output.send(Message::Finished(finished)).await;
                    }),
                    |message| message,
                ))
            }
            Message::Progress(done, total) => {
                if self.running.is_some() {
                    self.running = Some((done, total));
                }
                Action::None
            }
            Message::Cancel => {
                self.cancel.store(true, Ordering::Relaxed);
                self.cancelling = true;
                Action::None
            }
            Message::Finished(result) => {
                self.running = None;
                match result {
                    Ok((summary, loaded)) => {
                        let mut notes: Vec<(String, bool)> = summary
                            .revoked
                            .iter()
                            .map(|r| {
                                (
                                    fl!(
                                        "revocation-found",
                                        name = r.subject.clone(),
                                        date = r.revoked_at.clone(),
                                        source = r.source.clone()
                                    ),
                                    true,
                                )
                            })
                            .collect();
                        notes.extend(
                            summary
                                .problems
                                .iter()
                                .map(|p| (fl!("revocation-unreachable", detail = p.clone()), true)),
                        );
                        notes.push((
                            fl!(
                                "revocation-done",
                                checked = summary.checked,
                                revoked = summary.revoked.len(),
                                unknown = summary.unknown
                            ),
                            false,
                        ));
                        Action::Finished(loaded, notes)
                    }
                    Err(error) => Action::Problem(error),
                }
            }
        }
    }

    /// "Check revocation" for one certificate (none while a check runs: its progress shows
    /// above the list).
    pub fn one_button(&self, id: i64) -> Element<'_, Message> {
        container(
            button(text(fl!("revocation-check")))
                .style(button::secondary)
                .on_press_maybe(self.running.is_none().then_some(Message::StartOne(id))),
        )
        .id(START_ONE_ID)
        .into()
    }

    /// The button, or the progress with Cancel.
    pub fn view(&self) -> Element<'_, Message> {
        match self.running {
            None => container(
                button(text(fl!("revocation-check")))
                    .style(button::secondary)
                    .on_press(Message::Start),
            )
            .id(START_ID)
            .into(),
            Some((done, total)) => row![
                text(if self.cancelling {
                    fl!("revocation-cancelling")
                } else {
                    fl!("revocation-checking", done = done, total = total)
                })
                .size(13)
                .width(Fill),
                container(
                    button(text(fl!("renewals-cancel")))
                        .style(button::danger)
                        .on_press_maybe((!self.cancelling).then_some(Message::Cancel)),
                )
                .id(CANCEL_ID),
            ]
            .spacing(SPACING)
            .align_y(iced::Center)
            .width(360)
            .into(),
        }
    }
}

/// The check on a worker thread, its progress sent back; the inventory loaded again after.
async fn check(
    settings: Settings,
    scope: crate::revocation::Scope,
    cancel: Arc<AtomicBool>,
    output: iced::futures::channel::mpsc::Sender<Message>,
) -> Result<(Arc<CheckSummary>, Arc<Loaded>), String> {
    let handle = tokio::runtime::Handle::current();
    super::work(move || {
        let store = std::sync::Mutex::new(super::inventory::open(&settings)?);
        let now = time::OffsetDateTime::now_utc();
        let progress = |done: usize, total: usize| {
            // Told often: a full channel drops a step, never the check.
            let _ = output.clone().try_send(Message::Progress(done, total));
        };
        let summary = handle.block_on(crate::revocation::check_inventory(
            &store, scope, now, progress, &cancel,
        ))?;
        let store = store.into_inner().map_err(|_| "the inventory is in use")?;
        let loaded = super::inventory::load_from(&store, now, settings.warning_days)?;
        Ok((Arc::new(summary), Arc::new(loaded)))
    })
    .await
}
