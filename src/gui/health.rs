//! Settings → Unattended (issue 29): what `certdeck doctor` says — can this machine renew on its
//! own? — with a shared inventory's settings waiting for this machine's approval (issuers' web
//! roots and listeners, saved scans, folder nodes), the notification channels (test, remove)
//! and where each stored secret lives.
//! Everything runs off the UI thread; the check asks DNS servers and CAs, so it can be
//! cancelled. Channels are added on the command line (`certdeck notify add`): their secrets come
//! from files, which a form would have to ask for in clear.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Task};

use super::widgets::SPACING;
use super::{style, work};
use crate::app::doctor::{Check, Verdict};
use crate::fl;
use crate::settings::Settings;

#[derive(Debug, Clone)]
pub enum Message {
    /// Run every check (the network ones too).
    Check,
    Cancel,
    Checked(Result<Vec<Check>, String>),
    /// The channels and where the secrets live, read again.
    Listed(Result<Listing, String>),
    Test(String),
    /// Approve the settings shown as waiting (their hashes, as drawn: a list reloaded
    /// between drawing and the click approves nothing the person did not see).
    Approve(Vec<String>),
    /// Asks to remove a channel: confirmed by [`Message::ConfirmRemove`].
    Remove(String),
    ConfirmRemove,
    KeepChannel,
    /// A test or a removal ended: what to say.
    Done(Result<String, String>),
}

/// The channels (name, what it is), the secrets (what it is for, where it lives) and a
/// shared inventory's settings waiting for this machine's approval.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub channels: Vec<(String, String)>,
    pub secrets: Vec<(String, crate::store::secrets::Place)>,
    pub waiting: Vec<crate::store::approvals::Request>,
}

#[derive(Default)]
pub struct State {
    checks: Option<Result<Vec<Check>, String>>,
    /// The check under way, to cancel.
    running: Option<iced::task::Handle>,
    listing: Option<Result<Listing, String>>,
    notice: Option<Result<String, String>>,
    /// The channel whose removal waits for a yes.
    removing: Option<String>,
}

