//! Pieces every screen and dialog draws with: status badges, labelled fields, cards, list rows,
//! a certificate's sections and its chain. Generic over the message type, so a screen's own
//! messages can use them without knowing the window's.

use iced::widget::{
    Column, button, center, column, container, mouse_area, row, space, text, text_editor,
};
use iced::{Element, Fill, Font};

use super::i18n::date_time as display_time;
use super::{explain, labels, style};
use crate::fl;
use crate::pki::chain::{ChainEnd, Outcome};
use crate::pki::display::colon_hex_text as colon_hex;
use crate::pki::status::Severity;
use crate::pki::{CertificateReport, Object, StatusCode};

/// The space between the pieces of a screen.
pub const SPACING: u32 = 8;

pub fn badge<'a, M: 'a>(code: StatusCode, days_left: i64) -> Element<'a, M> {
    container(text(labels::status(code, days_left)).size(13))
        .padding([2, 8])
        .style(style::badge(code.severity()))
        .into()
}

/// A list row: highlighted when selected, selects on a click.
pub fn list_row<'a, M: Clone + 'a>(
    cell: iced::widget::Container<'a, M>,
    selected: bool,
    on_press: M,
) -> Element<'a, M> {
    let cell = if selected {
        cell.style(style::selected_row)
    } else {
        cell
    };
    mouse_area(cell).on_press(on_press).into()
}

pub fn field<'a, M: 'a>(name: String, value: String) -> Element<'a, M> {
    row![
        text(name).width(130).size(13),
        text(value).size(13).width(Fill)
    ]
    .spacing(SPACING)
    .into()
}

pub fn section<'a, M: 'a>(title: String, body: Element<'a, M>) -> Element<'a, M> {
    container(column![text(title).size(15), body].spacing(6))
        .padding(10)
        .width(Fill)
        .style(style::card)
        .into()
}

/// The certificate's cards: statuses, chain of trust (then `after_chain`, the verdict under a
/// policy where there is one), identity, extensions.
pub fn certificate_sections<'a, M: 'a>(
    mut sections: Column<'a, M>,
    report: &'a CertificateReport,
    after_chain: Option<Element<'a, M>>,
) -> Column<'a, M> {
    let cert = &report.cert;
    let mut statuses = Column::new().spacing(4);
    if report.assessment.statuses.is_empty() {
        statuses = statuses.push(badge(StatusCode::Good, report.assessment.days_left));
    }
    for status in &report.assessment.statuses {
        statuses = statuses.push(
            row![
                badge(status.code, report.assessment.days_left),
                text(explain::status_reason(status, report)).size(13)
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        );
    }
    sections = sections.push(section(fl!("detail-statuses"), statuses.into()));
    sections = sections.push(section(fl!("detail-chain"), chain(report)));
    if let Some(card) = after_chain {
        sections = sections.push(card);
    }

    let identity = column![
        field(fl!("detail-subject"), cert.subject.to_string()),
        field(fl!("detail-issuer"), cert.issuer.to_string()),
        field(fl!("detail-serial"), colon_hex(&cert.serial)),
        field(fl!("detail-valid-from"), display_time(cert.not_before)),
        field(fl!("detail-valid-until"), display_time(cert.not_after)),
        field(fl!("detail-key"), cert.key.to_string()),
        field(fl!("detail-signature"), cert.signature_algorithm.clone()),
        field(fl!("detail-sha1"), colon_hex(&cert.fingerprint_sha1)),
        field(fl!("detail-sha256"), colon_hex(&cert.fingerprint_sha256)),
        field(
            fl!("detail-private-key"),
            if report.has_private_key {
                fl!("detail-private-key-present")
            } else {
                fl!("detail-private-key-absent")
            }
        ),
    ]
    .spacing(4);
    sections = sections.push(section(fl!("kind-certificate"), identity.into()));

    let mut extensions = Column::new().spacing(6);
    for ext in &cert.extensions() {
        let title = if ext.critical {
            format!("{} ({})", ext.name, fl!("detail-critical"))
        } else {
            ext.name.clone()
        };
        let mut block = Column::new().push(text(title).size(13));
        for line in ext.value.lines() {
            block = block.push(text(format!("    {line}")).size(12).font(Font::MONOSPACE));
        }
        extensions = extensions.push(block);
    }
    sections.push(section(fl!("detail-extensions"), extensions.into()))
}

fn chain<'a, M: 'a>(report: &'a CertificateReport) -> Element<'a, M> {
    let mut links = Column::new().spacing(6);
    for (depth, link) in report.chain.links.iter().enumerate() {
        let indent = (depth * 16) as f32;
        let mut block = Column::new().push(text(link.subject.clone()).size(13));
        for check in &link.checks {
            let (mark, severity) = match check.outcome {
                Outcome::Pass => ("✓", Severity::Info),
                Outcome::Fail => ("✗", Severity::Error),
                Outcome::NotApplicable => ("–", Severity::Warning),
            };
            block = block.push(
                row![
                    container(text(mark).size(12))
                        .padding([0, 6])
                        .style(style::badge(severity)),
                    text(explain::check(&check.phrase)).size(12),
                ]
                .spacing(6),
            );
        }
        links = links.push(row![space::horizontal().width(indent), block]);
    }
    let end = match &report.chain.end {
        ChainEnd::TrustedRoot { name, .. } => fl!("detail-chain-trusted", name = name.clone()),
        ChainEnd::UntrustedRoot { name } => fl!("detail-chain-untrusted-root", name = name.clone()),
        ChainEnd::MissingIssuer { issuer, .. } => {
            fl!("detail-chain-missing", name = issuer.clone())
        }
        ChainEnd::TooLong => fl!("detail-chain-too-long"),
    };
    let severity = if matches!(report.chain.end, ChainEnd::TrustedRoot { .. }) {
        Severity::Info
    } else {
        Severity::Error
    };
    links
        .push(
            container(text(end).size(13))
                .padding([2, 8])
                .style(style::badge(severity)),
        )
        .into()
}

pub fn other_sections<'a, M: 'a>(sections: Column<'a, M>, object: &'a Object) -> Column<'a, M> {
    let body: Column<'a, M> = match object {
        Object::PrivateKey(key) => column![
            field(fl!("detail-key"), key.summary.to_string()),
            field(
                fl!("detail-protection"),
                key.protection.clone().unwrap_or_else(|| "—".into())
            ),
        ],
        Object::Csr(csr) => column![
            field(fl!("detail-subject"), csr.subject.to_string()),
            field(fl!("detail-san"), csr.san.join(", ")),
            field(fl!("detail-key"), csr.key.to_string()),
            field(fl!("detail-signature"), csr.signature_algorithm.clone()),
            field(
                fl!("detail-request-signature"),
                if csr.signature_valid {
                    fl!("detail-request-signature-ok")
                } else {
                    fl!("detail-request-signature-bad")
                }
            ),
        ],
        Object::Crl(crl) => column![
            field(fl!("detail-issuer"), crl.issuer.to_string()),
            field(fl!("detail-this-update"), display_time(crl.this_update)),
            field(
                fl!("detail-next-update"),
                crl.next_update.map(display_time).unwrap_or_default()
            ),
            field(fl!("detail-revoked"), crl.entries.len().to_string()),
        ],
        Object::TlsParameters(params) => {
            column![field(fl!("detail-parameters"), params.describe())]
        }
        Object::PublicKey(public) => {
            column![field(fl!("detail-key"), public.summary().to_string())]
        }
        Object::Certificate(cert) => {
            column![field(fl!("detail-subject"), cert.subject.to_string())]
        }
    };
    sections.push(section(labels::kind(object), body.spacing(4).into()))
}

