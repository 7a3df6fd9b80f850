//! What the window shows: a toolbar, the list of decoded objects, and the detail pane.

use iced::widget::{
    Column, button, center, column, container, mouse_area, opaque, row, rule, scrollable, space,
    stack, text, text_editor, text_input,
};
use iced::{Element, Fill, Font, Length};

use super::i18n::{date as display_date, date_time as display_time};
use super::{App, Message, labels, style};
use crate::fl;
use crate::pki::chain::{ChainEnd, Outcome};
use crate::pki::display::colon_hex_text as colon_hex;
use crate::pki::status::Severity;
use crate::pki::{CertificateReport, Item, Object, StatusCode};

pub(super) const SPACING: u32 = 8;

impl App {
    pub(super) fn view(&self) -> Element<'_, Message> {
        if self.section == super::Section::Settings {
            let page = row![
                self.sidebar(),
                rule::vertical(1),
                self.settings_screen.view().map(Message::Settings)
            ]
            .spacing(SPACING)
            .padding(12);
            return page.into();
        }
        let body: Element<'_, Message> = if self.section == super::Section::Overview {
            match self.loaded_or_status() {
                Ok(loaded) => self
                    .overview
                    .view(
                        &loaded.overview,
                        &loaded.renewals.outlook,
                        &loaded.recent_pushes,
                        self.settings.warning_days,
                        loaded.now,
                    )
                    .map(Message::Overview),
                Err(status) => status,
            }
        } else if self.section == super::Section::Discovery {
            match self.loaded_or_status() {
                Ok(loaded) => self.discovery.view(loaded).map(Message::Discovery),
                Err(status) => status,
            }
        } else if self.section == super::Section::Inventory {
            self.inventory_screen()
        } else if self.section == super::Section::Alarms {
            self.alarms_screen()
        } else if self.section == super::Section::TrustedCas {
            self.trusted_screen()
        } else if self.section == super::Section::ByNode {
            self.nodes_screen()
        } else if self.section == super::Section::Nodes {
            self.nodes_list()
        } else if self.section == super::Section::Requests {
            self.requests_screen()
        } else if self.section == super::Section::Renewals {
            self.renewals_screen()
        } else if self.decoded.items.is_empty() && self.problems().is_empty() {
            self.empty_state()
        } else {
            row![
                container(self.list()).width(Length::FillPortion(2)),
                rule::vertical(1),
                container(self.detail()).width(Length::FillPortion(3)),
            ]
            .spacing(SPACING)
            .height(Fill)
            .into()
        };
        let main = column![
            self.toolbar(),
            self.unfinished_pushes(),
            self.paste_box(),
            self.problems_box(),
            body
        ]
        .spacing(SPACING);
        let page = row![self.sidebar(), rule::vertical(1), main]
            .spacing(SPACING)
            .padding(12);
        if self.hovering {
            stack![page, opaque(drop_overlay())].into()
        } else if let Some(dialog) = self.renewals_dialog() {
            stack![page, dialog].into()
        } else if let Some(dialog) = &self.export {
            stack![page, dialog.view().map(Message::Export)].into()
        } else if let Some(dialog) = &self.push {
            stack![page, dialog.view().map(Message::Push)].into()
        } else if let Some(review) = &self.review {
            stack![page, review.view().map(Message::Review)].into()
        } else if let Some(wizard) = &self.csr {
            stack![page, wizard.view().map(Message::Csr)].into()
        } else if let Some(form) = &self.node_form {
            stack![page, form.view().map(Message::Node)].into()
        } else if let Some((_, name)) = &self.confirm_delete {
            stack![page, confirm_delete(name)].into()
        } else if let Some(name) = &self.confirm_remove_node {
            stack![page, super::nodes_list::confirm_remove(name)].into()
        } else {
            page.into()
        }
    }

    /// Nodes a killed push left half-changed, with the way back (or forward).
    fn unfinished_pushes(&self) -> Element<'_, Message> {
        let Some(loaded) = &self.loaded else {
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
        banner = if self.resuming {
            banner.push(text(fl!("push-unfinished-working")).size(14))
        } else {
            banner
                .push(
                    button(text(fl!("push-unfinished-rollback")))
                        .on_press(Message::ResumePushes(crate::push::resume::Resume::Rollback)),
                )
                .push(
                    button(text(fl!("push-unfinished-complete")))
                        .style(button::secondary)
                        .on_press(Message::ResumePushes(crate::push::resume::Resume::Complete)),
                )
        };
        container(banner)
            .padding(10)
            .width(Fill)
            .style(container::danger)
            .into()
    }

    fn toolbar(&self) -> Element<'_, Message> {
        let mut bar = row![
            column![
                text(fl!("app-title")).size(22).font(Font {
                    weight: iced::font::Weight::Bold,
                    ..Font::DEFAULT
                }),
                text(fl!("app-subtitle")).size(12),
            ],
            space::horizontal(),
        ]
        .spacing(SPACING)
        .align_y(iced::Center);
        if self.busy > 0 {
            bar = bar.push(text(fl!("working", count = self.busy)));
        }
        // No password field here: the import review asks per file, and files inspected here
        // that need one get a field beside their error (`problems_box`).
        bar = bar
            .push(self.notes.bell())
            .push(button(text(fl!("paste-pem"))).on_press(Message::TogglePaste))
            .push(button(text(fl!("import-files"))).on_press(Message::PickFiles));
        if !self.decoded.items.is_empty() || !self.problems().is_empty() {
            bar = bar.push(
                button(text(fl!("clear-all")))
                    .on_press(Message::Clear)
                    .style(button::secondary),
            );
        }
        let mut column = column![bar].spacing(SPACING);
        if self.notes.open {
            column = column.push(self.notes.panel());
        }
        if self.show_path_input {
            column = column.push(text(fl!("no-file-dialog")).size(13)).push(
                row![
                    text_input(&fl!("import-path-placeholder"), &self.path_input)
                        .on_input(Message::PathChanged)
                        .on_submit(Message::OpenPath),
                    button(text(fl!("import-path-open"))).on_press(Message::OpenPath),
                ]
                .spacing(SPACING),
            );
        }
        column.into()
    }

    fn paste_box(&self) -> Element<'_, Message> {
        let Some(content) = &self.paste else {
            return space::vertical().height(0).into();
        };
        column![
            text_editor(content)
                .placeholder(fl!("paste-pem-placeholder"))
                .on_action(Message::PasteAction)
                .font(Font::MONOSPACE)
                .height(160),
            row![
                button(text(fl!("paste-pem-import"))).on_press(Message::ImportPasted),
                button(text(fl!("paste-pem-cancel")))
                    .on_press(Message::TogglePaste)
                    .style(button::secondary),
            ]
            .spacing(SPACING),
        ]
        .spacing(SPACING)
        .into()
    }

    fn problems_box(&self) -> Element<'_, Message> {
        if self.problems().is_empty() {
            return space::vertical().height(0).into();
        }
        let mut list = Column::new().spacing(4);
        list = list.push(text(fl!("errors-count", count = self.problems().len())).size(14));
        for problem in self.problems().iter().take(8) {
            list = list.push(text(problem.to_string()).size(13));
        }
        if !self.needs_password.is_empty() {
            list = list.push(
                row![
                    text_input(&fl!("password-placeholder"), &self.password)
                        .secure(true)
                        .on_input(Message::PasswordChanged)
                        .on_submit(Message::RetryWithPassword)
                        .id(super::PASSWORD_ID)
                        .width(320),
                    button(text(fl!("password-retry"))).on_press(Message::RetryWithPassword),
                ]
                .spacing(SPACING)
                .align_y(iced::Center),
            );
        }
        container(list)
            .padding(8)
            .width(Fill)
            .style(style::problem)
            .into()
    }

    fn empty_state(&self) -> Element<'_, Message> {
        center(
            column![
                text(fl!("empty-title")).size(24),
                text(fl!("empty-hint")).size(14),
                button(text(fl!("import-files"))).on_press(Message::PickFiles),
            ]
            .spacing(16)
            .align_x(iced::Center)
            .max_width(560),
        )
        .into()
    }

    fn list(&self) -> Element<'_, Message> {
        let header = row![
            text(fl!("column-status")).width(140),
            text(fl!("column-name")).width(Fill),
            text(fl!("column-expires")).width(110),
        ]
        .spacing(SPACING)
        .padding([4, 8]);
        let mut rows = Column::new().spacing(2);
        for (index, item) in self.decoded.items.iter().enumerate() {
            let report = self.reports.get(index).and_then(Option::as_ref);
            rows = rows.push(self.list_row(index, item, report));
        }
        column![
            header,
            rule::horizontal(1),
            scrollable(rows).height(Fill),
            text(fl!("objects-count", count = self.decoded.items.len())).size(12),
        ]
        .spacing(4)
        .into()
    }

    fn list_row<'a>(
        &'a self,
        index: usize,
        item: &'a Item,
        report: Option<&'a CertificateReport>,
    ) -> Element<'a, Message> {
        let status: Element<'_, Message> = match report {
            Some(report) => badge(report.assessment.overall, report.assessment.days_left),
            None => text(labels::kind(&item.object)).size(13).into(),
        };
        let expires = match &item.object {
            Object::Certificate(cert) => display_date(cert.not_after),
            _ => String::new(),
        };
        let content = row![
            container(status).width(140),
            text(labels::name(&item.object)).width(Fill),
            text(expires).width(110).size(13),
        ]
        .spacing(SPACING)
        .padding([6, 8])
        .align_y(iced::Center);
        list_row(
            container(content).width(Fill),
            self.selected == Some(index),
            Message::Select(index),
        )
    }

    fn detail(&self) -> Element<'_, Message> {
        let Some(index) = self.selected else {
            return center(text(fl!("detail-none"))).into();
        };
        let Some(item) = self.decoded.items.get(index) else {
            return center(text(fl!("detail-none"))).into();
        };
        let report = self.reports.get(index).and_then(Option::as_ref);
        let mut sections = Column::new().spacing(12).padding([0, 12]);
        sections = sections.push(text(labels::name(&item.object)).size(20));
        sections = sections.push(field(
            fl!("detail-file"),
            format!("{} — {}", item.file, item.location),
        ));
        sections = match (&item.object, report) {
            (Object::Certificate(_), Some(report)) => certificate_sections(sections, report, None),
            (object, _) => other_sections(sections, object),
        };
        let pem = labels::pem_of(&item.object);
        if !pem.is_empty() {
            sections = sections.push(self.pem_section());
        }
        scrollable(sections).height(Fill).into()
    }
}

