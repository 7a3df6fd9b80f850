//! The inventory screen: a sidebar, a filterable list that stays fluid with 10,000 certificates
//! (only the visible rows are built), and the detail pane.

use iced::widget::text::Wrapping;
use iced::widget::{
    Column, button, center, column, container, pick_list, row, rule, scrollable, space, text,
    text_input,
};
use iced::{Element, Fill, Length};

use super::intent::Intent;
use super::inventory::Loaded;
use super::list::{FILTER_ID, LIST_ID, Message, Narrowing, ROW_HEIGHT, Show, SortColumn, State};
use super::revocation_check;
use super::widgets::{
    SPACING, badge, certificate_sections, cut_line, field, full_on_hover, list_row, one_line,
    pem_section,
};
use super::windowed;
use super::{i18n, labels, style};
use crate::fl;
use crate::store::CertificateRow;

/// What the inventory screen shows besides its own state.
pub struct Context<'a> {
    pub loaded: &'a Loaded,
    pub revocation: &'a revocation_check::State,
    /// The latest note, shown over the list.
    pub latest_note: Option<String>,
    pub warning_days: i64,
}

/// Test id of the detail's "Assign to node…" picker.
pub const ASSIGN_ID: &str = "detail-assign";

/// The filter, the list (only the visible rows are built) and the detail pane.
pub fn view<'a>(state: &'a State, context: Context<'a>) -> Element<'a, Message> {
    let loaded = context.loaded;
    let mut header = column![
        row![
            text_input(&fl!("filter-placeholder"), &state.filter)
                .on_input(Message::Filter)
                .id(FILTER_ID),
            pick_list(Show::ALL, Some(state.show), Message::ShowOnly).width(220),
            context.revocation.view().map(Message::Revocation),
        ]
        .spacing(SPACING)
        .align_y(iced::Center),
    ]
    .spacing(SPACING);
    if let Some(narrowed) = state.narrowed {
        let words = match narrowed {
            Narrowing::Expiring(start, end) => fl!(
                "narrowed-expiring",
                from = i18n::date(start),
                to = i18n::date(end - time::Duration::days(1))
            ),
            Narrowing::Status(code) => fl!(
                "narrowed-status",
                status = labels::status(code, context.warning_days)
            ),
        };
        header = header.push(
            row![
                container(text(words).size(13))
                    .padding([2, 8])
                    .style(style::neutral_badge),
                button(text(fl!("narrowed-clear")).size(13))
                    .style(button::text)
                    .on_press(Message::ClearNarrowing),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        );
    }
    if let Some(latest) = context.latest_note {
        header = header.push(text(latest).size(13));
    }
    if loaded.rows.is_empty() {
        return column![header, center(text(fl!("inventory-empty")))]
            .spacing(SPACING)
            .into();
    }
    let rows: Vec<&(CertificateRow, crate::pki::status::Assessment)> =
        state.visible.iter().map(|&i| &loaded.rows[i]).collect();
    // Only the rows in view (and one screen around them) are built.
    let shown = windowed::in_view(
        state.scroll_offset,
        state.viewport_height,
        rows.len(),
        ROW_HEIGHT,
    );
    // The revocation column appears once a revocation check has said something: until
    // then it would only hold dashes, in space the names need.
    let revocation_width = if loaded.revocation_checked {
        REVOCATION_WIDTH
    } else {
        0.0
    };
    let built = rows[shown.clone()]
        .iter()
        .map(|(row, assessment)| inventory_row(state, row, assessment, revocation_width));
    let list = windowed::column(rows.len(), shown, ROW_HEIGHT, built);
    let table = column![
        row![
            sort_header(state, fl!("column-status"), SortColumn::Status).width(STATUS_WIDTH),
            sort_header(state, fl!("column-name"), SortColumn::Name).width(Length::FillPortion(3)),
            sort_header(state, fl!("column-issuer"), SortColumn::Issuer)
                .width(Length::FillPortion(2)),
            sort_header(state, fl!("column-role"), SortColumn::Kind).width(110),
            sort_header(state, fl!("column-expires"), SortColumn::Expires).width(100),
            sort_header(state, fl!("column-days-left"), SortColumn::Expires).width(DAYS_WIDTH),
            text(fl!("column-key")).width(30),
            one_line(text(fl!("column-revocation")), revocation_width),
            sort_header(state, fl!("column-nodes"), SortColumn::Nodes).width(NODES_WIDTH),
        ]
        .spacing(SPACING)
        .padding([0, 8])
        .align_y(iced::Center),
        rule::horizontal(1),
        scrollable(list)
            .height(Fill)
            .on_scroll(Message::Scrolled)
            .id(LIST_ID),
        text(fl!("objects-count", count = rows.len())).size(12),
    ]
    .spacing(4);
    column![
        header,
        row![
            container(table).width(Length::FillPortion(5)),
            rule::vertical(1),
            container(detail(state, loaded, context.revocation)).width(Length::FillPortion(2)),
        ]
        .spacing(SPACING)
        .height(Fill),
    ]
    .spacing(SPACING)
    .into()
}

fn inventory_row<'a>(
    state: &State,
    row: &'a CertificateRow,
    assessment: &'a crate::pki::status::Assessment,
    revocation_width: f32,
) -> Element<'a, Message> {
    let content = row![
        container(badge(assessment.overall, assessment.days_left)).width(STATUS_WIDTH),
        // Long names are cut at the column edge instead of wrapping, which would break the
        // fixed row height the virtualized list depends on; the whole text shows on hover.
        full_on_hover(
            one_line(text(row.name.clone()).size(14), Fill),
            format!("{}\n{}", row.name, row.subject),
            Length::FillPortion(3),
        ),
        full_on_hover(
            one_line(text(labels::common_name(&row.issuer)).size(13), Fill),
            row.issuer.clone(),
            Length::FillPortion(2),
        ),
        one_line(text(labels::role(row.role)).size(13), 110),
        one_line(text(i18n::date(row.facts.not_after)).size(13), 100),
        text(i18n::integer(assessment.days_left))
            .size(13)
            .width(DAYS_WIDTH)
            .align_x(iced::alignment::Horizontal::Right),
        text(if row.has_private_key { "✓" } else { "" }).width(30),
        container(revocation_word(row))
            .width(revocation_width)
            .clip(true),
        cut_line(row.nodes.join(", "), 13.0, NODES_WIDTH),
    ]
    .spacing(SPACING)
    .padding([6, 8])
    .height(ROW_HEIGHT)
    .align_y(iced::Center);
    list_row(
        container(content).width(Fill).height(ROW_HEIGHT),
        state.selected_row == Some(row.id),
        Message::SelectRow(row.id),
    )
}

