//! The desktop window: a thin shell over [`crate::pki`]. Files are decoded and judged on worker
//! threads; the UI thread only keeps state and draws it.

mod account_dialog;
mod alarms_view;
mod csr_wizard;
mod dialog;
mod discovery;
mod dns_dialog;
mod explain;
mod export_dialog;
pub mod i18n;
mod import_review;
pub mod inventory;
mod inventory_view;
mod issuer_dialog;
mod labels;
mod node_dialog;
mod nodes_list;
mod nodes_view;
mod notes;
mod overview;
mod policy_view;
mod push_dialog;
mod renderer;
pub mod renewals;
mod renewals_view;
mod requests_view;
mod revocation_check;
pub mod settings_screen;
mod style;
mod trust_view;
mod view;

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::text_editor;
use iced::{Event, Subscription, Task, event, window};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::fl;
use crate::pki::{self, CertificateReport, DecodeError, DecodeOptions, Decoded, InspectOptions};
use crate::settings::Settings;
use crate::store::ImportInput;

/// The inventory's filter field, focused by Ctrl+F and found by tests.
const FILTER_ID: &str = "inventory-filter";

/// The inventory's scrolled list, scrolled to keep a row picked by keyboard in view.
const LIST_ID: &str = "inventory-list";
/// The password field shown beside files that need one.
const PASSWORD_ID: &str = "file-password";

/// The window's size when it opens.
const WINDOW_SIZE: iced::Size = iced::Size::new(1280.0, 800.0);

/// Linux application id; equals `StartupWMClass` in the `.desktop` file.
pub const APPLICATION_ID: &str = "io.github.certdeck.Certdeck";

/// The user's settings file, read at start; a damaged file is reported (in the settings screen)
/// and the defaults used.
fn read_settings() -> (Settings, Option<PathBuf>, Option<String>) {
    let Some(path) = Settings::default_path() else {
        return (Settings::default(), None, None);
    };
    match Settings::load(&path) {
        Ok(settings) => (settings, Some(path), None),
        Err(error) => {
            eprintln!("certdeck: settings not used: {error}");
            (Settings::default(), Some(path), Some(error))
        }
    }
}

/// The theme the settings ask for; `None` follows the system's light or dark mode.
fn theme(app: &App) -> Option<iced::Theme> {
    use crate::settings::ThemeChoice;
    match app.settings.theme {
        ThemeChoice::System => None,
        ThemeChoice::Light => Some(iced::Theme::Light),
        ThemeChoice::Dark => Some(iced::Theme::Dark),
    }
}

/// Opens the window and runs until it is closed.
pub fn run(files: Vec<PathBuf>) -> iced::Result {
    // A machine without a GPU draws with tiny-skia: the program may start itself again.
    if let renderer::Start::Restarted(code) = renderer::choose() {
        std::process::exit(code);
    }
    let (settings, path, error) = read_settings();
    i18n::select(settings.language.as_deref());
    let boot =
        move || App::with_settings(files.clone(), settings.clone(), path.clone(), error.clone());
    iced::application(boot, App::update, App::view)
        .title(|_: &App| fl!("app-title"))
        .subscription(App::subscription)
        .theme(theme)
        .window(window::Settings {
            size: WINDOW_SIZE,
            min_size: Some(iced::Size::new(800.0, 500.0)),
            icon: window_icon(),
            platform_specific: platform_specific(),
            ..window::Settings::default()
        })
        .run()
}

/// Linux desktops match the window to its .desktop entry (and icon) by this id; the field exists
/// only there.
#[cfg(target_os = "linux")]
fn platform_specific() -> window::settings::PlatformSpecific {
    window::settings::PlatformSpecific {
        application_id: APPLICATION_ID.to_string(),
        ..Default::default()
    }
}

#[cfg(not(target_os = "linux"))]
fn platform_specific() -> window::settings::PlatformSpecific {
    window::settings::PlatformSpecific::default()
}

/// The window's icon (title bar, task bar): the packaged 64 px icon, compiled in.
fn window_icon() -> Option<window::Icon> {
    let png =
        include_bytes!("../../packaging/icons/hicolor/64x64/apps/io.github.certdeck.Certdeck.png");
    let mut reader = png::Decoder::new(std::io::Cursor::new(&png[..]))
        .read_info()
        .ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut rgba).ok()?;
    // The packaged icon is 8-bit RGBA, which is what the window takes.
    if (frame.color_type, frame.bit_depth) != (png::ColorType::Rgba, png::BitDepth::Eight) {
        return None;
    }
    rgba.truncate(frame.buffer_size());
    window::icon::from_rgba(rgba, frame.width, frame.height).ok()
}

/// What one import produced: the decoded objects and the passwords that were tried.
#[derive(Debug, Clone)]
pub struct Imported {
    decoded: Arc<Decoded>,
    sources: Vec<Source>,
}

/// Where an import came from, so it can be retried with a password.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Pasted(Arc<String>),
}

/// How the overview narrowed the list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Narrowing {
    /// Expiring in `[start, end)`.
    Expiring(OffsetDateTime, OffsetDateTime),
    /// Under this overall status.
    Status(crate::pki::StatusCode),
}

impl Narrowing {
    fn admits(
        self,
        row: &crate::store::CertificateRow,
        assessment: &crate::pki::status::Assessment,
    ) -> bool {
        match self {
            Self::Expiring(start, end) => start <= row.facts.not_after && row.facts.not_after < end,
            Self::Status(code) => assessment.overall == code,
        }
    }
}

