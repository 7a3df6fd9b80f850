//! The Discovery screen: scan hosts, names and ranges for TLS endpoints (direct and STARTTLS)
//! with progress and Cancel, see every endpoint found with what it serves, and adopt one as a
//! node. A screen module like the overview: state, messages, an `update` returning an
//! [`Action`], a view; the scan itself is the core's (`crate::scan`), run off the UI thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use iced::widget::{
    button, column, container, progress_bar, row, scrollable, space, text, text_input,
};
use iced::{Element, Fill, Length, Task};

use super::inventory::Loaded;
use super::list::ROW_HEIGHT;
use super::widgets::{SPACING, one_line};
use super::windowed::{self, Window};
use super::{i18n, style};
use crate::fl;
use crate::scan::targets::{self, Target};
use crate::scan::{Progress, ScanLimits};
use crate::settings::Settings;
use crate::store::endpoints::EndpointRow;

#[derive(Debug)]
pub struct State {
    targets: String,
    ports: String,
    running: Option<Running>,
    /// A scan over more than a /22 waits for a yes: how many addresses it covers.
    confirm: Option<u128>,
    /// The last scan's outcome, in words (or why it could not run).
    outcome: Option<Result<String, String>>,
    /// The endpoint being adopted and the node name typed for it.
    adopt: Option<(String, String)>,
    /// Where the table is scrolled to: only the rows in view are built.
    window: Window,
}

#[derive(Debug)]
struct Running {
    progress: Progress,
    cancel: Arc<AtomicBool>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            targets: String::new(),
            ports: targets::default_ports()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            running: None,
            confirm: None,
            outcome: None,
            adopt: None,
            window: Window::default(),
        }
    }
}

/// A finished scan: endpoints that answered, what was recorded, the inventory loaded again.
pub type Finished = Result<(usize, crate::store::endpoints::ScanRecord, Arc<Loaded>), String>;

#[derive(Debug, Clone)]
pub enum Message {
    Targets(String),
    Ports(String),
    Scan,
    /// Yes to a wide scan.
    Confirm,
    Dismiss,
    Progress(Progress),
    Finished(Finished),
    Cancel,
    Adopt(String),
    AdoptName(String),
    AdoptSave,
    AdoptCancel,
    Adopted(Result<Arc<Loaded>, String>),
    Scrolled(scrollable::Viewport),
}

/// What the window does after a message.
pub enum Action {
    None,
    /// Run this (the scan, an adoption) and route its messages back here.
    Run(Task<Message>),
    /// The inventory changed: show it.
    Loaded(Arc<Loaded>),
}

