//! The settings screen: language, theme, expiry warning period, data folder, the keychain's
//! state and whether this machine renews unattended (`health`). Edits are a draft until "Save" writes `settings.json`; then the window applies them at
//! once (language and theme on the next frame, the inventory reloaded from its folder).

use std::fmt;
use std::path::PathBuf;

use iced::widget::{
    button, column, container, pick_list, row, scrollable, space, text, text_input,
};
use iced::{Element, Fill, Task};

use super::widgets::SPACING;
use super::{i18n, style};
use crate::fl;
use crate::settings::{Settings, ThemeChoice};

/// Test ids of the screen's inputs.
pub const WARNING_DAYS_ID: &str = "settings-warning-days";
pub const DATA_DIR_ID: &str = "settings-data-dir";
pub const TEAM_URL_ID: &str = "settings-team-url";

#[derive(Debug, Clone)]
pub enum Message {
    Language(LanguageChoice),
    Theme(ThemeOption),
    WarningDays(String),
    DesktopNotifications(bool),
    DataDir(String),
    TeamUrl(String),
    ChooseDataDir,
    DataDirChosen(Option<PathBuf>),
    DefaultDataDir,
    Save,
    Saved(Result<Settings, String>),
    Revert,
    KeychainChecked(Result<&'static str, String>),
    Shared(super::shared_inventory::Message),
    Health(super::health::Message),
}

/// What the window must do after a message.
pub enum Action {
    None,
    Run(Task<Message>),
    /// New settings were saved: apply them.
    Apply(Settings),
    /// The data folder now uses another inventory: load it.
    Reload,
}

pub struct State {
    /// What is in effect (saved, or the defaults).
    applied: Settings,
    path: Option<PathBuf>,
    language: Option<String>,
    theme: ThemeChoice,
    warning_days: String,
    desktop_notifications: bool,
    data_dir: String,
    team_url: String,
    /// The last save's outcome (a plain-words message), or why the file could not be read.
    notice: Option<Result<String, String>>,
    keychain: Option<Result<&'static str, String>>,
    shared: super::shared_inventory::State,
    health: super::health::State,
}

impl State {
    pub fn new(applied: Settings, path: Option<PathBuf>, load_error: Option<String>) -> Self {
        let mut state = Self {
            applied: applied.clone(),
            path,
            language: None,
            theme: ThemeChoice::System,
            warning_days: String::new(),
            desktop_notifications: true,
            data_dir: String::new(),
            team_url: String::new(),
            notice: load_error.map(Err),
            keychain: None,
            shared: Default::default(),
            health: Default::default(),
        };
        state.reset_draft();
        state
    }

    /// Called when the screen opens: the keychain is probed (it may wait on D-Bus) off the UI
    /// thread, once.
    pub fn opened(&self) -> Task<Message> {
        let listing = self.health.opened(&self.applied).map(Message::Health);
        if self.keychain.is_some() {
            return listing;
        }
        Task::batch([
            listing,
            Task::perform(
                super::work(crate::store::keychain::ensure),
                Message::KeychainChecked,
            ),
        ])
    }

    fn reset_draft(&mut self) {
        self.language = self.applied.language.clone();
        self.theme = self.applied.theme;
        self.warning_days = self.applied.warning_days.to_string();
        self.desktop_notifications = self.applied.desktop_notifications;
        self.data_dir = self
            .applied
            .data_dir
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.team_url = self.applied.team_url.clone().unwrap_or_default();
    }

    /// The draft as settings, or why it is not valid.
    pub(super) fn draft(&self) -> Result<Settings, String> {
        let days = self.days()?;
        let team_url = self.team_address()?;
        let data_dir = self.data_dir.trim();
        Ok(Settings {
            theme: self.theme,
            language: self.language.clone(),
            warning_days: days,
            data_dir: (!data_dir.is_empty()).then(|| PathBuf::from(data_dir)),
            desktop_notifications: self.desktop_notifications,
            team_url,
        })
    }

    /// The warning period typed, or why it is not one.
    fn days(&self) -> Result<i64, String> {
        self.warning_days
            .trim()
            .parse()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| fl!("settings-warning-days-invalid"))
    }

