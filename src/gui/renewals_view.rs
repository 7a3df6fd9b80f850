//! The Renewals screen: every node with an ACME issuer on a 90-day timeline (when its next
//! renewal is due, when its certificate expires), a pass running or just finished with its
//! progress per node, the ACME accounts and DNS servers, and the renewal log with its failures
//! and their reasons.

use iced::widget::{
    Column, Space, button, center, column, container, row, rule, scrollable, space, stack, text,
};
use iced::{Element, Fill, FillPortion, Font, Length};
use time::{Duration, OffsetDateTime};

use super::i18n::{date as display_date, date_time as display_time};
use super::inventory::Loaded;
use super::labels::outcome_words;
use super::labels::{challenge_words, decision_words};
use super::renewals::{Confirm, Dialog, Message as Renewals, NodeRun, Pass, State};
use super::widgets::SPACING;
use super::{dialog, style};
use crate::acme::outlook::Outlook;
use crate::acme::renew::Decision;
use crate::fl;
use crate::pki::status::Severity;

/// Test ids.
pub const RENEW_DUE_ID: &str = "renewals-renew-due";
pub const GET_CERTIFICATE_ID: &str = "renewals-get-certificate";
pub const CANCEL_ID: &str = "renewals-cancel";
pub const CONFIRM_ID: &str = "renewals-confirm";
pub const SCHEDULE_ID: &str = "renewals-schedule";

/// How far ahead the timeline looks.
const HORIZON_DAYS: i64 = 90;

/// The screen: the pass under way, the schedule, the timeline, accounts, DNS servers, log.
pub fn screen<'a>(state: &'a State, loaded: &'a Loaded) -> Element<'a, Renewals> {
    let running = state.running();
    let title = column![
        row![
            text(fl!("renewals-title")).size(22),
            space::horizontal(),
            container(
                button(text(fl!("renewals-renew-due")))
                    .style(button::secondary)
                    .on_press_maybe((!running).then(|| Renewals::RenewDue))
            )
            .id(RENEW_DUE_ID),
            container(
                button(text(fl!("renewals-get-certificate")))
                    .on_press(Renewals::GetCertificate(None))
            )
            .id(GET_CERTIFICATE_ID),
        ]
        .spacing(SPACING)
        .align_y(iced::Center),
        text(fl!("renewals-explained")).size(13),
    ]
    .spacing(4);
    let renewals = &loaded.renewals;
    let mut page = Column::new().spacing(16).padding([0, 12]);
    if let Some(working) = &state.working {
        page = page.push(text(working.clone()).size(13));
    }
    if let Some(pass) = &state.pass {
        page = page.push(pass_panel(pass));
    }
    page = page.push(schedule_line(state));
    page = page.push(section(fl!("renewals-upcoming")));
    if renewals.outlook.is_empty() {
        page = page.push(text(fl!("renewals-none")).size(14));
    } else {
        page = page.push(timeline_scale(loaded.now));
        for outlook in &renewals.outlook {
            page = page.push(timeline_row(outlook, loaded.now, running));
        }
    }
    page = page
        .push(section_with(
            fl!("renewals-accounts"),
            fl!("renewals-add-account"),
            Renewals::AddAccount,
        ))
        .push(accounts(loaded))
        .push(section_with(
            fl!("renewals-dns-servers"),
            fl!("renewals-add-dns"),
            Renewals::AddDns,
        ))
        .push(dns_servers(loaded))
        .push(section(fl!("renewals-log")))
        .push(log(loaded));
    column![title, scrollable(page).height(Fill)]
        .spacing(SPACING)
        .into()
}

/// Whether the system's scheduler renews unattended, with the button to change it.
fn schedule_line(state: &State) -> Element<'_, Renewals> {
    let (words, severity, action) = match state.scheduled {
        Some(true) => (
            fl!("renewals-schedule-on"),
            Severity::Info,
            Some((fl!("renewals-schedule-remove"), false)),
        ),
        Some(false) => (
            fl!("renewals-schedule-off"),
            Severity::Warning,
            Some((fl!("renewals-schedule-install"), true)),
        ),
        None => (fl!("renewals-schedule-unknown"), Severity::Info, None),
    };
    let mut line = row![
        container(text(words).size(13))
            .padding([4, 10])
            .width(Fill)
            .style(style::badge(severity))
    ]
    .spacing(SPACING)
    .align_y(iced::Center);
    if let Some((label, install)) = action {
        line = line.push(
            container(
                button(text(label).size(13))
                    .padding([3, 10])
                    .style(button::secondary)
                    .on_press_maybe((!state.scheduling).then(|| Renewals::SetSchedule(install))),
            )
            .id(SCHEDULE_ID),
        );
    }
    line.into()
}

