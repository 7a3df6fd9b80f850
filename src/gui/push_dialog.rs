//! The push dialog: choose the nodes (and, from a certificate's detail, send that certificate:
//! it is assigned to the chosen nodes first), see the plan each driver will carry out, run it
//! with progress per node and a Cancel button, then see what each node's TLS endpoints served —
//! a node whose endpoints do not serve the new certificate has been rolled back by its driver.
//! Planning, pushing and logging are the core's (`push::session`), as for `certdeck push`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::futures::SinkExt;
use iced::widget::{Column, button, checkbox, column, container, row, scrollable, space, text};
use iced::{Element, Fill, Task};

use super::dialog;
use super::inventory::Loaded;
use super::style;
use super::widgets::SPACING;
use crate::fl;
use crate::pki::status::Severity;
use crate::push::{NodeOutcome, Progress, PushResult};
use crate::settings::Settings;

/// Test ids.
pub const PLAN_ID: &str = "push-plan";
pub const RUN_ID: &str = "push-run";
pub const CANCEL_ID: &str = "push-cancel";
pub const APPROVE_ID: &str = "push-approve";

/// A node that can be pushed to.
#[derive(Debug, Clone)]
struct Choice {
    name: String,
    /// The certificate it will get (its assigned one, or the one being pushed).
    certificate: Option<String>,
    /// The certificate being pushed replaces the node's assigned one.
    reassigned: bool,
    /// How many trusted CAs the node gets (all it gets when it has no certificate).
    trusted_cas: usize,
    selected: bool,
}

impl Choice {
    /// Something to send: a certificate, or at least a trust list.
    fn pushable(&self) -> bool {
        self.certificate.is_some() || self.trusted_cas > 0
    }
}

pub use super::inventory::PlanView;

/// Where one node stands while the push runs.
#[derive(Debug, Clone)]
enum NodeState {
    Waiting,
    Applying,
    /// Applied (what the driver did); verification may follow.
    Applied(String),
    /// Applied (what the driver did), its endpoints being probed.
    Verifying(String),
    Done(NodeOutcome),
    /// Another member of the team is pushing to it: left out.
    Busy(crate::team::Busy),
}

#[derive(Debug, Clone)]
pub enum Message {
    Toggle(String, bool),
    Plan,
    /// What the chosen nodes would run or write here that this machine has not approved.
    NeedsApproval(Vec<crate::store::approvals::Request>),
    /// The user approves them on this machine (then the plan is made).
    Approve,
    Planned(Result<Vec<PlanView>, String>),
    Run,
    Progress(Progress),
    /// A node left out: another member of the team is pushing to it.
    Busy(crate::team::Busy),
    Finished(Result<Arc<Loaded>, String>),
    Cancel,
    Close,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Done: the window shows the inventory with the nodes' new results.
    Finished(Arc<Loaded>),
    Close,
}

enum Stage {
    Choose,
    /// A teammate's folder or reload command waits for this machine's approval.
    Approve(Vec<crate::store::approvals::Request>),
    Review(Vec<PlanView>),
    Running(Vec<(String, NodeState)>),
    Finished(Vec<(String, NodeState)>),
}

pub struct State {
    /// The certificate being pushed (id, name), when opened from its detail.
    certificate: Option<(i64, String)>,
    choices: Vec<Choice>,
    stage: Stage,
    working: bool,
    cancel: Arc<AtomicBool>,
    error: Option<String>,
}

impl State {
    /// Every node with a driver. From a certificate's detail (`certificate`), the nodes that serve
    /// it are chosen and the others would get it; otherwise `node` is chosen, each node getting its
    /// assigned certificate.
    pub fn new(loaded: &Loaded, certificate: Option<i64>, node: Option<&str>) -> Self {
        let name_of = |id: i64| {
            loaded
                .rows
                .iter()
                .find(|(row, _)| row.id == id)
                .map(|(row, _)| row.name.clone())
        };
        let choices = loaded
            .nodes
            .iter()
            .filter(|n| n.driver != "none")
            .map(|n| match certificate {
                Some(id) => Choice {
                    name: n.name.clone(),
                    certificate: name_of(id),
                    reassigned: n.certificate_id != Some(id),
                    trusted_cas: n.trusted_cas.len(),
                    selected: n.certificate_id == Some(id),
                },
                None => Choice {
                    name: n.name.clone(),
                    certificate: n.certificate_id.and_then(name_of),
                    reassigned: false,
                    trusted_cas: n.trusted_cas.len(),
                    selected: node == Some(n.name.as_str()),
                },
            })
            .collect();
        Self {
            certificate: certificate.and_then(|id| Some((id, name_of(id)?))),
            choices,
            stage: Stage::Choose,
            working: false,
            cancel: Arc::new(AtomicBool::new(false)),
            error: None,
        }
    }

