//! *Get certificate…*: how a node gets its certificates from an ACME CA, step by step — the
//! node (and the names ordered), the CA account and its profile, the challenge, the key and the
//! maintenance window, then a review. Saving sets the node's issuer (as `certdeck acme issuer`);
//! *Save and get certificate* also starts a renewal of that node at once, whose progress the
//! Renewals view shows. Opened on a node that has an issuer, the form shows it for editing.

use std::fmt;
use std::sync::Arc;

use iced::Task;

use super::dialog::{self, labelled};
use super::inventory::Loaded;
use super::widgets::SPACING;
use crate::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy, Window};
use crate::fl;
use crate::pki::request::KeyType;
use crate::settings::Settings;
use crate::store::acme::{Issuer, IssuerState};

mod view;

/// Test ids.
pub const NEXT_ID: &str = "issuer-next";
pub const SAVE_ID: &str = "issuer-save";
pub const GET_NOW_ID: &str = "issuer-get-now";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Node,
    Ca,
    Challenge,
    Options,
    Review,
}

impl Step {
    const ALL: [Step; 5] = [
        Step::Node,
        Step::Ca,
        Step::Challenge,
        Step::Options,
        Step::Review,
    ];

    fn title(self) -> String {
        match self {
            Step::Node => fl!("issuer-step-node"),
            Step::Ca => fl!("issuer-step-ca"),
            Step::Challenge => fl!("issuer-step-challenge"),
            Step::Options => fl!("issuer-step-options"),
            Step::Review => fl!("issuer-step-review"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeKind {
    Dns01,
    Manual,
    Listen,
    Webroot,
}

/// A key choice for new certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOption {
    New(KeyType),
    Keep,
    Csr,
}

impl fmt::Display for KeyOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self {
            KeyOption::New(kind) => fl!("issuer-key-new", kind = kind.name()),
            KeyOption::Keep => fl!("issuer-key-keep"),
            KeyOption::Csr => fl!("issuer-key-csr"),
        };
        f.write_str(&words)
    }
}

/// A name picked from a list (node, account, DNS server, request, profile). `None` in a
/// profile list is the CA's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice(pub Option<String>, pub String);

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.1)
    }
}

impl Choice {
    fn named(name: &str) -> Self {
        Self(Some(name.to_string()), name.to_string())
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Node(Choice),
    Account(Choice),
    /// The staging account to rehearse at first (`None`: no rehearsal).
    Rehearse(Choice),
    Profile(Choice),
    Profiles(String, Result<Vec<(String, String)>, String>),
    Kind(ChallengeKind),
    DnsServer(Choice),
    CheckServers(String),
    Listen(String),
    Webroot(String),
    Key(KeyOption),
    Request(Choice),
    Window(String),
    RenewAt(String),
    Back,
    Next,
    /// Saves the issuer; `true` also gets a certificate now.
    Save(bool),
    Saved(Result<Arc<Loaded>, String>, bool),
    /// Opens the account dialog over the wizard.
    AddAccount,
    AddDnsServer,
    Close,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Saved; `get_now` asks for a certificate at once.
    Saved {
        loaded: Arc<Loaded>,
        node: String,
        get_now: bool,
    },
    AddAccount,
    AddDnsServer,
    Close,
}

/// The profiles the chosen account's CA lists.
enum Profiles {
    Unknown,
    Reading,
    Read(Vec<(String, String)>),
    Failed(String),
}

pub struct State {
    step: Step,
    loaded: Arc<Loaded>,
    node: Option<String>,
    account: Option<String>,
    rehearse_with: Option<String>,
    /// The version of the issuer the form was filled from (0: a new one), so a change someone
    /// made meanwhile is not overwritten.
    version: i64,
    profiles: Profiles,
    profile: Option<String>,
    kind: ChallengeKind,
    dns_server: Option<String>,
    check_servers: String,
    listen: String,
    webroot: String,
    key: KeyOption,
    request: Option<i64>,
    window: String,
    renew_percent: String,
    working: bool,
    error: Option<String>,
}

impl State {
    /// The wizard for `node` (its issuer shown when it has one), or for a node to pick.
    pub fn new(loaded: Arc<Loaded>, node: Option<String>) -> (Self, Task<Message>) {
        let mut state = Self {
            step: Step::Node,
            node: None,
            account: None,
            rehearse_with: None,
            version: 0,
            profiles: Profiles::Unknown,
            profile: None,
            kind: ChallengeKind::Dns01,
            dns_server: None,
            check_servers: String::new(),
            listen: "0.0.0.0:80".into(),
            webroot: String::new(),
            key: KeyOption::New(KeyType::EcdsaP256),
            request: None,
            window: String::new(),
            renew_percent: percent(DEFAULT_RENEW_FRACTION),
            working: false,
            error: None,
            loaded,
        };
        state.refresh_defaults();
        if let Some(node) = node {
            state.pick_node(node);
            state.step = Step::Ca;
        }
        let task = state.read_profiles();
        (state, task)
    }