/// The Renewals screen's dialog on top, if one is open.
pub fn dialog(state: &State) -> Option<Element<'_, Renewals>> {
    Some(match state.top()? {
        Dialog::Account(dialog) => dialog.view().map(Renewals::Account),
        Dialog::Dns(dialog) => dialog.view().map(Renewals::Dns),
        Dialog::Confirm(confirm) => confirm_dialog(confirm),
        Dialog::Wizard(wizard) => wizard.view().map(Renewals::Wizard),
    })
}

fn section(title: String) -> Element<'static, Renewals> {
    column![text(title).size(17), rule::horizontal(1)]
        .spacing(4)
        .into()
}

fn section_with(title: String, action: String, message: Renewals) -> Element<'static, Renewals> {
    column![
        row![
            text(title).size(17),
            space::horizontal(),
            button(text(action))
                .style(button::secondary)
                .on_press(message),
        ]
        .align_y(iced::Center),
        rule::horizontal(1),
    ]
    .spacing(4)
    .into()
}

/// The pass under way (or just finished): each node's step, the record to create by hand.
fn pass_panel(pass: &Pass) -> Element<'_, Renewals> {
    let heading = if pass.running {
        if pass.cancelling {
            fl!("renewals-cancelling")
        } else {
            fl!("renewals-running")
        }
    } else {
        fl!("renewals-finished")
    };
    let mut panel = column![
        row![
            text(heading).size(16).width(Fill),
            if pass.running {
                container(
                    button(text(fl!("renewals-cancel")))
                        .style(button::danger)
                        .on_press_maybe((!pass.cancelling).then(|| Renewals::Cancel)),
                )
                .id(CANCEL_ID)
            } else {
                container(
                    button(text(fl!("renewals-dismiss")))
                        .style(button::secondary)
                        .on_press(Renewals::DismissPass),
                )
            },
        ]
        .align_y(iced::Center)
    ]
    .spacing(6);
    if pass.running && pass.nodes.is_empty() {
        panel = panel.push(text(fl!("renewals-step-starting")).size(13));
    }
    for line in &pass.nodes {
        panel = panel.push(node_progress(line));
    }
    if let Some(error) = &pass.error {
        panel = panel.push(dialog::problem(error.clone()));
    }
    container(panel)
        .padding(10)
        .width(Fill)
        .style(style::card)
        .into()
}

fn node_progress(line: &NodeRun) -> Element<'_, Renewals> {
    let severity = match &line.report {
        Some(report) if report.failed() => Severity::Error,
        Some(report) if report.outcome == "renewed" => Severity::Info,
        Some(_) => Severity::Info,
        None => Severity::Warning,
    };
    let detail = line
        .report
        .as_ref()
        .map(|r| r.detail.clone())
        .unwrap_or_default();
    let mut block = column![
        row![
            text(line.node.clone()).size(14).width(160),
            container(text(line.step.clone()).size(13))
                .padding([2, 8])
                .style(style::badge(severity)),
            text(detail).size(13).width(Fill),
        ]
        .spacing(SPACING)
        .align_y(iced::Center)
    ]
    .spacing(4);
    if let Some((record, value)) = &line.record {
        let zone_line = format!("{record}. 60 IN TXT \"{value}\"");
        block = block.push(
            container(
                column![
                    text(fl!("renewals-record-explained")).size(13),
                    row![
                        text(zone_line.clone())
                            .font(Font::MONOSPACE)
                            .size(13)
                            .width(Fill),
                        button(text(fl!("renewals-copy-value")))
                            .style(button::secondary)
                            .on_press(Renewals::Copy(value.clone())),
                        button(text(fl!("renewals-copy-record")))
                            .style(button::secondary)
                            .on_press(Renewals::Copy(zone_line)),
                    ]
                    .spacing(SPACING)
                    .align_y(iced::Center),
                ]
                .spacing(4),
            )
            .padding(8)
            .style(style::problem),
        );
    }
    block.into()
}