/// Test id of the dialog's "Delete" button.
pub(super) const CONFIRM_DELETE_ID: &str = "confirm-delete";

/// "Delete NAME?" over the dimmed window; a click outside or Esc cancels.
fn confirm_delete(name: &str) -> Element<'_, Message> {
    super::dialog::confirm(
        fl!("delete-title", name = name.to_string()),
        fl!("delete-warning"),
        (
            fl!("delete-confirm"),
            CONFIRM_DELETE_ID,
            Message::ConfirmDelete,
        ),
        Message::CancelDelete,
    )
}

fn drop_overlay<'a>() -> Element<'a, Message> {
    container(center(text(fl!("drop-to-import")).size(32)))
        .width(Fill)
        .height(Fill)
        .style(style::drop_overlay)
        .into()
}

pub(super) fn badge<'a>(code: StatusCode, days_left: i64) -> Element<'a, Message> {
    container(text(labels::status(code, days_left)).size(13))
        .padding([2, 8])
        .style(style::badge(code.severity()))
        .into()
}

impl App {
    /// The loaded inventory, or what to show instead while it opens or when it could not be
    /// opened: every screen over the inventory starts with this.
    pub(super) fn loaded_or_status(
        &self,
    ) -> Result<&super::inventory::Loaded, Element<'_, Message>> {
        self.loaded.as_deref().ok_or_else(|| {
            let message = match &self.load_error {
                Some(reason) => fl!("inventory-error", reason = reason.clone()),
                None => fl!("inventory-loading"),
            };
            center(text(message)).into()
        })
    }

    /// The selected object's PEM text: selectable and copyable, never editable.
    pub(super) fn pem_section(&self) -> Element<'_, Message> {
        section(
            fl!("detail-pem"),
            text_editor(&self.pem_view)
                .on_action(Message::PemAction)
                .font(Font::MONOSPACE)
                .size(12)
                .into(),
        )
    }
}

