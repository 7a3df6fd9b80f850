//! *Add DNS server…*: a DNS server that takes RFC 2136 updates signed with a TSIG key, for
//! DNS-01 challenges — as `certdeck dns add`. The TSIG secret goes to the OS keychain; the
//! inventory keeps the server, zone, key name and algorithm.

use std::fmt;
use std::sync::Arc;

use iced::widget::{button, column, container, pick_list, row, space, text, text_input};
use iced::{Element, Fill, Task};
use zeroize::Zeroizing;

use super::dialog::{self, labelled};
use super::inventory::Loaded;
use super::widgets::SPACING;
use crate::fl;
use crate::settings::Settings;
use crate::store::acme::DnsServer;

/// Test ids.
pub const NAME_ID: &str = "dns-name";
pub const SAVE_ID: &str = "dns-save";

/// The TSIG algorithms hickory signs with.
const ALGORITHMS: [&str; 3] = ["hmac-sha256", "hmac-sha384", "hmac-sha512"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Algorithm(pub &'static str);

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[derive(Debug, Clone)]
pub enum Field {
    Name,
    Server,
    Zone,
    KeyName,
    Secret,
    CheckServers,
}

#[derive(Debug, Clone)]
pub enum Message {
    Edit(Field, String),
    Algorithm(Algorithm),
    Save,
    Saved(Result<Arc<Loaded>, String>),
    Close,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Saved(Arc<Loaded>, String),
    Close,
}

#[derive(Default)]
pub struct State {
    name: String,
    server: String,
    zone: String,
    key_name: String,
    algorithm: Option<Algorithm>,
    secret: Zeroizing<String>,
    check_servers: String,
    working: bool,
    error: Option<String>,
}

impl State {
    pub fn new() -> Self {
        Self {
            algorithm: Some(Algorithm(ALGORITHMS[0])),
            ..Self::default()
        }
    }

    fn server(&self) -> DnsServer {
        DnsServer {
            name: self.name.trim().to_string(),
            server: self.server.trim().to_string(),
            zone: self.zone.trim().trim_end_matches('.').to_string(),
            key_name: self.key_name.trim().to_string(),
            algorithm: self.algorithm.unwrap_or(Algorithm(ALGORITHMS[0])).0.into(),
            check_servers: self
                .check_servers
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    /// What stops saving: an empty field, or a secret that is not a TSIG key.
    pub fn missing(&self) -> Option<String> {
        let server = self.server();
        if server.name.is_empty()
            || server.server.is_empty()
            || server.zone.is_empty()
            || server.key_name.is_empty()
            || self.secret.trim().is_empty()
        {
            return Some(fl!("dns-missing"));
        }
        crate::acme::dns::Tsig::from_base64(&server.key_name, &server.algorithm, &self.secret)
            .err()
            .map(|e| e.to_string())
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Edit(field, value) => match field {
                Field::Name => self.name = value,
                Field::Server => self.server = value,
                Field::Zone => self.zone = value,
                Field::KeyName => self.key_name = value,
                Field::Secret => self.secret = Zeroizing::new(value),
                Field::CheckServers => self.check_servers = value,
            },
            Message::Algorithm(algorithm) => self.algorithm = Some(algorithm),
            Message::Save => {
                if self.working || self.missing().is_some() {
                    return Action::None;
                }
                self.working = true;
                self.error = None;
                let server = self.server();
                let secret = self.secret.clone();
                let settings = settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || save(&server, &secret, &settings)),
                    Message::Saved,
                ));
            }
            Message::Saved(Ok(loaded)) => {
                self.working = false;
                return Action::Saved(loaded, self.name.trim().to_string());
            }
            Message::Saved(Err(error)) => {
                self.working = false;
                self.error = Some(error);
            }
            Message::Close if !self.working => return Action::Close,
            Message::Close => {}
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input = |placeholder: &str, value: &str, field: Field| {
            text_input(placeholder, value).on_input(move |v| Message::Edit(field.clone(), v))
        };
        let mut form = column![
            text(fl!("dns-title")).size(20),
            text(fl!("dns-explained")).size(13),
            row![
                labelled(
                    fl!("dns-name"),
                    input("ns1", &self.name, Field::Name).id(NAME_ID)
                ),
                labelled(
                    fl!("dns-server"),
                    input("ns1.example.com:53", &self.server, Field::Server)
                ),
            ]
            .spacing(SPACING),
            row![
                labelled(
                    fl!("dns-zone"),
                    input("example.com", &self.zone, Field::Zone)
                ),
                labelled(
                    fl!("dns-key-name"),
                    input("certdeck-key", &self.key_name, Field::KeyName)
                ),
            ]
            .spacing(SPACING),
            row![
                labelled(
                    fl!("dns-algorithm"),
                    pick_list(
                        ALGORITHMS.map(Algorithm).to_vec(),
                        self.algorithm,
                        Message::Algorithm
                    )
                    .width(Fill)
                ),
                labelled(
                    fl!("dns-secret"),
                    input("", &self.secret, Field::Secret).secure(true)
                ),
            ]
            .spacing(SPACING),
            labelled(
                fl!("dns-check-servers"),
                input(
                    &fl!("dns-check-servers-placeholder"),
                    &self.check_servers,
                    Field::CheckServers
                )
            ),
        ]
        .spacing(SPACING);
        if let Some(error) = &self.error {
            form = form.push(dialog::problem(error.clone()));
        }
        let missing = self.missing();
        if let Some(missing) = &missing {
            form = form.push(text(missing.clone()).size(13));
        }
        form =
            form.push(
                row![
                    space::horizontal(),
                    button(text(fl!("dialog-cancel")))
                        .style(button::secondary)
                        .on_press_maybe((!self.working).then_some(Message::Close)),
                    container(button(text(fl!("dns-save"))).on_press_maybe(
                        (missing.is_none() && !self.working).then_some(Message::Save)
                    ))
                    .id(SAVE_ID),
                ]
                .spacing(SPACING),
            );
        dialog::modal(form, 620.0, Message::Close)
    }
}

/// Stores the server and its secret (the secret first; forgotten again when the server cannot
/// be stored), then loads the inventory again (blocking).
fn save(server: &DnsServer, secret: &str, settings: &Settings) -> Result<Arc<Loaded>, String> {
    let mut inventory = super::inventory::open(settings)?;
    // The server first: a name that exists already is refused before its working secret is
    // touched; a secret that cannot be stored takes the new server away again.
    inventory
        .add_dns_server(server)
        .map_err(|e| e.to_string())?;
    if let Err(error) = crate::acme::renew::store_tsig(&mut inventory, &server.name, secret) {
        let _ = inventory.remove_dns_server(&server.name);
        return Err(error);
    }
    let now = time::OffsetDateTime::now_utc();
    super::inventory::load_from(&inventory, now, settings.warning_days).map(Arc::new)
}
