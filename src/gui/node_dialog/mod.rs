//! The node form: add or edit a node — names, role, TLS endpoints, the driver that pushes to it
//! with its settings, login secrets (into the OS keychain, never the inventory), the node's trust
//! list — and "Test connection", which shows the SSH host key or the appliance's HTTPS
//! certificate so the administrator can compare it with the node's and pin it. Saving and testing
//! run on worker threads through the same core functions as `certdeck node ...`.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use iced::Task;
use zeroize::Zeroizing;

use super::dialog;
use super::inventory::Loaded;
use super::widgets::SPACING;
use crate::fl;
use crate::push::setup::{Contact, DriverFields, Identity, Required, driver_settings, missing};
use crate::settings::Settings;
use crate::store::{Node, NodeSetup};

mod view;

/// Test ids.
pub const NAME_ID: &str = "node-name";
pub const FQDN_ID: &str = "node-fqdn";
pub const SAVE_ID: &str = "node-save";
pub const TEST_ID: &str = "node-test";
pub const PIN_ID: &str = "node-pin";

/// How long a connection test waits for the node.
const TEST_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DriverOption(pub &'static str);

impl fmt::Display for DriverOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            "folder" => fl!("node-driver-folder"),
            "ssh" => fl!("node-driver-ssh"),
            "https" => fl!("node-driver-https"),
            "pexip" => fl!("node-driver-pexip"),
            _ => fl!("node-driver-none"),
        })
    }
}

/// What the node's certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleOption(pub &'static str);

impl fmt::Display for RoleOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            "client" => fl!("requests-usage-client"),
            "both" => fl!("requests-usage-both"),
            _ => fl!("requests-usage-server"),
        })
    }
}

/// The policy a node's certificate is judged under; `None`: by its chain's root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyOption(pub Option<crate::pki::rules::Policy>);

impl fmt::Display for PolicyOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            Some(crate::pki::rules::Policy::Web) => fl!("node-policy-web"),
            Some(crate::pki::rules::Policy::Private) => fl!("node-policy-private"),
            None => fl!("node-policy-auto"),
        })
    }
}

/// A choice between two words the drivers store (`webdav`/`multipart`, `basic`/`digest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word(pub &'static str);

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            "webdav" => fl!("node-upload-webdav"),
            "multipart" => fl!("node-upload-form"),
            "digest" => "HTTP Digest".to_string(),
            _ => "HTTP Basic".to_string(),
        })
    }
}

/// The form's text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Name,
    Fqdn,
    AltNames,
    Endpoints,
    Path,
    Reload,
    Host,
    Port,
    User,
    CertificatePath,
    KeyPath,
    CaPath,
    Url,
    FormField,
    PexipNode,
    Password,
    SshKeyFile,
}

#[derive(Debug, Clone)]
pub enum Message {
    Text(Input, String),
    Role(RoleOption),
    Policy(PolicyOption),
    Sip(bool),
    Driver(DriverOption),
    UploadMode(Word),
    Auth(Word),
    Trust(i64, bool),
    Test,
    Tested(Result<Option<Contact>, String>),
    Pin,
    Save,
    Saved(Result<Arc<Loaded>, String>),
    Cancel,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Saved: the dialog closes and the window shows the inventory loaded again.
    Saved(Arc<Loaded>),
    Close,
}

/// What the worker threads get: the node as it will be stored, and the secrets typed.
#[derive(Clone)]
pub struct Plan {
    pub setup: NodeSetup,
    /// The inventory's id: where the node's keychain secrets are filed.
    pub inventory_id: String,
    pub password: Option<Zeroizing<String>>,
    /// An OpenSSH private key file to read into the keychain.
    pub ssh_key_file: Option<PathBuf>,
}

impl Plan {
    /// The secrets typed into the form (the SSH key read from its file), blocking.
    pub fn typed_secrets(&self) -> Result<crate::push::ssh::SshCredentials, String> {
        Ok(crate::push::ssh::SshCredentials {
            password: self.password.clone(),
            private_key: match &self.ssh_key_file {
                Some(file) => Some(read_key(file)?),
                None => None,
            },
        })
    }
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the password.
        write!(f, "Plan({:?})", self.setup.name)
    }
}

pub struct State {
    inventory_id: String,
    original: Option<String>,
    /// The node's version when the form was opened (an edit), so a change someone made
    /// meanwhile is not overwritten.
    version: Option<i64>,
    name: String,
    fqdn: String,
    alt_names: String,
    role: &'static str,
    sip: bool,
    endpoints: String,
    driver: &'static str,
    fields: DriverFields,
    port: String,
    password: Zeroizing<String>,
    ssh_key_file: String,
    /// The CAs of the inventory, with whether the node trusts each.
    cas: Vec<(i64, String, bool)>,
    pinned: Option<String>,
    /// The policy its certificate is judged under (`None`: by its chain's root).
    policy: Option<crate::pki::rules::Policy>,
    contact: Option<Contact>,
    testing: bool,
    saving: bool,
    error: Option<String>,
}

