//! *Add ACME account…*: the CA picked from the known list or given by its directory URL, the
//! CA's directory read as soon as it is chosen (its terms, whether it needs External Account
//! Binding, its profiles), the terms agreed explicitly, EAB fields when the CA needs them, and
//! the account registered and its key sealed in the vault — as `certdeck acme account add`.

use std::fmt;
use std::sync::Arc;

use iced::widget::{button, checkbox, column, pick_list, row, space, text, text_input};
use iced::{Element, Fill, Task};
use zeroize::Zeroizing;

use super::dialog::{self, labelled};
use super::inventory::Loaded;
use super::widgets::SPACING;
use crate::acme::KNOWN_CAS;
use crate::acme::client::DirectoryInfo;
use crate::fl;
use crate::settings::Settings;

/// Test ids.
pub const NAME_ID: &str = "account-name";
pub const REGISTER_ID: &str = "account-register";

/// A CA from the known list, or any other directory URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaOption(pub Option<usize>);

impl fmt::Display for CaOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.and_then(|i| KNOWN_CAS.get(i)) {
            Some(ca) => f.write_str(ca.name),
            None => f.write_str(&fl!("account-ca-other")),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Ca(CaOption),
    Url(String),
    /// Reads the directory at the typed URL.
    LookUp,
    RootPath(String),
    Contact(String),
    Agree(bool),
    EabKid(String),
    EabHmac(String),
    Looked(String, Result<DirectoryInfo, String>),
    Register,
    Registered(Result<Arc<Loaded>, String>),
    Close,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Registered and stored: the inventory loaded again, the account's name.
    Saved(Arc<Loaded>, String),
    Close,
}

/// What is known of the chosen CA's directory.
enum Directory {
    Unknown,
    Reading,
    Read(DirectoryInfo),
    Failed(String),
}

pub struct State {
    name: String,
    ca: CaOption,
    url: String,
    root_path: String,
    contact: String,
    agree: bool,
    eab_kid: String,
    eab_hmac: Zeroizing<String>,
    directory: Directory,
    working: bool,
    /// Stops the registration under way (Cancel while registering).
    registering: Option<iced::task::Handle>,
    error: Option<String>,
}

impl State {
    /// The dialog with Let's Encrypt's staging CA chosen: the safe place to try a new setup.
    pub fn new(settings: &Settings) -> (Self, Task<Message>) {
        let staging = KNOWN_CAS
            .iter()
            .position(|ca| ca.key == "letsencrypt-staging");
        let mut state = Self {
            name: String::new(),
            ca: CaOption(staging),
            url: String::new(),
            root_path: String::new(),
            contact: String::new(),
            agree: false,
            eab_kid: String::new(),
            eab_hmac: Zeroizing::new(String::new()),
            directory: Directory::Unknown,
            working: false,
            registering: None,
            error: None,
        };
        let task = state.look_up(settings);
        (state, task)
    }

    /// The directory URL chosen.
    fn directory_url(&self) -> String {
        match self.ca.0.and_then(|i| KNOWN_CAS.get(i)) {
            Some(ca) => ca.directory.to_string(),
            None => self.url.trim().to_string(),
        }
    }

    fn root_pem(&self) -> Result<Option<String>, String> {
        let path = self.root_path.trim();
        if path.is_empty() {
            return Ok(None);
        }
        std::fs::read_to_string(path).map(Some).map_err(|e| {
            fl!(
                "account-root-unreadable",
                path = path,
                reason = e.to_string()
            )
        })
    }

    /// Reads the chosen CA's directory in the background.
    fn look_up(&mut self, _settings: &Settings) -> Task<Message> {
        let url = self.directory_url();
        if url.is_empty() {
            self.directory = Directory::Unknown;
            return Task::none();
        }
        let root = match self.root_pem() {
            Ok(root) => root,
            Err(error) => {
                self.directory = Directory::Failed(error);
                return Task::none();
            }
        };
        self.directory = Directory::Reading;
        let looked = url.clone();
        Task::perform(
            async move {
                crate::acme::client::directory(&url, root.as_deref())
                    .await
                    .map_err(|e| e.to_string())
            },
            move |result| Message::Looked(looked.clone(), result),
        )
    }

