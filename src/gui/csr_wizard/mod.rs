//! The signing-request wizard: a new request, or the renewal of a certificate (its subject, names
//! and purposes filled in, a new key of the same kind or the same key). The pre-flight checks of
//! `certdeck csr new` run on every keystroke and are shown in the user's language; the request is
//! made by the same core function as the command line's, on a worker thread, and the result can be
//! saved as a `.csr` file or copied for the CA's web form.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;
use iced::widget::text_editor;

use super::dialog;
use super::widgets::SPACING;
use super::{explain, style};
use crate::fl;
use crate::pki::KeySummary;
use crate::pki::request::{KeyType, Name, RequestSpec, Subject, SubjectProblem, Usage};
use crate::pki::status::Severity;
use crate::store::Node;
use crate::store::requests::{KeyChoice, RequestOutcome};

mod view;

/// Test ids.
pub const COMMON_NAME_ID: &str = "csr-common-name";
pub const NAME_INPUT_ID: &str = "csr-name-input";
pub const CREATE_ID: &str = "csr-create";
pub const SAVE_ID: &str = "csr-save";

/// What the wizard was opened for.
#[derive(Debug, Clone)]
pub enum Mode {
    New,
    /// Renewal of a stored certificate.
    Renew {
        certificate: i64,
        name: String,
        /// The certificate's key, when the vault holds it (it may then be kept).
        key: Option<KeySummary>,
    },
}

/// The key the request is signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOption {
    New(KeyType),
    /// The renewed certificate's own key.
    Keep,
}

impl fmt::Display for KeyOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            KeyOption::Keep => fl!("csr-key-keep"),
            KeyOption::New(KeyType::Rsa2048) => fl!("csr-key-rsa2048"),
            KeyOption::New(KeyType::Rsa3072) => fl!("csr-key-rsa3072"),
            KeyOption::New(KeyType::Rsa4096) => fl!("csr-key-rsa4096"),
            KeyOption::New(KeyType::EcdsaP256) => fl!("csr-key-p256"),
            KeyOption::New(KeyType::EcdsaP384) => fl!("csr-key-p384"),
            KeyOption::New(KeyType::Ed25519) => fl!("csr-key-ed25519"),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageOption(pub Usage);

impl fmt::Display for UsageOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            Usage::Server => fl!("requests-usage-server"),
            Usage::Client => fl!("requests-usage-client"),
            Usage::Both => fl!("requests-usage-both"),
        })
    }
}

/// A node the request is for, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeOption(pub Option<String>);

impl fmt::Display for NodeOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(name) => f.write_str(name),
            None => f.write_str(&fl!("csr-node-none")),
        }
    }
}

/// The subject's fields, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    CommonName,
    Organization,
    Unit,
    Locality,
    State,
    Country,
    Email,
}

pub use super::inventory::Made;

#[derive(Debug, Clone)]
pub enum Message {
    Key(KeyOption),
    Field(Field, String),
    NameInput(String),
    AddName,
    RemoveName(usize),
    CnInSan(bool),
    Usage(UsageOption),
    Node(NodeOption),
    Create,
    Created(Result<Made, String>),
    PemAction(text_editor::Action),
    Copy,
    SaveAs,
    Chosen(Option<PathBuf>),
    PathChanged(String),
    SaveToPath,
    Saved(Result<PathBuf, String>),
    Cancel,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The request was made: the window shows the inventory with it.
    Loaded(Arc<super::inventory::Loaded>),
    /// Something for the window's notification line.
    Notify(String),
    Close,
}

/// Everything the worker thread needs to make the request.
pub use super::inventory::RequestPlan as Plan;

pub struct State {
    mode: Mode,
    nodes: Vec<Node>,
    key: KeyOption,
    subject: Subject,
    names: Vec<String>,
    name_input: String,
    cn_in_san: bool,
    usage: Usage,
    node: Option<String>,
    working: bool,
    error: Option<String>,
    /// The request once made, its PEM shown for copying.
    made: Option<(Arc<RequestOutcome>, text_editor::Content)>,
    /// Shown when no native save dialog is available: the full path to write.
    path: Option<String>,
    /// What happened to the made request (copied, saved where).
    note: Option<String>,
}

