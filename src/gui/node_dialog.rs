//! The node form: add or edit a node — names, role, TLS endpoints, the driver that pushes to it
//! with its settings, login secrets (into the OS keychain, never the inventory), the node's trust
//! list — and "Test connection", which shows the SSH host key or the appliance's HTTPS
//! certificate so the administrator can compare it with the node's and pin it. Saving and testing
//! run on worker threads through the same core functions as `certdeck node ...`.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use iced::widget::{
    Column, button, checkbox, column, container, pick_list, row, scrollable, space, text,
    text_input,
};
use iced::{Element, Fill, Task};
use zeroize::Zeroizing;

use super::dialog;
use super::inventory::Loaded;
use super::widgets::SPACING;
use crate::fl;
use crate::push::setup::{Contact, DriverFields, Identity, Required, driver_settings, missing};
use crate::settings::Settings;
use crate::store::{Node, NodeSetup};

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
                &crate::push::setup::DRIVERS,
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
                return Action::Run(Task::perform(test(plan), Message::Tested));
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

    pub fn view(&self) -> Element<'_, Message> {
        let title = match &self.original {
            Some(name) => fl!("node-title-edit", name = name.clone()),
            None => fl!("node-title-add"),
        };
        let field = |label: String, input: Input, value: &str| {
            let mut widget = text_input("", value).on_input(move |v| Message::Text(input, v));
            widget = match input {
                Input::Name => widget.id(NAME_ID),
                Input::Fqdn => widget.id(FQDN_ID),
                Input::Password => widget.secure(true),
                _ => widget,
            };
            dialog::labelled(label, widget)
        };
        let f = &self.fields;
        let text_of = |v: &Option<String>| v.clone().unwrap_or_default();
        let drivers: Vec<DriverOption> = crate::push::setup::DRIVERS
            .into_iter()
            .map(DriverOption)
            .collect();
        let roles: Vec<RoleOption> = ["server", "client", "both"]
            .into_iter()
            .map(RoleOption)
            .collect();
        let mut form = column![
            row![
                field(fl!("node-name"), Input::Name, &self.name),
                field(fl!("node-fqdn"), Input::Fqdn, &self.fqdn),
            ]
            .spacing(12),
            row![
                // Half the row, so that its label stays on one line beside the two choices.
                iced::widget::container(field(
                    fl!("node-alt-names"),
                    Input::AltNames,
                    &self.alt_names
                ))
                .width(iced::Length::FillPortion(2)),
                dialog::labelled(
                    fl!("node-role"),
                    pick_list(roles, Some(RoleOption(self.role)), Message::Role).width(Fill)
                ),
                dialog::labelled(
                    fl!("node-policy"),
                    pick_list(
                        [
                            None,
                            Some(crate::pki::rules::Policy::Web),
                            Some(crate::pki::rules::Policy::Private)
                        ]
                        .map(PolicyOption)
                        .to_vec(),
                        Some(PolicyOption(self.policy)),
                        Message::Policy
                    )
                    .width(Fill)
                ),
            ]
            .spacing(12),
            checkbox(self.sip)
                .label(fl!("node-sip"))
                .on_toggle(Message::Sip),
            field(fl!("node-endpoints"), Input::Endpoints, &self.endpoints),
            dialog::labelled(
                fl!("node-driver"),
                pick_list(drivers, Some(DriverOption(self.driver)), Message::Driver).width(Fill)
            ),
        ]
        .spacing(10)
        .padding([0, 12]);

        let path = f
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let password = || field(fl!("node-password"), Input::Password, &self.password);
        let driver_fields: Element<'_, Message> = match self.driver {
            "folder" => column![
                field(fl!("node-folder"), Input::Path, &path),
                field(fl!("node-reload-local"), Input::Reload, &text_of(&f.reload)),
            ]
            .spacing(10)
            .into(),
            "ssh" => column![
                row![
                    field(fl!("node-host"), Input::Host, &text_of(&f.ssh_host)),
                    field(fl!("node-port"), Input::Port, &self.port),
                    field(fl!("node-user"), Input::User, &text_of(&f.ssh_user)),
                ]
                .spacing(12),
                field(
                    fl!("node-certificate-path"),
                    Input::CertificatePath,
                    &text_of(&f.certificate_path)
                ),
                row![
                    field(fl!("node-key-path"), Input::KeyPath, &text_of(&f.key_path)),
                    field(
                        fl!("node-ca-path"),
                        Input::CaPath,
                        &text_of(&f.trusted_ca_path)
                    ),
                ]
                .spacing(12),
                field(
                    fl!("node-reload-remote"),
                    Input::Reload,
                    &text_of(&f.reload)
                ),
                row![
                    password(),
                    field(fl!("node-ssh-key"), Input::SshKeyFile, &self.ssh_key_file),
                ]
                .spacing(12),
                text(fl!("node-secrets-explained")).size(12),
            ]
            .spacing(10)
            .into(),
            "https" => {
                let modes = vec![Word("webdav"), Word("multipart")];
                let auths = vec![Word("basic"), Word("digest")];
                let mut column = column![
                    field(fl!("node-url"), Input::Url, &text_of(&f.url)),
                    row![
                        dialog::labelled(
                            fl!("node-upload"),
                            pick_list(
                                modes,
                                Some(Word(static_word(&f.upload_mode, &["webdav", "multipart"]))),
                                Message::UploadMode
                            )
                            .width(Fill)
                        ),
                        dialog::labelled(
                            fl!("node-auth"),
                            pick_list(
                                auths,
                                Some(Word(static_word(&f.http_auth, &["basic", "digest"]))),
                                Message::Auth
                            )
                            .width(Fill)
                        ),
                    ]
                    .spacing(12),
                    row![
                        field(fl!("node-user"), Input::User, &text_of(&f.http_user)),
                        password()
                    ]
                    .spacing(12),
                ]
                .spacing(10);
                if f.upload_mode == "multipart" {
                    column = column.push(field(
                        fl!("node-form-field"),
                        Input::FormField,
                        &f.form_field,
                    ));
                }
                column
                    .push(text(fl!("node-secrets-explained")).size(12))
                    .into()
            }
            "pexip" => column![
                field(fl!("node-pexip-url"), Input::Url, &text_of(&f.url)),
                row![
                    field(fl!("node-user"), Input::User, &text_of(&f.http_user)),
                    password()
                ]
                .spacing(12),
                field(
                    fl!("node-pexip-name"),
                    Input::PexipNode,
                    &text_of(&f.pexip_node)
                ),
                text(fl!("node-secrets-explained")).size(12),
            ]
            .spacing(10)
            .into(),
            _ => text(fl!("node-driver-none-explained")).size(13).into(),
        };
        form = form.push(driver_fields);
        if self.driver != "none" && self.driver != "folder" {
            form = form.push(self.connection());
        }

        form = form.push(text(fl!("node-trust-title")).size(16));
        if self.cas.is_empty() {
            form = form.push(text(fl!("node-trust-no-cas")).size(13));
        }
        for (id, name, on) in &self.cas {
            let id = *id;
            form = form.push(
                checkbox(*on)
                    .label(name.clone())
                    .on_toggle(move |on| Message::Trust(id, on)),
            );
        }

        let problem = self.plan().err();
        let mut footer = row![].spacing(SPACING).align_y(iced::Center);
        if let Some(problem) = &problem {
            footer = footer.push(text(problem.clone()).size(13).style(text::danger));
        }
        if let Some(error) = &self.error {
            footer = footer.push(dialog::problem(error.clone()));
        }
        let save = button(text(fl!("node-save")))
            .on_press_maybe((problem.is_none() && !self.saving).then_some(Message::Save));
        footer = footer
            .push(space::horizontal())
            .push(
                button(text(fl!("delete-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            )
            .push(container(save).id(SAVE_ID));

        dialog::modal(
            column![text(title).size(20), scrollable(form).height(Fill), footer].spacing(12),
            760.0,
            Message::Cancel,
        )
    }

    /// "Test connection", what it found, and the pin.
    fn connection(&self) -> Element<'_, Message> {
        let test = button(text(fl!("node-test")))
            .style(button::secondary)
            .on_press_maybe((!self.testing && self.plan().is_ok()).then_some(Message::Test));
        let mut section = Column::new()
            .spacing(6)
            .push(text(fl!("node-connection")).size(16))
            .push(row![container(test).id(TEST_ID)].spacing(SPACING));
        if self.testing {
            section = section.push(text(fl!("node-testing")).size(13));
        }
        if let Some(contact) = &self.contact {
            let what = match contact.identity {
                Identity::SshHostKey => {
                    fl!("node-host-key", fingerprint = contact.fingerprint.clone())
                }
                Identity::TlsCertificate => fl!(
                    "node-tls-certificate",
                    fingerprint = contact.fingerprint.clone()
                ),
            };
            section = section.push(text(what).size(13).font(iced::Font::MONOSPACE));
            if let Some(user) = &contact.logged_in_as {
                section = section.push(text(fl!("node-logged-in", user = user.clone())).size(13));
            } else if contact.pinned {
                section = section.push(text(fl!("node-pinned")).size(13));
            } else {
                section = section
                    .push(text(fl!("node-check-then-pin")).size(13))
                    .push(
                        container(button(text(fl!("node-pin"))).on_press(Message::Pin)).id(PIN_ID),
                    );
            }
        } else if let Some(pinned) = &self.pinned {
            section = section.push(
                text(fl!("node-pinned-earlier", fingerprint = pinned.clone()))
                    .size(13)
                    .font(iced::Font::MONOSPACE),
            );
        }
        section.into()
    }
}

/// Tests the connection as the form describes it, with the typed secrets or else the stored
/// ones.
pub async fn test(plan: Plan) -> Result<Option<Contact>, String> {
    let name = plan.setup.name.clone();
    // The keychain and the key file are read on a blocking thread; the contact itself is async.
    let (node, secrets) = super::work(move || prepare(plan)).await?;
    crate::push::setup::first_contact_with(&node, secrets, TEST_TIMEOUT)
        .await
        .map_err(|e| format!("{name}: {e}"))
}

/// The node the form describes and the secrets to log in with (blocking).
fn prepare(plan: Plan) -> Result<(Node, crate::push::ssh::SshCredentials), String> {
    let typed = plan.typed_secrets()?;
    let setup = plan.setup;
    let stored = crate::push::setup::credentials(
        &plan.inventory_id,
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
    };
    Ok((node, secrets))
}

/// Reads an OpenSSH private key file for the keychain.
fn read_key(file: &std::path::Path) -> Result<Zeroizing<String>, String> {
    std::fs::read_to_string(file)
        .map(Zeroizing::new)
        .map_err(|e| format!("{}: {e}", file.display()))
}
