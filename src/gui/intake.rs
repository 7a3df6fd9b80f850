//! How files and text come in: dropped on the window, picked in the system's file dialog (or
//! typed as a path where no dialog exists), or pasted as PEM. Where they go (inspected or
//! reviewed for the inventory) is the window's decision.

use std::path::PathBuf;

use iced::widget::{button, column, row, space, text, text_editor, text_input};
use iced::{Element, Font, Task};

use super::widgets::SPACING;
use crate::fl;

#[derive(Debug, Clone)]
pub enum Message {
    FileHovered,
    HoverLeft,
    FileDropped(PathBuf),
    PickFiles,
    /// The file dialog's answer; `None` when it was cancelled or none exists.
    Picked(Option<Vec<PathBuf>>),
    PathChanged(String),
    OpenPath,
    TogglePaste,
    PasteAction(text_editor::Action),
    ImportPasted,
}

/// What the window does after a message of this module.
pub enum Action {
    None,
    Run(Task<Message>),
    /// Files to take in.
    Files(Vec<PathBuf>),
    /// Pasted text to take in.
    Pasted(String),
}

#[derive(Default)]
pub struct State {
    /// Files are dragged over the window (the drop hint shows).
    pub hovering: bool,
    path_input: String,
    /// Shown when the native dialog is unavailable (Linux without a portal).
    pub show_path_input: bool,
    pub paste: Option<text_editor::Content>,
}

impl State {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::FileHovered => {
                self.hovering = true;
                Action::None
            }
            Message::HoverLeft => {
                self.hovering = false;
                Action::None
            }
            Message::FileDropped(path) => {
                self.hovering = false;
                Action::Files(vec![path])
            }
            Message::PickFiles => Action::Run(Task::perform(pick_files(), Message::Picked)),
            Message::Picked(Some(paths)) => Action::Files(paths),
            Message::Picked(None) => {
                self.show_path_input = true;
                Action::None
            }
            Message::PathChanged(path) => {
                self.path_input = path;
                Action::None
            }
            Message::OpenPath => {
                let path = self.path_input.trim();
                if path.is_empty() {
                    return Action::None;
                }
                let path = PathBuf::from(path);
                self.path_input.clear();
                self.show_path_input = false;
                Action::Files(vec![path])
            }
            Message::TogglePaste => {
                self.paste = match self.paste {
                    Some(_) => None,
                    None => Some(text_editor::Content::new()),
                };
                Action::None
            }
            Message::PasteAction(action) => {
                if let Some(content) = &mut self.paste {
                    content.perform(action);
                }
                Action::None
            }
            Message::ImportPasted => match self.paste.take() {
                Some(content) if !content.text().trim().is_empty() => {
                    Action::Pasted(content.text())
                }
                other => {
                    self.paste = other;
                    Action::None
                }
            },
        }
    }

    /// Esc: closes the paste box, else the path field (`false` when neither was open).
    pub fn escape(&mut self) -> bool {
        if self.paste.take().is_some() {
            return true;
        }
        std::mem::take(&mut self.show_path_input)
    }

    /// The toolbar's buttons.
    pub fn buttons(&self) -> Element<'_, Message> {
        row![
            button(text(fl!("paste-pem"))).on_press(Message::TogglePaste),
            button(text(fl!("import-files"))).on_press(Message::PickFiles),
        ]
        .spacing(SPACING)
        .into()
    }

    /// The path field, where no file dialog exists.
    pub fn path_field(&self) -> Option<Element<'_, Message>> {
        if !self.show_path_input {
            return None;
        }
        Some(
            column![
                text(fl!("no-file-dialog")).size(13),
                row![
                    text_input(&fl!("import-path-placeholder"), &self.path_input)
                        .on_input(Message::PathChanged)
                        .on_submit(Message::OpenPath),
                    button(text(fl!("import-path-open"))).on_press(Message::OpenPath),
                ]
                .spacing(SPACING),
            ]
            .spacing(SPACING)
            .into(),
        )
    }

    /// The paste box, when open.
    pub fn paste_box(&self) -> Element<'_, Message> {
        let Some(content) = &self.paste else {
            return space::vertical().height(0).into();
        };
        column![
            text_editor(content)
                .placeholder(fl!("paste-pem-placeholder"))
                .on_action(Message::PasteAction)
                .font(Font::MONOSPACE)
                .height(160),
            row![
                button(text(fl!("paste-pem-import"))).on_press(Message::ImportPasted),
                button(text(fl!("paste-pem-cancel")))
                    .on_press(Message::TogglePaste)
                    .style(button::secondary),
            ]
            .spacing(SPACING),
        ]
        .spacing(SPACING)
        .into()
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