impl State {
    /// An empty form for a new request.
    pub fn new(nodes: Vec<Node>) -> Self {
        Self {
            mode: Mode::New,
            nodes,
            key: KeyOption::New(KeyType::Rsa2048),
            subject: Subject::default(),
            names: Vec::new(),
            name_input: String::new(),
            cn_in_san: true,
            usage: Usage::Server,
            node: None,
            working: false,
            error: None,
            made: None,
            path: None,
            note: None,
        }
    }

    /// The form filled from a certificate to renew: its subject, names, purposes and node; a new
    /// key of the same kind (administrators renew keys with their certificates).
    pub fn renew(
        certificate: i64,
        cert: &crate::pki::Certificate,
        has_key: bool,
        node: Option<String>,
        nodes: Vec<Node>,
    ) -> Self {
        let purposes = cert.extended_key_usage.clone().unwrap_or_default();
        let server = purposes.iter().any(|p| p == "serverAuth");
        let client = purposes.iter().any(|p| p == "clientAuth");
        Self {
            mode: Mode::Renew {
                certificate,
                name: cert.display_name(),
                key: has_key.then(|| cert.key.clone()),
            },
            key: KeyOption::New(KeyType::like(&cert.key)),
            subject: Subject::from_name(&cert.subject),
            names: cert.san.clone(),
            cn_in_san: false,
            usage: match (server, client) {
                (true, true) => Usage::Both,
                (false, true) => Usage::Client,
                _ => Usage::Server,
            },
            node,
            ..Self::new(nodes)
        }
    }

    /// The names as the request will carry them: the list, plus what is still in the input.
    fn all_names(&self) -> Vec<String> {
        let mut names = self.names.clone();
        let pending = self.name_input.trim();
        if !pending.is_empty() {
            names.push(pending.to_string());
        }
        names
    }

    fn spec(&self) -> RequestSpec {
        let node = self.node.as_ref().and_then(|wanted| {
            let node = self.nodes.iter().find(|n| &n.name == wanted)?;
            Some(crate::pki::request::NodeNames {
                name: node.name.clone(),
                fqdn: node.fqdn.clone(),
                alt_names: node.alt_names.clone(),
                sip: node.role.contains("sip"),
            })
        });
        RequestSpec {
            subject: self.subject.clone(),
            names: self.all_names(),
            cn_in_san: self.cn_in_san,
            usage: self.usage,
            node,
        }
    }

    /// What the key will be, for the key checks before it exists.
    fn key_summary(&self) -> Option<KeySummary> {
        match (self.key, &self.mode) {
            (KeyOption::New(kind), _) => Some(kind.summary()),
            (KeyOption::Keep, Mode::Renew { key, .. }) => key.clone(),
            (KeyOption::Keep, Mode::New) => None,
        }
    }

    /// The pre-flight checks in the user's language, or the field that cannot be sent at all.
    pub fn checks(&self) -> Result<Vec<(Severity, String)>, String> {
        for name in self.all_names() {
            if Name::parse(&name).is_err() {
                return Err(fl!("csr-bad-name", name = name));
            }
        }
        match self.subject.problem() {
            Some(SubjectProblem::Country(country)) => {
                return Err(fl!("csr-bad-country", country = country));
            }
            Some(SubjectProblem::TooLong(value)) => {
                return Err(fl!("csr-field-too-long", value = value));
            }
            None => {}
        }
        let checked = self.spec().check(self.key_summary().as_ref())?;
        Ok(checked
            .lints
            .iter()
            .map(|lint| (lint.severity, explain::lint(lint, self.node.as_deref())))
            .collect())
    }

    /// The request to make, when the checks let it go.
    pub fn plan(&self) -> Option<Plan> {
        let checks = self.checks().ok()?;
        if checks
            .iter()
            .any(|(severity, _)| *severity == Severity::Error)
        {
            return None;
        }
        let key = match (self.key, &self.mode) {
            (KeyOption::New(kind), _) => KeyChoice::New(kind),
            (KeyOption::Keep, Mode::Renew { certificate, .. }) => {
                KeyChoice::OfCertificate(*certificate)
            }
            (KeyOption::Keep, Mode::New) => return None,
        };
        Some(Plan {
            spec: self.spec(),
            key,
            node: self.node.clone(),
        })
    }

