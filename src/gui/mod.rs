//! The desktop window: a thin shell over the core. Files are decoded and judged, the inventory
//! read and changed, on worker threads; the UI thread only keeps state and draws it.
//!
//! The shape (as iced's "Scaling applications" guide and halloy have it): one module per
//! [`Screen`] with its state, its `Message`, an `update` answering with an `Action`, and its
//! `view`; one [`Modal`] open at a time; blocking work in `inventory` and `work`, which know no
//! screen. Screens that only ask for something send an [`Intent`]. `App` owns them all, routes
//! messages and answers actions; no module imports this one (the `gui_structure` test checks).

mod account_dialog;
mod alarms_view;
mod app_intents;
mod app_load;
mod app_view;
mod csr_wizard;
mod dialog;
mod discovery;
mod dns_dialog;
mod explain;
mod export_dialog;
mod frame;
mod health;
pub mod i18n;
mod import_review;
mod inspect;
mod intake;
mod intent;
pub mod inventory;
mod inventory_view;
mod issuer_dialog;
mod labels;
pub mod list;
mod modal;
mod node_dialog;
mod nodes_list;
mod nodes_view;
mod notes;
mod overview;
mod policy_view;
mod push_dialog;
mod push_review;
mod renderer;
pub mod renewals;
mod renewals_view;
mod requests_view;
mod revocation_check;
mod screen;
pub mod settings_screen;
pub(crate) mod shared_inventory;
mod style;
pub(crate) mod team_watch;
mod trust_view;
mod widgets;
mod window;
mod windowed;
mod work;

use std::path::PathBuf;
use std::sync::Arc;

use iced::{Event, Subscription, Task, event};
use time::OffsetDateTime;

use self::intent::Intent;
use self::inventory::Loaded;
use self::modal::Modal;
pub use self::screen::Screen;
use self::work::work;
use crate::fl;
use crate::settings::Settings;
use crate::store::ImportInput;

/// Opens the window and runs until it is closed.
pub fn run(files: Vec<PathBuf>) -> iced::Result {
    // A machine without a GPU draws with tiny-skia: the program may start itself again.
    if let renderer::Start::Restarted(code) = renderer::choose() {
        std::process::exit(code);
    }
    let (settings, path, error) = window::read_settings();
    i18n::select(settings.language.as_deref());
    let boot =
        move || App::with_settings(files.clone(), settings.clone(), path.clone(), error.clone());
    iced::application(boot, App::update, App::view)
        .title(|_: &App| fl!("app-title"))
        .subscription(App::subscription)
        .theme(|app: &App| window::theme(&app.settings))
        .window(window::settings())
        .run()
}

/// Keyboard shortcuts (the platform's command key: Ctrl, or Cmd on macOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+O: the import dialog.
    Import,
    /// Ctrl+F: the filter field.
    Find,
    /// Esc: closes the top dialog, the paste box, else clears the filter.
    Escape,
    /// Down / Up outside a text field: the next or previous row of the list.
    Next,
    Previous,
    /// Delete outside a text field: asks to delete the selected certificate.
    Delete,
    /// Ctrl+E: exports the selected certificate.
    Export,
}

#[derive(Debug, Clone)]
pub enum Message {
    Show(Screen),
    Intent(Intent),
    Shortcut(Shortcut),
    InventoryLoaded(Result<Arc<Loaded>, String>),
    /// A change made on a worker thread (trust, assignment) and the inventory loaded again.
    InventoryChanged(Result<Arc<Loaded>, String>),
    Deleted(String, Result<Arc<Loaded>, String>),
    Intake(intake::Message),
    Inspect(inspect::Message),
    List(list::Message),
    Modal(modal::Message),
    Notes(notes::Message),
    Settings(settings_screen::Message),
    Overview(overview::Message),
    Discovery(discovery::Message),
    Renewals(renewals::Message),
    Revocation(revocation_check::Message),
    NodeChecked(String, Result<nodes_view::Checked, String>),
    PushesResumed(Result<(Vec<crate::push::NodeOutcome>, Arc<Loaded>), String>),
    /// The alarms not announced before (after the inventory was loaded).
    FreshAlarms(Result<Vec<crate::store::report::AlarmEntry>, String>),
    /// The desktop announced new alarms, or why it could not.
    Announced(Result<(), String>),
    /// A member changed the shared inventory (or listening stopped); then time to reload.
    Shared(team_watch::Event),
    SharedSettled,
    /// Where the Alarms screen's list is scrolled to.
    AlarmsScrolled(iced::widget::scrollable::Viewport),
}

