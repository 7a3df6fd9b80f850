//! The import review: files dropped, picked or pasted onto the inventory are decoded and the
//! import is rehearsed (the store runs it in a transaction it rolls back), so the administrator
//! sees what each file holds and what will happen — added, updated, to the trusted CAs, paired
//! with its key, completing a request — and types the passwords of PKCS#12 files and encrypted
//! keys inline, before anything is stored.

use std::sync::Arc;

use iced::widget::{Column, button, column, container, row, scrollable, space, text, text_input};
use iced::{Element, Fill, Task};
use zeroize::Zeroizing;

use super::dialog;
use super::inventory::Loaded;
use super::widgets::{SPACING, cut_line, one_line};
use super::windowed::{self, Window};
use super::{labels, style};
use crate::fl;
use crate::pki::status::Severity;
use crate::pki::{DecodeError, Decoded};
use crate::settings::Settings;
use crate::store::{Action as Done, ImportInput, ImportOutcome, ImportReport};

/// Test ids.
pub const IMPORT_ID: &str = "review-import";

/// The test id of the password field of the `index`th locked file.
pub fn password_id(index: usize) -> String {
    format!("review-password-{index}")
}

pub use super::inventory::Preview;

/// A file that waits for its password.
struct Locked {
    file: String,
    input: ImportInput,
    password: Zeroizing<String>,
    /// A password was tried and refused.
    refused: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Previewed(Result<Preview, String>),
    Password(usize, String),
    Unlock(usize),
    Import,
    Imported(Result<(Arc<ImportReport>, Arc<Loaded>), String>),
    Cancel,
    Scrolled(scrollable::Viewport),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Imported: the dialog closes and the window shows the inventory with what came in.
    Done(Arc<ImportReport>, Arc<Loaded>),
    Close,
}

pub struct State {
    /// Passwords given before (the toolbar's field).
    base: crate::pki::DecodeOptions,
    /// Pasted text, kept to decode it again with a password.
    pasted: Vec<ImportInput>,
    /// Inputs that arrived while a read was under way.
    pending: Vec<ImportInput>,
    preview: Option<Preview>,
    locked: Vec<Locked>,
    working: bool,
    error: Option<String>,
    /// Where the list is scrolled to: only the lines in view are built.
    window: Window,
}

impl State {
    /// A review that starts by reading `inputs` (on a worker thread: the returned task).
    pub fn open(
        inputs: Vec<ImportInput>,
        base: crate::pki::DecodeOptions,
        settings: &Settings,
    ) -> (Self, Task<Message>) {
        let mut state = Self {
            base,
            pasted: Vec::new(),
            pending: Vec::new(),
            preview: None,
            locked: Vec::new(),
            working: false,
            error: None,
            window: Window::default(),
        };
        let task = state.add(inputs, settings);
        (state, task)
    }

    /// More files for the review (a drop of several files arrives one by one): read now, or
    /// after the read under way.
    pub fn add(&mut self, inputs: Vec<ImportInput>, settings: &Settings) -> Task<Message> {
        self.pasted.extend(
            inputs
                .iter()
                .filter(|i| matches!(i, ImportInput::Text { .. }))
                .cloned(),
        );
        if self.working {
            self.pending.extend(inputs);
            return Task::none();
        }
        self.working = true;
        let so_far = self.decoded();
        let base = self.base.clone();
        let settings = settings.clone();
        Task::perform(
            super::work(move || {
                let mut decoded = so_far.map(|d| Decoded::clone(&d)).unwrap_or_default();
                decoded.extend(crate::store::decode_inputs(&inputs, &base));
                super::inventory::preview(decoded, &settings)
            }),
            Message::Previewed,
        )
    }

    /// The objects to import once reviewed.
    pub fn decoded(&self) -> Option<Arc<Decoded>> {
        self.preview.as_ref().map(|p| p.decoded.clone())
    }

    /// The rehearsed import.
    pub fn report(&self) -> Option<&ImportReport> {
        self.preview.as_ref().map(|p| p.report.as_ref())
    }

    /// The input a locked file is read from again.
    fn input_of(&self, file: &str) -> ImportInput {
        self.pasted
            .iter()
            .find(|i| matches!(i, ImportInput::Text { name, .. } if name == file))
            .cloned()
            .unwrap_or_else(|| ImportInput::Path(file.into()))
    }

