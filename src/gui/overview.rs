//! The home screen: the estate at a glance — counts by status, the expiry timeline, one tile per
//! node, the next renewals. Built the way every screen is meant to be: its own state and
//! messages, an `update` that returns what the window has to do ([`Action`]) instead of reaching
//! into it, and a view over what is loaded. It imports no other screen.
//!
//! The bars are widgets (a column of filled containers in a button) rather than a canvas: each
//! bar is then focusable and clickable like any button, its numbers are text in the window's
//! font, and no geometry backend is needed beside the two renderers.

use iced::widget::{Column, Row, button, column, container, row, scrollable, space, text};
use iced::{Background, Color, Element, Fill, Length, Theme, border};
use time::OffsetDateTime;

use super::widgets::SPACING;
use super::{i18n, labels, style};
use crate::acme::outlook::Outlook;
use crate::fl;
use crate::pki::StatusCode;
use crate::store::Role;
use crate::store::nodes::PushLogEntry;
use crate::store::overview::{Bucket, Health, Overview};

/// The tallest bar.
const CHART_HEIGHT: f32 = 150.0;
/// Node tiles per row.
const TILES_PER_ROW: usize = 6;
/// Renewals listed.
const RENEWALS_SHOWN: usize = 6;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Span {
    #[default]
    Weeks,
    Months,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Stack {
    #[default]
    Kind,
    NodeRole,
}

#[derive(Debug, Default)]
pub struct State {
    span: Span,
    stack: Stack,
}

#[derive(Debug, Clone)]
pub enum Message {
    Span(Span),
    Stack(Stack),
    /// A bar: the certificates expiring in `[start, end)`.
    Bar(OffsetDateTime, OffsetDateTime),
    Status(StatusCode),
    Node(String),
}

/// What the window does after a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// List the certificates expiring in `[start, end)`.
    ShowExpiring(OffsetDateTime, OffsetDateTime),
    /// List the certificates with this status.
    ShowStatus(StatusCode),
    /// Open this node.
    OpenNode(String),
}

