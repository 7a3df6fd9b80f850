//! The Renewals screen's state: a renewal pass running with its progress per node (the TXT
//! record to create by hand shown while certdeck waits for it) and a Cancel button, and the
//! dialogs it opens — ACME accounts, DNS servers, the *Get certificate…* wizard — with the
//! confirmations before what cannot be undone. The pass is the core's (`acme::renew::run`), as
//! `certdeck renew` runs it; this module only shows it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::Task;
use iced::futures::SinkExt;

use super::inventory::Loaded;
use super::{account_dialog, dns_dialog, issuer_dialog, labels};

mod pass;
use crate::acme::renew::{self, NodeReport, RenewEvent, Selection};
use crate::fl;
use crate::settings::Settings;
use pass::prepare;
pub use pass::{NodeRun, Pass, run_pass};

/// Something that cannot be undone, waiting for the user's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Deactivate the ACME account at its CA: it can never order again.
    Deactivate(String),
    /// Take a node's issuer away (its certificates stay).
    RemoveIssuer(String),
    /// Forget a DNS server and its TSIG secret.
    RemoveDns(String),
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Renews one node now, whatever its dates.
    RenewNow(String),
    /// One pass over every node: what is due is renewed.
    RenewDue,
    Event(RenewEvent),
    Finished(Result<(Vec<NodeReport>, Arc<Loaded>), String>),
    Cancel,
    /// Hides a finished pass.
    DismissPass,
    /// Puts text (a TXT record's value) on the clipboard.
    Copy(String),
    AddAccount,
    Account(account_dialog::Message),
    AddDns,
    Dns(dns_dialog::Message),
    /// Opens the wizard: for the named node, or a node to pick.
    GetCertificate(Option<String>),
    Wizard(issuer_dialog::Message),
    /// Asks the system's scheduler whether its entry is installed.
    CheckSchedule,
    ScheduleChecked(bool),
    /// Installs (`true`) or removes the scheduler's hourly `certdeck renew --due`.
    SetSchedule(bool),
    ScheduleChanged(Result<String, String>),
    Ask(Confirm),
    CancelConfirm,
    Confirmed,
    Changed(Result<Arc<Loaded>, String>),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The inventory changed; `notes` say what happened (`true`: a problem); `then` follows.
    Loaded {
        loaded: Arc<Loaded>,
        notes: Vec<(String, bool)>,
        then: Task<Message>,
    },
    /// Something went wrong outside any dialog.
    Problem(String),
    /// A pass started (`task`): the Renewals screen is shown, with `loaded` when the inventory
    /// changed first.
    Started {
        loaded: Option<Arc<Loaded>>,
        task: Task<Message>,
    },
}

impl Action {
    fn loaded(loaded: Arc<Loaded>, notes: Vec<(String, bool)>) -> Self {
        Action::Loaded {
            loaded,
            notes,
            then: Task::none(),
        }
    }
}