    /// Which step is shown (tests).
    pub fn step(&self) -> Step {
        self.step
    }

    /// The inventory changed under the wizard (an account or DNS server was added): its lists
    /// are taken again and the new `account` or `dns_server` chosen.
    pub fn refresh(
        &mut self,
        loaded: Arc<Loaded>,
        account: Option<String>,
        dns_server: Option<String>,
    ) -> Task<Message> {
        self.loaded = loaded;
        if dns_server.is_some() {
            self.dns_server = dns_server;
        }
        self.refresh_defaults();
        match account {
            Some(account) => {
                self.account = Some(account);
                self.profile = None;
                self.read_profiles()
            }
            None => Task::none(),
        }
    }

    /// The first usable account and DNS server, where none is chosen.
    fn refresh_defaults(&mut self) {
        let renewals = &self.loaded.renewals;
        if self.account.is_none() {
            self.account = renewals
                .accounts
                .iter()
                .find(|a| a.deactivated_at.is_none())
                .map(|a| a.name.clone());
        }
        if self.dns_server.is_none() {
            self.dns_server = renewals.dns_servers.first().map(|s| s.name.clone());
        }
    }

    /// Chooses the node; its issuer, when it has one, fills the form.
    fn pick_node(&mut self, node: String) {
        let issuer = self
            .loaded
            .renewals
            .outlook
            .iter()
            .find(|o| o.issuer.node == node)
            .map(|o| o.issuer.clone());
        self.node = Some(node);
        let Some(issuer) = issuer else {
            return;
        };
        self.account = Some(issuer.account.clone());
        self.version = issuer.state.version;
        self.rehearse_with = issuer.rehearse_with.clone();
        self.profile = issuer.profile.clone();
        match &issuer.challenge {
            Challenge::Dns01 { server } => {
                self.kind = ChallengeKind::Dns01;
                self.dns_server = Some(server.clone());
            }
            Challenge::Manual { check_servers } => {
                self.kind = ChallengeKind::Manual;
                self.check_servers = check_servers.join(", ");
            }
            Challenge::Http01Listen { listen } => {
                self.kind = ChallengeKind::Listen;
                self.listen = listen.clone();
            }
            Challenge::Http01Webroot { webroot } => {
                self.kind = ChallengeKind::Webroot;
                self.webroot = webroot.clone();
            }
        }
        self.key = match issuer.key_policy {
            KeyPolicy::New => {
                KeyOption::New(KeyType::parse(&issuer.key_type).unwrap_or(KeyType::EcdsaP256))
            }
            KeyPolicy::Keep => KeyOption::Keep,
            KeyPolicy::Csr => KeyOption::Csr,
        };
        self.request = issuer.csr_id;
        self.window = issuer.window.as_ref().map(Window::text).unwrap_or_default();
        self.renew_percent = percent(issuer.renew_fraction);
    }