    /// The locked file, its input and the typed password, for a worker thread.
    pub fn unlock_request(
        &self,
        index: usize,
    ) -> Option<(Arc<Decoded>, ImportInput, Zeroizing<String>)> {
        let locked = self.locked.get(index)?;
        let decoded = self.decoded()?;
        Some((decoded, locked.input.clone(), locked.password.clone()))
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::Previewed(Ok(preview)) => {
                self.working = false;
                self.error = None;
                // Files still locked; a password typed for one that stays locked was wrong.
                let mut locked = Vec::new();
                for error in preview.decoded.errors.iter().filter(|e| e.wants_password()) {
                    let file = error.file().to_string();
                    if locked.iter().any(|l: &Locked| l.file == file) {
                        continue;
                    }
                    let previous = self.locked.iter().find(|l| l.file == file);
                    locked.push(Locked {
                        input: self.input_of(&file),
                        password: Zeroizing::new(String::new()),
                        refused: previous.is_some_and(|p| !p.password.is_empty())
                            || matches!(error, DecodeError::WrongPassword { .. }),
                        file,
                    });
                }
                self.locked = locked;
                self.preview = Some(preview);
                if !self.pending.is_empty() {
                    let more = std::mem::take(&mut self.pending);
                    return Action::Run(self.add(more, settings));
                }
            }
            Message::Previewed(Err(error)) | Message::Imported(Err(error)) => {
                self.working = false;
                self.error = Some(error);
            }
            Message::Password(index, value) => {
                if let Some(locked) = self.locked.get_mut(index) {
                    locked.password = Zeroizing::new(value);
                }
            }
            Message::Unlock(index) => {
                let Some((decoded, input, password)) = self.unlock_request(index) else {
                    return Action::None;
                };
                if password.is_empty() {
                    return Action::None;
                }
                self.working = true;
                let settings = settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || {
                        let decoded = super::inventory::unlock(&decoded, &input, password);
                        super::inventory::preview(decoded, &settings)
                    }),
                    Message::Previewed,
                ));
            }
            Message::Import => {
                let Some(decoded) = self.decoded() else {
                    return Action::None;
                };
                self.working = true;
                let settings = settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || super::inventory::import_reviewed(&decoded, &settings)),
                    Message::Imported,
                ));
            }
            Message::Imported(Ok((report, loaded))) => return Action::Done(report, loaded),
            Message::Cancel => return Action::Close,
            Message::Scrolled(viewport) => self.window.scrolled(viewport),
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut body = Column::new().spacing(10);
        body = body.push(text(fl!("review-title")).size(20));
        match self.report() {
            None if self.working => body = body.push(text(fl!("review-reading")).size(14)),
            None => {}
            Some(report) => {
                body = body.push(
                    text(fl!(
                        "review-summary",
                        added = report.count(Done::Added),
                        updated = report.count(Done::Updated),
                        unchanged = report.count(Done::Unchanged),
                        errors = report.count(Done::Error)
                    ))
                    .size(14),
                );
                for (index, locked) in self.locked.iter().enumerate() {
                    body = body.push(self.locked_line(index, locked));
                }
                body = body.push(
                    scrollable(self.outcome_list(report).padding([0, 12]))
                        .height(Fill)
                        .on_scroll(Message::Scrolled),
                );
            }
        }
        if let Some(error) = &self.error {
            body = body.push(dialog::problem(error.clone()));
        }
        let something = self
            .report()
            .is_some_and(|r| r.count(Done::Added) + r.count(Done::Updated) > 0);
        let import = button(text(fl!("review-import")))
            .on_press_maybe((something && !self.working).then_some(Message::Import));
        body = body.push(
            row![
                text(if self.working {
                    fl!("review-working")
                } else {
                    String::new()
                })
                .size(13),
                space::horizontal(),
                button(text(fl!("delete-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
                container(import).id(IMPORT_ID),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        );
        dialog::modal(body, 900.0, Message::Cancel)
    }

    /// What happens to each object, under its file's name. Only the lines in view (and a
    /// screen around them) are built, at a fixed height, so that a bundle of 100,000
    /// certificates is reviewed as smoothly as one of ten.
    fn outcome_list<'a>(&self, report: &'a ImportReport) -> Column<'a, Message> {
        let locked_files: Vec<&str> = self.locked.iter().map(|l| l.file.as_str()).collect();
        let mut lines: Vec<Line<'a>> = Vec::with_capacity(report.outcomes.len() + 1);
        let mut file = None;
        for outcome in &report.outcomes {
            // Password errors are the locked lines above.
            if outcome.action == Done::Error && locked_files.contains(&outcome.file.as_str()) {
                continue;
            }
            if file != Some(&outcome.file) {
                file = Some(&outcome.file);
                lines.push(Line::File(&outcome.file));
            }
            lines.push(Line::Outcome(outcome));
        }
        let shown = self.window.rows(lines.len(), LINE_HEIGHT);
        let built = lines[shown.clone()].iter().map(|line| {
            let line: Element<'a, Message> = match line {
                Line::File(file) => text(short_name(file)).size(14).into(),
                Line::Outcome(outcome) => outcome_line(outcome),
            };
            container(line)
                .height(LINE_HEIGHT)
                .width(Fill)
                .align_y(iced::Center)
                .clip(true)
                .into()
        });
        windowed::column(lines.len(), shown, LINE_HEIGHT, built)
    }

    fn locked_line<'a>(&'a self, index: usize, locked: &'a Locked) -> Element<'a, Message> {
        let mut line = column![
            text(fl!("review-locked", file = short_name(&locked.file))).size(14),
            row![
                text_input(&fl!("review-password"), &locked.password)
                    .id(password_id(index))
                    .secure(true)
                    .on_input(move |v| Message::Password(index, v))
                    .on_submit(Message::Unlock(index)),
                button(text(fl!("review-unlock")))
                    .on_press_maybe((!self.working).then_some(Message::Unlock(index))),
            ]
            .spacing(SPACING),
        ]
        .spacing(4);
        if locked.refused {
            line = line.push(
                text(fl!("review-wrong-password"))
                    .size(13)
                    .style(text::danger),
            );
        }
        container(line)
            .padding(8)
            .width(Fill)
            .style(style::card)
            .into()
    }
}

