//! The Requests screen: the certificate signing requests certdeck made, waiting for their CA's
//! answer or completed by it (importing the issued certificate completes a request and pairs it
//! with the key kept since the request was made).

use iced::widget::{Column, center, column, container, row, scrollable, text};
use iced::{Element, Fill};

use super::intent::Intent;
use super::inventory::Loaded;
use super::widgets::{SPACING, line_showing};
use super::{i18n, style};
use crate::fl;
use crate::pki::status::Severity;

/// Test id of the New request… button.
pub const NEW_REQUEST_ID: &str = "requests-new";

/// Signing requests, newest first; a completed one shows its certificate.
pub fn screen(loaded: &Loaded) -> Element<'_, Intent> {
    let pending = loaded
        .requests
        .iter()
        .filter(|r| r.certificate_id.is_none())
        .count();
    let title = column![
        row![
            text(fl!("requests-title")).size(22),
            iced::widget::space::horizontal(),
            container(iced::widget::button(text(fl!("csr-new"))).on_press(Intent::NewRequest))
                .id(NEW_REQUEST_ID),
        ]
        .align_y(iced::Center),
        text(fl!("requests-explained")).size(13),
        text(fl!("requests-pending", count = pending)).size(13),
    ]
    .spacing(4);
    if loaded.requests.is_empty() {
        return column![title, center(text(fl!("requests-none")).size(16))]
            .spacing(SPACING)
            .into();
    }
    let mut list = Column::new().spacing(6);
    // Newest first: the one waiting for an answer is usually the last one made.
    for request in loaded.requests.iter().rev() {
        let (word, severity) = match request.certificate_id {
            Some(_) => (fl!("requests-completed"), Severity::Info),
            None => (fl!("requests-waiting"), Severity::Warning),
        };
        let name = super::labels::common_name(&request.subject).to_string();
        let line = row![
            container(text(word).size(13))
                .padding([2, 8])
                .width(150)
                .style(style::badge(severity)),
            text(name).size(14).width(Fill),
            text(usage_word(&request.usage)).size(13).width(120),
            text(if request.has_private_key {
                fl!("requests-key-kept")
            } else {
                String::new()
            })
            .size(13)
            .width(200),
            text(created(&request.created_at)).size(13).width(100),
        ]
        .spacing(SPACING)
        .align_y(iced::Center);
        let item = line_showing(line, request.certificate_id.map(Intent::ShowCertificate));
        list = list.push(item);
    }
    column![title, scrollable(list).height(Fill)]
        .spacing(SPACING)
        .into()
}

fn usage_word(usage: &str) -> String {
    match usage {
        "server" => fl!("requests-usage-server"),
        "client" => fl!("requests-usage-client"),
        "both" => fl!("requests-usage-both"),
        other => other.to_string(),
    }
}

/// The day a request was made, in the locale's form (the store keeps RFC 3339).
fn created(rfc3339: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(rfc3339, &Rfc3339)
        .map(i18n::date)
        .unwrap_or_else(|_| rfc3339.to_string())
}