/// The window's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The estate at a glance: statuses, expiry timeline, node health, next renewals.
    Overview,
    /// The inventory: what is kept, sorted by status.
    Inventory,
    /// Files decoded without keeping them.
    Inspect,
    /// Language, theme, warning period, data folder.
    Settings,
    /// What needs attention.
    Alarms,
    /// The trusted CA list, custom and built-in.
    TrustedCas,
    /// Each node with its certificate, trust list and alarms.
    ByNode,
    /// The nodes themselves: how each is reached, its pin, adding, editing, removing.
    Nodes,
    /// Scans for TLS endpoints, what each serves, adopting one as a node.
    Discovery,
    /// Signing requests, pending and completed.
    Requests,
    /// Certificates from ACME CAs: upcoming renewals, accounts, DNS servers, the renewal log.
    Renewals,
}

/// Keyboard shortcuts (the platform's command key: Ctrl, or Cmd on macOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+O: the import dialog.
    Import,
    /// Ctrl+F: the filter field.
    Find,
    /// Esc: closes the paste box, else clears the filter.
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
    Show(Section),
    InventoryLoaded(Result<Arc<inventory::Loaded>, String>),
    /// The import review's messages (files dropped, picked or pasted onto the inventory).
    Review(import_review::Message),
    Filter(String),
    Shortcut(Shortcut),
    SortBy(inventory::SortColumn),
    ShowOnly(inventory::Show),
    Scrolled(iced::widget::scrollable::Viewport),
    SelectRow(i64),
    FileHovered,
    HoverLeft,
    FileDropped(PathBuf),
    PickFiles,
    Picked(Option<Vec<PathBuf>>),
    PathChanged(String),
    OpenPath,
    TogglePaste,
    PasteAction(text_editor::Action),
    ImportPasted,
    Imported(Imported),
    Judged(u64, Arc<Vec<Option<CertificateReport>>>),
    Select(usize),
    PemAction(text_editor::Action),
    PasswordChanged(String),
    RetryWithPassword,
    Clear,
    Settings(settings_screen::Message),
    /// Asks for confirmation before deleting the selected certificate.
    AskDelete,
    CancelDelete,
    ConfirmDelete,
    Deleted(String, Result<Arc<inventory::Loaded>, String>),
    /// Opens the export dialog for the selected certificate.
    AskExport,
    /// An alarm was clicked: its certificate in the inventory.
    ShowCertificate(i64),
    /// Puts a CA certificate on the trusted list (`true`) or takes it off.
    SetTrust(i64, bool),
    /// A change made on a worker thread (trust, assignment) and the inventory loaded again.
    InventoryChanged(Result<Arc<inventory::Loaded>, String>),
    /// Assigns a server certificate to the named node.
    Assign(String, i64),
    Export(export_dialog::Message),
    /// Opens the signing-request wizard for a new request.
    NewRequest,
    /// Opens the signing-request wizard to renew the selected certificate.
    RenewSelected,
    Csr(csr_wizard::Message),
    /// Opens the node form: a new node, or the named one to edit.
    EditNode(Option<String>),
    /// The overview screen.
    Overview(overview::Message),
    /// The discovery screen.
    Discovery(discovery::Message),
    /// Lift the overview's narrowing of the list (a bar's dates or a status).
    ClearNarrowing,
    /// Probes the named node's endpoints now.
    CheckNode(String),
    /// Roll back (or complete) the pushes that never finished.
    ResumePushes(crate::push::resume::Resume),
    PushesResumed(Result<(Vec<crate::push::NodeOutcome>, Arc<inventory::Loaded>), String>),
    NodeChecked(String, Result<nodes_view::Checked, String>),
    /// Asks for confirmation before removing the named node.
    AskRemoveNode(String),
    CancelRemoveNode,
    ConfirmRemoveNode,
    Node(node_dialog::Message),
    /// Opens the push dialog: for the selected certificate (`true`), or for nodes (the named one
    /// chosen).
    AskPush(bool, Option<String>),
    Push(push_dialog::Message),
    /// Opens or closes the notification list.
    ToggleNotes,
    ClearNotes,
    /// The alarms not announced before (after the inventory was loaded).
    FreshAlarms(Result<Vec<crate::store::report::AlarmEntry>, String>),
    /// The desktop announced new alarms, or why it could not.
    Announced(Result<(), String>),
    /// The Renewals screen's messages (passes, accounts, DNS servers, the wizard).
    Renewals(renewals::Message),
    /// The inventory's revocation check.
    Revocation(revocation_check::Message),
    /// The verdict under a policy for a selected certificate (its id).
    PolicyJudged(
        i64,
        Result<Option<crate::pki::verify::PolicyVerdict>, String>,
    ),
}