/// The dates above the timeline: today, then every 30 days.
fn timeline_scale(now: OffsetDateTime) -> Element<'static, Renewals> {
    let mut marks = row![Space::new().width(NODE_WIDTH)].spacing(0);
    let steps = HORIZON_DAYS / 30;
    for step in 0..steps {
        marks = marks.push(
            text(display_date(now + Duration::days(step * 30)))
                .size(11)
                .width(FillPortion(1)),
        );
    }
    marks = marks.push(Space::new().width(DETAIL_WIDTH));
    marks.into()
}

const NODE_WIDTH: f32 = 160.0;
const DETAIL_WIDTH: f32 = 360.0;

/// A mark at `at` on the timeline's track (none when outside it).
fn mark_at<'a>(
    at: OffsetDateTime,
    now: OffsetDateTime,
    glyph: &'static str,
    severity: Severity,
) -> Element<'a, Renewals> {
    let days = (at - now).whole_hours() as f64 / 24.0;
    if days > HORIZON_DAYS as f64 {
        // Later than the timeline reaches: a mark at its end, the date in the words beside it.
        return row![
            Space::new().width(Fill),
            container(text(format!("{glyph} ›")).size(12))
                .padding([0, 4])
                .style(style::neutral_badge),
        ]
        .align_y(iced::Center)
        .into();
    }
    // Thousandths of the track before and after the mark.
    let before = ((days.max(0.0) / HORIZON_DAYS as f64) * 1000.0).round() as u16;
    row![
        Space::new().width(FillPortion(before.max(1))),
        container(text(glyph).size(12))
            .padding([0, 4])
            .style(style::badge(severity)),
        Space::new().width(FillPortion((1000 - before.min(1000)).max(1))),
    ]
    .align_y(iced::Center)
    .into()
}

/// One node: its track with the next renewal (●) and the expiry (✕), what happens next, the
/// last run, and its actions.
fn timeline_row(outlook: &Outlook, now: OffsetDateTime, running: bool) -> Element<'_, Renewals> {
    let issuer = &outlook.issuer;
    let next = outlook.next_action(now);
    let severity = if outlook.failing() {
        Severity::Error
    } else if matches!(
        outlook.decision,
        Decision::Order { .. } | Decision::Push { .. }
    ) {
        Severity::Warning
    } else {
        Severity::Info
    };
    let track_line = container(Space::new().width(Fill).height(2)).style(style::neutral_badge);
    let mut track = stack![center(track_line).height(22)];
    if let Some(expires) = outlook.expires {
        track = track.push(mark_at(expires, now, "✕", Severity::Error));
    }
    track = track.push(mark_at(next, now, "●", severity));
    let last = match (&issuer.state.last_result, issuer.state.last_run) {
        (Some(result), Some(at)) => fl!(
            "renewals-last-run",
            outcome = outcome_words(result),
            when = OffsetDateTime::from_unix_timestamp(at)
                .map(display_time)
                .unwrap_or_default()
        ),
        _ => fl!("renewals-never-run"),
    };
    let mut detail = column![
        text(decision_words(outlook, now)).size(13),
        text(format!(
            "{} · {}",
            issuer.account,
            challenge_words(&issuer.challenge)
        ))
        .size(12),
        text(last).size(12),
    ]
    .spacing(2)
    .width(Fill);
    if outlook.failing()
        && let Some(reason) = &issuer.state.last_detail
    {
        detail = detail.push(text(reason.clone()).size(12).style(text::danger));
    }
    let node = issuer.node.clone();
    let small = |label: String| button(text(label).size(13)).padding([3, 10]);
    let actions = row![
        small(fl!("renewals-renew-now"))
            .on_press_maybe((!running).then(|| Renewals::RenewNow(node.clone()))),
        small(fl!("renewals-edit"))
            .style(button::secondary)
            .on_press(Renewals::GetCertificate(Some(node.clone()))),
        small(fl!("renewals-remove"))
            .style(button::danger)
            .on_press(Renewals::Ask(Confirm::RemoveIssuer(node))),
    ]
    .spacing(4);
    row![
        column![
            text(issuer.node.clone()).size(14),
            text(
                outlook
                    .expires
                    .map(|e| fl!("renewals-expires", date = display_date(e)))
                    .unwrap_or_else(|| fl!("renewals-no-certificate"))
            )
            .size(11),
        ]
        .width(NODE_WIDTH),
        container(track).width(Fill),
        column![detail, actions]
            .spacing(4)
            .width(Length::Fixed(DETAIL_WIDTH)),
    ]
    .spacing(SPACING)
    .align_y(iced::Center)
    .into()
}

