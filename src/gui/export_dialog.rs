//! The export dialog: what (certificate, with its chain, with its key), which format (PEM, DER,
//! PKCS#7, PKCS#12 modern or compatible), a passphrase, then where — the native save dialog,
//! pre-filled with the file name administrators expect (`conf1.example.com_keycert.pem`). The
//! bundle is made by the same core function as `certdeck export`, on a worker thread.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{button, checkbox, column, container, pick_list, row, space, text, text_input};
use iced::{Element, Task};
use zeroize::Zeroizing;

use super::dialog;
use super::widgets::SPACING;
use crate::fl;
use crate::settings::Settings;
use crate::store::export::{ExportBundle, ExportFormat, ExportRequest, Pkcs12Profile};

/// Test id of the dialog's Save button.
pub const SAVE_ID: &str = "export-save";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Certificate,
    WithChain,
    WithKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pem,
    Der,
    Pkcs7,
    PfxModern,
    PfxCompatible,
}

impl Format {
    const ALL: [Format; 5] = [
        Format::Pem,
        Format::Der,
        Format::Pkcs7,
        Format::PfxModern,
        Format::PfxCompatible,
    ];

    fn core(self) -> ExportFormat {
        match self {
            Format::Pem => ExportFormat::Pem,
            Format::Der => ExportFormat::Der,
            Format::Pkcs7 => ExportFormat::Pkcs7,
            Format::PfxModern => ExportFormat::Pkcs12(Pkcs12Profile::Modern),
            Format::PfxCompatible => ExportFormat::Pkcs12(Pkcs12Profile::Compatible),
        }
    }

    fn is_pfx(self) -> bool {
        matches!(self, Format::PfxModern | Format::PfxCompatible)
    }
}

/// A finished bundle waiting for its place on disk (its bytes are zeroized when dropped).
#[derive(Clone)]
pub struct Bundle(pub Arc<ExportBundle>);

impl fmt::Debug for Bundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bundle({}, {} bytes)",
            self.0.file_name,
            self.0.bytes.len()
        )
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    What(WhatOption),
    Format(FormatOption),
    Passphrase(String),
    PlainKey(bool),
    Save,
    Built(Result<Bundle, String>),
    Chosen(Option<PathBuf>),
    PathChanged(String),
    SaveToPath,
    Saved(Result<PathBuf, String>),
    Cancel,
}

pub enum Action {
    None,
    Run(Task<Message>),
    Close,
    /// Written: the dialog closes and the window says where.
    Done(PathBuf),
}

pub struct State {
    id: i64,
    name: String,
    has_key: bool,
    settings: Settings,
    what: What,
    format: Format,
    passphrase: Zeroizing<String>,
    plain_key: bool,
    bundle: Option<Bundle>,
    /// Shown when no native save dialog is available: the full path to write.
    path: Option<String>,
    working: bool,
    error: Option<String>,
}

impl State {
    pub fn new(id: i64, name: String, has_key: bool, settings: Settings) -> Self {
        Self {
            id,
            name,
            has_key,
            settings,
            what: if has_key {
                What::WithKey
            } else {
                What::WithChain
            },
            format: Format::Pem,
            passphrase: Zeroizing::new(String::new()),
            plain_key: false,
            bundle: None,
            path: None,
            working: false,
            error: None,
        }
    }