/// The height of one line of the review's list.
const LINE_HEIGHT: f32 = 28.0;

/// A line of the review's list: a file's name, or one of its objects.
enum Line<'a> {
    File(&'a str),
    Outcome(&'a ImportOutcome),
}

/// One object and what happens to it: a badge with the action in words, the kind, the name and
/// the effects, on one line (cut at the column, never wrapped: the list's lines have one height).
fn outcome_line(outcome: &ImportOutcome) -> Element<'_, Message> {
    let (word, severity) = match outcome.action {
        Done::Added => (fl!("review-added"), Some(Severity::Info)),
        Done::Updated => (fl!("review-updated"), Some(Severity::Info)),
        Done::Unchanged => (fl!("review-unchanged"), None),
        Done::Skipped => (fl!("review-skipped"), Some(Severity::Warning)),
        Done::Error => (fl!("review-error"), Some(Severity::Error)),
    };
    let badge = container(text(word).size(12)).padding([2, 8]).width(110);
    let badge = match severity {
        Some(severity) => badge.style(style::badge(severity)),
        None => badge.style(style::neutral_badge),
    };
    let effects = &outcome.effects;
    let mut notes = Vec::new();
    if let Some(role) = effects.role {
        notes.push(labels::role(role));
    }
    if effects.trusted {
        notes.push(fl!("review-trusted"));
    }
    if effects.paired {
        notes.push(fl!("review-paired"));
    }
    if effects.replaces {
        notes.push(fl!("review-replaces"));
    }
    if let Some(request) = effects.completes_request {
        notes.push(fl!("review-completes", request = request));
    }
    if effects.pairs_stored > 0 {
        notes.push(fl!("review-pairs-stored", count = effects.pairs_stored));
    }
    let (name, notes) = if outcome.action == Done::Error {
        (outcome.detail.clone(), String::new())
    } else {
        (effects.name.clone(), notes.join(" · "))
    };
    row![
        badge,
        one_line(text(labels::kind_named(&outcome.kind)).size(13), 130),
        // An error's words can be long: the whole of them on hover.
        cut_line(name, 13.0, Fill),
        one_line(text(notes).size(13), Fill),
    ]
    .spacing(SPACING)
    .align_y(iced::Center)
    .into()
}

/// A file's name without its folder (the full path is long and the folder is known).
fn short_name(file: &str) -> String {
    std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}
