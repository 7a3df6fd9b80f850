//! The Alarms screen: what needs attention now — nodes without a certificate, certificates
//! expired or expiring within the warning period, chains that do not reach a trusted root — in
//! the user's language, worst first. A click on an alarm shows its certificate.

use iced::widget::{center, column, container, row, scrollable, text};
use iced::{Element, Fill};

use super::intent::Intent;
use super::inventory::Loaded;
use super::widgets::{SPACING, cut_line, line_showing};
use super::windowed::{self, Window};
use super::{i18n, style};
use crate::fl;
use crate::pki::status::Severity;
use crate::store::report::{AlarmEntry, AlarmKind};

/// What the Alarms screen sends: what the window should do, or where its list is scrolled to.
#[derive(Debug, Clone)]
pub enum Event {
    Intent(Intent),
    Scrolled(scrollable::Viewport),
}

/// The height of one alarm's line.
const LINE_HEIGHT: f32 = 34.0;

/// The alarms, worst kind first; a click on one shows its certificate. Only the lines in view
/// are built (`window`): an estate with 10,000 incomplete chains has 10,000 alarms.
pub fn screen<'a>(loaded: &'a Loaded, warning_days: i64, window: &Window) -> Element<'a, Event> {
    let title = column![
        text(fl!("alarms-title")).size(22),
        text(fl!("alarms-explained", days = warning_days)).size(13),
    ]
    .spacing(4);
    if loaded.alarms.is_empty() {
        return column![title, center(text(fl!("alarms-none")).size(16))]
            .spacing(SPACING)
            .into();
    }
    let alarms = &loaded.alarms;
    let shown = window.rows(alarms.len(), LINE_HEIGHT);
    let lines = alarms[shown.clone()].iter().map(|alarm| {
        let words = alarm_text(Some(loaded), alarm);
        let line = row![
            container(text(kind_word(alarm.kind)).size(13))
                .padding([2, 8])
                .width(170)
                .style(style::badge(severity(alarm.kind))),
            cut_line(words, 14.0, Fill),
        ]
        .spacing(SPACING)
        // The line's button pads it by 5 above and below.
        .height(LINE_HEIGHT - 10.0)
        .align_y(iced::Center);
        let line = line_showing(line, alarm.certificate_id.map(Intent::ShowCertificate));
        container(line.map(Event::Intent))
            .height(LINE_HEIGHT)
            .clip(true)
            .into()
    });
    column![
        title,
        text(fl!("alarms-count", count = alarms.len())).size(13),
        scrollable(windowed::column(alarms.len(), shown, LINE_HEIGHT, lines))
            .height(Fill)
            .on_scroll(Event::Scrolled),
    ]
    .spacing(SPACING)
    .into()
}

/// The alarm in words, from the certificate's row (the store's message is English).
/// An alarm in words, naming its certificate as the inventory knows it (when loaded).
pub fn alarm_text(loaded: Option<&Loaded>, alarm: &AlarmEntry) -> String {
    let row = loaded.and_then(|loaded| {
        let id = alarm.certificate_id?;
        loaded.row(id)
    });
    let node = alarm.node.clone().unwrap_or_default();
    let endpoint = alarm.endpoint.clone().unwrap_or_default();
    match (alarm.kind, row) {
        (AlarmKind::NodeWithoutCertificate, _) => {
            fl!("alarm-node-without-certificate", node = node)
        }
        (AlarmKind::Expired, Some((row, _))) => fl!(
            "alarm-expired",
            name = row.name.clone(),
            date = i18n::date(row.facts.not_after)
        ),
        (AlarmKind::Expiring, Some((row, assessment))) => fl!(
            "alarm-expiring",
            name = row.name.clone(),
            days = assessment.days_left,
            date = i18n::date(row.facts.not_after)
        ),
        (AlarmKind::Revoked, Some((row, _))) => {
            fl!("alarm-revoked", name = row.name.clone())
        }
        (AlarmKind::IncompleteChain, Some((row, _))) => fl!(
            "alarm-incomplete-chain",
            name = row.name.clone(),
            // What the chain summary found (in English: it is stored with the row).
            reason = row.chain_missing.clone().unwrap_or_default()
        ),
        (AlarmKind::Drift, _) => fl!("alarm-drift", endpoint = endpoint, node = node),
        (AlarmKind::UnmanagedExpiring, _) => {
            fl!("alarm-unmanaged-expiring", endpoint = endpoint)
        }
        (AlarmKind::Vanished, _) => fl!("alarm-vanished", endpoint = endpoint),
        (AlarmKind::WeakOnWire, _) => fl!("alarm-weak-on-wire", endpoint = endpoint),
        // The row is gone (deleted meanwhile): the store's own words.
        (_, None) => alarm.message.clone(),
    }
}

fn kind_word(kind: AlarmKind) -> String {
    match kind {
        AlarmKind::NodeWithoutCertificate => fl!("alarm-kind-node"),
        AlarmKind::Expired => fl!("status-expired"),
        AlarmKind::Expiring => fl!("alarm-kind-expiring"),
        AlarmKind::IncompleteChain => fl!("status-incomplete-chain"),
        AlarmKind::Revoked => fl!("status-revoked"),
        AlarmKind::Drift => fl!("alarm-kind-drift"),
        AlarmKind::UnmanagedExpiring => fl!("alarm-kind-unmanaged"),
        AlarmKind::Vanished => fl!("alarm-kind-vanished"),
        AlarmKind::WeakOnWire => fl!("alarm-kind-weak-wire"),
    }
}

fn severity(kind: AlarmKind) -> Severity {
    match kind {
        AlarmKind::Expiring | AlarmKind::UnmanagedExpiring | AlarmKind::WeakOnWire => {
            Severity::Warning
        }
        _ => Severity::Error,
    }
}