    /// The request the choices make, or why they cannot be exported.
    pub(super) fn request(&self) -> Result<ExportRequest, String> {
        let key = self.what == What::WithKey;
        if key && matches!(self.format, Format::Der | Format::Pkcs7) {
            return Err(fl!("export-key-needs-pem-or-pfx"));
        }
        if self.format == Format::Der && self.what != What::Certificate {
            return Err(fl!("export-der-one-certificate"));
        }
        let passphrase = (!self.passphrase.is_empty()).then(|| self.passphrase.clone());
        if self.format.is_pfx() && passphrase.is_none() {
            return Err(fl!("export-pfx-needs-passphrase"));
        }
        if key && self.format == Format::Pem && passphrase.is_none() && !self.plain_key {
            return Err(fl!("export-plain-key-unconfirmed"));
        }
        Ok(ExportRequest {
            ids: vec![self.id],
            format: self.format.core(),
            chain: self.what != What::Certificate,
            key,
            passphrase,
            allow_plain_key: self.plain_key,
        })
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::What(choice) => self.what = choice.0,
            Message::Format(choice) => self.format = choice.0,
            Message::Passphrase(text) => self.passphrase = Zeroizing::new(text),
            Message::PlainKey(on) => self.plain_key = on,
            Message::Save => {
                let Ok(request) = self.request() else {
                    return Action::None;
                };
                self.working = true;
                self.error = None;
                let settings = self.settings.clone();
                return Action::Run(Task::perform(
                    super::work(move || build(&request, &settings)),
                    Message::Built,
                ));
            }
            Message::Built(Ok(bundle)) => {
                let file_name = bundle.0.file_name.clone();
                self.bundle = Some(bundle);
                return Action::Run(Task::perform(
                    dialog::choose_save_path(fl!("export-title"), file_name),
                    Message::Chosen,
                ));
            }
            Message::Built(Err(error)) | Message::Saved(Err(error)) => {
                self.working = false;
                self.error = Some(error);
            }
            Message::Chosen(Some(path)) => return self.write(path),
            // Cancelled, or no portal: offer a path in the home folder to edit.
            Message::Chosen(None) => {
                self.working = false;
                let name = self.bundle.as_ref().map(|b| b.0.file_name.clone());
                self.path = Some(dialog::suggested_path(&name.unwrap_or_default()));
            }
            Message::PathChanged(path) => self.path = Some(path),
            Message::SaveToPath => {
                if let Some(path) = dialog::typed_path(&self.path) {
                    return self.write(path);
                }
            }
            Message::Saved(Ok(path)) => return Action::Done(path),
            Message::Cancel => return Action::Close,
        }
        Action::None
    }

    fn write(&mut self, path: PathBuf) -> Action {
        let Some(bundle) = self.bundle.clone() else {
            return Action::None;
        };
        self.working = true;
        Action::Run(Task::perform(
            super::work(move || write(&bundle, &path)),
            Message::Saved,
        ))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut whats = vec![WhatOption(What::Certificate), WhatOption(What::WithChain)];
        if self.has_key {
            whats.push(WhatOption(What::WithKey));
        }
        let formats: Vec<FormatOption> = Format::ALL.into_iter().map(FormatOption).collect();
        let problem = self.request().err();
        let key_in_pem = self.what == What::WithKey && self.format == Format::Pem;

        let mut body = column![
            text(fl!("export-title-name", name = self.name.clone())).size(20),
            dialog::labelled(
                fl!("export-what"),
                pick_list(whats, Some(WhatOption(self.what)), Message::What).width(iced::Fill),
            ),
            dialog::labelled(
                fl!("export-format"),
                pick_list(formats, Some(FormatOption(self.format)), Message::Format)
                    .width(iced::Fill),
            ),
            dialog::labelled(
                fl!("export-passphrase"),
                text_input(&fl!("export-passphrase-hint"), &self.passphrase)
                    .secure(true)
                    .on_input(Message::Passphrase)
                    .width(iced::Fill),
            ),
        ]
        .spacing(12);
        if key_in_pem && self.passphrase.is_empty() {
            body = body.push(
                checkbox(self.plain_key)
                    .label(fl!("export-plain-key"))
                    .on_toggle(Message::PlainKey),
            );
        }
        if let Some(problem) = &problem {
            body = body.push(text(problem.clone()).size(13).style(text::danger));
        }
        if let Some(path) = &self.path {
            body = body.push(dialog::save_here(
                path,
                Message::PathChanged,
                Message::SaveToPath,
            ));
        }
        if let Some(error) = &self.error {
            body = body.push(dialog::problem(error.clone()));
        }
        let save = button(text(fl!("export-save")))
            .on_press_maybe((problem.is_none() && !self.working).then_some(Message::Save));
        body = body.push(
            row![
                space::horizontal(),
                button(text(fl!("delete-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
                container(save).id(SAVE_ID),
            ]
            .spacing(SPACING),
        );
        dialog::modal(body, 560.0, Message::Cancel)
    }
}

/// Makes the bundle (blocking: opens the inventory and its vault).
pub(super) fn build(request: &ExportRequest, settings: &Settings) -> Result<Bundle, String> {
    super::inventory::export(request, settings).map(|b| Bundle(Arc::new(b)))
}

/// Writes the bundle where the user chose (replacing a file they agreed to replace).
pub(super) fn write(bundle: &Bundle, path: &std::path::Path) -> Result<PathBuf, String> {
    crate::store::export::write_atomic(&bundle.0, path, true).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WhatOption(pub What);

impl fmt::Display for WhatOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            What::Certificate => fl!("export-what-certificate"),
            What::WithChain => fl!("export-what-chain"),
            What::WithKey => fl!("export-what-key"),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatOption(pub Format);

impl fmt::Display for FormatOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self.0 {
            Format::Pem => fl!("export-format-pem"),
            Format::Der => fl!("export-format-der"),
            Format::Pkcs7 => fl!("export-format-p7b"),
            Format::PfxModern => fl!("export-format-pfx-modern"),
            Format::PfxCompatible => fl!("export-format-pfx-compatible"),
        })
    }
}