fn static_word(value: &str, words: &[&'static str]) -> &'static str {
    words
        .iter()
        .find(|w| **w == value)
        .copied()
        .unwrap_or(words[0])
}

impl State {
    /// The form for `node`, or an empty one for a new node.
    pub fn new(loaded: &Loaded, node: Option<&Node>) -> Self {
        let cas = loaded
            .rows
            .iter()
            .filter(|(row, _)| row.facts.is_ca)
            .map(|(row, _)| {
                let trusted = node.is_some_and(|n| n.trusted_cas.contains(&row.id));
                (row.id, row.name.clone(), trusted)
            })
            .collect();
        let fields = node.map(DriverFields::of).unwrap_or_default();
        let role = node.map(|n| n.role.as_str()).unwrap_or("server");
        Self {
            inventory_id: loaded.inventory_id.clone(),
            original: node.map(|n| n.name.clone()),
            version: node.map(|n| n.version),
            name: node.map(|n| n.name.clone()).unwrap_or_default(),
            fqdn: node.map(|n| n.fqdn.clone()).unwrap_or_default(),
            alt_names: node.map(|n| n.alt_names.join(", ")).unwrap_or_default(),
            role: static_word(
                role.split(',').next().unwrap_or_default(),
                &["server", "client", "both"],
            ),
            sip: role.contains("sip"),
            endpoints: node.map(|n| n.endpoints.join(", ")).unwrap_or_default(),
            driver: static_word(
                node.map(|n| n.driver.as_str()).unwrap_or("none"),
                &crate::push::driver_names(),
            ),
            port: fields.ssh_port.to_string(),
            fields,
            password: Zeroizing::new(String::new()),
            ssh_key_file: String::new(),
            cas,
            pinned: node.and_then(|n| n.pinned.clone()),
            policy: node.and_then(|n| n.policy),
            contact: None,
            testing: false,
            saving: false,
            error: None,
        }
    }

    fn input(&mut self, input: Input, value: String) {
        let optional = |value: &String| (!value.trim().is_empty()).then(|| value.clone());
        let fields = &mut self.fields;
        match input {
            Input::Name => self.name = value,
            Input::Fqdn => self.fqdn = value,
            Input::AltNames => self.alt_names = value,
            Input::Endpoints => self.endpoints = value,
            Input::Path => fields.path = optional(&value).map(PathBuf::from),
            Input::Reload => fields.reload = optional(&value),
            Input::Host => fields.ssh_host = optional(&value),
            Input::Port => self.port = value,
            Input::User if self.driver == "ssh" => fields.ssh_user = optional(&value),
            Input::User => fields.http_user = optional(&value),
            Input::CertificatePath => fields.certificate_path = optional(&value),
            Input::KeyPath => fields.key_path = optional(&value),
            Input::CaPath => fields.trusted_ca_path = optional(&value),
            Input::Url => fields.url = optional(&value),
            Input::FormField => fields.form_field = value,
            Input::PexipNode => fields.pexip_node = optional(&value),
            Input::Password => self.password = Zeroizing::new(value),
            Input::SshKeyFile => self.ssh_key_file = value,
        }
    }

    /// The node as it will be stored, or what is wrong with the form, in the user's language.
    pub fn plan(&self) -> Result<Plan, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(fl!("node-needs-name"));
        }
        if self.fqdn.trim().is_empty() {
            return Err(fl!("node-needs-fqdn"));
        }
        let list = |text: &str| -> Vec<String> {
            text.split([',', ' ', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let endpoints = list(&self.endpoints);
        if let Some(bad) = endpoints
            .iter()
            .find(|e| crate::probe::Endpoint::parse(e).is_err())
        {
            return Err(fl!("node-bad-endpoint", endpoint = bad.clone()));
        }
        let mut fields = self.fields.clone();
        fields.ssh_port = self
            .port
            .trim()
            .parse()
            .map_err(|_| fl!("node-bad-port", port = self.port.clone()))?;
        if let Some(field) = missing(self.driver, &fields).first() {
            return Err(match field {
                Required::Path => fl!("node-needs-path"),
                Required::SshUser => fl!("node-needs-user"),
                Required::CertificatePath => fl!("node-needs-certificate-path"),
                Required::Url => fl!("node-needs-url"),
                Required::HttpUser => fl!("node-needs-user"),
            });
        }
        let settings = driver_settings(self.driver, name, self.fqdn.trim(), &fields)
            .map_err(|e| e.to_string())?;
        let role = if self.sip {
            format!("{},sip", self.role)
        } else {
            self.role.to_string()
        };
        Ok(Plan {
            inventory_id: self.inventory_id.clone(),
            setup: NodeSetup {
                original: self.original.clone(),
                name: name.to_string(),
                fqdn: self.fqdn.trim().to_string(),
                alt_names: list(&self.alt_names),
                role,
                endpoints,
                driver: self.driver.to_string(),
                settings,
                pinned: self.pinned.clone(),
                trusted_cas: self
                    .cas
                    .iter()
                    .filter(|(_, _, on)| *on)
                    .map(|(id, _, _)| *id)
                    .collect(),
                policy: self.policy,
                version: self.version,
            },
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            ssh_key_file: (!self.ssh_key_file.trim().is_empty())
                .then(|| PathBuf::from(self.ssh_key_file.trim())),
        })
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Text(input, value) => {
                // A different address may be a different machine: the test result no longer
                // says anything about it.
                if matches!(input, Input::Host | Input::Port | Input::Url | Input::Fqdn) {
                    self.contact = None;
                }
                self.input(input, value);
            }
            Message::Role(role) => self.role = role.0,
            Message::Policy(policy) => self.policy = policy.0,
            Message::Sip(on) => self.sip = on,
            Message::Driver(driver) => {
                self.driver = driver.0;
                self.contact = None;
            }
            Message::UploadMode(word) => self.fields.upload_mode = word.0.to_string(),
            Message::Auth(word) => self.fields.http_auth = word.0.to_string(),
            Message::Trust(id, on) => {
                if let Some(ca) = self.cas.iter_mut().find(|(ca, _, _)| *ca == id) {
                    ca.2 = on;
                }
            }
            Message::Test => {
                let Ok(plan) = self.plan() else {
                    return Action::None;
                };
                self.testing = true;
                self.error = None;
                self.contact = None;
                return Action::Run(Task::perform(test(plan, settings.clone()), Message::Tested));
            }
            Message::Tested(result) => {
                self.testing = false;
                match result {
                    Ok(contact) => self.contact = contact,
                    Err(error) => self.error = Some(error),
                }
            }
            Message::Pin => {
                if let Some(contact) = &mut self.contact {
                    self.pinned = Some(contact.fingerprint.clone());
                    contact.pinned = true;
                }
            }
            Message::Save => {
                let Ok(plan) = self.plan() else {
                    return Action::None;
                };
                self.saving = true;
                self.error = None;
                let settings = settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || {
                        super::inventory::save_node(&plan.setup, &plan.typed_secrets()?, &settings)
                            .map(Arc::new)
                    }),
                    Message::Saved,
                ));
            }
            Message::Saved(Ok(loaded)) => return Action::Saved(loaded),
            Message::Saved(Err(error)) => {
                self.saving = false;
                self.error = Some(error);
            }
            Message::Cancel => return Action::Close,
        }
        Action::None
    }
}