    /// The team database typed (none when empty), or why it is not a PostgreSQL address.
    fn team_address(&self) -> Result<Option<String>, String> {
        let url = self.team_url.trim();
        if url.is_empty() {
            return Ok(None);
        }
        url.parse::<tokio_postgres::Config>()
            .map(|_| Some(url.to_string()))
            .map_err(|e| fl!("settings-team-invalid", reason = e.to_string()))
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Language(choice) => self.language = choice.0,
            Message::Theme(choice) => self.theme = choice.0,
            Message::WarningDays(days) => self.warning_days = days,
            Message::DesktopNotifications(on) => self.desktop_notifications = on,
            Message::DataDir(dir) => self.data_dir = dir,
            Message::TeamUrl(url) => self.team_url = url,
            Message::ChooseDataDir => {
                return Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .pick_folder()
                            .await
                            .map(|f| f.path().to_path_buf())
                    },
                    Message::DataDirChosen,
                ));
            }
            Message::DataDirChosen(Some(dir)) => self.data_dir = dir.display().to_string(),
            // No portal (or cancelled): the path field stays for typing.
            Message::DataDirChosen(None) => {}
            Message::DefaultDataDir => self.data_dir.clear(),
            Message::Revert => {
                self.reset_draft();
                self.notice = None;
            }
            Message::Save => {
                let (Ok(settings), Some(path)) = (self.draft(), self.path.clone()) else {
                    return Action::None;
                };
                return Action::Run(Task::perform(
                    super::work(move || settings.save(&path).map(|()| settings)),
                    Message::Saved,
                ));
            }
            Message::Saved(Ok(settings)) => {
                self.applied = settings.clone();
                self.reset_draft();
                let path = self.path.as_ref().map(|p| p.display().to_string());
                self.notice = Some(Ok(fl!("settings-saved", path = path.unwrap_or_default())));
                return Action::Apply(settings);
            }
            Message::Saved(Err(error)) => self.notice = Some(Err(error)),
            Message::KeychainChecked(result) => self.keychain = Some(result),
            Message::Health(message) => {
                return Action::Run(
                    self.health
                        .update(message, &self.applied)
                        .map(Message::Health),
                );
            }
            Message::Shared(message) => {
                // The moves act on the settings in effect, not on an unsaved draft.
                let place = super::shared_inventory::Place {
                    dir: super::inventory::data_dir(&self.applied),
                    team_url: self.applied.team_url.clone(),
                    vault: super::inventory::options(),
                };
                return match self.shared.update(message, place) {
                    super::shared_inventory::Action::None => Action::None,
                    super::shared_inventory::Action::Run(task) => {
                        Action::Run(task.map(Message::Shared))
                    }
                    super::shared_inventory::Action::Reload => Action::Reload,
                };
            }
        }
        Action::None
    }

    /// The screen; `uses` is the shared inventory the window shows, if it shows one.
    pub fn view<'a>(&'a self, uses: Option<&'a str>) -> Element<'a, Message> {
        let mut languages = vec![LanguageChoice(None)];
        languages.extend(
            i18n::available()
                .into_iter()
                .map(|t| LanguageChoice(Some(t))),
        );
        let themes: Vec<ThemeOption> = ThemeChoice::ALL.into_iter().map(ThemeOption).collect();
        let draft = self.draft();
        let changed = draft.as_ref().is_ok_and(|d| *d != self.applied);

        let mut days_field = column![
            text_input("30", &self.warning_days)
                .id(WARNING_DAYS_ID)
                .on_input(Message::WarningDays)
                .on_submit(Message::Save)
                .width(120),
        ]
        .spacing(4);
        if let Err(reason) = self.days() {
            days_field = days_field.push(text(reason).size(13).style(text::danger));
        }
        let default_dir = crate::store::Inventory::default_dir()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let dir_field = row![
            text_input(&default_dir, &self.data_dir)
                .id(DATA_DIR_ID)
                .on_input(Message::DataDir)
                .on_submit(Message::Save),
            button(text(fl!("settings-choose"))).on_press(Message::ChooseDataDir),
            button(text(fl!("settings-default")))
                .style(button::secondary)
                .on_press(Message::DefaultDataDir),
        ]
        .spacing(SPACING);
        let keychain = match &self.keychain {
            None => fl!("settings-keychain-checking"),
            Some(Ok(name)) => fl!("settings-keychain-ok", name = name.to_string()),
            Some(Err(reason)) => fl!("settings-keychain-none", reason = reason.clone()),
        };
        let renderer = match super::renderer::chosen() {
            None => "—".to_string(),
            Some(super::renderer::Choice::Asked(name)) => {
                fl!("settings-renderer-asked", name = name.clone())
            }
            Some(super::renderer::Choice::Gpu(name)) => {
                fl!("settings-renderer-gpu", name = name.clone())
            }
            Some(super::renderer::Choice::Software(names)) => {
                fl!("settings-renderer-software", names = names.join(", "))
            }
            Some(super::renderer::Choice::NoAdapter) => fl!("settings-renderer-none"),
        };
        let file = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| fl!("settings-no-file"));

        let mut form = column![
            text(fl!("settings-title")).size(22),
            field(
                fl!("settings-language"),
                pick_list(
                    languages,
                    Some(LanguageChoice(self.language.clone())),
                    |c| { Message::Language(c) }
                )
                .width(280),
            ),
            field(
                fl!("settings-theme"),
                pick_list(themes, Some(ThemeOption(self.theme)), Message::Theme).width(280),
            ),
            field(fl!("settings-warning-days"), days_field),
            field(
                fl!("settings-notifications"),
                iced::widget::checkbox(self.desktop_notifications)
                    .label(fl!("settings-notifications-on"))
                    .on_toggle(Message::DesktopNotifications),
            ),
            field(fl!("settings-data-dir"), dir_field),
            field(
                fl!("settings-team"),
                column![
                    text_input(&fl!("settings-team-placeholder"), &self.team_url)
                        .id(TEAM_URL_ID)
                        .on_input(Message::TeamUrl)
                        .on_submit(Message::Save),
                    text(fl!("settings-team-explained")).size(12),
                ]
                .extend(
                    self.team_address()
                        .err()
                        .map(|reason| text(reason).size(13).style(text::danger).into()),
                )
                .spacing(4),
            ),
            field(
                fl!("shared-title"),
                self.shared
                    .view(uses, self.applied.team_url.as_deref())
                    .map(Message::Shared),
            ),
            field(fl!("settings-keychain"), text(keychain).size(14)),
            field(fl!("doctor-title"), self.health.view().map(Message::Health)),
            field(fl!("settings-renderer"), text(renderer).size(14)),
            field(fl!("settings-file"), text(file).size(13)),
            row![
                button(text(fl!("settings-save"))).on_press_maybe(changed.then_some(Message::Save)),
                button(text(fl!("settings-revert")))
                    .style(button::secondary)
                    .on_press(Message::Revert),
            ]
            .spacing(SPACING),
        ]
        .spacing(16)
        .max_width(760);
        if let Some(notice) = &self.notice {
            let (message, tone) = match notice {
                Ok(message) => (message.clone(), crate::pki::status::Severity::Info),
                Err(reason) => (reason.clone(), crate::pki::status::Severity::Error),
            };
            form = form.push(
                container(text(message).size(13))
                    .padding(8)
                    .style(style::badge(tone)),
            );
        }
        scrollable(container(form).padding(8).width(Fill)).into()
    }
}

fn field<'a>(label: String, input: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    column![
        text(label).size(14),
        input.into(),
        space::vertical().height(0)
    ]
    .spacing(4)
    .into()
}

/// A language in the picker: `None` follows the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageChoice(pub Option<String>);

impl fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0.as_deref() {
            None => fl!("settings-language-system"),
            // Each language is named in itself, as pickers do, so a user lost in a foreign
            // language still finds their own.
            Some("de") => fl!("language-de"),
            Some("en") => fl!("language-en"),
            Some("es") => fl!("language-es"),
            Some("fr") => fl!("language-fr"),
            Some("ja") => fl!("language-ja"),
            Some(other) => other.to_string(),
        };
        f.write_str(&name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeOption(pub ThemeChoice);

impl fmt::Display for ThemeOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            ThemeChoice::System => fl!("theme-system"),
            ThemeChoice::Light => fl!("theme-light"),
            ThemeChoice::Dark => fl!("theme-dark"),
        })
    }
}