/// The window's state: the shared inventory and settings, each screen's state, the open dialog.
pub struct App {
    screen: Screen,
    settings: Settings,
    loaded: Option<Arc<Loaded>>,
    load_error: Option<String>,
    /// What happened: the latest is shown, the bell lists them all.
    notes: notes::Notes,
    /// The desktop refused a notification once: not asked again this session.
    desktop_silent: bool,
    /// Inventory changes and node checks under way.
    busy: usize,
    /// Interrupted pushes are being rolled back or completed (the banner says so).
    resuming: bool,
    /// A member changed the shared inventory: it is reloaded once the burst settles.
    reload_due: bool,
    modal: Option<Modal>,
    intake: intake::State,
    inspect: inspect::State,
    list: list::State,
    overview: overview::State,
    discovery: discovery::State,
    /// Where the Alarms screen's list is scrolled to.
    alarms_window: windowed::Window,
    renewals: renewals::State,
    revocation: revocation_check::State,
    settings_screen: settings_screen::State,
}

impl App {
    /// A window with default settings and no settings file (tests).
    #[cfg(test)]
    fn new(files: Vec<PathBuf>) -> (Self, Task<Message>) {
        Self::with_settings(files, Settings::default(), None, None)
    }

    fn with_settings(
        files: Vec<PathBuf>,
        settings: Settings,
        settings_path: Option<PathBuf>,
        settings_error: Option<String>,
    ) -> (Self, Task<Message>) {
        // Files given on the command line (`certdeck FILE...`, a file manager's "Open with") are
        // inspected; otherwise the window opens on the overview.
        let screen = if files.is_empty() {
            Screen::Overview
        } else {
            Screen::Inspect
        };
        let mut app = Self {
            screen,
            settings_screen: settings_screen::State::new(
                settings.clone(),
                settings_path,
                settings_error,
            ),
            settings,
            loaded: None,
            load_error: None,
            notes: notes::Notes::default(),
            desktop_silent: false,
            busy: 0,
            resuming: false,
            reload_due: false,
            modal: None,
            intake: intake::State::default(),
            inspect: inspect::State::default(),
            list: list::State::default(),
            overview: overview::State::default(),
            discovery: discovery::State::default(),
            alarms_window: windowed::Window::default(),
            renewals: renewals::State::default(),
            revocation: revocation_check::State::default(),
        };
        let task = if files.is_empty() {
            app.load_inventory()
        } else {
            let sources = files.into_iter().map(inspect::Source::File).collect();
            app.inspect.inspect(sources).map(Message::Inspect)
        };
        (app, task)
    }

