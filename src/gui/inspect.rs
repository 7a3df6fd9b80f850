//! The Inspect screen: files decoded and judged without keeping them — what was dropped,
//! picked or pasted while this screen is shown, or given on the command line. Decoding and
//! judging run on worker threads; a file that needs a password gets a field beside its error.

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{
    Column, button, center, column, container, row, rule, scrollable, space, text, text_editor,
    text_input,
};
use iced::{Element, Fill, Length, Task};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::i18n::date as display_date;
use super::list::ROW_HEIGHT;
use super::widgets::{
    SPACING, badge, certificate_sections, cut_line, field, list_row, other_sections, pem_section,
};
use super::windowed::{self, Window};
use super::{labels, style};
use crate::fl;
use crate::pki::{
    self, CertificateReport, DecodeError, DecodeOptions, Decoded, InspectOptions, Item, Object,
};

/// The password field shown beside files that need one.
pub const PASSWORD_ID: &str = "file-password";

/// The name pasted text goes by in messages.
pub const PASTED: &str = "<pasted text>";

/// What one decoding produced: the objects and the sources they came from.
#[derive(Debug, Clone)]
pub struct Imported {
    pub decoded: Arc<Decoded>,
    pub sources: Vec<Source>,
}

/// Where inspected objects came from, so they can be read again with a password.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Pasted(Arc<String>),
}

#[derive(Debug, Clone)]
pub enum Message {
    Imported(Imported),
    /// The reports for the objects of generation `.0`.
    Judged(u64, Arc<Vec<Option<CertificateReport>>>),
    Select(usize),
    Scrolled(scrollable::Viewport),
    PemAction(text_editor::Action),
    PasswordChanged(String),
    RetryWithPassword,
    /// Forgets what was inspected.
    Clear,
    /// The empty screen's "Import files…".
    PickFiles,
}

/// What the window does after a message of this screen.
pub enum Action {
    None,
    Run(Task<Message>),
    PickFiles,
}

#[derive(Default)]
pub struct State {
    pub decoded: Decoded,
    pub reports: Arc<Vec<Option<CertificateReport>>>,
    /// Bumped on every change of `decoded`, so late judgements of older contents are dropped.
    generation: u64,
    pub selected: Option<usize>,
    password: Zeroizing<String>,
    /// Inputs whose objects need a password, kept to read them again.
    pub needs_password: Vec<Source>,
    pub pem_view: text_editor::Content,
    /// Sources being decoded.
    pub busy: usize,
    /// Where the list is scrolled to, for building only the rows in view.
    window: Window,
}