/// The window's state.
pub struct App {
    section: Section,
    overview: overview::State,
    discovery: discovery::State,
    /// The list narrowed from the overview: a bar's expiry dates or one status.
    narrowed: Option<Narrowing>,
    /// The settings in effect.
    settings: Settings,
    settings_screen: settings_screen::State,
    loaded: Option<Arc<inventory::Loaded>>,
    load_error: Option<String>,
    /// What happened: the latest is shown, the bell lists them all.
    notes: notes::Notes,
    /// The desktop refused a notification once: not asked again this session.
    desktop_silent: bool,
    filter: String,
    show: inventory::Show,
    sort: inventory::SortColumn,
    ascending: bool,
    /// Indexes into the loaded rows, filtered and sorted: what the list shows.
    visible: Vec<usize>,
    /// The list's scroll position and visible height, to draw only the visible rows.
    scroll_offset: f32,
    viewport_height: f32,
    selected_row: Option<i64>,
    row_report: Option<CertificateReport>,
    /// The certificate (id, name) waiting for the user to confirm its deletion.
    confirm_delete: Option<(i64, String)>,
    /// The export dialog, when open.
    export: Option<export_dialog::State>,
    /// The signing-request wizard, when open.
    csr: Option<csr_wizard::State>,
    /// The node form, when open.
    node_form: Option<node_dialog::State>,
    /// The node waiting for the user to confirm its removal.
    confirm_remove_node: Option<String>,
    /// The import review, when open.
    review: Option<import_review::State>,
    /// The push dialog, when open.
    push: Option<push_dialog::State>,
    /// The Renewals screen: a pass under way and its dialogs.
    renewals: renewals::State,
    /// The inventory's revocation check, when one runs.
    revocation: revocation_check::State,
    /// The selected certificate's verdict under its policy (its id), once judged.
    policy_verdict: Option<(i64, crate::pki::verify::PolicyVerdict)>,
    decoded: Decoded,
    reports: Arc<Vec<Option<CertificateReport>>>,
    /// Bumped on every change of `decoded`, so late judgements of older contents are dropped.
    generation: u64,
    selected: Option<usize>,
    hovering: bool,
    busy: usize,
    /// Interrupted pushes are being rolled back or completed (the banner says so).
    resuming: bool,
    password: Zeroizing<String>,
    path_input: String,
    /// Shown when the native dialog is unavailable (Linux without a portal).
    show_path_input: bool,
    paste: Option<text_editor::Content>,
    pem_view: text_editor::Content,
    /// Inputs whose objects need a password, kept to retry them.
    needs_password: Vec<Source>,
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
        // Home is the overview; files given on the command line are inspected.
        let section = if files.is_empty() {
            Section::Overview
        } else {
            Section::Inspect
        };
        let mut app = Self {
            section,
            overview: overview::State::default(),
            discovery: discovery::State::default(),
            narrowed: None,
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
            filter: String::new(),
            show: inventory::Show::All,
            sort: inventory::SortColumn::Status,
            ascending: true,
            visible: Vec::new(),
            scroll_offset: 0.0,
            viewport_height: 800.0,
            selected_row: None,
            row_report: None,
            confirm_delete: None,
            export: None,
            csr: None,
            node_form: None,
            confirm_remove_node: None,
            review: None,
            push: None,
            renewals: renewals::State::default(),
            revocation: revocation_check::State::default(),
            policy_verdict: None,
            decoded: Decoded::default(),
            reports: Arc::new(Vec::new()),
            generation: 0,
            selected: None,
            hovering: false,
            busy: 0,
            resuming: false,
            password: Zeroizing::new(String::new()),
            path_input: String::new(),
            show_path_input: false,
            paste: None,
            pem_view: text_editor::Content::new(),
            needs_password: Vec::new(),
        };
        // Files given on the command line (`certdeck FILE...`, a file manager's "Open with") are
        // inspected; otherwise the window opens on the inventory.
        let task = if files.is_empty() {
            app.load_inventory()
        } else {
            app.import(files.into_iter().map(Source::File).collect())
        };
        (app, task)
    }

    fn subscription(&self) -> Subscription<Message> {
        event::listen_with(window_event)
    }

    /// Handles a message; when it brought a newly loaded inventory, its new alarms are looked for.
    fn update(&mut self, message: Message) -> Task<Message> {
        let before = self.loaded.clone();
        let selected = self.selected_row;
        let mut task = self.handle(message);
        let reloaded = match (&before, &self.loaded) {
            (Some(before), Some(now)) => !Arc::ptr_eq(before, now),
            (None, Some(_)) => true,
            _ => false,
        };
        // The selected certificate's verdict is judged again when it or the inventory changes.
        if (reloaded || selected != self.selected_row)
            && let (Some(id), Some(loaded)) = (self.selected_row, self.loaded.clone())
        {
            self.policy_verdict = None;
            task = Task::batch([
                task,
                Task::perform(work(move || policy_view::judge(&loaded, id)), move |r| {
                    Message::PolicyJudged(id, r)
                }),
            ]);
        }
        match &self.loaded {
            Some(now) if reloaded => Task::batch([task, self.look_for_new_alarms(now.clone())]),
            _ => task,
        }
    }

    /// Records which of the loaded alarms are new, on a worker thread.
    fn look_for_new_alarms(&self, loaded: Arc<inventory::Loaded>) -> Task<Message> {
        let settings = self.settings.clone();
        Task::perform(
            work(move || inventory::fresh_alarms(&loaded.alarms, &settings)),
            Message::FreshAlarms,
        )
    }

    /// Adds a note to the window's list.
    fn note(&mut self, text: String) {
        self.notes.push(text, false, OffsetDateTime::now_utc());
    }

    /// Adds a problem to the window's list.
    fn problem_note(&mut self, text: String) {
        self.notes.push(text, true, OffsetDateTime::now_utc());
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::ToggleNotes => {
                self.notes.toggle();
                Task::none()
            }
            Message::ClearNotes => {
                self.notes.clear();
                Task::none()
            }
            Message::FreshAlarms(Ok(fresh)) => {
                let texts: Vec<String> = fresh.iter().map(|a| self.alarm_text(a)).collect();
                for text in &texts {
                    self.note(fl!("notes-alarm", alarm = text.clone()));
                }
                if texts.is_empty() || !self.settings.desktop_notifications || self.desktop_silent {
                    return Task::none();
                }
                Task::perform(work(move || notes::announce(&texts)), Message::Announced)
            }
            Message::FreshAlarms(Err(error)) => {
                eprintln!("certdeck: new alarms not looked for: {error}");
                Task::none()
            }
            Message::Announced(Ok(())) => Task::none(),
            Message::Renewals(message) => self.renewals_message(message),
            Message::PolicyJudged(id, result) => {
                match result {
                    Ok(Some(verdict)) if self.selected_row == Some(id) => {
                        self.policy_verdict = Some((id, verdict));
                    }
                    Ok(_) => {}
                    Err(error) => eprintln!("certdeck: no policy verdict for #{id}: {error}"),
                }
                Task::none()
            }
            Message::Revocation(message) => match self.revocation.update(message, &self.settings) {
                revocation_check::Action::None => Task::none(),
                revocation_check::Action::Run(task) => task.map(Message::Revocation),
                revocation_check::Action::Finished(loaded, notes) => {
                    self.set_loaded(Ok(loaded));
                    for (note, problem) in notes {
                        if problem {
                            self.problem_note(note);
                        } else {
                            self.note(note);
                        }
                    }
                    Task::none()
                }
                revocation_check::Action::Problem(error) => {
                    self.problem_note(error);
                    Task::none()
                }
            },
            Message::Announced(Err(error)) => {
                self.desktop_silent = true;
                self.problem_note(fl!("notes-desktop-refused", reason = error));
                Task::none()
            }
            Message::Overview(message) => match self.overview.update(message) {
                overview::Action::None => Task::none(),
                overview::Action::ShowExpiring(start, end) => {
                    self.narrow(Narrowing::Expiring(start, end))
                }
                overview::Action::ShowStatus(code) => self.narrow(Narrowing::Status(code)),
                overview::Action::OpenNode(name) => {
                    self.section = Section::ByNode;
                    self.update(Message::EditNode(Some(name)))
                }
            },
            Message::Discovery(message) => match self.discovery.update(message, &self.settings) {
                discovery::Action::None => Task::none(),
                discovery::Action::Run(task) => task.map(Message::Discovery),
                discovery::Action::Loaded(loaded) => {
                    self.set_loaded(Ok(loaded));
                    Task::none()
                }
            },
            Message::ClearNarrowing => {
                self.narrowed = None;
                self.refresh_visible();
                Self::list_to_top()
            }
            Message::Show(section) => {
                self.section = section;
                match section {
                    Section::Overview
                    | Section::Inventory
                    | Section::Discovery
                    | Section::Alarms
                    | Section::TrustedCas
                    | Section::ByNode
                    | Section::Nodes
                    | Section::Requests
                    | Section::Renewals
                        if self.loaded.is_none() =>
                    {
                        self.load_inventory()
                    }
                    Section::Settings => self.settings_screen.opened().map(Message::Settings),
                    Section::Renewals => self.renewals_message(renewals::Message::CheckSchedule),
                    _ => Task::none(),
                }
            }
            Message::AskDelete => {
                if self.section == Section::Inventory
                    && let (Some(id), Some(report)) = (self.selected_row, &self.row_report)
                {
                    self.confirm_delete = Some((id, report.cert.display_name()));
                }
                Task::none()
            }
            Message::ShowCertificate(id) => {
                self.section = Section::Inventory;
                // Clear what hides the row, then select it and bring it into view.
                if !self.filter.is_empty() || self.show != inventory::Show::All {
                    self.filter.clear();
                    self.show = inventory::Show::All;
                    self.refresh_visible();
                }
                let _ = self.update(Message::SelectRow(id));
                let position = self.loaded.as_ref().and_then(|loaded| {
                    self.visible.iter().position(|&i| loaded.rows[i].0.id == id)
                });
                match position {
                    Some(position) => self.keep_in_view(position),
                    None => Task::none(),
                }
            }
            Message::SetTrust(id, trusted) => self
                .change_inventory(move |inventory, now| {
                    if trusted {
                        inventory.trust(id, now)
                    } else {
                        inventory.distrust(id, now)
                    }
                })
                .map(Message::InventoryChanged),
            Message::Assign(node, id) => self
                .change_inventory(move |inventory, now| inventory.assign(&node, id, now))
                .map(Message::InventoryChanged),
            Message::InventoryChanged(result) => {
                self.busy = self.busy.saturating_sub(1);
                match result {
                    Ok(loaded) => self.set_loaded(Ok(loaded)),
                    Err(error) => self.problem_note(error),
                }
                Task::none()
            }
            Message::AskExport => {
                if self.section == Section::Inventory
                    && let (Some(id), Some(report)) = (self.selected_row, &self.row_report)
                {
                    self.export = Some(export_dialog::State::new(
                        id,
                        report.cert.display_name(),
                        report.has_private_key,
                        self.settings.clone(),
                    ));
                }
                Task::none()
            }
            Message::Export(message) => {
                let Some(dialog) = &mut self.export else {
                    return Task::none();
                };
                match dialog.update(message) {
                    export_dialog::Action::None => Task::none(),
                    export_dialog::Action::Run(task) => task.map(Message::Export),
                    export_dialog::Action::Close => {
                        self.export = None;
                        Task::none()
                    }
                    export_dialog::Action::Done(path) => {
                        self.export = None;
                        self.note(fl!("exported", path = path.display().to_string()));
                        Task::none()
                    }
                }
            }
            Message::NewRequest => {
                let nodes = self
                    .loaded
                    .as_ref()
                    .map(|l| l.nodes.clone())
                    .unwrap_or_default();
                self.csr = Some(csr_wizard::State::new(nodes));
                iced::widget::operation::focus(csr_wizard::COMMON_NAME_ID)
            }
            Message::RenewSelected => {
                let (Some(id), Some(report), Some(loaded)) =
                    (self.selected_row, &self.row_report, &self.loaded)
                else {
                    return Task::none();
                };
                let node = loaded
                    .rows
                    .iter()
                    .find(|(row, _)| row.id == id)
                    .and_then(|(row, _)| row.nodes.first().cloned());
                self.csr = Some(csr_wizard::State::renew(
                    id,
                    &report.cert,
                    report.has_private_key,
                    node,
                    loaded.nodes.clone(),
                ));
                Task::none()
            }
            Message::Csr(message) => {
                let Some(wizard) = &mut self.csr else {
                    return Task::none();
                };
                match wizard.update(message, &self.settings) {
                    csr_wizard::Action::None => Task::none(),
                    csr_wizard::Action::Run(task) => task.map(Message::Csr),
                    csr_wizard::Action::Loaded(loaded) => {
                        self.set_loaded(Ok(loaded));
                        Task::none()
                    }
                    csr_wizard::Action::Notify(note) => {
                        self.note(note);
                        Task::none()
                    }
                    csr_wizard::Action::Close => {
                        self.csr = None;
                        Task::none()
                    }
                }
            }
            Message::EditNode(name) => {
                let Some(loaded) = &self.loaded else {
                    return Task::none();
                };
                let node = name.and_then(|name| loaded.nodes.iter().find(|n| n.name == name));
                self.node_form = Some(node_dialog::State::new(loaded, node));
                iced::widget::operation::focus(node_dialog::NAME_ID)
            }
            Message::CheckNode(name) => {
                self.busy += 1;
                let settings = self.settings.clone();
                let node = name.clone();
                Task::perform(nodes_view::check_node(name, settings), move |result| {
                    Message::NodeChecked(node.clone(), result)
                })
            }
            Message::ResumePushes(how) => {
                if self.resuming {
                    return Task::none();
                }
                self.resuming = true;
                Task::perform(
                    inventory::resume_pushes(how, self.settings.clone()),
                    Message::PushesResumed,
                )
            }
            Message::PushesResumed(result) => {
                self.resuming = false;
                match result {
                    Ok((outcomes, loaded)) => {
                        for outcome in outcomes {
                            let words = fl!(
                                "push-resumed",
                                node = outcome.node.clone(),
                                detail = outcome.detail.clone()
                            );
                            match outcome.result {
                                crate::push::PushResult::Failed => self.problem_note(words),
                                _ => self.note(words),
                            }
                        }
                        self.set_loaded(Ok(loaded));
                    }
                    Err(error) => self.problem_note(error),
                }
                Task::none()
            }
            Message::NodeChecked(name, result) => {
                self.busy = self.busy.saturating_sub(1);
                match result {
                    Ok((checks, loaded)) => {
                        let failed = checks.iter().filter(|c| !c.ok).count();
                        if failed == 0 {
                            self.note(fl!("nodes-check-ok", node = name, count = checks.len()));
                        } else {
                            let detail = crate::push::session::check_result(&checks);
                            self.problem_note(fl!(
                                "nodes-check-failed",
                                node = name,
                                detail = detail
                            ));
                        }
                        self.set_loaded(Ok(loaded));
                    }
                    Err(error) => self.problem_note(error),
                }
                Task::none()
            }
            Message::AskRemoveNode(name) => {
                self.confirm_remove_node = Some(name);
                Task::none()
            }
            Message::CancelRemoveNode => {
                self.confirm_remove_node = None;
                Task::none()
            }
            Message::ConfirmRemoveNode => {
                let Some(name) = self.confirm_remove_node.take() else {
                    return Task::none();
                };
                self.note(fl!("node-removed", name = name.clone()));
                self.change_inventory(move |inventory, _| {
                    let scope = inventory.id()?;
                    inventory.remove_node(&name)?;
                    crate::push::setup::forget_secrets(&scope, &name);
                    Ok(())
                })
                .map(Message::InventoryChanged)
            }
            Message::Node(message) => {
                let Some(form) = &mut self.node_form else {
                    return Task::none();
                };
                match form.update(message, &self.settings) {
                    node_dialog::Action::None => Task::none(),
                    node_dialog::Action::Run(task) => task.map(Message::Node),
                    node_dialog::Action::Saved(loaded) => {
                        self.node_form = None;
                        self.set_loaded(Ok(loaded));
                        Task::none()
                    }
                    node_dialog::Action::Close => {
                        self.node_form = None;
                        Task::none()
                    }
                }
            }
            Message::AskPush(for_certificate, node) => {
                let Some(loaded) = &self.loaded else {
                    return Task::none();
                };
                let certificate = if for_certificate {
                    self.selected_row
                } else {
                    None
                };
                self.push = Some(push_dialog::State::new(
                    loaded,
                    certificate,
                    node.as_deref(),
                ));
                Task::none()
            }
            Message::Push(message) => {
                let Some(dialog) = &mut self.push else {
                    return Task::none();
                };
                match dialog.update(message, &self.settings) {
                    push_dialog::Action::None => Task::none(),
                    push_dialog::Action::Run(task) => task.map(Message::Push),
                    push_dialog::Action::Finished(loaded) => {
                        self.set_loaded(Ok(loaded));
                        Task::none()
                    }
                    push_dialog::Action::Close => {
                        self.push = None;
                        Task::none()
                    }
                }
            }
            Message::CancelDelete => {
                self.confirm_delete = None;
                Task::none()
            }
            Message::ConfirmDelete => {
                let Some((id, name)) = self.confirm_delete.take() else {
                    return Task::none();
                };
                self.change_inventory(move |inventory, now| inventory.delete(id, now))
                    .map(move |result| Message::Deleted(name.clone(), result))
            }
            Message::Deleted(name, result) => {
                self.busy = self.busy.saturating_sub(1);
                match result {
                    Ok(loaded) => {
                        // The row below the deleted one takes its place in the selection.
                        let position = self.selected_row.and_then(|id| {
                            let old = self.loaded.as_ref()?;
                            self.visible.iter().position(|&i| old.rows[i].0.id == id)
                        });
                        self.selected_row = None;
                        self.row_report = None;
                        self.note(fl!("deleted", name = name));
                        self.set_loaded(Ok(loaded));
                        if let (Some(position), Some(loaded)) = (position, &self.loaded)
                            && let Some(&index) =
                                self.visible.get(position).or_else(|| self.visible.last())
                        {
                            let id = loaded.rows[index].0.id;
                            let _ = self.update(Message::SelectRow(id));
                        }
                    }
                    Err(error) => self.problem_note(error),
                }
                Task::none()
            }
            Message::Settings(message) => match self.settings_screen.update(message) {
                settings_screen::Action::None => Task::none(),
                settings_screen::Action::Run(task) => task.map(Message::Settings),
                settings_screen::Action::Apply(settings) => self.apply_settings(settings),
            },
            Message::InventoryLoaded(result) => {
                self.busy = self.busy.saturating_sub(1);
                self.set_loaded(result);
                Task::none()
            }
            Message::Review(message) => {
                let Some(review) = &mut self.review else {
                    return Task::none();
                };
                match review.update(message, &self.settings) {
                    import_review::Action::None => Task::none(),
                    import_review::Action::Run(task) => task.map(Message::Review),
                    import_review::Action::Close => {
                        self.review = None;
                        Task::none()
                    }
                    import_review::Action::Done(report, loaded) => {
                        use crate::store::Action;
                        self.review = None;
                        self.note(fl!(
                            "import-done",
                            added = report.count(Action::Added),
                            updated = report.count(Action::Updated),
                            unchanged = report.count(Action::Unchanged),
                            errors = report.count(Action::Error)
                        ));
                        self.set_loaded(Ok(loaded));
                        Task::none()
                    }
                }
            }
            Message::Filter(text) => {
                self.filter = text;
                self.refresh_visible();
                Self::list_to_top()
            }
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
            Message::SortBy(column) => {
                // A second click on the same column reverses the order.
                self.ascending = self.sort != column || !self.ascending;
                self.sort = column;
                self.refresh_visible();
                Self::list_to_top()
            }
            Message::ShowOnly(show) => {
                self.show = show;
                self.refresh_visible();
                Self::list_to_top()
            }
            Message::Scrolled(viewport) => {
                self.scroll_offset = viewport.absolute_offset().y;
                self.viewport_height = viewport.bounds().height;
                Task::none()
            }
            Message::SelectRow(id) => {
                self.selected_row = Some(id);
                self.row_report = self.loaded.as_ref().and_then(|l| l.report(id));
                let pem = self
                    .row_report
                    .as_ref()
                    .map(|r| r.cert.to_pem())
                    .unwrap_or_default();
                self.pem_view = text_editor::Content::with_text(&pem);
                Task::none()
            }
            Message::FileHovered => {
                self.hovering = true;
                Task::none()
            }
            Message::HoverLeft => {
                self.hovering = false;
                Task::none()
            }
            Message::FileDropped(path) => {
                self.hovering = false;
                self.receive(vec![path])
            }
            Message::PickFiles => Task::perform(pick_files(), Message::Picked),
            Message::Picked(Some(paths)) => self.receive(paths),
            Message::Picked(None) => {
                self.show_path_input = true;
                Task::none()
            }
            Message::PathChanged(path) => {
                self.path_input = path;
                Task::none()
            }
            Message::OpenPath => {
                let path = self.path_input.trim();
                if path.is_empty() {
                    return Task::none();
                }
                let path = PathBuf::from(path);
                self.path_input.clear();
                self.show_path_input = false;
                self.receive(vec![path])
            }
            Message::TogglePaste => {
                self.paste = match self.paste {
                    Some(_) => None,
                    None => Some(text_editor::Content::new()),
                };
                Task::none()
            }
            Message::PasteAction(action) => {
                if let Some(content) = &mut self.paste {
                    content.perform(action);
                }
                Task::none()
            }
            Message::ImportPasted => match self.paste.take() {
                Some(content) if !content.text().trim().is_empty() => {
                    if self.section == Section::Inspect {
                        self.import(vec![Source::Pasted(Arc::new(content.text()))])
                    } else {
                        self.review_import(vec![crate::store::ImportInput::Text {
                            name: PASTED.to_string(),
                            text: content.text(),
                        }])
                    }
                }
                other => {
                    self.paste = other;
                    Task::none()
                }
            },
            Message::Imported(imported) => self.absorb(imported),
            Message::Judged(generation, reports) => {
                if generation == self.generation {
                    self.reports = reports;
                }
                Task::none()
            }
            Message::Select(index) => {
                self.select(index);
                Task::none()
            }
            Message::PemAction(action) => {
                // Selection and copy only: the PEM is shown, not edited.
                if !action.is_edit() {
                    self.pem_view.perform(action);
                }
                Task::none()
            }
            Message::PasswordChanged(password) => {
                self.password = Zeroizing::new(password);
                Task::none()
            }
            Message::RetryWithPassword => {
                let sources = std::mem::take(&mut self.needs_password);
                let file_names: Vec<String> = sources.iter().map(source_name).collect();
                self.decoded
                    .errors
                    .retain(|e| !(e.wants_password() && file_names.iter().any(|f| f == e.file())));
                self.import(sources)
            }
            Message::Clear => {
                // Clears what was inspected; the inventory and the settings stay as they are.
                let (section, loaded, selected, report) = (
                    self.section,
                    self.loaded.take(),
                    self.selected_row,
                    self.row_report.take(),
                );
                let settings = self.settings.clone();
                let screen = std::mem::replace(
                    &mut self.settings_screen,
                    settings_screen::State::new(Settings::default(), None, None),
                );
                *self = Self::with_settings(Vec::new(), settings, None, None).0;
                self.settings_screen = screen;
                self.section = section;
                self.loaded = loaded;
                self.selected_row = selected;
                self.row_report = report;
                Task::none()
            }
        }
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
                self.set_loaded(Ok(loaded));
                let mut failures = Vec::new();
                for (note, problem) in notes {
                    if problem {
                        failures.push(note.clone());
                        self.problem_note(note);
                    } else {
                        self.note(note);
                    }
                }
                let announce = if failures.is_empty()
                    || !self.settings.desktop_notifications
                    || self.desktop_silent
                {
                    Task::none()
                } else {
                    Task::perform(work(move || notes::announce(&failures)), Message::Announced)
                };
                Task::batch([then.map(Message::Renewals), announce])
            }
            renewals::Action::Problem(error) => {
                self.problem_note(error);
                Task::none()
            }
            renewals::Action::Started { loaded, task } => {
                self.section = Section::Renewals;
                if let Some(loaded) = loaded {
                    self.set_loaded(Ok(loaded));
                }
                task.map(Message::Renewals)
            }
        }
    }

    /// Files arrive (dropped, picked): kept in the inventory, or only inspected.
    fn receive(&mut self, paths: Vec<PathBuf>) -> Task<Message> {
        match self.section {
            Section::Inspect => self.import(paths.into_iter().map(Source::File).collect()),
            Section::Overview
            | Section::Inventory
            | Section::Discovery
            | Section::Settings
            | Section::Alarms
            | Section::TrustedCas
            | Section::ByNode
            | Section::Nodes
            | Section::Requests
            | Section::Renewals => {
                self.section = Section::Inventory;
                self.review_import(paths.into_iter().map(ImportInput::Path).collect())
            }
        }
    }

    /// Opens the import review over the inventory; it starts by reading the inputs.
    fn review_import(&mut self, inputs: Vec<crate::store::ImportInput>) -> Task<Message> {
        let base = DecodeOptions {
            passwords: (!self.password.is_empty())
                .then(|| self.password.clone())
                .into_iter()
                .collect(),
        };
        if let Some(review) = &mut self.review {
            return review.add(inputs, &self.settings).map(Message::Review);
        }
        let (review, task) = import_review::State::open(inputs, base, &self.settings);
        self.review = Some(review);
        task.map(Message::Review)
    }

    /// Opens and loads the inventory on a worker thread.
    fn load_inventory(&mut self) -> Task<Message> {
        Task::perform(
            load_inventory(self.settings.clone()),
            Message::InventoryLoaded,
        )
    }

    /// Runs one change of the inventory on a worker thread; the task yields the inventory loaded
    /// again, or why the change failed.
    fn change_inventory<F>(&mut self, change: F) -> Task<Result<Arc<inventory::Loaded>, String>>
    where
        F: FnOnce(
                &mut crate::store::Inventory,
                OffsetDateTime,
            ) -> Result<(), crate::store::StoreError>
            + Send
            + 'static,
    {
        let settings = self.settings.clone();
        let now = OffsetDateTime::now_utc();
        self.busy += 1;
        Task::perform(
            work(move || inventory::change(now, &settings, change).map(Arc::new)),
            |result| result,
        )
    }

    /// Saved settings take effect: the language and theme on the next frame, the inventory is
    /// loaded again when its folder or the warning period changed.
    fn apply_settings(&mut self, settings: Settings) -> Task<Message> {
        let reload = settings.data_dir != self.settings.data_dir
            || settings.warning_days != self.settings.warning_days;
        if settings.language != self.settings.language {
            i18n::select(settings.language.as_deref());
        }
        self.settings = settings;
        if reload {
            if self.settings.data_dir.is_some() {
                self.selected_row = None;
                self.row_report = None;
            }
            self.loaded = None;
            return self.load_inventory();
        }
        Task::none()
    }

    fn set_loaded(&mut self, result: Result<Arc<inventory::Loaded>, String>) {
        match result {
            Ok(loaded) => {
                self.load_error = None;
                self.loaded = Some(loaded);
                self.refresh_visible();
                // Keep the selection across reloads; on first load select the top row.
                let selected = self.selected_row.or_else(|| {
                    let loaded = self.loaded.as_ref()?;
                    Some(loaded.rows[*self.visible.first()?].0.id)
                });
                if let Some(id) = selected {
                    let _ = self.update(Message::SelectRow(id));
                }
            }
            Err(error) => self.load_error = Some(error),
        }
    }

    fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match shortcut {
            Shortcut::Import => self.update(Message::PickFiles),
            Shortcut::Find if self.section == Section::Inventory => {
                iced::widget::operation::focus(FILTER_ID)
            }
            Shortcut::Find => Task::none(),
            Shortcut::Delete => self.update(Message::AskDelete),
            Shortcut::Export => self.update(Message::AskExport),
            Shortcut::Escape => {
                if self.renewals.close_top() {
                    return Task::none();
                }
                if let Some(dialog) = &self.push {
                    if !dialog.running() {
                        self.push = None;
                    }
                } else if self.export.is_some() {
                    self.export = None;
                } else if self.review.is_some() {
                    self.review = None;
                } else if self.csr.is_some() {
                    self.csr = None;
                } else if self.node_form.is_some() {
                    self.node_form = None;
                } else if self.confirm_remove_node.is_some() {
                    self.confirm_remove_node = None;
                } else if self.confirm_delete.is_some() {
                    self.confirm_delete = None;
                } else if self.paste.is_some() {
                    self.paste = None;
                } else if self.show_path_input {
                    self.show_path_input = false;
                } else if !self.filter.is_empty() {
                    self.filter.clear();
                    self.refresh_visible();
                    return Self::list_to_top();
                }
                Task::none()
            }
            Shortcut::Next | Shortcut::Previous if self.section == Section::Inventory => {
                let Some(loaded) = &self.loaded else {
                    return Task::none();
                };
                let position = self
                    .selected_row
                    .and_then(|id| self.visible.iter().position(|&i| loaded.rows[i].0.id == id));
                let target = match (shortcut, position) {
                    (Shortcut::Next, Some(p)) => p + 1,
                    (Shortcut::Previous, Some(p)) => p.saturating_sub(1),
                    _ => 0,
                };
                let Some(&index) = self.visible.get(target) else {
                    return Task::none();
                };
                let id = loaded.rows[index].0.id;
                let _ = self.update(Message::SelectRow(id));
                self.keep_in_view(target)
            }
            Shortcut::Next | Shortcut::Previous => Task::none(),
        }
    }

    /// Scrolls the list so that the row at `position` (in display order) is fully visible.
    fn keep_in_view(&self, position: usize) -> Task<Message> {
        use inventory_view::ROW_HEIGHT;
        let top = position as f32 * ROW_HEIGHT;
        let y = if top < self.scroll_offset {
            top
        } else if top + ROW_HEIGHT > self.scroll_offset + self.viewport_height {
            top + ROW_HEIGHT - self.viewport_height
        } else {
            return Task::none();
        };
        iced::widget::operation::scroll_to(
            LIST_ID,
            iced::widget::scrollable::AbsoluteOffset { x: 0.0, y },
        )
    }

    /// After the list changed (filter, sort, view): show its top, as `refresh_visible` assumes.
    fn list_to_top() -> Task<Message> {
        iced::widget::operation::snap_to(LIST_ID, iced::widget::scrollable::RelativeOffset::START)
    }

    /// Shows the list narrowed as the overview asked (no text filter or view hiding more).
    fn narrow(&mut self, narrowing: Narrowing) -> Task<Message> {
        self.section = Section::Inventory;
        self.narrowed = Some(narrowing);
        self.filter.clear();
        self.show = inventory::Show::All;
        self.refresh_visible();
        Self::list_to_top()
    }

    /// Filters and sorts the loaded rows again; the list starts at its top.
    fn refresh_visible(&mut self) {
        self.visible = match &self.loaded {
            Some(loaded) => inventory::visible_rows(
                &loaded.rows,
                &self.filter,
                self.show,
                self.sort,
                self.ascending,
            ),
            None => Vec::new(),
        };
        if let (Some(narrowed), Some(loaded)) = (self.narrowed, &self.loaded) {
            self.visible.retain(|&index| {
                let (row, assessment) = &loaded.rows[index];
                narrowed.admits(row, assessment)
            });
        }
        self.scroll_offset = 0.0;
    }

    /// Decodes the sources on a worker thread.
    fn import(&mut self, sources: Vec<Source>) -> Task<Message> {
        if sources.is_empty() {
            return Task::none();
        }
        self.busy += sources.len();
        let options = DecodeOptions {
            passwords: if self.password.is_empty() {
                Vec::new()
            } else {
                vec![self.password.clone()]
            },
        };
        Task::perform(decode_sources(sources, options), Message::Imported)
    }

    /// Adds an import's objects and judges everything again (chains may now be complete).
    fn absorb(&mut self, imported: Imported) -> Task<Message> {
        self.busy = self.busy.saturating_sub(imported.sources.len());
        for source in &imported.sources {
            let name = source_name(source);
            let wants = imported
                .decoded
                .errors
                .iter()
                .any(|e| e.wants_password() && e.file() == name);
            if wants {
                self.needs_password.push(source.clone());
            }
        }
        self.decoded.extend(Decoded::clone(&imported.decoded));
        if self.selected.is_none() && !self.decoded.items.is_empty() {
            self.select(0);
        }
        self.generation += 1;
        let generation = self.generation;
        let decoded = self.decoded.clone();
        let now = OffsetDateTime::now_utc();
        Task::perform(judge(decoded, now), move |reports| {
            Message::Judged(generation, reports)
        })
    }

    fn select(&mut self, index: usize) {
        self.selected = Some(index);
        let pem = self
            .decoded
            .items
            .get(index)
            .map(|item| labels::pem_of(&item.object))
            .unwrap_or_default();
        self.pem_view = text_editor::Content::with_text(&pem);
    }

    fn problems(&self) -> &[DecodeError] {
        &self.decoded.errors
    }
}