    fn subscription(&self) -> Subscription<Message> {
        let shared = self.loaded.as_ref().and_then(|l| l.shared.clone());
        Subscription::batch([
            event::listen_with(window_event),
            team_watch::changes(shared).map(Message::Shared),
        ])
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Show(screen) => self.show(screen),
            Message::Intent(intent) => self.intent(intent),
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
            Message::InventoryLoaded(result) => self.set_loaded(result),
            Message::InventoryChanged(result) => {
                self.busy = self.busy.saturating_sub(1);
                match result {
                    Ok(loaded) => self.set_loaded(Ok(loaded)),
                    Err(error) => self.problem(error),
                }
            }
            Message::Deleted(name, result) => {
                self.busy = self.busy.saturating_sub(1);
                let loaded = match result {
                    Ok(loaded) => loaded,
                    Err(error) => return self.problem(error),
                };
                self.note(fl!("deleted", name = name));
                // The row below the deleted one takes its place in the selection.
                let position =
                    (self.loaded.as_deref()).and_then(|old| self.list.selected_position(old));
                self.list.forget_selection();
                let reloaded = self.set_loaded(Ok(loaded.clone()));
                match position {
                    Some(position) => Task::batch([
                        reloaded,
                        self.list.select_at(position, &loaded).map(Message::List),
                    ]),
                    None => reloaded,
                }
            }
            Message::Intake(message) => match self.intake.update(message) {
                intake::Action::None => Task::none(),
                intake::Action::Run(task) => task.map(Message::Intake),
                intake::Action::Files(paths) => self.receive(paths),
                intake::Action::Pasted(text) => self.receive_pasted(text),
            },
            Message::Inspect(message) => match self.inspect.update(message) {
                inspect::Action::None => Task::none(),
                inspect::Action::Run(task) => task.map(Message::Inspect),
                inspect::Action::PickFiles => {
                    self.update(Message::Intake(intake::Message::PickFiles))
                }
            },
            Message::List(message) => match self.list.update(message, self.loaded.as_ref()) {
                list::Action::None => Task::none(),
                list::Action::Run(task) => task.map(Message::List),
                list::Action::Intent(intent) => self.intent(intent),
                list::Action::Revocation(message) => self.update(Message::Revocation(message)),
            },
            Message::Modal(message) => self.modal_message(message),
            Message::Notes(message) => {
                self.notes.update(message);
                Task::none()
            }
            Message::Settings(message) => match self.settings_screen.update(message) {
                settings_screen::Action::None => Task::none(),
                settings_screen::Action::Run(task) => task.map(Message::Settings),
                settings_screen::Action::Apply(settings) => self.apply_settings(settings),
                settings_screen::Action::Reload => self.load_inventory(),
            },
            Message::Overview(message) => match self.overview.update(message) {
                overview::Action::None => Task::none(),
                overview::Action::ShowExpiring(start, end) => {
                    self.narrow(list::Narrowing::Expiring(start, end))
                }
                overview::Action::ShowStatus(code) => self.narrow(list::Narrowing::Status(code)),
                overview::Action::OpenNode(name) => {
                    self.screen = Screen::ByNode;
                    self.intent(Intent::EditNode(Some(name)))
                }
            },
            Message::Discovery(message) => match self.discovery.update(message, &self.settings) {
                discovery::Action::None => Task::none(),
                discovery::Action::Run(task) => task.map(Message::Discovery),
                discovery::Action::Loaded(loaded) => self.set_loaded(Ok(loaded)),
            },
            Message::Renewals(message) => self.renewals_message(message),
            Message::Revocation(message) => match self.revocation.update(message, &self.settings) {
                revocation_check::Action::None => Task::none(),
                revocation_check::Action::Run(task) => task.map(Message::Revocation),
                revocation_check::Action::Finished(loaded, notes) => {
                    self.notes_of(notes);
                    self.set_loaded(Ok(loaded))
                }
                revocation_check::Action::Problem(error) => self.problem(error),
            },
            Message::NodeChecked(name, result) => {
                self.busy = self.busy.saturating_sub(1);
                let (checks, loaded) = match result {
                    Ok(checked) => checked,
                    Err(error) => return self.problem(error),
                };
                if checks.iter().all(|c| c.ok) {
                    self.note(fl!("nodes-check-ok", node = name, count = checks.len()));
                } else {
                    let detail = crate::push::session::check_result(&checks);
                    self.problem_note(fl!("nodes-check-failed", node = name, detail = detail));
                }
                self.set_loaded(Ok(loaded))
            }
            Message::PushesResumed(result) => {
                self.resuming = false;
                let (outcomes, loaded) = match result {
                    Ok(resumed) => resumed,
                    Err(error) => return self.problem(error),
                };
                for outcome in outcomes {
                    let words = fl!(
                        "push-resumed",
                        node = outcome.node.clone(),
                        detail = outcome.detail.clone()
                    );
                    match outcome.result {
                        crate::push::PushResult::Failed => self.problem_note(words),
                        _ => self.note(words),
                    };
                }
                self.set_loaded(Ok(loaded))
            }
            Message::FreshAlarms(Ok(fresh)) => {
                let loaded = self.loaded.as_deref();
                let texts: Vec<String> = fresh
                    .iter()
                    .map(|a| alarms_view::alarm_text(loaded, a))
                    .collect();
                for text in &texts {
                    self.note(fl!("notes-alarm", alarm = text.clone()));
                }
                self.announce(texts)
            }
            Message::FreshAlarms(Err(error)) => {
                eprintln!("certdeck: new alarms not looked for: {error}");
                Task::none()
            }
            Message::Shared(event) => self.shared_changed(event),
            Message::SharedSettled => self.shared_settled(),
            Message::AlarmsScrolled(viewport) => {
                self.alarms_window.scrolled(viewport);
                Task::none()
            }
            Message::Announced(Ok(())) => Task::none(),
            Message::Announced(Err(error)) => {
                self.desktop_silent = true;
                self.problem(fl!("notes-desktop-refused", reason = error))
            }
        }
    }

    /// Shows a screen; the inventory is loaded first if the screen needs it.
    fn show(&mut self, screen: Screen) -> Task<Message> {
        self.screen = screen;
        let load = if screen.needs_inventory() && self.loaded.is_none() {
            self.load_inventory()
        } else {
            Task::none()
        };
        let opened = match screen {
            Screen::Settings => self.settings_screen.opened().map(Message::Settings),
            Screen::Renewals => self.renewals_message(renewals::Message::CheckSchedule),
            _ => Task::none(),
        };
        Task::batch([load, opened])
    }

    /// A message of the Renewals screen; what it did to the inventory taken in here.
    fn renewals_message(&mut self, message: renewals::Message) -> Task<Message> {
        let action = self
            .renewals
            .update(message, self.loaded.as_ref(), &self.settings);
        match action {
            renewals::Action::None => Task::none(),
            renewals::Action::Run(task) => task.map(Message::Renewals),
            renewals::Action::Loaded {
                loaded,
                notes,
                then,
            } => {
                let failures: Vec<String> = notes
                    .iter()
                    .filter(|(_, problem)| *problem)
                    .map(|(note, _)| note.clone())
                    .collect();
                self.notes_of(notes);
                Task::batch([
                    self.set_loaded(Ok(loaded)),
                    then.map(Message::Renewals),
                    self.announce(failures),
                ])
            }
            renewals::Action::Problem(error) => self.problem(error),
            renewals::Action::Started { loaded, task } => {
                self.screen = Screen::Renewals;
                let reloaded = match loaded {
                    Some(loaded) => self.set_loaded(Ok(loaded)),
                    None => Task::none(),
                };
                Task::batch([reloaded, task.map(Message::Renewals)])
            }
        }
    }

    /// Files arrive (dropped, picked): inspected on the Inspect screen, else reviewed for the
    /// inventory.
    fn receive(&mut self, paths: Vec<PathBuf>) -> Task<Message> {
        if self.screen == Screen::Inspect {
            let sources = paths.into_iter().map(inspect::Source::File).collect();
            return self.inspect.inspect(sources).map(Message::Inspect);
        }
        self.review_import(paths.into_iter().map(ImportInput::Path).collect())
    }

    /// Pasted PEM: inspected on the Inspect screen, else reviewed for the inventory.
    fn receive_pasted(&mut self, text: String) -> Task<Message> {
        if self.screen == Screen::Inspect {
            let source = inspect::Source::Pasted(Arc::new(text));
            return self.inspect.inspect(vec![source]).map(Message::Inspect);
        }
        let name = inspect::PASTED.to_string();
        self.review_import(vec![ImportInput::Text { name, text }])
    }

    /// The import review over the inventory (more inputs join an open one); it starts by
    /// reading them.
    fn review_import(&mut self, inputs: Vec<ImportInput>) -> Task<Message> {
        match &mut self.modal {
            Some(Modal::Review(review)) => {
                return review
                    .add(inputs, &self.settings)
                    .map(modal::Message::Review)
                    .map(Message::Modal);
            }
            Some(_) => return self.problem(fl!("import-dialog-open")),
            None => {}
        }
        self.screen = Screen::Inventory;
        let options = crate::pki::DecodeOptions::default();
        let (review, task) = import_review::State::open(inputs, options, &self.settings);
        self.modal = Some(Modal::Review(review));
        task.map(modal::Message::Review).map(Message::Modal)
    }

    /// Saved settings take effect: the language and theme on the next frame, the inventory is
    /// loaded again when its folder or the warning period changed.
    fn apply_settings(&mut self, settings: Settings) -> Task<Message> {
        let reload = settings.data_dir != self.settings.data_dir
            || settings.warning_days != self.settings.warning_days;
        if settings.language != self.settings.language {
            i18n::select(settings.language.as_deref());
        }
        if settings.data_dir != self.settings.data_dir {
            self.list.forget_selection();
        }
        self.settings = settings;
        if !reload {
            return Task::none();
        }
        self.loaded = None;
        self.load_inventory()
    }

    /// A newly loaded inventory: every screen follows it, and its new alarms are looked for.
    fn set_loaded(&mut self, result: Result<Arc<Loaded>, String>) -> Task<Message> {
        let loaded = match result {
            Ok(loaded) => loaded,
            Err(error) => {
                self.load_error = Some(error);
                return Task::none();
            }
        };
        self.load_error = None;
        self.loaded = Some(loaded.clone());
        let reselected = self.list.reloaded(&loaded).map(Message::List);
        let settings = self.settings.clone();
        let fresh = Task::perform(
            work(move || inventory::fresh_alarms(&loaded.alarms, &settings)),
            Message::FreshAlarms,
        );
        Task::batch([reselected, fresh])
    }

    /// Shows the list narrowed as the overview asked.
    fn narrow(&mut self, narrowing: list::Narrowing) -> Task<Message> {
        self.screen = Screen::Inventory;
        self.list
            .narrow(narrowing, self.loaded.as_ref())
            .map(Message::List)
    }

    /// Problems announced on the desktop too, when the settings allow and it listens.
    fn announce(&self, texts: Vec<String>) -> Task<Message> {
        if texts.is_empty() || !self.settings.desktop_notifications || self.desktop_silent {
            return Task::none();
        }
        Task::perform(work(move || notes::announce(&texts)), Message::Announced)
    }

    /// Adds a note to the window's list.
    fn note(&mut self, text: String) {
        self.notes.push(text, false, OffsetDateTime::now_utc());
    }

    /// Adds a problem to the window's list.
    fn problem_note(&mut self, text: String) {
        self.notes.push(text, true, OffsetDateTime::now_utc());
    }

    /// Adds a problem to the window's list; nothing else follows.
    fn problem(&mut self, text: String) -> Task<Message> {
        self.problem_note(text);
        Task::none()
    }

    /// Notes and problems (`true`) a job reported.
    fn notes_of(&mut self, notes: Vec<(String, bool)>) {
        let now = OffsetDateTime::now_utc();
        for (text, problem) in notes {
            self.notes.push(text, problem, now);
        }
    }
}