impl State {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Span(span) => {
                self.span = span;
                Action::None
            }
            Message::Stack(stack) => {
                self.stack = stack;
                Action::None
            }
            Message::Bar(start, end) => Action::ShowExpiring(start, end),
            Message::Status(code) => Action::ShowStatus(code),
            Message::Node(name) => Action::OpenNode(name),
        }
    }

    /// The screen for `overview`, with `days` the warning period and `renewals` the ACME
    /// outlook (soonest first).
    pub fn view<'a>(
        &'a self,
        overview: &'a Overview,
        renewals: &'a [Outlook],
        pushes: &'a [PushLogEntry],
        days: i64,
        now: OffsetDateTime,
    ) -> Element<'a, Message> {
        let total: usize = overview.by_status.iter().map(|(_, n)| n).sum();
        let header = row![
            text(fl!("overview-title")).size(22),
            space::horizontal(),
            text(fl!("overview-certificates", count = (total as i64))),
        ]
        .align_y(iced::Center);
        let statuses = Row::with_children(overview.by_status.iter().map(|&(code, count)| {
            button(
                row![
                    // "Expiring" as a category, not one certificate's "n days left".
                    text(if code == StatusCode::Expiring {
                        fl!("alarm-kind-expiring")
                    } else {
                        labels::status(code, days)
                    }),
                    container(text(i18n::integer(count as i64)).size(12))
                        .padding([1, 7])
                        .style(style::badge(code.severity())),
                ]
                .spacing(6)
                .align_y(iced::Center),
            )
            .style(button::secondary)
            .on_press(Message::Status(code))
            .into()
        }))
        .spacing(SPACING)
        .wrap();
        let content = column![
            header,
            statuses,
            self.timeline(overview),
            nodes(overview),
            row![upcoming(renewals, now), recent(pushes)].spacing(16),
        ]
        .spacing(16)
        .padding([0, 12]);
        scrollable(content).height(Fill).into()
    }

    fn timeline<'a>(&'a self, overview: &'a Overview) -> Element<'a, Message> {
        let toggle = |label: String, on: bool, message: Message| {
            button(text(label).size(13))
                .style(if on {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(message)
        };
        let controls = row![
            text(fl!("overview-expiring-title")).size(18),
            space::horizontal(),
            toggle(
                fl!("overview-weeks"),
                self.span == Span::Weeks,
                Message::Span(Span::Weeks)
            ),
            toggle(
                fl!("overview-months"),
                self.span == Span::Months,
                Message::Span(Span::Months)
            ),
            space::horizontal().width(16),
            toggle(
                fl!("overview-by-kind"),
                self.stack == Stack::Kind,
                Message::Stack(Stack::Kind)
            ),
            toggle(
                fl!("overview-by-node-role"),
                self.stack == Stack::NodeRole,
                Message::Stack(Stack::NodeRole)
            ),
        ]
        .spacing(6)
        .align_y(iced::Center);
        let buckets = match self.span {
            Span::Weeks => &overview.weeks,
            Span::Months => &overview.months,
        };
        let series = self.series(buckets);
        let highest = buckets.iter().map(|b| b.total).max().unwrap_or(0).max(1);
        let bars = Row::with_children(
            buckets
                .iter()
                .map(|bucket| self.bar(bucket, &series, highest)),
        )
        .spacing(4)
        .align_y(iced::Bottom);
        let legend = Row::with_children(series.iter().enumerate().map(|(index, name)| {
            row![
                container(space::horizontal().width(12))
                    .height(12)
                    .style(move |theme: &Theme| filled(series_color(theme, index))),
                text(series_label(self.stack, name)).size(12),
            ]
            .spacing(4)
            .align_y(iced::Center)
            .into()
        }))
        .spacing(12)
        .wrap();
        let expired = text(fl!("overview-expired", count = (overview.expired as i64))).size(12);
        container(column![controls, bars, legend, expired].spacing(SPACING))
            .padding(12)
            .style(style::card)
            .into()
    }

    /// The names stacked, in a fixed order: kinds as the list sorts them, node roles by name.
    fn series(&self, buckets: &[Bucket]) -> Vec<String> {
        match self.stack {
            Stack::Kind => [Role::Server, Role::Leaf, Role::Intermediate, Role::Root]
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            Stack::NodeRole => {
                let mut names: Vec<String> = buckets
                    .iter()
                    .flat_map(|b| b.by_node_role.keys().cloned())
                    .collect();
                names.sort();
                names.dedup();
                names
            }
        }
    }

    fn bar<'a>(
        &self,
        bucket: &'a Bucket,
        series: &[String],
        highest: usize,
    ) -> Element<'a, Message> {
        let count_of = |name: &str| match self.stack {
            Stack::Kind => bucket.by_kind.get(name).copied().unwrap_or(0),
            Stack::NodeRole => bucket.by_node_role.get(name).copied().unwrap_or(0),
        };
        // Stacked from the bottom: the first series lowest.
        let segments =
            Column::with_children(series.iter().enumerate().rev().filter_map(|(index, name)| {
                let count = count_of(name);
                (count > 0).then(|| {
                    container(space::horizontal())
                        .width(Fill)
                        .height(Length::Fixed(
                            (CHART_HEIGHT * count as f32 / highest as f32).max(2.0),
                        ))
                        .style(move |theme: &Theme| filled(series_color(theme, index)))
                        .into()
                })
            }));
        // Short, numeric (ISO order) labels: a locale's full date wraps under a narrow bar.
        let label = match self.span {
            Span::Weeks => format!(
                "{:02}-{:02}",
                u8::from(bucket.start.month()),
                bucket.start.day()
            ),
            Span::Months => format!(
                "{}-{:02}",
                bucket.start.year(),
                u8::from(bucket.start.month())
            ),
        };
        let shown = column![
            text(i18n::integer(bucket.total as i64)).size(12),
            segments,
            text(label).size(11),
        ]
        .spacing(2)
        .align_x(iced::Center)
        .width(Fill);
        button(
            container(shown)
                .height(Length::Fixed(CHART_HEIGHT + 40.0))
                .align_bottom(Length::Fixed(CHART_HEIGHT + 40.0)),
        )
        .width(Fill)
        .padding(2)
        .style(button::text)
        .on_press(Message::Bar(bucket.start, bucket.end))
        .into()
    }
}

/// One tile per node, worst first, coloured by its health (and named, never colour alone).
fn nodes(overview: &Overview) -> Element<'_, Message> {
    let title = text(fl!("overview-nodes-title")).size(18);
    if overview.nodes.is_empty() {
        return card(title, text(fl!("overview-no-nodes")));
    }
    let mut grid = Column::new().spacing(6);
    for chunk in overview.nodes.chunks(TILES_PER_ROW) {
        let mut line = Row::new().spacing(6);
        for tile in chunk {
            let days = tile
                .days_left
                .map(|d| fl!("overview-days-left", days = d))
                .unwrap_or_default();
            let health = tile.health;
            line = line.push(
                button(
                    column![
                        text(tile.name.as_str()).size(14),
                        text(health_word(health)).size(12),
                        text(days).size(11),
                    ]
                    .spacing(2),
                )
                .width(Length::FillPortion(1))
                .padding(8)
                .style(move |theme: &Theme, status| {
                    let base = button::secondary(theme, status);
                    let (background, text_color) = health_colors(theme, health);
                    button::Style {
                        background: Some(Background::Color(background)),
                        text_color,
                        border: border::rounded(6),
                        ..base
                    }
                })
                .on_press(Message::Node(tile.name.clone())),
            );
        }
        // A short last row keeps the tiles' width.
        for _ in chunk.len()..TILES_PER_ROW {
            line = line.push(space::horizontal().width(Length::FillPortion(1)));
        }
        grid = grid.push(line);
    }
    card(title, grid)
}