fn source_name(source: &Source) -> String {
    match source {
        Source::File(path) => path.display().to_string(),
        Source::Pasted(_) => PASTED.to_string(),
    }
}

/// Runs blocking work (the inventory, the keychain, files) on a worker thread, so the window
/// never waits for it; a panic there becomes an error message instead of a lost reply.
pub(super) async fn work<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(job)
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

/// The name pasted text goes by in messages.
const PASTED: &str = "<pasted text>";

/// Window events the app cares about; a plain function so it can be tested without a window.
pub fn window_event(event: Event, status: event::Status, _id: window::Id) -> Option<Message> {
    use iced::keyboard::{self, Key, key::Named};
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
        Event::Window(window::Event::FileHovered(_)) => Some(Message::FileHovered),
        Event::Window(window::Event::FilesHoveredLeft) => Some(Message::HoverLeft),
        Event::Window(window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
        _ => None,
    }
}

async fn pick_files() -> Option<Vec<PathBuf>> {
    rfd::AsyncFileDialog::new()
        .set_title(fl!("import-files"))
        .pick_files()
        .await
        .map(|handles| {
            handles
                .into_iter()
                .map(|h| h.path().to_path_buf())
                .collect()
        })
}

async fn decode_sources(sources: Vec<Source>, options: DecodeOptions) -> Imported {
    let work = sources.clone();
    let decoded = tokio::task::spawn_blocking(move || {
        let mut all = Decoded::default();
        for source in &work {
            all.extend(match source {
                Source::File(path) => pki::decode_file(path, &options),
                Source::Pasted(text) => pki::decode_bytes(text.as_bytes(), PASTED, &options),
            });
        }
        all
    })
    .await
    .unwrap_or_else(|error| Decoded {
        items: Vec::new(),
        errors: vec![DecodeError::Unreadable {
            file: sources.first().map(source_name).unwrap_or_default(),
            reason: format!("the decoder stopped: {error}"),
        }],
    });
    Imported {
        decoded: Arc::new(decoded),
        sources,
    }
}

async fn load_inventory(settings: Settings) -> Result<Arc<inventory::Loaded>, String> {
    let now = OffsetDateTime::now_utc();
    work(move || inventory::load(now, &settings).map(Arc::new)).await
}

async fn judge(decoded: Decoded, now: OffsetDateTime) -> Arc<Vec<Option<CertificateReport>>> {
    let reports =
        tokio::task::spawn_blocking(move || pki::inspect(&decoded, &InspectOptions::at(now)))
            .await
            .unwrap_or_default();
    Arc::new(reports)
}

#[cfg(test)]
mod tests;