/// A list row: highlighted when selected, selects on a click.
pub(super) fn list_row<'a>(
    cell: iced::widget::Container<'a, Message>,
    selected: bool,
    on_press: Message,
) -> Element<'a, Message> {
    let cell = if selected {
        cell.style(style::selected_row)
    } else {
        cell
    };
    mouse_area(cell).on_press(on_press).into()
}

pub(super) fn field<'a>(name: String, value: String) -> Element<'a, Message> {
    row![
        text(name).width(130).size(13),
        text(value).size(13).width(Fill)
    ]
    .spacing(SPACING)
    .into()
}

pub(super) fn section<'a>(title: String, body: Element<'a, Message>) -> Element<'a, Message> {
    container(column![text(title).size(15), body].spacing(6))
        .padding(10)
        .width(Fill)
        .style(style::card)
        .into()
}

/// The certificate's cards: statuses, chain of trust (then `after_chain`, the verdict under a
/// policy where there is one), identity, extensions.
pub(super) fn certificate_sections<'a>(
    mut sections: Column<'a, Message>,
    report: &'a CertificateReport,
    after_chain: Option<Element<'a, Message>>,
) -> Column<'a, Message> {
    let cert = &report.cert;
    let mut statuses = Column::new().spacing(4);
    if report.assessment.statuses.is_empty() {
        statuses = statuses.push(badge(StatusCode::Good, report.assessment.days_left));
    }
    for status in &report.assessment.statuses {
        statuses = statuses.push(
            row![
                badge(status.code, report.assessment.days_left),
                text(super::explain::status_reason(status, report)).size(13)
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

fn chain<'a>(report: &'a CertificateReport) -> Element<'a, Message> {
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
                    text(super::explain::check(&check.phrase)).size(12),
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

fn other_sections<'a>(sections: Column<'a, Message>, object: &'a Object) -> Column<'a, Message> {
    let body: Column<'a, Message> = match object {
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

/// A line of a list that shows a certificate when clicked, or plain text when it concerns no
/// certificate (a button without an action would look disabled).
pub(super) fn line_showing<'a>(
    line: impl Into<Element<'a, Message>>,
    certificate_id: Option<i64>,
) -> Element<'a, Message> {
    match certificate_id {
        Some(id) => button(line)
            .style(button::text)
            .width(Fill)
            .on_press(Message::ShowCertificate(id))
            .into(),
        None => container(line).padding([5, 10]).width(Fill).into(),
    }
}