/// A column title that sorts by its column; the active one shows the direction.
fn sort_header(
    state: &State,
    label: String,
    column: SortColumn,
) -> iced::widget::Button<'static, Message> {
    let label = if state.sort == column {
        format!("{label} {}", if state.ascending { "▲" } else { "▼" })
    } else {
        label
    };
    button(text(label).wrapping(Wrapping::None))
        .clip(true)
        .style(button::text)
        .padding([4, 0])
        .on_press(Message::SortBy(column))
}

fn detail<'a>(
    state: &'a State,
    loaded: &'a Loaded,
    revocation: &'a revocation_check::State,
) -> Element<'a, Message> {
    let Some(report) = &state.row_report else {
        return center(text(fl!("detail-none"))).into();
    };
    let mut sections = Column::new().spacing(12).padding([0, 12]);
    sections = sections
        .push(
            text(report.cert.display_name())
                .size(20)
                .wrapping(Wrapping::WordOrGlyph),
        )
        .push(
            row![
                button(text(fl!("detail-export"))).on_press(Message::Intent(Intent::AskExport)),
                renew_button(state),
                push_button(state),
                revocation_button(state, revocation),
                trust_button(state, loaded),
                button(text(fl!("detail-delete")))
                    .style(button::danger)
                    .on_press(Message::Intent(Intent::AskDelete)),
            ]
            .spacing(SPACING)
            // The detail pane is narrow: the actions continue on the next line.
            .wrap()
            .vertical_spacing(SPACING),
        );
    if let Some((row, _)) = loaded
        .rows
        .iter()
        .find(|(r, _)| Some(r.id) == state.selected_row)
    {
        let nodes = if row.nodes.is_empty() {
            "—".to_string()
        } else {
            row.nodes.join(", ")
        };
        sections = sections.push(field(fl!("detail-nodes"), nodes));
        if row.role == crate::store::Role::Server {
            // A server certificate can be assigned to a node here too (replacing the node's
            // previous one), as on the By node screen.
            let others: Vec<String> = loaded
                .nodes
                .iter()
                .filter(|n| n.certificate_id != Some(row.id))
                .map(|n| n.name.clone())
                .collect();
            if !others.is_empty() {
                let id = row.id;
                sections = sections.push(
                    container(
                        pick_list(others, None::<String>, move |node| {
                            Message::Intent(Intent::Assign(node, id))
                        })
                        .placeholder(fl!("detail-assign"))
                        .width(320),
                    )
                    .id(ASSIGN_ID),
                );
            }
        }
    }
    let verdict = state
        .policy_verdict
        .as_ref()
        .filter(|(id, _)| Some(*id) == state.selected_row)
        .map(|(_, verdict)| super::policy_view::card(verdict));
    sections = certificate_sections(sections, report, verdict);
    sections = sections.push(pem_section(&state.pem_view, Message::PemAction));
    scrollable(sections).height(Fill).into()
}