impl State {
    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Targets(value) => {
                self.targets = value;
                self.confirm = None;
                Action::None
            }
            Message::Ports(value) => {
                self.ports = value;
                Action::None
            }
            Message::Scan => self.start(settings, false),
            Message::Confirm => self.start(settings, true),
            Message::Dismiss => {
                self.confirm = None;
                Action::None
            }
            Message::Progress(progress) => {
                if let Some(running) = &mut self.running {
                    running.progress = progress;
                }
                Action::None
            }
            Message::Cancel => {
                if let Some(running) = &self.running {
                    running.cancel.store(true, Ordering::Relaxed);
                }
                Action::None
            }
            Message::Finished(finished) => {
                let cancelled = self
                    .running
                    .take()
                    .is_some_and(|r| r.cancel.load(Ordering::Relaxed));
                match finished {
                    Ok((answered, record, loaded)) => {
                        let mut words = fl!(
                            "discovery-finished",
                            answered = (answered as i64),
                            new = (record.new as i64),
                            silent = (record.silent as i64)
                        );
                        if cancelled {
                            words = format!("{words} {}", fl!("discovery-cancelled"));
                        }
                        self.outcome = Some(Ok(words));
                        Action::Loaded(loaded)
                    }
                    Err(error) => {
                        self.outcome = Some(Err(error));
                        Action::None
                    }
                }
            }
            Message::Adopt(endpoint) => {
                self.adopt = Some((endpoint, String::new()));
                Action::None
            }
            Message::AdoptName(name) => {
                if let Some((_, typed)) = &mut self.adopt {
                    *typed = name;
                }
                Action::None
            }
            Message::AdoptCancel => {
                self.adopt = None;
                Action::None
            }
            Message::Scrolled(viewport) => {
                self.window.scrolled(viewport);
                Action::None
            }
            Message::AdoptSave => {
                let Some((endpoint, name)) = self.adopt.clone() else {
                    return Action::None;
                };
                if name.trim().is_empty() {
                    return Action::None;
                }
                let settings = settings.clone();
                Action::Run(Task::perform(
                    super::work(move || {
                        let now = time::OffsetDateTime::now_utc();
                        super::inventory::open(&settings)?
                            .adopt(&endpoint, name.trim(), now)
                            .map_err(|e| e.to_string())?;
                        super::inventory::load(now, &settings).map(Arc::new)
                    }),
                    Message::Adopted,
                ))
            }
            Message::Adopted(Ok(loaded)) => {
                self.adopt = None;
                Action::Loaded(loaded)
            }
            Message::Adopted(Err(error)) => {
                self.outcome = Some(Err(error));
                Action::None
            }
        }
    }

    /// Checks what was typed and starts the scan (a wide one only once `confirmed`).
    fn start(&mut self, settings: &Settings, confirmed: bool) -> Action {
        if self.running.is_some() {
            return Action::None;
        }
        self.confirm = None;
        // The core's reasons are English: the window says them in its own words.
        let parsed: Result<Vec<Target>, String> = self
            .targets
            .split([',', ' ', '\n', '\t'])
            .filter(|t| !t.trim().is_empty())
            .map(|item| {
                Target::parse(item).map_err(|_| match item.parse::<ipnet::IpNet>() {
                    Ok(net) => fl!(
                        "discovery-too-wide",
                        count = (1i64 << (net.max_prefix_len() - net.prefix_len()).min(62))
                    ),
                    Err(_) => fl!("discovery-bad-target", target = item.to_string()),
                })
            })
            .collect();
        let spec = parsed.and_then(|targets| {
            if targets.is_empty() {
                return Err(fl!("discovery-no-targets"));
            }
            let ports = targets::parse_ports(&self.ports)
                .map_err(|_| fl!("discovery-bad-ports", ports = self.ports.clone()))?;
            Ok((targets, ports))
        });
        let (targets, ports) = match spec {
            Ok(spec) => spec,
            Err(error) => {
                self.outcome = Some(Err(error));
                return Action::None;
            }
        };
        let addresses: u128 = targets.iter().map(Target::addresses).sum();
        if addresses > targets::MAX_ADDRESSES {
            self.outcome = Some(Err(fl!("discovery-too-wide", count = (addresses as i64))));
            return Action::None;
        }
        if addresses > targets::CONFIRM_ABOVE && !confirmed {
            self.confirm = Some(addresses);
            return Action::None;
        }
        self.outcome = None;
        let cancel = Arc::new(AtomicBool::new(false));
        self.running = Some(Running {
            progress: Progress::default(),
            cancel: cancel.clone(),
        });
        Action::Run(scan_task(targets, ports, settings.clone(), cancel))
    }

    pub fn view<'a>(&'a self, loaded: &'a Loaded) -> Element<'a, Message> {
        let title = column![
            text(fl!("discovery-title")).size(22),
            text(fl!("discovery-explained")).size(13),
        ]
        .spacing(4);
        let scan_button = button(text(fl!("discovery-scan")))
            .on_press_maybe(self.running.is_none().then_some(Message::Scan));
        let form = row![
            text_input(&fl!("discovery-targets-placeholder"), &self.targets)
                .on_input(Message::Targets)
                .on_submit(Message::Scan)
                .width(Length::FillPortion(3)),
            text_input(&fl!("discovery-ports-placeholder"), &self.ports)
                .on_input(Message::Ports)
                .width(Length::FillPortion(2)),
            scan_button,
        ]
        .spacing(SPACING)
        .align_y(iced::Center);
        let mut page = column![title, form].spacing(12);
        if let Some(addresses) = self.confirm {
            page = page.push(
                container(
                    row![
                        text(fl!("discovery-confirm", count = (addresses as i64))).width(Fill),
                        button(text(fl!("discovery-confirm-yes"))).on_press(Message::Confirm),
                        button(text(fl!("dialog-cancel")))
                            .style(button::secondary)
                            .on_press(Message::Dismiss),
                    ]
                    .spacing(SPACING)
                    .align_y(iced::Center),
                )
                .padding(10)
                .style(style::card),
            );
        }
        if let Some(running) = &self.running {
            let p = running.progress;
            page = page.push(
                row![
                    progress_bar(0.0..=p.total.max(1) as f32, p.done as f32).length(Fill),
                    text(fl!(
                        "discovery-progress",
                        done = (p.done as i64),
                        total = (p.total as i64),
                        served = (p.served as i64)
                    ))
                    .size(13),
                    button(text(fl!("discovery-cancel")))
                        .style(button::secondary)
                        .on_press_maybe(
                            (!running.cancel.load(Ordering::Relaxed)).then_some(Message::Cancel)
                        ),
                ]
                .spacing(SPACING)
                .align_y(iced::Center),
            );
        }
        match &self.outcome {
            Some(Ok(words)) => page = page.push(text(words.as_str()).size(13)),
            Some(Err(error)) => {
                page = page.push(
                    container(text(error.as_str()).size(13))
                        .padding([4, 8])
                        .style(style::problem),
                )
            }
            None => {}
        }
        page = page.push(
            text(fl!(
                "discovery-endpoints",
                count = (loaded.endpoints.len() as i64)
            ))
            .size(18),
        );
        page = page.push(self.table(&loaded.endpoints, &loaded.nodes));
        page.into()
    }

    fn table<'a>(
        &'a self,
        endpoints: &'a [EndpointRow],
        nodes: &'a [crate::store::Node],
    ) -> Element<'a, Message> {
        if endpoints.is_empty() {
            return text(fl!("discovery-none")).into();
        }
        let header = row![
            text(fl!("discovery-column-endpoint")).width(Length::FillPortion(3)),
            text(fl!("discovery-column-protocol")).width(Length::FillPortion(1)),
            text(fl!("discovery-column-state")).width(Length::FillPortion(2)),
            text(fl!("discovery-column-serves")).width(Length::FillPortion(5)),
            text(fl!("discovery-column-seen")).width(Length::FillPortion(2)),
            space::horizontal().width(Length::FillPortion(2)),
        ]
        .spacing(SPACING);
        // Only the rows in view (and a screen around them) are built, at a fixed height: a
        // scan of a /21 on five ports lists 10,000 endpoints.
        let total = endpoints.len();
        let shown = self.window.rows(total, ROW_HEIGHT);
        let rows = endpoints[shown.clone()].iter().map(|endpoint| {
            let address = endpoint.address();
            let owner = nodes.iter().find(|n| n.endpoints.contains(&address));
            // The last certificate served (kept when the endpoint later fails), by its name.
            let serves = match (&endpoint.leaf_subject, endpoint.managed_id) {
                (Some(subject), Some(_)) => super::labels::common_name(subject).to_string(),
                (Some(subject), None) => fl!(
                    "discovery-unmanaged",
                    subject = super::labels::common_name(subject).to_string()
                ),
                (None, _) => "—".to_string(),
            };
            let state = state_word(&endpoint.state, endpoint.tls_version.as_deref());
            let seen = time::OffsetDateTime::from_unix_timestamp(endpoint.last_seen)
                .map(i18n::date_time)
                .unwrap_or_default();
            let action: Element<'a, Message> = match (&self.adopt, owner) {
                (_, Some(node)) => text(node.name.as_str()).size(13).into(),
                (Some((adopting, name)), None) if *adopting == address => row![
                    text_input(&fl!("discovery-node-name"), name)
                        .on_input(Message::AdoptName)
                        .on_submit(Message::AdoptSave)
                        .size(13),
                    button(text(fl!("discovery-adopt-save")).size(13)).on_press(Message::AdoptSave),
                ]
                .spacing(4)
                .into(),
                (_, None) => button(text(fl!("discovery-adopt")).size(13))
                    .style(button::secondary)
                    .on_press(Message::Adopt(address.clone()))
                    .into(),
            };
            let cell =
                |words: String, portion: u16| one_line(text(words), Length::FillPortion(portion));
            row![
                cell(address, 3),
                cell(endpoint.protocol.as_str().to_string(), 1),
                cell(state, 2),
                cell(serves, 5),
                one_line(text(seen).size(13), Length::FillPortion(2)),
                container(action).width(Length::FillPortion(2)),
            ]
            .spacing(SPACING)
            .height(ROW_HEIGHT)
            .align_y(iced::Center)
            .into()
        });
        let rows = windowed::column(total, shown, ROW_HEIGHT, rows);
        column![
            header,
            scrollable(rows).height(Fill).on_scroll(Message::Scrolled)
        ]
        .spacing(SPACING)
        .into()
    }
}

