//! A renewal pass as the screen shows it: one line per node with the step under way, and the
//! pass itself run through the core's pipeline with its events forwarded to the screen.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use iced::futures::SinkExt;

use super::super::inventory::{self, Loaded};
use super::super::labels;
use super::super::work::work;
use super::Message;
use crate::acme::issue::Event;
use crate::acme::renew::{self, NodeReport, RenewEvent, Secrets, Selection};
use crate::fl;
use crate::probe::ProbeTrust;
use crate::push::journal::Journal;
use crate::settings::Settings;

/// One node in a pass.
#[derive(Debug, Clone)]
pub struct NodeRun {
    pub node: String,
    /// The step under way, in words.
    pub step: String,
    /// The record to create by hand (name, value), while certdeck waits for it.
    pub record: Option<(String, String)>,
    pub report: Option<NodeReport>,
}

/// A pass, running or finished.
#[derive(Debug, Clone, Default)]
pub struct Pass {
    pub nodes: Vec<NodeRun>,
    pub running: bool,
    pub cancelling: bool,
    pub error: Option<String>,
}

impl Pass {
    /// Takes one event of the pipeline into the node's line (made when first heard of).
    pub fn absorb(&mut self, event: RenewEvent) {
        let node = match &event {
            RenewEvent::Order(node, _) | RenewEvent::Pushing(node) => node.clone(),
            RenewEvent::Done(report) => report.node.clone(),
        };
        let index = match self.nodes.iter().position(|n| n.node == node) {
            Some(index) => index,
            None => {
                self.nodes.push(NodeRun {
                    node,
                    step: String::new(),
                    record: None,
                    report: None,
                });
                self.nodes.len() - 1
            }
        };
        let line = &mut self.nodes[index];
        match event {
            RenewEvent::Order(_, Event::ShowRecord { record, value }) => {
                line.step = fl!("renewals-step-create-record");
                line.record = Some((record, value));
            }
            RenewEvent::Order(_, event) => line.step = labels::event_words(&event),
            RenewEvent::Pushing(_) => {
                line.record = None;
                line.step = fl!("renewals-step-pushing");
            }
            RenewEvent::Done(report) => {
                line.record = None;
                line.step = labels::outcome_words(&report.outcome);
                line.report = Some(report);
            }
        }
    }
}

/// The inventory behind the push journal, the trust TLS verification uses (blocking work on a
/// worker thread), and the pass's options: in a team (Settings), its database, where each push
/// takes its node's lock and is logged.
pub(super) async fn prepare(
    settings: Settings,
) -> Result<(Journal, Arc<ProbeTrust>, renew::Options), String> {
    let team_url = settings.team_url.clone();
    let prepared = work(move || {
        crate::app::session::prepare(inventory::open(&settings)?).map_err(|e| e.to_string())
    })
    .await?;
    let session = prepared
        .open(team_url.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    let options = renew::Options {
        team: session.team,
        ..renew::Options::default()
    };
    Ok((session.journal, session.trust, options))
}

/// One renewal pass through the core's pipeline, its events forwarded to `output` as
/// [`Message::Event`]; the inventory is loaded again afterwards. Public so the tests can run the
/// window's pass against real servers with their own secrets.
#[allow(clippy::too_many_arguments)]
pub async fn run_pass(
    journal: Journal,
    trust: Arc<ProbeTrust>,
    secrets: Arc<dyn Secrets>,
    selection: Selection,
    options: renew::Options,
    cancel: Arc<AtomicBool>,
    warning_days: i64,
    mut output: iced::futures::channel::mpsc::Sender<Message>,
) -> Result<(Vec<NodeReport>, Arc<Loaded>), String> {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let now = time::OffsetDateTime::now_utc();
    let context = renew::Context {
        journal: journal.clone(),
        secrets,
        trust,
    };
    let pass = tokio::spawn(renew::run(context, selection, options, sender, cancel, now));
    while let Some(event) = receiver.recv().await {
        let _ = output.send(Message::Event(event)).await;
    }
    let reports = pass
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let loaded = work(move || inventory::push_loaded(&journal, now, warning_days)).await?;
    Ok((reports, loaded))
}