    /// The chosen nodes, and the certificate to assign them first.
    pub fn chosen(&self) -> (Vec<String>, Option<i64>) {
        let names = self
            .choices
            .iter()
            .filter(|c| c.selected && c.pushable())
            .map(|c| c.name.clone())
            .collect();
        (names, self.certificate.as_ref().map(|(id, _)| *id))
    }

    /// Whether the push is under way (Esc and clicks outside do not close it then).
    pub fn running(&self) -> bool {
        matches!(self.stage, Stage::Running(_))
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Toggle(name, on) => {
                if let Some(choice) = self.choices.iter_mut().find(|c| c.name == name) {
                    choice.selected = on;
                }
            }
            Message::Plan => {
                let (names, certificate) = self.chosen();
                if names.is_empty() {
                    return Action::None;
                }
                self.working = true;
                self.error = None;
                let settings = settings.clone();
                // What would run or write on this machine is approved here first; then the plan.
                return Action::Run(Task::perform(
                    super::work(move || {
                        let pending = super::inventory::push_approvals(&names, &settings)?;
                        if !pending.is_empty() {
                            return Ok(Err(pending));
                        }
                        super::inventory::push_plan(&names, certificate, &settings).map(Ok)
                    }),
                    |planned| match planned {
                        Ok(Err(pending)) => Message::NeedsApproval(pending),
                        Ok(Ok(plans)) => Message::Planned(Ok(plans)),
                        Err(error) => Message::Planned(Err(error)),
                    },
                ));
            }
            Message::NeedsApproval(pending) => {
                self.working = false;
                self.stage = Stage::Approve(pending);
            }
            Message::Approve => {
                let Stage::Approve(pending) = &self.stage else {
                    return Action::None;
                };
                let pending = pending.clone();
                let settings = settings.clone();
                self.working = true;
                return Action::Run(Task::perform(
                    super::work(move || super::inventory::approve(&pending, &settings)),
                    |approved| match approved {
                        Ok(()) => Message::Plan,
                        Err(error) => Message::Planned(Err(error)),
                    },
                ));
            }
            Message::Planned(Ok(plans)) => {
                self.working = false;
                self.stage = Stage::Review(plans);
            }
            Message::Planned(Err(error)) | Message::Finished(Err(error)) => {
                self.working = false;
                self.error = Some(error);
            }
            Message::Run => {
                let Stage::Review(plans) = &self.stage else {
                    return Action::None;
                };
                let names: Vec<String> = plans.iter().map(|p| p.node.clone()).collect();
                let certificate = self.chosen().1;
                self.stage = Stage::Running(
                    names
                        .iter()
                        .map(|n| (n.clone(), NodeState::Waiting))
                        .collect(),
                );
                self.cancel.store(false, Ordering::Relaxed);
                let cancel = self.cancel.clone();
                let settings = settings.clone();
                return Action::Run(Task::run(
                    iced::stream::channel(64, async move |mut output| {
                        let finished =
                            run(names, certificate, cancel, settings, output.clone()).await;
                        let _ = output.send(Message::Finished(finished)).await;
                    }),
                    |message| message,
                ));
            }
            Message::Progress(event) => {
                if let Stage::Running(nodes) = &mut self.stage {
                    let (node, state) = match event {
                        Progress::Applying(node) => (node, NodeState::Applying),
                        Progress::Applied(node, detail) => (node, NodeState::Applied(detail)),
                        Progress::Verifying(node) => {
                            let applied = nodes
                                .iter()
                                .find(|(n, _)| *n == node)
                                .and_then(|(_, state)| match state {
                                    NodeState::Applied(detail) => Some(detail.clone()),
                                    _ => None,
                                })
                                .unwrap_or_default();
                            (node, NodeState::Verifying(applied))
                        }
                        Progress::Done(outcome) => (outcome.node.clone(), NodeState::Done(outcome)),
                    };
                    if let Some(entry) = nodes.iter_mut().find(|(n, _)| *n == node) {
                        entry.1 = state;
                    }
                }
            }
            Message::Busy(busy) => {
                if let Stage::Running(nodes) = &mut self.stage
                    && let Some(entry) = nodes.iter_mut().find(|(n, _)| *n == busy.node)
                {
                    entry.1 = NodeState::Busy(busy);
                }
            }
            Message::Finished(Ok(loaded)) => {
                if let Stage::Running(nodes) = &mut self.stage {
                    self.stage = Stage::Finished(std::mem::take(nodes));
                }
                return Action::Finished(loaded);
            }
            Message::Cancel => {
                if self.running() {
                    // Nodes not yet started are skipped; those under way finish and are verified.
                    self.cancel.store(true, Ordering::Relaxed);
                } else {
                    return Action::Close;
                }
            }
            Message::Close => {
                if !self.running() {
                    return Action::Close;
                }
            }
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = match &self.certificate {
            Some((_, name)) => fl!("push-title-certificate", name = name.clone()),
            None => fl!("push-title"),
        };
        let mut body = Column::new().spacing(10).push(text(title).size(20));
        let (content, footer) = match &self.stage {
            Stage::Choose => (self.choose(), self.choose_footer()),
            Stage::Approve(pending) => (
                super::push_review::approval(pending, fl!("push-approve-explained")),
                self.approve_footer(),
            ),
            Stage::Review(plans) => (super::push_review::review(plans), self.review_footer()),
            Stage::Running(nodes) | Stage::Finished(nodes) => (progress(nodes), self.run_footer()),
        };
        body = body.push(scrollable(content).height(Fill));
        if let Some(error) = &self.error {
            body = body.push(dialog::problem(error.clone()));
        }
        body = body.push(footer);
        dialog::modal(body, 860.0, Message::Close)
    }

