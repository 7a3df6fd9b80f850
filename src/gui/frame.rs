//! The window's frame around every screen: the sidebar that chooses the screen, and the banner
//! for pushes a killed run left unfinished.

use iced::widget::{button, column, container, row, space, text};
use iced::{Element, Fill};

use super::intent::Intent;
use super::inventory::Loaded;
use super::screen::Screen;
use super::widgets::SPACING;
use super::{i18n, style};
use crate::fl;
use crate::push::resume::Resume;

/// The screens, the current one highlighted; Alarms carries its count.
pub fn sidebar(current: Screen, alarms: usize) -> Element<'static, Intent> {
    let entry = |label: String, target: Screen| {
        let style = if current == target {
            button::primary
        } else {
            button::text
        };
        button(text(label))
            .width(Fill)
            .style(style)
            .on_press(Intent::Show(target))
    };
    // The alarms entry carries its count as a badge: a word and a colour.
    let alarms_entry = button(
        row![
            text(fl!("nav-alarms")).width(Fill),
            container(text(i18n::integer(alarms as i64)).size(12))
                .padding([1, 7])
                .style(style::badge(if alarms > 0 {
                    crate::pki::status::Severity::Warning
                } else {
                    crate::pki::status::Severity::Info
                })),
        ]
        .align_y(iced::Center),
    )
    .width(Fill)
    .style(if current == Screen::Alarms {
        button::primary
    } else {
        button::text
    })
    .on_press(Intent::Show(Screen::Alarms));
    column![
        entry(fl!("nav-overview"), Screen::Overview),
        entry(fl!("nav-inventory"), Screen::Inventory),
        entry(fl!("nav-nodes"), Screen::ByNode),
        entry(fl!("nav-trusted"), Screen::TrustedCas),
        entry(fl!("nav-requests"), Screen::Requests),
        entry(fl!("nav-node-list"), Screen::Nodes),
        entry(fl!("nav-discovery"), Screen::Discovery),
        entry(fl!("nav-renewals"), Screen::Renewals),
        alarms_entry,
        entry(fl!("nav-inspect"), Screen::Inspect),
        space::vertical(),
        entry(fl!("nav-settings"), Screen::Settings),
    ]
    .spacing(4)
    .width(170)
    .into()
}

/// Nodes a killed push left half-changed, with the way back (or forward).
pub fn unfinished_pushes(loaded: Option<&Loaded>, resuming: bool) -> Element<'_, Intent> {
    let Some(loaded) = loaded else {
        return space::vertical().height(0).into();
    };
    if loaded.unfinished_pushes.is_empty() {
        return space::vertical().height(0).into();
    }
    let nodes: Vec<String> = loaded
        .unfinished_pushes
        .iter()
        .map(|p| p.node.clone())
        .collect();
    let mut banner = row![
        text(fl!(
            "push-unfinished",
            count = nodes.len(),
            nodes = nodes.join(", ")
        ))
        .size(14)
        .width(Fill)
    ]
    .spacing(SPACING)
    .align_y(iced::Center);
    banner = if resuming {
        banner.push(text(fl!("push-unfinished-working")).size(14))
    } else {
        banner
            .push(
                button(text(fl!("push-unfinished-rollback")))
                    .on_press(Intent::ResumePushes(Resume::Rollback)),
            )
            .push(
                button(text(fl!("push-unfinished-complete")))
                    .style(button::secondary)
                    .on_press(Intent::ResumePushes(Resume::Complete)),
            )
    };
    container(banner)
        .padding(10)
        .width(Fill)
        .style(container::danger)
        .into()
}