/// The next renewals, soonest first.
fn upcoming(renewals: &[Outlook], now: OffsetDateTime) -> Element<'_, Message> {
    let title = text(fl!("overview-renewals-title")).size(18);
    let body: Element<'_, Message> = if renewals.is_empty() {
        text(fl!("overview-no-renewals")).into()
    } else {
        let mut ordered: Vec<&Outlook> = renewals.iter().collect();
        ordered.sort_by_key(|o| o.next_action(now));
        Column::with_children(ordered.into_iter().take(RENEWALS_SHOWN).map(|o| {
            row![
                text(o.issuer.node.as_str()).width(Length::FillPortion(2)),
                text(i18n::date(o.next_action(now))).width(Length::FillPortion(1)),
                text(if o.failing() {
                    fl!("overview-renewal-failing")
                } else {
                    String::new()
                })
                .width(Length::FillPortion(1)),
            ]
            .spacing(SPACING)
            .into()
        }))
        .spacing(4)
        .into()
    };
    card(title, body)
}

/// The latest pushes, newest first: when, which node, how it went.
fn recent(pushes: &[PushLogEntry]) -> Element<'_, Message> {
    let title = text(fl!("overview-pushes-title")).size(18);
    let body: Element<'_, Message> = if pushes.is_empty() {
        text(fl!("overview-no-pushes")).into()
    } else {
        Column::with_children(pushes.iter().map(|push| {
            let when =
                OffsetDateTime::parse(&push.at, &time::format_description::well_known::Rfc3339)
                    .map(i18n::date_time)
                    .unwrap_or_else(|_| push.at.clone());
            row![
                text(push.node.as_str()).width(Length::FillPortion(2)),
                text(labels::node_result(&push.result)).width(Length::FillPortion(2)),
                text(when).size(12).width(Length::FillPortion(2)),
            ]
            .spacing(SPACING)
            .into()
        }))
        .spacing(4)
        .into()
    };
    card(title, body)
}

/// A titled card as the overview's sections are drawn.
fn card<'a>(
    title: impl Into<Element<'a, Message>>,
    body: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    container(column![title.into(), body.into()].spacing(SPACING))
        .padding(12)
        .width(Fill)
        .style(style::card)
        .into()
}

fn filled(color: Color) -> container::Style {
    container::Style {
        background: Some(Background::Color(color)),
        border: border::rounded(2),
        ..container::Style::default()
    }
}

/// A series' colour from the theme's palette, so both themes keep their contrast.
fn series_color(theme: &Theme, index: usize) -> Color {
    let palette = theme.extended_palette();
    let colors = [
        palette.primary.base.color,
        palette.success.base.color,
        palette.warning.base.color,
        palette.secondary.strong.color,
        palette.danger.base.color,
        palette.primary.strong.color,
        palette.success.strong.color,
        palette.background.strongest.color,
    ];
    colors[index % colors.len()]
}

fn series_label(stack: Stack, name: &str) -> String {
    match (stack, Role::parse(name)) {
        (Stack::Kind, Some(role)) => labels::role(role),
        (Stack::NodeRole, _) if name == "unassigned" => fl!("overview-unassigned"),
        _ => name.to_string(),
    }
}

fn health_word(health: Health) -> String {
    match health {
        Health::NoCertificate => fl!("health-no-certificate"),
        Health::Failing => fl!("health-failing"),
        Health::Drift => fl!("health-drift"),
        Health::Expiring => fl!("health-expiring"),
        Health::Unverified => fl!("health-unverified"),
        Health::Verified => fl!("health-verified"),
    }
}

fn health_colors(theme: &Theme, health: Health) -> (Color, Color) {
    let palette = theme.extended_palette();
    let pair = match health {
        Health::Verified => palette.success.weak,
        Health::Expiring => palette.warning.weak,
        Health::NoCertificate | Health::Failing | Health::Drift => palette.danger.weak,
        Health::Unverified => palette.background.strong,
    };
    (pair.color, pair.text)
}