/// An endpoint's state in the window's words: the TLS version it served, or why it did not.
fn state_word(state: &str, version: Option<&str>) -> String {
    match (state, version) {
        ("served", Some(version)) => version.to_string(),
        ("legacy_tls", _) => fl!("discovery-state-legacy"),
        ("connect", _) | ("resolve", _) => fl!("discovery-state-gone"),
        ("timeout", _) => fl!("discovery-state-silent"),
        ("starttls", _) => fl!("discovery-state-starttls"),
        _ => fl!("discovery-state-failed"),
    }
}

/// The scan on the runtime: the inventory's context read on a worker thread, the scan itself
/// async (progress sent as it goes), then the results recorded and the inventory loaded again.
fn scan_task(
    targets: Vec<Target>,
    ports: Vec<targets::PortSpec>,
    settings: Settings,
    cancel: Arc<AtomicBool>,
) -> Task<Message> {
    Task::run(
        iced::stream::channel(64, async move |output| {
            let sender = Mutex::new(output.clone());
            let progress: Arc<dyn Fn(Progress) + Send + Sync> = Arc::new(move |p| {
                if let Ok(mut sender) = sender.lock() {
                    // A full channel drops a progress step; the next one catches up.
                    let _ = sender.try_send(Message::Progress(p));
                }
            });
            let finished = run_scan(targets, ports, settings, cancel, progress).await;
            let mut output = output;
            let _ = iced::futures::SinkExt::send(&mut output, Message::Finished(finished)).await;
        }),
        |message| message,
    )
}

/// Runs a scan from the window and records it (public for the tests, which scan real servers).
pub async fn run_scan(
    targets: Vec<Target>,
    ports: Vec<targets::PortSpec>,
    settings: Settings,
    cancel: Arc<AtomicBool>,
    progress: Arc<dyn Fn(Progress) + Send + Sync>,
) -> Finished {
    let now = time::OffsetDateTime::now_utc();
    let (names, trust) = {
        let settings = settings.clone();
        super::work(move || {
            crate::scan::inventory_context(&super::inventory::open(&settings)?)
                .map_err(|e| e.to_string())
        })
        .await?
    };
    let planned = targets::plan(&targets, &ports, &names);
    let seen = crate::scan::scan(
        planned,
        trust,
        &ScanLimits::default(),
        now,
        progress,
        cancel,
    )
    .await;
    let answered = seen.iter().filter(|s| s.answered()).count();
    super::work(move || {
        let record = super::inventory::open(&settings)?
            .record_scan(&seen)
            .map_err(|e| e.to_string())?;
        let loaded = super::inventory::load(now, &settings)?;
        Ok((answered, record, Arc::new(loaded)))
    })
    .await
}