    fn choose(&self) -> Element<'_, Message> {
        let mut list = Column::new().spacing(6).padding([0, 12]);
        list = list.push(text(fl!("push-choose")).size(14));
        if self.choices.is_empty() {
            list = list.push(text(fl!("push-no-nodes")).size(13));
        }
        for choice in &self.choices {
            let what = match (&choice.certificate, choice.reassigned) {
                (None, _) if choice.trusted_cas > 0 => {
                    fl!("push-trust-only", count = choice.trusted_cas)
                }
                (None, _) => fl!("push-no-certificate"),
                (Some(name), true) => fl!("push-will-assign", name = name.clone()),
                (Some(name), false) => fl!("push-sends", name = name.clone()),
            };
            let name = choice.name.clone();
            let mut toggle = checkbox(choice.selected).label(choice.name.clone());
            if choice.pushable() {
                toggle = toggle.on_toggle(move |on| Message::Toggle(name.clone(), on));
            }
            list = list.push(
                row![toggle.width(260), text(what).size(13).width(Fill)]
                    .spacing(SPACING)
                    .align_y(iced::Center),
            );
        }
        list.into()
    }

    fn choose_footer(&self) -> Element<'_, Message> {
        let ready = !self.chosen().0.is_empty() && !self.working;
        row![
            text(if self.working {
                fl!("push-planning")
            } else {
                String::new()
            })
            .size(13),
            space::horizontal(),
            button(text(fl!("delete-cancel")))
                .style(button::secondary)
                .on_press(Message::Close),
            container(
                button(text(fl!("push-see-plan"))).on_press_maybe(ready.then_some(Message::Plan))
            )
            .id(PLAN_ID),
        ]
        .spacing(SPACING)
        .align_y(iced::Center)
        .into()
    }

    fn approve_footer(&self) -> Element<'_, Message> {
        row![
            space::horizontal(),
            button(text(fl!("delete-cancel")))
                .style(button::secondary)
                .on_press(Message::Close),
            container(
                button(text(fl!("push-approve-button")))
                    .style(button::danger)
                    .on_press_maybe((!self.working).then_some(Message::Approve))
            )
            .id(APPROVE_ID),
        ]
        .spacing(SPACING)
        .into()
    }

    fn review_footer(&self) -> Element<'_, Message> {
        row![
            space::horizontal(),
            button(text(fl!("delete-cancel")))
                .style(button::secondary)
                .on_press(Message::Close),
            container(button(text(fl!("push-run"))).on_press(Message::Run)).id(RUN_ID),
        ]
        .spacing(SPACING)
        .into()
    }

    fn run_footer(&self) -> Element<'_, Message> {
        let mut footer = row![].spacing(SPACING).align_y(iced::Center);
        if self.running() {
            let cancelling = self.cancel.load(Ordering::Relaxed);
            footer = footer
                .push(
                    text(if cancelling {
                        fl!("push-cancelling")
                    } else {
                        fl!("push-running")
                    })
                    .size(13),
                )
                .push(space::horizontal())
                .push(
                    container(
                        button(text(fl!("delete-cancel")))
                            .style(button::secondary)
                            .on_press_maybe((!cancelling).then_some(Message::Cancel)),
                    )
                    .id(CANCEL_ID),
                );
        } else {
            footer = footer
                .push(space::horizontal())
                .push(button(text(fl!("csr-close"))).on_press(Message::Close));
        }
        footer.into()
    }
}