    /// Why the account cannot be registered yet, if it cannot.
    pub fn missing(&self) -> Option<String> {
        let eab_needed =
            matches!(&self.directory, Directory::Read(i) if i.external_account_required);
        if self.name.trim().is_empty() {
            Some(fl!("account-missing-name"))
        } else if self.directory_url().is_empty() {
            Some(fl!("account-missing-url"))
        } else if !self.agree {
            Some(fl!("account-missing-terms"))
        } else if eab_needed && (self.eab_kid.trim().is_empty() || self.eab_hmac.trim().is_empty())
        {
            Some(fl!("account-missing-eab"))
        } else {
            None
        }
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Name(name) => self.name = name,
            Message::Ca(ca) => {
                self.ca = ca;
                return Action::Run(self.look_up(settings));
            }
            Message::Url(url) => {
                self.url = url;
                self.directory = Directory::Unknown;
            }
            Message::LookUp => return Action::Run(self.look_up(settings)),
            Message::RootPath(path) => self.root_path = path,
            Message::Contact(contact) => self.contact = contact,
            Message::Agree(agree) => self.agree = agree,
            Message::EabKid(kid) => self.eab_kid = kid,
            Message::EabHmac(key) => self.eab_hmac = Zeroizing::new(key),
            Message::Looked(url, result) => {
                // A late answer for a CA no longer chosen is dropped.
                if url == self.directory_url() {
                    self.directory = match result {
                        Ok(info) => Directory::Read(info),
                        Err(error) => Directory::Failed(error),
                    };
                }
            }
            Message::Register => {
                if self.working || self.missing().is_some() {
                    return Action::None;
                }
                let root = match self.root_pem() {
                    Ok(root) => root,
                    Err(error) => {
                        self.error = Some(error);
                        return Action::None;
                    }
                };
                self.working = true;
                self.error = None;
                let account = NewAccount {
                    name: self.name.trim().to_string(),
                    directory: self.directory_url(),
                    contact: self
                        .contact
                        .split([',', ' '])
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(String::from)
                        .collect(),
                    root,
                    eab: (!self.eab_kid.trim().is_empty()).then(|| {
                        (
                            self.eab_kid.trim().to_string(),
                            Zeroizing::new(self.eab_hmac.trim().to_string()),
                        )
                    }),
                };
                let settings = settings.clone();
                let (task, handle) =
                    Task::perform(register(account, settings), Message::Registered).abortable();
                self.registering = Some(handle);
                return Action::Run(task);
            }
            Message::Registered(Ok(loaded)) => {
                self.working = false;
                self.registering = None;
                return Action::Saved(loaded, self.name.trim().to_string());
            }
            Message::Registered(Err(error)) => {
                self.working = false;
                self.registering = None;
                self.error = Some(error);
            }
            Message::Close => {
                // A registration under way is stopped: if the CA made the account already, it
                // is not stored (it holds no certificate), and registering again makes another.
                if let Some(handle) = self.registering.take() {
                    handle.abort();
                }
                return Action::Close;
            }
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let cas: Vec<CaOption> = (0..KNOWN_CAS.len())
            .map(|i| CaOption(Some(i)))
            .chain([CaOption(None)])
            .collect();
        let mut form = column![
            text(fl!("account-title")).size(20),
            text(fl!("account-explained")).size(13),
            labelled(
                fl!("account-name"),
                text_input("letsencrypt", &self.name)
                    .id(NAME_ID)
                    .on_input(Message::Name)
            ),
            labelled(
                fl!("account-ca"),
                pick_list(cas, Some(self.ca), Message::Ca).width(Fill)
            ),
        ]
        .spacing(SPACING);
        if self.ca.0.is_none() {
            form = form.push(labelled(
                fl!("account-url"),
                row![
                    text_input("https://ca.example.net/acme/directory", &self.url)
                        .on_input(Message::Url)
                        .on_submit(Message::LookUp),
                    button(text(fl!("account-look-up")))
                        .style(button::secondary)
                        .on_press(Message::LookUp),
                ]
                .spacing(SPACING),
            ));
            form = form.push(labelled(
                fl!("account-root"),
                text_input(&fl!("account-root-placeholder"), &self.root_path)
                    .on_input(Message::RootPath),
            ));
        }
        form = form.push(self.directory_facts());
        form = form.push(labelled(
            fl!("account-contact"),
            text_input("admin@example.com", &self.contact).on_input(Message::Contact),
        ));
        let eab_needed =
            matches!(&self.directory, Directory::Read(i) if i.external_account_required);
        if eab_needed || !self.eab_kid.is_empty() {
            form = form.push(
                row![
                    labelled(
                        fl!("account-eab-kid"),
                        text_input("", &self.eab_kid).on_input(Message::EabKid)
                    ),
                    labelled(
                        fl!("account-eab-hmac"),
                        text_input("", &self.eab_hmac)
                            .secure(true)
                            .on_input(Message::EabHmac)
                    ),
                ]
                .spacing(SPACING),
            );
        }
        form = form.push(
            checkbox(self.agree)
                .label(fl!("account-agree"))
                .on_toggle(Message::Agree),
        );
        if let Some(error) = &self.error {
            form = form.push(dialog::problem(error.clone()));
        }
        let missing = self.missing();
        if let Some(missing) = &missing {
            form = form.push(text(missing.clone()).size(13));
        }
        let register = button(text(if self.working {
            fl!("account-registering")
        } else {
            fl!("account-register")
        }))
        .on_press_maybe((missing.is_none() && !self.working).then_some(Message::Register));
        form = form.push(
            row![
                space::horizontal(),
                button(text(fl!("dialog-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Close),
                iced::widget::container(register).id(REGISTER_ID),
            ]
            .spacing(SPACING),
        );
        dialog::modal(form, 620.0, Message::Close)
    }

    /// What the directory says: terms, EAB, renewal information, profiles.
    fn directory_facts(&self) -> Element<'_, Message> {
        match &self.directory {
            Directory::Unknown => space::vertical().height(0).into(),
            Directory::Reading => text(fl!("account-reading")).size(13).into(),
            Directory::Failed(error) => {
                dialog::problem(fl!("account-directory-failed", reason = error.clone()))
            }
            Directory::Read(info) => {
                let yes_no = |on: bool| if on { fl!("word-yes") } else { fl!("word-no") };
                let profiles = if info.profiles.is_empty() {
                    fl!("word-none")
                } else {
                    info.profiles
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                column![
                    text(fl!(
                        "account-terms",
                        terms = info
                            .terms_of_service
                            .clone()
                            .unwrap_or_else(|| fl!("word-none"))
                    ))
                    .size(13),
                    text(fl!(
                        "account-eab",
                        needed = yes_no(info.external_account_required)
                    ))
                    .size(13),
                    text(fl!("account-ari", offered = yes_no(info.renewal_info))).size(13),
                    text(fl!("account-profiles", profiles = profiles)).size(13),
                ]
                .spacing(2)
                .into()
            }
        }
    }
}

/// What registering needs, taken from the form.
struct NewAccount {
    name: String,
    directory: String,
    contact: Vec<String>,
    root: Option<String>,
    eab: Option<(String, Zeroizing<String>)>,
}

/// Registers the account at the CA and stores it, as `certdeck acme account add` does; the
/// vault is unlocked first, so an account that could not be kept is never made.
async fn register(account: NewAccount, settings: Settings) -> Result<Arc<Loaded>, String> {
    {
        let settings = settings.clone();
        super::work(move || {
            super::inventory::open(&settings)?
                .vault()
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .await?;
    }
    let created = crate::acme::client::create_account(
        &account.directory,
        &account.contact,
        true,
        account
            .eab
            .as_ref()
            .map(|(kid, key)| crate::acme::client::Eab {
                kid,
                hmac_key_b64: key,
            }),
        account.root.as_deref(),
    )
    .await
    .map_err(|e| e.to_string())?;
    super::work(move || {
        let now = time::OffsetDateTime::now_utc();
        let mut inventory = super::inventory::open(&settings)?;
        inventory
            .add_acme_account(
                &crate::store::acme::NewAcmeAccount {
                    name: &account.name,
                    directory_url: &account.directory,
                    contact: &account.contact,
                    account_url: &created.account_url,
                    credentials: &created.credentials,
                    ca_root_pem: account.root.as_deref(),
                    eab_kid: account.eab.as_ref().map(|(kid, _)| kid.as_str()),
                },
                now,
            )
            .map_err(|e| e.to_string())?;
        super::inventory::load_from(&inventory, now, settings.warning_days).map(Arc::new)
    })
    .await
}