/// A line of a list that does something when clicked (shows a certificate), or plain text when
/// it has nothing to do (a button without an action would look disabled).
pub fn line_showing<'a, M: Clone + 'a>(
    line: impl Into<Element<'a, M>>,
    on_press: Option<M>,
) -> Element<'a, M> {
    match on_press {
        Some(message) => button(line)
            .style(button::text)
            .width(Fill)
            .on_press(message)
            .into(),
        None => container(line).padding([5, 10]).width(Fill).into(),
    }
}

pub fn drop_overlay<'a, M: 'a>() -> Element<'a, M> {
    container(center(text(fl!("drop-to-import")).size(32)))
        .width(Fill)
        .height(Fill)
        .style(style::drop_overlay)
        .into()
}

/// A selected object's PEM text: selectable and copyable, never editable.
pub fn pem_section<'a, M: Clone + 'a>(
    content: &'a text_editor::Content,
    on_action: impl Fn(text_editor::Action) -> M + 'a,
) -> Element<'a, M> {
    section(
        fl!("detail-pem"),
        text_editor(content)
            .on_action(on_action)
            .font(Font::MONOSPACE)
            .size(12)
            .into(),
    )
}

/// What a screen over the inventory shows while it opens, or why it could not be opened.
pub fn inventory_status<'a, M: 'a>(load_error: Option<&str>) -> Element<'a, M> {
    let message = match load_error {
        Some(reason) => fl!("inventory-error", reason = reason.to_string()),
        None => fl!("inventory-loading"),
    };
    center(text(message)).into()
}

/// `cell`, `width` wide, with `full` (its whole text, which the column may cut) in a tooltip on
/// hover.
pub fn full_on_hover<'a, M: 'a>(
    cell: impl Into<Element<'a, M>>,
    full: String,
    width: impl Into<iced::Length>,
) -> iced::widget::Container<'a, M> {
    container(
        iced::widget::tooltip(
            cell,
            container(text(full).size(13))
                .padding(6)
                .style(container::bordered_box),
            iced::widget::tooltip::Position::FollowCursor,
        )
        .delay(std::time::Duration::from_millis(400)),
    )
    .width(width)
}

/// `words` on one line, cut at the edge of `width`: list rows have one height, so their cells
/// never wrap (and unwrapped text must not run into the next column).
pub fn one_line<'a, M: 'a>(
    words: iced::widget::Text<'a>,
    width: impl Into<iced::Length>,
) -> iced::widget::Container<'a, M> {
    container(words.wrapping(text::Wrapping::None))
        .width(width)
        .clip(true)
}

/// `words` in `size`, on one line cut at `width`, with the whole of them on hover.
pub fn cut_line<'a, M: 'a>(
    words: String,
    size: f32,
    width: impl Into<iced::Length>,
) -> iced::widget::Container<'a, M> {
    full_on_hover(one_line(text(words.clone()).size(size), Fill), words, width)
}