/// "Renew…" for end-entity certificates (a CA is renewed by its own CA, not by a request
/// from here).
fn renew_button(state: &State) -> Element<'_, Message> {
    match &state.row_report {
        Some(report) if !report.cert.is_ca => button(text(fl!("detail-renew")))
            .style(button::secondary)
            .on_press(Message::Intent(Intent::RenewSelected))
            .into(),
        _ => space::horizontal().width(0).into(),
    }
}

/// "Check revocation" for a certificate with an issuer (a root is not revoked by anyone).
fn revocation_button<'a>(
    state: &'a State,
    revocation: &'a revocation_check::State,
) -> Element<'a, Message> {
    match (&state.row_report, state.selected_row) {
        (Some(report), Some(id)) if !report.cert.self_signed => {
            revocation.one_button(id).map(Message::Revocation)
        }
        _ => space::horizontal().width(0).into(),
    }
}

/// "Push…" for a certificate with its key (what a node can serve).
fn push_button(state: &State) -> Element<'_, Message> {
    match &state.row_report {
        Some(report) if report.has_private_key && !report.cert.is_ca => {
            button(text(fl!("detail-push")))
                .style(button::secondary)
                .on_press(Message::Intent(Intent::AskPush(true, None)))
                .into()
        }
        _ => space::horizontal().width(0).into(),
    }
}

/// "Trust this CA" or "Stop trusting" for a CA certificate; nothing for others.
fn trust_button<'a>(state: &State, loaded: &'a Loaded) -> Element<'a, Message> {
    let row = state.selected_row.and_then(|id| loaded.row(id));
    match row {
        Some((row, _)) if row.facts.is_ca => {
            let (label, trust) = if row.trusted {
                (fl!("trusted-remove"), false)
            } else {
                (fl!("trusted-add"), true)
            };
            button(text(label))
                .style(button::secondary)
                .on_press(Message::Intent(Intent::SetTrust(row.id, trust)))
                .into()
        }
        _ => space::horizontal().width(0).into(),
    }
}

/// The revocation column's width.
const REVOCATION_WIDTH: f32 = 84.0;
const STATUS_WIDTH: f32 = 120.0;
const DAYS_WIDTH: f32 = 72.0;
/// Wide enough for the column's title in every language.
const NODES_WIDTH: f32 = 80.0;

/// What the last revocation check found for a row: revoked, not revoked, or not checked (—).
fn revocation_word(row: &CertificateRow) -> Element<'_, Message> {
    match &row.revocation {
        Some(state) if state.revoked_at.is_some() => text(fl!("status-revoked"))
            .size(13)
            .style(text::danger)
            .wrapping(Wrapping::None)
            .into(),
        Some(_) => text(fl!("revocation-not-revoked"))
            .size(13)
            .style(text::success)
            .wrapping(Wrapping::None)
            .into(),
        None => text("—").size(13).into(),
    }
}