impl State {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Imported(imported) => Action::Run(self.absorb(imported)),
            Message::Judged(generation, reports) => {
                if generation == self.generation {
                    self.reports = reports;
                }
                Action::None
            }
            Message::Select(index) => {
                self.select(index);
                Action::None
            }
            Message::Scrolled(viewport) => {
                self.window.scrolled(viewport);
                Action::None
            }
            Message::PemAction(action) => {
                // Selection and copy only: the PEM is shown, not edited.
                if !action.is_edit() {
                    self.pem_view.perform(action);
                }
                Action::None
            }
            Message::PasswordChanged(password) => {
                self.password = Zeroizing::new(password);
                Action::None
            }
            Message::RetryWithPassword => {
                let sources = std::mem::take(&mut self.needs_password);
                let file_names: Vec<String> = sources.iter().map(source_name).collect();
                self.decoded
                    .errors
                    .retain(|e| !(e.wants_password() && file_names.iter().any(|f| f == e.file())));
                Action::Run(self.inspect(sources))
            }
            Message::Clear => {
                // What was inspected goes (a decoding still under way adds its objects when it ends).
                let busy = self.busy;
                *self = Self {
                    busy,
                    generation: self.generation + 1,
                    ..Self::default()
                };
                Action::None
            }
            Message::PickFiles => Action::PickFiles,
        }
    }

    /// Whether anything was inspected (the Clear button shows then).
    pub fn has_content(&self) -> bool {
        !self.decoded.items.is_empty() || !self.decoded.errors.is_empty()
    }

    /// Decodes the sources on a worker thread, with the password typed for them if any.
    pub fn inspect(&mut self, sources: Vec<Source>) -> Task<Message> {
        if sources.is_empty() {
            return Task::none();
        }
        self.busy += sources.len();
        let options = DecodeOptions {
            passwords: (!self.password.is_empty())
                .then(|| self.password.clone())
                .into_iter()
                .collect(),
            ..Default::default()
        };
        Task::perform(decode_sources(sources, options), Message::Imported)
    }

    /// Adds a decoding's objects and judges everything again (chains may now be complete).
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

    /// The screen: the objects and the selected one's detail, or how to start.
    pub fn view(&self) -> Element<'_, Message> {
        if self.decoded.items.is_empty() && self.decoded.errors.is_empty() {
            return self.empty_state();
        }
        row![
            container(self.list()).width(Length::FillPortion(2)),
            rule::vertical(1),
            container(self.detail()).width(Length::FillPortion(3)),
        ]
        .spacing(SPACING)
        .height(Fill)
        .into()
    }

    /// The files that could not be read, with a password field when one needs it (shown over
    /// every screen).
    pub fn problems_box(&self) -> Element<'_, Message> {
        if self.decoded.errors.is_empty() {
            return space::vertical().height(0).into();
        }
        let mut list = Column::new().spacing(4);
        list = list.push(text(fl!("errors-count", count = self.decoded.errors.len())).size(14));
        for problem in self.decoded.errors.iter().take(8) {
            list = list.push(text(problem.to_string()).size(13));
        }
        if !self.needs_password.is_empty() {
            list = list.push(
                row![
                    text_input(&fl!("password-placeholder"), &self.password)
                        .secure(true)
                        .on_input(Message::PasswordChanged)
                        .on_submit(Message::RetryWithPassword)
                        .id(PASSWORD_ID)
                        .width(320),
                    button(text(fl!("password-retry"))).on_press(Message::RetryWithPassword),
                ]
                .spacing(SPACING)
                .align_y(iced::Center),
            );
        }
        container(list)
            .padding(8)
            .width(Fill)
            .style(style::problem)
            .into()
    }

    /// What the screen shows before anything was inspected.
    fn empty_state(&self) -> Element<'_, Message> {
        center(
            column![
                text(fl!("empty-title")).size(24),
                text(fl!("empty-hint")).size(14),
                button(text(fl!("import-files"))).on_press(Message::PickFiles),
            ]
            .spacing(16)
            .align_x(iced::Center)
            .max_width(560),
        )
        .into()
    }

    /// Every decoded object, with its status when it is a certificate. Only the rows in view
    /// (and a screen around them) are built, at a fixed height, as in the inventory's list: a
    /// bundle of 10,000 certificates dropped here is laid out in rows of its visible part.
    fn list(&self) -> Element<'_, Message> {
        let header = row![
            text(fl!("column-status")).width(140),
            text(fl!("column-name")).width(Fill),
            text(fl!("column-expires")).width(110),
        ]
        .spacing(SPACING)
        .padding([4, 8]);
        let total = self.decoded.items.len();
        let shown = self.window.rows(total, ROW_HEIGHT);
        let rows = shown.clone().map(|index| {
            let report = self.reports.get(index).and_then(Option::as_ref);
            Self::list_row(
                self.selected == Some(index),
                index,
                &self.decoded.items[index],
                report,
            )
        });
        let rows = windowed::column(total, shown, ROW_HEIGHT, rows);
        column![
            header,
            rule::horizontal(1),
            scrollable(rows).height(Fill).on_scroll(Message::Scrolled),
            text(fl!("objects-count", count = self.decoded.items.len())).size(12),
        ]
        .spacing(4)
        .into()
    }

    fn list_row<'a>(
        selected: bool,
        index: usize,
        item: &'a Item,
        report: Option<&'a CertificateReport>,
    ) -> Element<'a, Message> {
        let status: Element<'_, Message> = match report {
            Some(report) => badge(report.assessment.overall, report.assessment.days_left),
            None => text(labels::kind(&item.object)).size(13).into(),
        };
        let expires = match &item.object {
            Object::Certificate(cert) => display_date(cert.not_after),
            _ => String::new(),
        };
        // Long names are cut at the column's edge (wrapping would break the fixed row height,
        // and unwrapped text ran into the next column); the whole name shows on hover.
        let content = row![
            container(status).width(140),
            cut_line(labels::name(&item.object), 14.0, Fill),
            text(expires).width(110).size(13),
        ]
        .spacing(SPACING)
        .padding([6, 8])
        .height(ROW_HEIGHT)
        .align_y(iced::Center);
        list_row(
            container(content).width(Fill).height(ROW_HEIGHT),
            selected,
            Message::Select(index),
        )
    }

    /// The selected object decoded.
    fn detail(&self) -> Element<'_, Message> {
        let Some(index) = self.selected else {
            return center(text(fl!("detail-none"))).into();
        };
        let Some(item) = self.decoded.items.get(index) else {
            return center(text(fl!("detail-none"))).into();
        };
        let report = self.reports.get(index).and_then(Option::as_ref);
        let mut sections = Column::new().spacing(12).padding([0, 12]);
        sections = sections.push(text(labels::name(&item.object)).size(20));
        sections = sections.push(field(
            fl!("detail-file"),
            format!("{} — {}", item.file, item.location),
        ));
        sections = match (&item.object, report) {
            (Object::Certificate(_), Some(report)) => certificate_sections(sections, report, None),
            (object, _) => other_sections(sections, object),
        };
        let pem = labels::pem_of(&item.object);
        if !pem.is_empty() {
            sections = sections.push(pem_section(&self.pem_view, Message::PemAction));
        }
        scrollable(sections).height(Fill).into()
    }
}

fn source_name(source: &Source) -> String {
    match source {
        Source::File(path) => path.display().to_string(),
        Source::Pasted(_) => PASTED.to_string(),
    }
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