/// Window events the app cares about; a plain function so it can be tested without a window.
pub fn window_event(event: Event, status: event::Status, _id: iced::window::Id) -> Option<Message> {
    use iced::keyboard::{self, Key, key::Named};
    use iced::window::Event as Window;
    let intake = |message| Some(Message::Intake(message));
    match event {
        Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
            let shortcut = match key.as_ref() {
                Key::Character("o") if modifiers.command() => Shortcut::Import,
                Key::Character("f") if modifiers.command() => Shortcut::Find,
                Key::Character("e") if modifiers.command() => Shortcut::Export,
                Key::Named(Named::Escape) => Shortcut::Escape,
                // Arrows typed in a text field move its cursor, not the selection.
                Key::Named(Named::ArrowDown) if status == event::Status::Ignored => Shortcut::Next,
                Key::Named(Named::Delete) if status == event::Status::Ignored => Shortcut::Delete,
                Key::Named(Named::ArrowUp) if status == event::Status::Ignored => {
                    Shortcut::Previous
                }
                _ => return None,
            };
            Some(Message::Shortcut(shortcut))
        }
        Event::Window(Window::FileHovered(_)) => intake(intake::Message::FileHovered),
        Event::Window(Window::FilesHoveredLeft) => intake(intake::Message::HoverLeft),
        Event::Window(Window::FileDropped(path)) => intake(intake::Message::FileDropped(path)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
