//! What every dialog is made of: the dimmed window behind it (a click there dismisses it), a
//! labelled field, a problem in words, and the path field offered where no save dialog exists.
//! Generic over the dialog's own message type.

use std::path::PathBuf;

use iced::widget::{button, center, column, container, mouse_area, opaque, row, text, text_input};
use iced::{Element, Fill};

use super::style;
use super::widgets::SPACING;
use crate::fl;

/// `content` as a dialog over the dimmed window; a click outside sends `dismiss`.
pub fn modal<'a, M: Clone + 'a>(
    content: impl Into<Element<'a, M>>,
    max_width: f32,
    dismiss: M,
) -> Element<'a, M> {
    let dialog = container(content)
        .padding(20)
        .max_width(max_width)
        .max_height(760)
        .style(style::dialog);
    opaque(mouse_area(center(opaque(dialog)).style(style::dim)).on_press(dismiss))
}

/// Asks before something that cannot be undone: `title`, what it means, Cancel, and a red
/// `confirm` button (found by tests through `confirm_id`).
pub fn confirm<'a, M: Clone + 'a>(
    title: String,
    warning: String,
    confirm: (String, &'static str, M),
    cancel: M,
) -> Element<'a, M> {
    let (label, confirm_id, on_confirm) = confirm;
    modal(
        column![
            text(title).size(20),
            text(warning).size(14),
            row![
                iced::widget::space::horizontal(),
                button(text(fl!("delete-cancel")))
                    .style(button::secondary)
                    .on_press(cancel.clone()),
                // Buttons carry no id: the container around it lets tests find it.
                container(
                    button(text(label))
                        .style(button::danger)
                        .on_press(on_confirm)
                )
                .id(confirm_id),
            ]
            .spacing(SPACING),
        ]
        .spacing(16),
        480.0,
        cancel,
    )
}

/// A field with its label above it.
pub fn labelled<'a, M: 'a>(label: String, input: impl Into<Element<'a, M>>) -> Element<'a, M> {
    column![text(label).size(13), input.into()]
        .spacing(4)
        .width(Fill)
        .into()
}

/// An error in a dialog, in plain words.
pub fn problem<'a, M: 'a>(words: String) -> Element<'a, M> {
    container(text(words).size(13))
        .padding(6)
        .style(style::problem)
        .into()
}

/// A form's last line: `notes` on the left (work under way, what the form still needs), the
/// error of its last attempt, then Cancel and the form's `primary` button (found by tests
/// through `primary_id`).
pub fn footer<'a, M: Clone + 'a>(
    notes: Option<Element<'a, M>>,
    error: Option<&String>,
    cancel: M,
    primary: iced::widget::Button<'a, M>,
    primary_id: &'static str,
) -> Element<'a, M> {
    let mut footer = row![].spacing(SPACING).align_y(iced::Center);
    if let Some(notes) = notes {
        footer = footer.push(notes);
    }
    if let Some(error) = error {
        footer = footer.push(problem(error.clone()));
    }
    footer
        .push(iced::widget::space::horizontal())
        .push(
            button(text(fl!("delete-cancel")))
                .style(button::secondary)
                .on_press(cancel),
        )
        .push(container(primary).id(primary_id))
        .into()
}

/// The native save dialog, pre-filled with `file_name`; `None` when it was cancelled or none is
/// available (Linux without an XDG portal).
pub async fn choose_save_path(title: String, file_name: String) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(file_name)
        .save_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// Where to offer saving `file_name` when no save dialog is available: the Downloads folder,
/// else the home folder — as the text of the path field.
pub fn suggested_path(file_name: &str) -> String {
    let folder = directories::UserDirs::new()
        .and_then(|d| d.download_dir().map(|p| p.to_path_buf()))
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_default();
    folder.join(file_name).display().to_string()
}

/// The path typed into the fallback field, when there is one.
pub fn typed_path(path: &Option<String>) -> Option<PathBuf> {
    path.as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Where no native save dialog is available (or it was closed): the full path to edit, and a
/// button to save there.
pub fn save_here<'a, M: Clone + 'a>(
    path: &'a str,
    changed: impl Fn(String) -> M + 'a,
    save: M,
) -> Element<'a, M> {
    column![
        text(fl!("export-no-dialog")).size(13),
        row![
            text_input("", path)
                .on_input(changed)
                .on_submit(save.clone()),
            button(text(fl!("export-save-here"))).on_press(save),
        ]
        .spacing(SPACING),
    ]
    .spacing(SPACING)
    .into()
}
