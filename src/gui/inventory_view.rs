//! The inventory screen: a sidebar, a filterable list that stays fluid with 10,000 certificates
//! (only the visible rows are built), and the detail pane.

use iced::widget::text::Wrapping;
use iced::widget::{
    Column, button, center, column, container, pick_list, row, rule, scrollable, space, text,
    text_input,
};
use iced::{Element, Fill, Length};

use super::inventory::{Show, SortColumn};
use super::view::{SPACING, badge, certificate_sections, field, list_row};
use super::{App, Message, Section, i18n, style};
use crate::fl;
use crate::store::CertificateRow;

/// Every row has this height, so the visible slice follows from the scroll offset.
pub(super) const ROW_HEIGHT: f32 = 34.0;

/// Test id of the detail's "Assign to node…" picker.
pub const ASSIGN_ID: &str = "detail-assign";

impl App {
    pub(super) fn sidebar(&self) -> Element<'_, Message> {
        let entry = |label: String, target: Section| {
            let style = if self.section == target {
                button::primary
            } else {
                button::text
            };
            button(text(label))
                .width(Fill)
                .style(style)
                .on_press(Message::Show(target))
        };
        let alarms = self.loaded.as_ref().map(|l| l.alarms.len()).unwrap_or(0);
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
        .style(if self.section == Section::Alarms {
            button::primary
        } else {
            button::text
        })
        .on_press(Message::Show(Section::Alarms));
        column![
            entry(fl!("nav-overview"), Section::Overview),
            entry(fl!("nav-inventory"), Section::Inventory),
            entry(fl!("nav-nodes"), Section::ByNode),
            entry(fl!("nav-trusted"), Section::TrustedCas),
            entry(fl!("nav-requests"), Section::Requests),
            entry(fl!("nav-node-list"), Section::Nodes),
            entry(fl!("nav-discovery"), Section::Discovery),
            entry(fl!("nav-renewals"), Section::Renewals),
            alarms_entry,
            entry(fl!("nav-inspect"), Section::Inspect),
            space::vertical(),
            entry(fl!("nav-settings"), Section::Settings),
        ]
        .spacing(4)
        .width(170)
        .into()
    }

    pub(super) fn inventory_screen(&self) -> Element<'_, Message> {
        let loaded = match self.loaded_or_status() {
            Ok(loaded) => loaded,
            Err(status) => return status,
        };
        let mut header = column![
            row![
                text_input(&fl!("filter-placeholder"), &self.filter)
                    .on_input(Message::Filter)
                    .id(super::FILTER_ID),
                pick_list(Show::ALL, Some(self.show), Message::ShowOnly).width(220),
                self.revocation.view().map(Message::Revocation),
            ]
            .spacing(SPACING)
            .align_y(iced::Center),
        ]
        .spacing(SPACING);
        if let Some(narrowed) = self.narrowed {
            let words = match narrowed {
                super::Narrowing::Expiring(start, end) => fl!(
                    "narrowed-expiring",
                    from = i18n::date(start),
                    to = i18n::date(end - time::Duration::days(1))
                ),
                super::Narrowing::Status(code) => fl!(
                    "narrowed-status",
                    status = super::labels::status(code, self.settings.warning_days)
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
        if let Some(latest) = self.notes.latest() {
            header = header.push(text(latest.to_string()).size(13));
        }
        if loaded.rows.is_empty() {
            return column![header, center(text(fl!("inventory-empty")))]
                .spacing(SPACING)
                .into();
        }
        let rows: Vec<&(CertificateRow, crate::pki::status::Assessment)> =
            self.visible.iter().map(|&i| &loaded.rows[i]).collect();
        // Only the rows in view (and one screen around them) are built.
        let first = ((self.scroll_offset / ROW_HEIGHT) as usize)
            .saturating_sub(10)
            .min(rows.len());
        let count = ((self.viewport_height / ROW_HEIGHT) as usize + 20).min(rows.len() - first);
        let mut list = Column::new().push(space::vertical().height(first as f32 * ROW_HEIGHT));
        // The revocation column appears once a revocation check has said something: until
        // then it would only hold dashes, in space the names need.
        let revocation_width = if loaded.revocation_checked {
            REVOCATION_WIDTH
        } else {
            0.0
        };
        for (row, assessment) in &rows[first..first + count] {
            list = list.push(self.inventory_row(row, assessment, revocation_width));
        }
        list =
            list.push(space::vertical().height((rows.len() - first - count) as f32 * ROW_HEIGHT));
        let table = column![
            row![
                self.sort_header(fl!("column-status"), SortColumn::Status)
                    .width(STATUS_WIDTH),
                self.sort_header(fl!("column-name"), SortColumn::Name)
                    .width(Length::FillPortion(3)),
                self.sort_header(fl!("column-issuer"), SortColumn::Issuer)
                    .width(Length::FillPortion(2)),
                self.sort_header(fl!("column-role"), SortColumn::Kind)
                    .width(110),
                self.sort_header(fl!("column-expires"), SortColumn::Expires)
                    .width(100),
                self.sort_header(fl!("column-days-left"), SortColumn::Expires)
                    .width(DAYS_WIDTH),
                text(fl!("column-key")).width(30),
                container(text(fl!("column-revocation")).wrapping(Wrapping::None))
                    .width(revocation_width)
                    .clip(true),
                self.sort_header(fl!("column-nodes"), SortColumn::Nodes)
                    .width(NODES_WIDTH),
            ]
            .spacing(SPACING)
            .padding([0, 8])
            .align_y(iced::Center),
            rule::horizontal(1),
            scrollable(list)
                .height(Fill)
                .on_scroll(Message::Scrolled)
                .id(super::LIST_ID),
            text(fl!("objects-count", count = rows.len())).size(12),
        ]
        .spacing(4);
        column![
            header,
            row![
                container(table).width(Length::FillPortion(5)),
                rule::vertical(1),
                container(self.inventory_detail()).width(Length::FillPortion(2)),
            ]
            .spacing(SPACING)
            .height(Fill),
        ]
        .spacing(SPACING)
        .into()
    }

    fn inventory_row<'a>(
        &'a self,
        row: &'a CertificateRow,
        assessment: &'a crate::pki::status::Assessment,
        revocation_width: f32,
    ) -> Element<'a, Message> {
        let content = row![
            container(badge(assessment.overall, assessment.days_left)).width(STATUS_WIDTH),
            // Long names are cut at the column edge instead of wrapping, which would break the
            // fixed row height the virtualized list depends on; the whole text shows on hover.
            full_on_hover(
                container(text(row.name.clone()).size(14).wrapping(Wrapping::None))
                    .width(Fill)
                    .clip(true),
                format!("{}\n{}", row.name, row.subject),
                Length::FillPortion(3),
            ),
            full_on_hover(
                container(
                    text(super::inventory::common_name(&row.issuer))
                        .size(13)
                        .wrapping(Wrapping::None)
                )
                .width(Fill)
                .clip(true),
                row.issuer.clone(),
                Length::FillPortion(2),
            ),
            container(
                text(super::labels::role(row.role))
                    .size(13)
                    .wrapping(Wrapping::None)
            )
            .width(110)
            .clip(true),
            container(
                text(i18n::date(row.facts.not_after))
                    .size(13)
                    .wrapping(Wrapping::None)
            )
            .width(100)
            .clip(true),
            text(i18n::integer(assessment.days_left))
                .size(13)
                .width(DAYS_WIDTH)
                .align_x(iced::alignment::Horizontal::Right),
            text(if row.has_private_key { "✓" } else { "" }).width(30),
            container(revocation_word(row))
                .width(revocation_width)
                .clip(true),
            full_on_hover(
                container(text(row.nodes.join(", ")).size(13).wrapping(Wrapping::None))
                    .width(Fill)
                    .clip(true),
                row.nodes.join(", "),
                NODES_WIDTH,
            ),
        ]
        .spacing(SPACING)
        .padding([6, 8])
        .height(ROW_HEIGHT)
        .align_y(iced::Center);
        list_row(
            container(content).width(Fill).height(ROW_HEIGHT),
            self.selected_row == Some(row.id),
            Message::SelectRow(row.id),
        )
    }

    /// A column title that sorts by its column; the active one shows the direction.
    fn sort_header(&self, label: String, column: SortColumn) -> iced::widget::Button<'_, Message> {
        let label = if self.sort == column {
            format!("{label} {}", if self.ascending { "▲" } else { "▼" })
        } else {
            label
        };
        button(text(label).wrapping(Wrapping::None))
            .clip(true)
            .style(button::text)
            .padding([4, 0])
            .on_press(Message::SortBy(column))
    }

    fn inventory_detail(&self) -> Element<'_, Message> {
        let Some(report) = &self.row_report else {
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
                    button(text(fl!("detail-export"))).on_press(Message::AskExport),
                    self.renew_button(),
                    self.push_button(),
                    self.revocation_button(),
                    self.trust_button(),
                    button(text(fl!("detail-delete")))
                        .style(button::danger)
                        .on_press(Message::AskDelete),
                ]
                .spacing(SPACING)
                // The detail pane is narrow: the actions continue on the next line.
                .wrap()
                .vertical_spacing(SPACING),
            );
        if let Some((row, _)) = self
            .loaded
            .as_ref()
            .and_then(|l| l.rows.iter().find(|(r, _)| Some(r.id) == self.selected_row))
        {
            let nodes = if row.nodes.is_empty() {
                "—".to_string()
            } else {
                row.nodes.join(", ")
            };
            sections = sections.push(field(fl!("detail-nodes"), nodes));
            if row.role == crate::store::Role::Server
                && let Some(loaded) = &self.loaded
            {
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
                                Message::Assign(node, id)
                            })
                            .placeholder(fl!("detail-assign"))
                            .width(320),
                        )
                        .id(ASSIGN_ID),
                    );
                }
            }
        }
        let verdict = self
            .policy_verdict
            .as_ref()
            .filter(|(id, _)| Some(*id) == self.selected_row)
            .map(|(_, verdict)| super::policy_view::card(verdict));
        sections = certificate_sections(sections, report, verdict);
        sections = sections.push(self.pem_section());
        scrollable(sections).height(Fill).into()
    }

    /// "Renew…" for end-entity certificates (a CA is renewed by its own CA, not by a request
    /// from here).
    fn renew_button(&self) -> Element<'_, Message> {
        match &self.row_report {
            Some(report) if !report.cert.is_ca => button(text(fl!("detail-renew")))
                .style(button::secondary)
                .on_press(Message::RenewSelected)
                .into(),
            _ => space::horizontal().width(0).into(),
        }
    }

    /// "Check revocation" for a certificate with an issuer (a root is not revoked by anyone).
    fn revocation_button(&self) -> Element<'_, Message> {
        match (&self.row_report, self.selected_row) {
            (Some(report), Some(id)) if !report.cert.self_signed => {
                self.revocation.one_button(id).map(Message::Revocation)
            }
            _ => space::horizontal().width(0).into(),
        }
    }

    /// "Push…" for a certificate with its key (what a node can serve).
    fn push_button(&self) -> Element<'_, Message> {
        match &self.row_report {
            Some(report) if report.has_private_key && !report.cert.is_ca => {
                button(text(fl!("detail-push")))
                    .style(button::secondary)
                    .on_press(Message::AskPush(true, None))
                    .into()
            }
            _ => space::horizontal().width(0).into(),
        }
    }

    /// "Trust this CA" or "Stop trusting" for a CA certificate; nothing for others.
    fn trust_button(&self) -> Element<'_, Message> {
        let row = self.selected_row.and_then(|id| {
            self.loaded
                .as_ref()?
                .rows
                .iter()
                .find(|(row, _)| row.id == id)
        });
        match row {
            Some((row, _)) if row.facts.is_ca => {
                let (label, trust) = if row.trusted {
                    (fl!("trusted-remove"), false)
                } else {
                    (fl!("trusted-add"), true)
                };
                button(text(label))
                    .style(button::secondary)
                    .on_press(Message::SetTrust(row.id, trust))
                    .into()
            }
            _ => space::horizontal().width(0).into(),
        }
    }
}

/// The revocation column's width.
const REVOCATION_WIDTH: f32 = 84.0;
const STATUS_WIDTH: f32 = 120.0;
const DAYS_WIDTH: f32 = 72.0;
/// Wide enough for the column's title in every language.
const NODES_WIDTH: f32 = 80.0;

/// `cell`, `width` wide, with `full` (its whole text, which the column may cut) in a tooltip on
/// hover.
fn full_on_hover<'a>(
    cell: impl Into<Element<'a, Message>>,
    full: String,
    width: impl Into<Length>,
) -> iced::widget::Container<'a, Message> {
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
