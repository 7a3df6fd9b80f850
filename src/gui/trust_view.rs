//! The Trusted CAs screen: the CAs the administrator trusts (pushed to nodes as their trust list,
//! used to judge chains), each of which can be taken off the list, and the built-in Mozilla
//! roots chains may also end at.

use iced::widget::text::Wrapping;
use iced::widget::{Column, button, column, container, row, rule, scrollable, text};
use iced::{Element, Fill};

use super::intent::Intent;
use super::inventory::Loaded;
use super::widgets::SPACING;
use super::{i18n, style};
use crate::fl;

/// The custom trusted CAs (each can be shown or taken off) and the built-in list.
pub fn screen(loaded: &Loaded) -> Element<'_, Intent> {
    let (custom, builtin): (Vec<_>, Vec<_>) = loaded.trusted.iter().partition(|ca| !ca.builtin);

    let mut mine = Column::new().spacing(4);
    if custom.is_empty() {
        mine = mine.push(text(fl!("trusted-none")).size(14));
    }
    for ca in &custom {
        let Some(id) = ca.id else { continue };
        let row_of = loaded.row(id);
        let name = row_of
            .map(|(row, _)| row.name.clone())
            .unwrap_or_else(|| ca.subject.clone());
        let expires = row_of
            .map(|(row, _)| i18n::date(row.facts.not_after))
            .unwrap_or_default();
        mine = mine.push(
            row![
                button(text(name).wrapping(Wrapping::None))
                    .style(button::text)
                    .width(Fill)
                    .on_press(Intent::ShowCertificate(id)),
                text(fl!("trusted-expires", date = expires)).size(13),
                button(text(fl!("trusted-remove")))
                    .style(button::secondary)
                    .on_press(Intent::SetTrust(id, false)),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        );
    }

    let mut mozilla = Column::new().spacing(2);
    for ca in &builtin {
        mozilla = mozilla.push(text(super::labels::common_name(&ca.subject).to_string()).size(13));
    }

    column![
        text(fl!("trusted-title")).size(22),
        text(fl!("trusted-explained")).size(13),
        container(
            column![
                text(fl!("trusted-custom", count = custom.len())).size(16),
                mine
            ]
            .spacing(SPACING)
        )
        .padding(10)
        .width(Fill)
        .style(style::card),
        rule::horizontal(1),
        text(fl!("trusted-builtin", count = builtin.len())).size(16),
        scrollable(mozilla).height(Fill).width(Fill),
    ]
    .spacing(SPACING)
    .into()
}