fn progress(nodes: &[(String, NodeState)]) -> Element<'_, Message> {
    let mut list = Column::new().spacing(8).padding([0, 12]);
    for (node, state) in nodes {
        let (word, severity, detail) = match state {
            NodeState::Waiting => (fl!("push-waiting"), Severity::Warning, String::new()),
            NodeState::Applying => (fl!("push-applying"), Severity::Warning, String::new()),
            NodeState::Applied(detail) => (fl!("push-applied"), Severity::Info, detail.clone()),
            NodeState::Verifying(detail) => {
                (fl!("push-verifying"), Severity::Warning, detail.clone())
            }
            NodeState::Done(outcome) => {
                let (word, severity) = match outcome.result {
                    PushResult::Verified => (fl!("push-verified"), Severity::Info),
                    PushResult::Applied => (fl!("push-applied"), Severity::Info),
                    PushResult::RolledBack => (fl!("push-rolled-back"), Severity::Error),
                    PushResult::Failed => (fl!("push-failed"), Severity::Error),
                };
                (word, severity, outcome.detail.clone())
            }
            NodeState::Busy(busy) => {
                let detail = match &busy.holder {
                    Some((who, since)) => {
                        fl!("push-busy", who = who.clone(), since = since.clone())
                    }
                    None => fl!("push-busy-unknown"),
                };
                (fl!("push-skipped"), Severity::Warning, detail)
            }
        };
        let mut card = column![
            row![
                container(text(word).size(12))
                    .padding([2, 8])
                    .width(130)
                    .style(style::badge(severity)),
                text(node.clone()).size(15),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        ]
        .spacing(4);
        if !detail.is_empty() {
            card = card.push(text(detail).size(13));
        }
        if let NodeState::Done(outcome) = state {
            for check in &outcome.endpoints {
                let line = if check.ok {
                    fl!("push-endpoint-ok", endpoint = check.endpoint.clone())
                } else {
                    fl!(
                        "push-endpoint-failed",
                        endpoint = check.endpoint.clone(),
                        detail = check.detail.clone()
                    )
                };
                card = card.push(text(line).size(13));
            }
        }
        list = list.push(container(card).padding(8).width(Fill).style(style::card));
    }
    list.into()
}

/// Plans, pushes and records, sending each node's progress to the window.
async fn run(
    names: Vec<String>,
    certificate: Option<i64>,
    cancel: Arc<AtomicBool>,
    settings: Settings,
    mut output: iced::futures::channel::mpsc::Sender<Message>,
) -> Result<Arc<Loaded>, String> {
    let (jobs, prepared) = {
        let settings = settings.clone();
        super::work(move || super::inventory::push_jobs(&names, certificate, &settings)).await?
    };
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let now = time::OffsetDateTime::now_utc();
    // The core's one orchestration (journal, apply, verify, roll back, log): the window only
    // shows its progress. In a team (Settings), each node's lock is taken there first and the
    // outcomes go into the team's log.
    let session = prepared
        .open(settings.team_url.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    let journal = session.journal.clone();
    let pushing = tokio::spawn(async move {
        let pushed = session.push(
            jobs,
            crate::push::PushOptions::default(),
            sender,
            cancel,
            now,
        );
        pushed.await.map(|(_, busy)| busy)
    });
    while let Some(event) = receiver.recv().await {
        let _ = output.send(Message::Progress(event)).await;
    }
    for busy in pushing
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?
    {
        let _ = output.send(Message::Busy(busy)).await;
    }
    super::work(move || super::inventory::push_loaded(&journal, now, settings.warning_days)).await
}