/// Tests the connection as the form describes it, with the typed secrets or else the stored
/// ones.
pub async fn test(plan: Plan, settings: Settings) -> Result<Option<Contact>, String> {
    let name = plan.setup.name.clone();
    // The stored secrets and the key file are read on a blocking thread; the contact itself is
    // async.
    let (node, secrets) = super::work(move || prepare(plan, &settings)).await?;
    crate::push::setup::first_contact_with(&node, secrets, TEST_TIMEOUT)
        .await
        .map_err(|e| format!("{name}: {e}"))
}

/// The node the form describes and the secrets to log in with (blocking).
fn prepare(
    plan: Plan,
    settings: &Settings,
) -> Result<(Node, crate::push::ssh::SshCredentials), String> {
    let typed = plan.typed_secrets()?;
    let setup = plan.setup;
    let mut inventory = super::inventory::open(settings)?;
    let stored = crate::push::setup::credentials(
        &mut inventory,
        setup.original.as_deref().unwrap_or(setup.name.as_str()),
    )
    .map_err(|e| e.to_string())?;
    let secrets = crate::push::ssh::SshCredentials {
        password: typed.password.or(stored.password),
        private_key: typed.private_key.or(stored.private_key),
    };
    let node = Node {
        id: 0,
        name: setup.name,
        fqdn: setup.fqdn,
        alt_names: setup.alt_names,
        role: setup.role,
        certificate_id: None,
        endpoints: setup.endpoints,
        driver: setup.driver,
        settings: setup.settings,
        pinned: setup.pinned,
        last_result: None,
        trusted_cas: setup.trusted_cas,
        policy: None,
        inventory: plan.inventory_id,
        version: setup.version.unwrap_or(1),
        changed_by: None,
        changed_at: None,
        // What the user typed in this window: theirs, not a teammate's row.
        approvals_dir: None,
    };
    Ok((node, secrets))
}

/// Reads an OpenSSH private key file for the keychain.
fn read_key(file: &std::path::Path) -> Result<Zeroizing<String>, String> {
    std::fs::read_to_string(file)
        .map(Zeroizing::new)
        .map_err(|e| format!("{}: {e}", file.display()))
}