    fn field(&mut self, field: Field) -> &mut Option<String> {
        let subject = &mut self.subject;
        match field {
            Field::CommonName => &mut subject.common_name,
            Field::Organization => &mut subject.organization,
            Field::Unit => &mut subject.organizational_unit,
            Field::Locality => &mut subject.locality,
            Field::State => &mut subject.state,
            Field::Country => &mut subject.country,
            Field::Email => &mut subject.email,
        }
    }

    pub fn update(&mut self, message: Message, settings: &crate::settings::Settings) -> Action {
        match message {
            Message::Key(key) => self.key = key,
            Message::Field(field, value) => {
                *self.field(field) = (!value.is_empty()).then_some(value);
            }
            Message::NameInput(value) => self.name_input = value,
            Message::AddName => {
                let name = self.name_input.trim().to_string();
                if !name.is_empty() && !self.names.contains(&name) {
                    self.names.push(name);
                }
                self.name_input.clear();
            }
            Message::RemoveName(index) => {
                if index < self.names.len() {
                    self.names.remove(index);
                }
            }
            Message::CnInSan(on) => self.cn_in_san = on,
            Message::Usage(usage) => self.usage = usage.0,
            Message::Node(node) => self.node = node.0,
            Message::Create => {
                let Some(plan) = self.plan() else {
                    return Action::None;
                };
                self.working = true;
                self.error = None;
                let settings = settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || make(plan, &settings)),
                    Message::Created,
                ));
            }
            Message::Created(Ok(made)) => {
                self.working = false;
                let content = text_editor::Content::with_text(&made.outcome.pem);
                self.made = Some((made.outcome, content));
                return Action::Loaded(made.loaded);
            }
            Message::Created(Err(error)) | Message::Saved(Err(error)) => {
                self.working = false;
                self.error = Some(error);
            }
            Message::PemAction(action) => {
                if let Some((_, content)) = &mut self.made
                    && !action.is_edit()
                {
                    content.perform(action);
                }
            }
            Message::Copy => {
                if let Some((outcome, _)) = &self.made {
                    self.note = Some(fl!("csr-copied"));
                    return Action::Run(iced::clipboard::write(outcome.pem.clone()));
                }
            }
            Message::SaveAs => {
                let file_name = self.file_name();
                return Action::Run(Task::perform(
                    dialog::choose_save_path(fl!("csr-save"), file_name),
                    Message::Chosen,
                ));
            }
            Message::Chosen(Some(path)) => return self.write(path),
            Message::Chosen(None) => {
                self.path = Some(dialog::suggested_path(&self.file_name()));
            }
            Message::PathChanged(path) => self.path = Some(path),
            Message::SaveToPath => {
                if let Some(path) = dialog::typed_path(&self.path) {
                    return self.write(path);
                }
            }
            Message::Saved(Ok(path)) => {
                let saved = fl!("csr-saved", path = path.display().to_string());
                self.path = None;
                self.note = Some(saved.clone());
                return Action::Notify(saved);
            }
            Message::Cancel => return Action::Close,
        }
        Action::None
    }

    /// `conf1.example.com.csr`, after the request's common name (or its first name).
    fn file_name(&self) -> String {
        let name = self
            .subject
            .common_name
            .clone()
            .or_else(|| self.names.first().cloned())
            .unwrap_or_else(|| "request".into());
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || ".-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{safe}.csr")
    }

    fn write(&mut self, path: PathBuf) -> Action {
        let Some((outcome, _)) = &self.made else {
            return Action::None;
        };
        let pem = outcome.pem.clone();
        Action::Run(Task::perform(
            super::work(move || save(&pem, &path)),
            Message::Saved,
        ))
    }
}

/// Makes the key and the request, keeps both, and loads the inventory again (blocking).
pub fn make(plan: Plan, settings: &crate::settings::Settings) -> Result<Made, String> {
    let now = time::OffsetDateTime::now_utc();
    super::inventory::request(plan, now, settings)
}

/// Writes a request's PEM where the user chose (a request holds no secret).
pub fn save(pem: &str, path: &std::path::Path) -> Result<PathBuf, String> {
    std::fs::write(path, pem)
        .map(|()| path.to_path_buf())
        .map_err(|e| format!("{}: {e}", path.display()))
}