    /// Reads the chosen account's CA directory for its profiles.
    fn read_profiles(&mut self) -> Task<Message> {
        let Some(account) = self.account.as_ref().and_then(|name| {
            self.loaded
                .renewals
                .accounts
                .iter()
                .find(|a| &a.name == name)
        }) else {
            self.profiles = Profiles::Unknown;
            return Task::none();
        };
        self.profiles = Profiles::Reading;
        let (name, url, root) = (
            account.name.clone(),
            account.directory_url.clone(),
            account.ca_root_pem.clone(),
        );
        Task::perform(
            async move {
                crate::acme::client::directory(&url, root.as_deref())
                    .await
                    .map(|info| info.profiles)
                    .map_err(|e| e.to_string())
            },
            move |result| Message::Profiles(name.clone(), result),
        )
    }

    /// The names ordered for the chosen node: its FQDN, then its alternative names.
    fn names(&self) -> Vec<String> {
        let Some(node) = self
            .node
            .as_ref()
            .and_then(|name| self.loaded.nodes.iter().find(|n| &n.name == name))
        else {
            return Vec::new();
        };
        let mut names: Vec<String> = Vec::new();
        for name in std::iter::once(&node.fqdn).chain(&node.alt_names) {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        names
    }

    fn challenge(&self) -> Result<Challenge, String> {
        let list = |text: &str| -> Vec<String> {
            text.split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        Ok(match self.kind {
            ChallengeKind::Dns01 => Challenge::Dns01 {
                server: self
                    .dns_server
                    .clone()
                    .ok_or_else(|| fl!("issuer-missing-dns-server"))?,
            },
            ChallengeKind::Manual => {
                let check_servers = list(&self.check_servers);
                if check_servers.is_empty() {
                    return Err(fl!("issuer-missing-check-servers"));
                }
                Challenge::Manual { check_servers }
            }
            ChallengeKind::Listen => {
                let listen = self.listen.trim();
                if listen.parse::<std::net::SocketAddr>().is_err() {
                    return Err(fl!("issuer-bad-listen", listen = listen));
                }
                Challenge::Http01Listen {
                    listen: listen.to_string(),
                }
            }
            ChallengeKind::Webroot => {
                let webroot = self.webroot.trim();
                if !webroot.starts_with('/') {
                    return Err(fl!("issuer-bad-webroot"));
                }
                Challenge::Http01Webroot {
                    webroot: webroot.to_string(),
                }
            }
        })
    }

    /// The maintenance window typed, in this machine's local time (as the command line reads it).
    fn window(&self) -> Result<Option<Window>, String> {
        let text = self.window.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let offset =
            time::UtcOffset::from_whole_seconds(chrono::Local::now().offset().local_minus_utc())
                .unwrap_or(time::UtcOffset::UTC);
        Window::parse(text, offset)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    fn fraction(&self) -> Result<f64, String> {
        match self
            .renew_percent
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
        {
            Ok(p) if (5.0..=95.0).contains(&p) => Ok(p / 100.0),
            _ => Err(fl!("issuer-bad-renew-at")),
        }
    }

    /// What stops `step` from going on, in words.
    pub fn problem(&self, step: Step) -> Option<String> {
        match step {
            Step::Node => match &self.node {
                None => Some(fl!("issuer-missing-node")),
                Some(_) if self.names().is_empty() => Some(fl!("issuer-node-no-names")),
                Some(_) => None,
            },
            Step::Ca => match &self.account {
                None => Some(fl!("issuer-missing-account")),
                Some(account) if self.rehearse_with.as_ref() == Some(account) => {
                    Some(fl!("issuer-rehearse-same"))
                }
                Some(_) => None,
            },
            Step::Challenge => self.challenge().err(),
            Step::Options => {
                if self.key == KeyOption::Csr && self.request.is_none() {
                    return Some(fl!("issuer-missing-request"));
                }
                self.window().err().or_else(|| self.fraction().err())
            }
            Step::Review => Step::ALL[..4].iter().find_map(|s| self.problem(*s)),
        }
    }

    /// The issuer the form describes, or what stops it.
    pub fn issuer(&self) -> Result<Issuer, String> {
        if let Some(problem) = self.problem(Step::Review) {
            return Err(problem);
        }
        let (key_policy, key_type) = match self.key {
            KeyOption::New(kind) => (KeyPolicy::New, kind),
            KeyOption::Keep => (KeyPolicy::Keep, KeyType::EcdsaP256),
            KeyOption::Csr => (KeyPolicy::Csr, KeyType::EcdsaP256),
        };
        Ok(Issuer {
            node: self.node.clone().unwrap_or_default(),
            account: self.account.clone().unwrap_or_default(),
            challenge: self.challenge()?,
            profile: self.profile.clone(),
            key_policy,
            key_type: key_type.name().to_string(),
            csr_id: (key_policy == KeyPolicy::Csr)
                .then_some(self.request)
                .flatten(),
            window: self.window()?,
            renew_fraction: self.fraction()?,
            rehearse_with: self.rehearse_with.clone(),
            // Only the settings are written: the node's renewal state stays as it is.
            state: IssuerState {
                version: self.version,
                ..IssuerState::default()
            },
        })
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Node(Choice(Some(node), _)) => self.pick_node(node),
            Message::Account(Choice(Some(account), _)) => {
                self.account = Some(account);
                self.profile = None;
                return Action::Run(self.read_profiles());
            }
            Message::Rehearse(Choice(account, _)) => self.rehearse_with = account,
            Message::Profile(Choice(profile, _)) => self.profile = profile,
            Message::Profiles(account, result) => {
                if self.account.as_deref() == Some(account.as_str()) {
                    self.profiles = match result {
                        Ok(list) => Profiles::Read(list),
                        Err(error) => Profiles::Failed(error),
                    };
                }
            }
            Message::Kind(kind) => self.kind = kind,
            Message::DnsServer(Choice(server, _)) => self.dns_server = server,
            Message::CheckServers(text) => self.check_servers = text,
            Message::Listen(text) => self.listen = text,
            Message::Webroot(text) => self.webroot = text,
            Message::Key(key) => self.key = key,
            Message::Request(Choice(id, _)) => {
                self.request = id.and_then(|id| id.parse().ok());
            }
            Message::Window(text) => self.window = text,
            Message::RenewAt(text) => self.renew_percent = text,
            Message::Back => {
                if let Some(i) = Step::ALL.iter().position(|s| *s == self.step) {
                    self.step = Step::ALL[i.saturating_sub(1)];
                }
            }
            Message::Next => {
                if self.problem(self.step).is_none()
                    && let Some(i) = Step::ALL.iter().position(|s| *s == self.step)
                {
                    self.step = Step::ALL[(i + 1).min(Step::ALL.len() - 1)];
                }
            }
            Message::Save(get_now) => {
                if self.working {
                    return Action::None;
                }
                let issuer = match self.issuer() {
                    Ok(issuer) => issuer,
                    Err(error) => {
                        self.error = Some(error);
                        return Action::None;
                    }
                };
                self.working = true;
                self.error = None;
                let settings = settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || {
                        super::inventory::change(
                            time::OffsetDateTime::now_utc(),
                            &settings,
                            |inventory, _| inventory.set_issuer(&issuer),
                        )
                        .map(Arc::new)
                    }),
                    move |result| Message::Saved(result, get_now),
                ));
            }
            Message::Saved(Ok(loaded), get_now) => {
                self.working = false;
                return Action::Saved {
                    loaded,
                    node: self.node.clone().unwrap_or_default(),
                    get_now,
                };
            }
            Message::Saved(Err(error), _) => {
                self.working = false;
                self.error = Some(error);
            }
            Message::AddAccount => return Action::AddAccount,
            Message::AddDnsServer => return Action::AddDnsServer,
            Message::Close if !self.working => return Action::Close,
            Message::Node(_) | Message::Account(_) | Message::Close => {}
        }
        Action::None
    }
}

/// A fraction of the lifetime as a percentage to edit.
fn percent(fraction: f64) -> String {
    format!("{:.0}", fraction * 100.0)
}
