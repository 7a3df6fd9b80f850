//! The desktop window: a thin shell over [`crate::pki`]. Files are decoded and judged on worker
//! threads; the UI thread only keeps state and draws it.

pub mod i18n;
mod labels;
mod style;
mod view;

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::text_editor;
use iced::{Event, Subscription, Task, event, window};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::fl;
use crate::pki::{self, CertificateReport, DecodeError, DecodeOptions, Decoded, InspectOptions};

/// Linux application id; equals `StartupWMClass` in the `.desktop` file.
pub const APPLICATION_ID: &str = "io.github.certdeck.Certdeck";

/// Opens the window and runs until it is closed.
pub fn run(files: Vec<PathBuf>) -> iced::Result {
    i18n::init();
    let boot = move || App::new(files.clone());
    iced::application(boot, App::update, App::view)
        .title(|_: &App| fl!("app-title"))
        .subscription(App::subscription)
        .window(window::Settings {
            size: iced::Size::new(1280.0, 800.0),
            min_size: Some(iced::Size::new(800.0, 500.0)),
            platform_specific: window::settings::PlatformSpecific {
                application_id: APPLICATION_ID.to_string(),
                ..Default::default()
            },
            ..window::Settings::default()
        })
        .run()
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

#[derive(Debug, Clone)]
pub enum Message {
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
}

/// The window's state.
pub struct App {
    decoded: Decoded,
    reports: Arc<Vec<Option<CertificateReport>>>,
    /// Bumped on every change of `decoded`, so late judgements of older contents are dropped.
    generation: u64,
    selected: Option<usize>,
    hovering: bool,
    busy: usize,
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
    fn new(files: Vec<PathBuf>) -> (Self, Task<Message>) {
        let mut app = Self {
            decoded: Decoded::default(),
            reports: Arc::new(Vec::new()),
            generation: 0,
            selected: None,
            hovering: false,
            busy: 0,
            password: Zeroizing::new(String::new()),
            path_input: String::new(),
            show_path_input: false,
            paste: None,
            pem_view: text_editor::Content::new(),
            needs_password: Vec::new(),
        };
        // Files given on the command line (`certdeck FILE...`, a file manager's "Open with").
        let task = app.import(files.into_iter().map(Source::File).collect());
        (app, task)
    }

    fn subscription(&self) -> Subscription<Message> {
        event::listen_with(window_event)
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        match message {
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
                self.import(vec![Source::File(path)])
            }
            Message::PickFiles => Task::perform(pick_files(), Message::Picked),
            Message::Picked(Some(paths)) => {
                self.import(paths.into_iter().map(Source::File).collect())
            }
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
                let source = Source::File(PathBuf::from(path));
                self.path_input.clear();
                self.import(vec![source])
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
                    self.import(vec![Source::Pasted(Arc::new(content.text()))])
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
                *self = Self::new(Vec::new()).0;
                Task::none()
            }
        }
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

/// The name pasted text goes by in messages.
const PASTED: &str = "<pasted text>";

/// Window events the app cares about; a plain function so it can be tested without a window.
pub fn window_event(event: Event, _status: event::Status, _id: window::Id) -> Option<Message> {
    match event {
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

async fn judge(decoded: Decoded, now: OffsetDateTime) -> Arc<Vec<Option<CertificateReport>>> {
    let reports =
        tokio::task::spawn_blocking(move || pki::inspect(&decoded, &InspectOptions::at(now)))
            .await
            .unwrap_or_default();
    Arc::new(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_files_become_import_messages() {
        let path = PathBuf::from("/tmp/server.pfx");
        let message = window_event(
            Event::Window(window::Event::FileDropped(path.clone())),
            event::Status::Ignored,
            window::Id::unique(),
        );
        assert!(matches!(message, Some(Message::FileDropped(p)) if p == path));
        let hover = window_event(
            Event::Window(window::Event::FileHovered(path)),
            event::Status::Ignored,
            window::Id::unique(),
        );
        assert!(matches!(hover, Some(Message::FileHovered)));
    }

    #[test]
    fn imported_objects_are_listed_and_files_needing_a_password_remembered() {
        let (mut app, _) = App::new(Vec::new());
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let pfx = Source::File(fixtures.join("openssl3-default.pfx"));
        let leaf = Source::File(fixtures.join("fullchain.pem"));
        let mut decoded =
            pki::decode_file(&fixtures.join("fullchain.pem"), &DecodeOptions::default());
        decoded.extend(pki::decode_file(
            &fixtures.join("openssl3-default.pfx"),
            &DecodeOptions::default(),
        ));
        let _ = app.update(Message::Imported(Imported {
            decoded: Arc::new(decoded),
            sources: vec![leaf, pfx],
        }));
        assert_eq!(app.decoded.items.len(), 2);
        assert_eq!(app.selected, Some(0));
        assert!(
            app.pem_view
                .text()
                .starts_with("-----BEGIN CERTIFICATE-----")
        );
        assert_eq!(app.needs_password.len(), 1);
        assert!(app.problems()[0].wants_password());
    }
}