impl State {
    /// When Settings opens: the channels and secrets are listed (no network).
    pub fn opened(&self, settings: &Settings) -> Task<Message> {
        list(settings.clone())
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Task<Message> {
        match message {
            Message::Check => {
                let settings = settings.clone();
                let (task, handle) = Task::perform(
                    async move {
                        let (mut checks, reachable) = work(move || {
                            let mut store = super::inventory::open(&settings)?;
                            Ok(crate::app::doctor::stored(
                                &mut store,
                                time::OffsetDateTime::now_utc(),
                            ))
                        })
                        .await?;
                        checks.extend(crate::app::doctor::reach(reachable).await);
                        Ok(checks)
                    },
                    Message::Checked,
                )
                .abortable();
                self.running = Some(handle.abort_on_drop());
                self.checks = None;
                task
            }
            Message::Cancel => {
                // Dropping the handle aborts the check; what was asked changes nothing.
                self.running = None;
                Task::none()
            }
            Message::Checked(result) => {
                self.running = None;
                self.checks = Some(result);
                Task::none()
            }
            Message::Listed(listing) => {
                self.listing = Some(listing);
                Task::none()
            }
            Message::Test(name) => {
                let settings = settings.clone();
                self.notice = None;
                Task::perform(
                    async move {
                        let targets = work(move || {
                            let mut store = super::inventory::open(&settings)?;
                            let mut targets = store.notify_targets().map_err(|e| e.to_string())?;
                            targets.retain(|(c, _)| c.name == name);
                            Ok((store, targets))
                        })
                        .await?;
                        let (mut store, targets) = targets;
                        let notice = crate::notify::Notice::test();
                        let deliveries =
                            crate::notify::deliver(&targets, std::slice::from_ref(&notice)).await;
                        work(move || {
                            store
                                .log_deliveries(&deliveries, time::OffsetDateTime::now_utc())
                                .map_err(|e| e.to_string())?;
                            match deliveries.first() {
                                Some(d) => match &d.error {
                                    None => Ok(fl!(
                                        "doctor-test-delivered",
                                        channel = d.channel.clone()
                                    )),
                                    Some(error) => Err(fl!(
                                        "doctor-test-failed",
                                        channel = d.channel.clone(),
                                        reason = error.clone()
                                    )),
                                },
                                None => Err(fl!("doctor-no-channel")),
                            }
                        })
                        .await
                    },
                    Message::Done,
                )
            }
            Message::Approve(shown) => {
                let Some(Ok(listing)) = &self.listing else {
                    return Task::none();
                };
                let waiting: Vec<_> = listing
                    .waiting
                    .iter()
                    .filter(|request| shown.contains(&request.hash()))
                    .cloned()
                    .collect();
                let settings = settings.clone();
                Task::perform(
                    work(move || {
                        let store = super::inventory::open(&settings)?;
                        crate::store::approvals::approve_all(
                            store.dir(),
                            &waiting,
                            time::OffsetDateTime::now_utc(),
                        )?;
                        Ok(fl!("doctor-approved", count = waiting.len()))
                    }),
                    Message::Done,
                )
            }
            Message::Remove(name) => {
                self.removing = Some(name);
                Task::none()
            }
            Message::KeepChannel => {
                self.removing = None;
                Task::none()
            }
            Message::ConfirmRemove => {
                let Some(name) = self.removing.take() else {
                    return Task::none();
                };
                let settings = settings.clone();
                Task::perform(
                    work(move || {
                        let mut store = super::inventory::open(&settings)?;
                        store.remove_channel(&name).map_err(|e| e.to_string())?;
                        Ok(fl!("doctor-removed", channel = name))
                    }),
                    Message::Done,
                )
            }
            Message::Done(result) => {
                self.notice = Some(result);
                list(settings.clone())
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut panel = column![text(fl!("doctor-explained")).size(12)].spacing(8);
        let action = match &self.running {
            Some(_) => row![
                text(fl!("doctor-checking")).size(13),
                button(text(fl!("doctor-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            ],
            None => row![button(text(fl!("doctor-check"))).on_press(Message::Check)],
        };
        panel = panel.push(action.spacing(SPACING));
        match &self.checks {
            Some(Ok(checks)) => {
                let verdict = match crate::app::doctor::exit_status(checks) {
                    0 => (fl!("doctor-all-good"), crate::pki::status::Severity::Info),
                    1 => (
                        fl!("doctor-warnings"),
                        crate::pki::status::Severity::Warning,
                    ),
                    _ => (fl!("doctor-will-fail"), crate::pki::status::Severity::Error),
                };
                panel = panel.push(
                    container(text(verdict.0).size(13))
                        .padding(6)
                        .style(style::badge(verdict.1)),
                );
                for check in checks {
                    panel = panel.push(check_line(check));
                }
            }
            Some(Err(reason)) => panel = panel.push(text(reason.clone()).style(text::danger)),
            None => {}
        }
        match &self.listing {
            Some(Ok(listing)) => {
                if !listing.waiting.is_empty() {
                    panel = panel.push(super::push_review::approval(
                        &listing.waiting,
                        fl!("doctor-approve-explained"),
                    ));
                    panel = panel.push(
                        button(text(fl!("push-approve-button")))
                            .style(button::danger)
                            .on_press(Message::Approve(
                                listing.waiting.iter().map(|r| r.hash()).collect(),
                            )),
                    );
                }
                panel = panel.push(text(fl!("doctor-channels")).size(14));
                if listing.channels.is_empty() {
                    panel = panel.push(text(fl!("doctor-no-channels")).size(13));
                }
                for (name, described) in &listing.channels {
                    if self.removing.as_ref() == Some(name) {
                        panel = panel.push(
                            row![
                                text(fl!("doctor-remove-ask", channel = name.clone()))
                                    .size(13)
                                    .width(iced::Fill),
                                button(text(fl!("doctor-remove-yes")))
                                    .style(button::danger)
                                    .on_press(Message::ConfirmRemove),
                                button(text(fl!("doctor-remove-no")))
                                    .style(button::secondary)
                                    .on_press(Message::KeepChannel),
                            ]
                            .spacing(SPACING),
                        );
                        continue;
                    }
                    panel = panel.push(
                        row![
                            text(format!("{name} — {described}"))
                                .size(13)
                                .width(iced::Fill),
                            button(text(fl!("doctor-test")))
                                .style(button::secondary)
                                .on_press(Message::Test(name.clone())),
                            button(text(fl!("doctor-remove")))
                                .style(button::danger)
                                .on_press(Message::Remove(name.clone())),
                        ]
                        .spacing(SPACING),
                    );
                }
                panel = panel.push(text(fl!("doctor-secrets")).size(14));
                if listing.secrets.is_empty() {
                    panel = panel.push(text(fl!("doctor-no-secrets")).size(13));
                }
                for (what, place) in &listing.secrets {
                    let place = match place {
                        crate::store::secrets::Place::Keychain => fl!("doctor-in-keychain"),
                        crate::store::secrets::Place::Vault => fl!("doctor-in-vault"),
                    };
                    panel = panel.push(text(format!("{what}: {place}")).size(13));
                }
            }
            Some(Err(reason)) => panel = panel.push(text(reason.clone()).style(text::danger)),
            None => {}
        }
        if let Some(notice) = &self.notice {
            let (message, tone) = match notice {
                Ok(m) => (m.clone(), crate::pki::status::Severity::Info),
                Err(m) => (m.clone(), crate::pki::status::Severity::Error),
            };
            panel = panel.push(
                container(text(message).size(13))
                    .padding(6)
                    .style(style::badge(tone)),
            );
        }
        panel.into()
    }
}

/// One check: its verdict, its name in the window's language, what it found.
fn check_line(check: &Check) -> Element<'_, Message> {
    let (word, tone) = match check.verdict {
        Verdict::Ok => (fl!("doctor-ok"), crate::pki::status::Severity::Info),
        Verdict::Warn => (fl!("doctor-warn"), crate::pki::status::Severity::Warning),
        Verdict::Fail => (fl!("doctor-fail"), crate::pki::status::Severity::Error),
    };
    let name = match check.name {
        "vault" => fl!("doctor-name-vault"),
        "scheduler" => fl!("doctor-name-scheduler"),
        "last pass" => fl!("doctor-name-last-pass"),
        "node secrets" => fl!("doctor-name-node-secrets"),
        "node pins" => fl!("doctor-name-node-pins"),
        "dns keys" => fl!("doctor-name-dns-keys"),
        "dns server" => fl!("doctor-name-dns-server"),
        "acme accounts" => fl!("doctor-name-acme-accounts"),
        "acme ca" => fl!("doctor-name-acme-ca"),
        "notifications" => fl!("doctor-name-notifications"),
        other => other.to_string(),
    };
    row![
        container(text(word).size(12))
            .padding([2, 6])
            .width(64)
            .align_x(iced::Center)
            .style(style::badge(tone)),
        text(name).size(13).width(160),
        text(check.detail.clone()).size(13),
    ]
    .spacing(SPACING)
    .into()
}

/// Reads the channels and where the secrets live.
fn list(settings: Settings) -> Task<Message> {
    Task::perform(
        work(move || listing_in(&mut super::inventory::open(&settings)?)),
        Message::Listed,
    )
}

/// The channels and where each secret lives, as `store` has them.
pub(super) fn listing_in(store: &mut crate::store::Inventory) -> Result<Listing, String> {
    let channels = store
        .channels()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|c| (c.name.clone(), c.describe()))
        .collect();
    let secrets = store
        .stored_secrets()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|s| (s.what, s.place))
        .collect();
    let waiting = crate::store::approvals::waiting(store)?;
    Ok(Listing {
        channels,
        secrets,
        waiting,
    })
}