fn accounts(loaded: &super::inventory::Loaded) -> Element<'_, Renewals> {
    let accounts = &loaded.renewals.accounts;
    if accounts.is_empty() {
        return text(fl!("renewals-no-accounts")).size(13).into();
    }
    let now = loaded.now.unix_timestamp();
    let mut list = Column::new().spacing(6);
    for account in accounts {
        let (state, severity) = if account.deactivated_at.is_some() {
            (fl!("renewals-account-deactivated"), Severity::Error)
        } else if let Some(until) = account.rate_limited_until.filter(|u| *u > now) {
            (
                fl!(
                    "renewals-account-limited",
                    date = OffsetDateTime::from_unix_timestamp(until)
                        .map(display_time)
                        .unwrap_or_default()
                ),
                Severity::Warning,
            )
        } else {
            (fl!("renewals-account-active"), Severity::Info)
        };
        let mut line = row![
            text(account.name.clone()).size(14).width(160),
            container(text(state).size(12))
                .padding([2, 8])
                .style(style::badge(severity)),
            column![
                text(account.directory_url.clone()).size(12),
                text(account.contact.join(", ")).size(12),
            ]
            .width(Fill),
        ]
        .spacing(SPACING)
        .align_y(iced::Center);
        if account.deactivated_at.is_none() {
            line = line.push(
                button(text(fl!("renewals-deactivate")))
                    .style(button::danger)
                    .on_press(Renewals::Ask(Confirm::Deactivate(account.name.clone()))),
            );
        }
        list = list.push(line);
    }
    list.into()
}

fn dns_servers(loaded: &super::inventory::Loaded) -> Element<'_, Renewals> {
    let servers = &loaded.renewals.dns_servers;
    if servers.is_empty() {
        return text(fl!("renewals-no-dns")).size(13).into();
    }
    let mut list = Column::new().spacing(6);
    for server in servers {
        list = list.push(
            row![
                text(server.name.clone()).size(14).width(160),
                text(fl!(
                    "renewals-dns-line",
                    zone = server.zone.clone(),
                    server = server.server.clone(),
                    key = server.key_name.clone(),
                    algorithm = server.algorithm.clone()
                ))
                .size(12)
                .width(Fill),
                button(text(fl!("renewals-remove")))
                    .style(button::danger)
                    .on_press(Renewals::Ask(Confirm::RemoveDns(server.name.clone()))),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        );
    }
    list.into()
}

/// The latest runs, newest first; failures in red with their reason.
fn log(loaded: &super::inventory::Loaded) -> Element<'_, Renewals> {
    let runs = &loaded.renewals.runs;
    if runs.is_empty() {
        return text(fl!("renewals-no-runs")).size(13).into();
    }
    let mut list = Column::new().spacing(4);
    for run in runs {
        let severity = match run.outcome.as_str() {
            "failed" => Severity::Error,
            "renewed" => Severity::Info,
            _ => Severity::Info,
        };
        list = list.push(
            row![
                text(
                    OffsetDateTime::from_unix_timestamp(run.at)
                        .map(display_time)
                        .unwrap_or_default()
                )
                .size(12)
                .width(190),
                text(run.node.clone()).size(13).width(140),
                container(text(outcome_words(&run.outcome)).size(12))
                    .padding([1, 8])
                    .width(150)
                    .style(style::badge(severity)),
                text(run.detail.clone()).size(12).width(Fill),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        );
    }
    list.into()
}

fn confirm_dialog(confirm: &Confirm) -> Element<'_, Renewals> {
    let (title, warning, label) = match confirm {
        Confirm::Deactivate(name) => (
            fl!("renewals-deactivate-title", name = name.clone()),
            fl!("renewals-deactivate-warning"),
            fl!("renewals-deactivate"),
        ),
        Confirm::RemoveIssuer(node) => (
            fl!("renewals-remove-issuer-title", node = node.clone()),
            fl!("renewals-remove-issuer-warning"),
            fl!("renewals-remove"),
        ),
        Confirm::RemoveDns(name) => (
            fl!("renewals-remove-dns-title", name = name.clone()),
            fl!("renewals-remove-dns-warning"),
            fl!("renewals-remove"),
        ),
    };
    dialog::confirm(
        title,
        warning,
        (label, CONFIRM_ID, Renewals::Confirmed),
        Renewals::CancelConfirm,
    )
}