/// One of the screen's dialogs.
pub enum Dialog<'a> {
    Account(&'a account_dialog::State),
    Dns(&'a dns_dialog::State),
    Confirm(&'a Confirm),
    Wizard(&'a issuer_dialog::State),
}

#[derive(Default)]
pub struct State {
    pub pass: Option<Pass>,
    cancel: Arc<AtomicBool>,
    pub account: Option<account_dialog::State>,
    pub dns: Option<dns_dialog::State>,
    pub wizard: Option<issuer_dialog::State>,
    pub confirm: Option<Confirm>,
    /// Whether the scheduler's entry is installed (`None`: not known yet).
    pub scheduled: Option<bool>,
    /// The entry is being installed or removed.
    pub scheduling: bool,
    /// A confirmed change under way (deactivating an account at its CA), in words.
    pub working: Option<String>,
}

impl State {
    /// Whether a pass is under way (dialogs that would start another are refused).
    pub fn running(&self) -> bool {
        self.pass.as_ref().is_some_and(|p| p.running)
    }

    /// Closes the topmost dialog; `false` when none was open.
    pub fn close_top(&mut self) -> bool {
        match self.top() {
            Some(Dialog::Account(_)) => self.account = None,
            Some(Dialog::Dns(_)) => self.dns = None,
            Some(Dialog::Confirm(_)) => self.confirm = None,
            Some(Dialog::Wizard(_)) => self.wizard = None,
            None => return false,
        }
        true
    }

    /// The dialog on top: the account and DNS forms open over the wizard, a confirmation over
    /// the screen. The one place their order is written (drawn and closed by it).
    pub fn top(&self) -> Option<Dialog<'_>> {
        if let Some(dialog) = &self.account {
            Some(Dialog::Account(dialog))
        } else if let Some(dialog) = &self.dns {
            Some(Dialog::Dns(dialog))
        } else if let Some(confirm) = &self.confirm {
            Some(Dialog::Confirm(confirm))
        } else {
            self.wizard.as_ref().map(Dialog::Wizard)
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        loaded: Option<&Arc<Loaded>>,
        settings: &Settings,
    ) -> Action {
        match message {
            Message::RenewNow(node) => self.start(Selection::Force(vec![node]), settings),
            Message::RenewDue => self.start(Selection::Due, settings),
            Message::Event(event) => {
                if let Some(pass) = &mut self.pass {
                    pass.absorb(event);
                }
                Action::None
            }
            Message::Finished(result) => {
                let Some(pass) = &mut self.pass else {
                    return Action::None;
                };
                pass.running = false;
                pass.cancelling = false;
                match result {
                    Ok((reports, loaded)) => {
                        for report in &reports {
                            pass.absorb(RenewEvent::Done(report.clone()));
                        }
                        let notes = reports
                            .iter()
                            .filter(|r| r.outcome != "not_due")
                            .map(|r| {
                                let words = fl!(
                                    "renewals-note",
                                    node = r.node.clone(),
                                    outcome = labels::outcome_words(&r.outcome),
                                    detail = r.detail.clone()
                                );
                                (words, r.failed())
                            })
                            .collect();
                        Action::loaded(loaded, notes)
                    }
                    Err(error) => {
                        pass.error = Some(error.clone());
                        Action::Problem(error)
                    }
                }
            }
            Message::Cancel => {
                self.cancel.store(true, Ordering::Relaxed);
                if let Some(pass) = &mut self.pass {
                    pass.cancelling = true;
                }
                Action::None
            }
            Message::DismissPass => {
                if !self.running() {
                    self.pass = None;
                }
                Action::None
            }
            Message::Copy(text) => Action::Run(iced::clipboard::write(text)),
            Message::AddAccount => {
                let (dialog, task) = account_dialog::State::new(settings);
                self.account = Some(dialog);
                Action::Run(task.map(Message::Account))
            }
            Message::Account(message) => {
                let Some(dialog) = &mut self.account else {
                    return Action::None;
                };
                match dialog.update(message, settings) {
                    account_dialog::Action::None => Action::None,
                    account_dialog::Action::Run(task) => Action::Run(task.map(Message::Account)),
                    account_dialog::Action::Close => {
                        self.account = None;
                        Action::None
                    }
                    account_dialog::Action::Saved(loaded, name) => {
                        self.account = None;
                        let note = fl!("renewals-account-added", name = name.clone());
                        // The wizard under the dialog takes the new account (and reads its
                        // CA's profiles).
                        let then = match &mut self.wizard {
                            Some(wizard) => wizard
                                .refresh(loaded.clone(), Some(name), None)
                                .map(Message::Wizard),
                            None => Task::none(),
                        };
                        Action::Loaded {
                            loaded,
                            notes: vec![(note, false)],
                            then,
                        }
                    }
                }
            }
            Message::AddDns => {
                self.dns = Some(dns_dialog::State::new());
                Action::Run(iced::widget::operation::focus(dns_dialog::NAME_ID))
            }
            Message::Dns(message) => {
                let Some(dialog) = &mut self.dns else {
                    return Action::None;
                };
                match dialog.update(message, settings) {
                    dns_dialog::Action::None => Action::None,
                    dns_dialog::Action::Run(task) => Action::Run(task.map(Message::Dns)),
                    dns_dialog::Action::Close => {
                        self.dns = None;
                        Action::None
                    }
                    dns_dialog::Action::Saved(loaded, name) => {
                        self.dns = None;
                        if let Some(wizard) = &mut self.wizard {
                            let _ = wizard.refresh(loaded.clone(), None, Some(name.clone()));
                        }
                        Action::loaded(
                            loaded,
                            vec![(fl!("renewals-dns-added", name = name), false)],
                        )
                    }
                }
            }
            Message::GetCertificate(node) => {
                let Some(loaded) = loaded else {
                    return Action::None;
                };
                let (wizard, task) = issuer_dialog::State::new(loaded.clone(), node);
                self.wizard = Some(wizard);
                Action::Run(task.map(Message::Wizard))
            }
            Message::Wizard(message) => {
                let Some(wizard) = &mut self.wizard else {
                    return Action::None;
                };
                match wizard.update(message, settings) {
                    issuer_dialog::Action::None => Action::None,
                    issuer_dialog::Action::Run(task) => Action::Run(task.map(Message::Wizard)),
                    issuer_dialog::Action::Close => {
                        self.wizard = None;
                        Action::None
                    }
                    issuer_dialog::Action::AddAccount => {
                        self.update(Message::AddAccount, None, settings)
                    }
                    issuer_dialog::Action::AddDnsServer => {
                        self.update(Message::AddDns, None, settings)
                    }
                    issuer_dialog::Action::Saved {
                        loaded,
                        node,
                        get_now,
                    } => {
                        self.wizard = None;
                        let note = fl!("renewals-issuer-saved", node = node.clone());
                        if get_now
                            && let Action::Started { task, .. } =
                                self.start(Selection::Force(vec![node]), settings)
                        {
                            return Action::Started {
                                loaded: Some(loaded),
                                task,
                            };
                        }
                        Action::loaded(loaded, vec![(note, false)])
                    }
                }
            }
            Message::CheckSchedule => Action::Run(Task::perform(
                super::work(|| Ok(crate::acme::schedule::is_installed())),
                |installed| Message::ScheduleChecked(installed.unwrap_or(false)),
            )),
            Message::ScheduleChecked(installed) => {
                self.scheduled = Some(installed);
                Action::None
            }
            Message::SetSchedule(install) => {
                if self.scheduling {
                    return Action::None;
                }
                self.scheduling = true;
                let settings = settings.clone();
                Action::Run(Task::perform(
                    super::work(move || set_schedule(install, &settings)),
                    Message::ScheduleChanged,
                ))
            }
            Message::ScheduleChanged(result) => {
                self.scheduling = false;
                let check = Task::done(Message::CheckSchedule);
                match result {
                    Ok(words) => Action::Loaded {
                        loaded: match loaded {
                            Some(loaded) => loaded.clone(),
                            None => return Action::Run(check),
                        },
                        notes: vec![(words, false)],
                        then: check,
                    },
                    Err(error) => Action::Problem(fl!("renewals-schedule-failed", reason = error)),
                }
            }
            Message::Ask(confirm) => {
                self.confirm = Some(confirm);
                Action::None
            }
            Message::CancelConfirm => {
                self.confirm = None;
                Action::None
            }
            Message::Confirmed => match self.confirm.take() {
                Some(confirm) => {
                    self.working = Some(match &confirm {
                        Confirm::Deactivate(name) => {
                            fl!("renewals-deactivating", name = name.clone())
                        }
                        Confirm::RemoveIssuer(_) | Confirm::RemoveDns(_) => {
                            fl!("renewals-removing")
                        }
                    });
                    Action::Run(Task::perform(
                        confirmed(confirm, settings.clone()),
                        Message::Changed,
                    ))
                }
                None => Action::None,
            },
            Message::Changed(Ok(loaded)) => {
                self.working = None;
                Action::loaded(loaded, Vec::new())
            }
            Message::Changed(Err(error)) => {
                self.working = None;
                Action::Problem(error)
            }
        }
    }

    /// Starts a pass over `selection`, its progress sent back as messages.
    fn start(&mut self, selection: Selection, settings: &Settings) -> Action {
        if self.running() {
            return Action::None;
        }
        let nodes = match &selection {
            Selection::Force(names) => names
                .iter()
                .map(|node| NodeRun {
                    node: node.clone(),
                    step: fl!("renewals-step-waiting"),
                    record: None,
                    report: None,
                })
                .collect(),
            Selection::Due => Vec::new(),
        };
        self.pass = Some(Pass {
            nodes,
            running: true,
            cancelling: false,
            error: None,
        });
        self.cancel = Arc::new(AtomicBool::new(false));
        let cancel = self.cancel.clone();
        let settings = settings.clone();
        let task = Task::run(
            iced::stream::channel(64, async move |mut output| {
                let finished = match prepare(settings.clone()).await {
                    Ok((journal, trust, options)) => {
                        run_pass(
                            journal,
                            trust,
                            Arc::new(renew::Keychain),
                            selection,
                            options,
                            cancel,
                            settings.warning_days,
                            output.clone(),
                        )
                        .await
                    }
                    Err(error) => Err(error),
                };
                let _ = output.send(Message::Finished(finished)).await;
            }),
            |message| message,
        );
        Action::Started { loaded: None, task }
    }
}

/// Installs or removes the scheduler's entry for this inventory: the `certdeck` command line
/// beside this program, with the window's data folder (blocking).
fn set_schedule(install: bool, settings: &Settings) -> Result<String, String> {
    use crate::acme::schedule;
    if !install {
        return schedule::remove().map(|_| fl!("renewals-schedule-removed"));
    }
    let program = std::env::current_exe().map_err(|e| e.to_string())?;
    let program = schedule::command_line_beside(&program);
    if !program.exists() {
        return Err(fl!(
            "renewals-schedule-no-cli",
            path = program.display().to_string()
        ));
    }
    let data_dir = super::inventory::data_dir(settings);
    schedule::install(&schedule::Invocation::renew(
        program,
        data_dir.as_deref(),
        None,
    ))
    .map(|_| fl!("renewals-schedule-installed"))
}

/// Carries out a confirmed change and loads the inventory again.
async fn confirmed(confirm: Confirm, settings: Settings) -> Result<Arc<Loaded>, String> {
    let now = time::OffsetDateTime::now_utc();
    match confirm {
        Confirm::Deactivate(name) => {
            let (account, credentials) = {
                let (settings, name) = (settings.clone(), name.clone());
                super::work(move || {
                    super::inventory::open(&settings)?
                        .acme_login(&name)
                        .map_err(|e| e.to_string())
                })
                .await?
            };
            let connected = crate::acme::client::connect(&account, &credentials)
                .await
                .map_err(|e| e.to_string())?;
            crate::acme::client::deactivate(connected)
                .await
                .map_err(|e| e.to_string())?;
            super::work(move || {
                super::inventory::change(now, &settings, |inventory, now| {
                    inventory.deactivate_acme_account(&name, now)
                })
                .map(Arc::new)
            })
            .await
        }
        Confirm::RemoveIssuer(node) => {
            super::work(move || {
                super::inventory::change(now, &settings, |inventory, _| {
                    inventory.remove_issuer(&node)
                })
                .map(Arc::new)
            })
            .await
        }
        Confirm::RemoveDns(name) => {
            super::work(move || {
                super::inventory::change(now, &settings, |inventory, _| {
                    inventory.remove_dns_server(&name)?;
                    renew::forget_tsig(inventory, &name);
                    Ok(())
                })
                .map(Arc::new)
            })
            .await
        }
    }
}
