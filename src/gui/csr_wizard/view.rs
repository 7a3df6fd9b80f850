//! How the csr wizard is drawn (its state and what it does are in the parent
//! module).

use iced::widget::{
    Column, button, checkbox, column, container, pick_list, row, scrollable, space, text,
    text_editor, text_input,
};
use iced::{Element, Fill};

use super::*;

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        let title = match &self.mode {
            Mode::New => fl!("csr-title-new"),
            Mode::Renew { name, .. } => fl!("csr-title-renew", name = name.clone()),
        };
        let body = match &self.made {
            Some((outcome, pem)) => self.result(outcome, pem),
            None => self.form(),
        };
        dialog::modal(
            column![text(title).size(20), body].spacing(12),
            760.0,
            Message::Cancel,
        )
    }

    fn form(&self) -> Element<'_, Message> {
        let mut keys: Vec<KeyOption> = KeyType::ALL.into_iter().map(KeyOption::New).collect();
        if matches!(self.mode, Mode::Renew { key: Some(_), .. }) {
            keys.insert(0, KeyOption::Keep);
        }
        let mut nodes = vec![NodeOption(None)];
        nodes.extend(self.nodes.iter().map(|n| NodeOption(Some(n.name.clone()))));
        let usages: Vec<UsageOption> = [Usage::Server, Usage::Client, Usage::Both]
            .into_iter()
            .map(UsageOption)
            .collect();
        let field = |label: String, field: Field, value: &Option<String>| {
            let input = text_input("", value.as_deref().unwrap_or(""))
                .on_input(move |v| Message::Field(field, v));
            let input = if field == Field::CommonName {
                input.id(COMMON_NAME_ID)
            } else {
                input
            };
            dialog::labelled(label, input)
        };
        let s = &self.subject;
        let subject = column![
            row![
                field(fl!("csr-common-name"), Field::CommonName, &s.common_name),
                field(fl!("csr-email"), Field::Email, &s.email),
            ]
            .spacing(12),
            row![
                field(
                    fl!("csr-organization"),
                    Field::Organization,
                    &s.organization
                ),
                field(fl!("csr-unit"), Field::Unit, &s.organizational_unit),
            ]
            .spacing(12),
            row![
                field(fl!("csr-locality"), Field::Locality, &s.locality),
                field(fl!("csr-state"), Field::State, &s.state),
                field(fl!("csr-country"), Field::Country, &s.country),
            ]
            .spacing(12),
        ]
        .spacing(8);

        let mut names = Column::new().spacing(4);
        for (index, name) in self.names.iter().enumerate() {
            names = names.push(
                row![
                    text(name.clone()).size(14).width(Fill),
                    button(text(fl!("csr-remove-name")).size(13))
                        .style(button::text)
                        .on_press(Message::RemoveName(index)),
                ]
                .align_y(iced::Center),
            );
        }
        names = names.push(
            row![
                text_input(&fl!("csr-names-hint"), &self.name_input)
                    .id(NAME_INPUT_ID)
                    .on_input(Message::NameInput)
                    .on_submit(Message::AddName),
                button(text(fl!("csr-add-name"))).on_press(Message::AddName),
            ]
            .spacing(SPACING),
        );
        names = names.push(
            checkbox(self.cn_in_san)
                .label(fl!("csr-cn-in-san"))
                .on_toggle(Message::CnInSan),
        );

        let checks = self.checks();
        let mut findings = Column::new().spacing(4);
        match &checks {
            Err(problem) => {
                findings = findings.push(finding(Severity::Error, problem.clone()));
            }
            Ok(list) if list.is_empty() => {
                findings = findings.push(text(fl!("csr-checks-clean")).size(13));
            }
            Ok(list) => {
                for (severity, words) in list {
                    findings = findings.push(finding(*severity, words.clone()));
                }
            }
        }

        let form = column![
            row![
                dialog::labelled(
                    fl!("csr-key"),
                    pick_list(keys, Some(self.key), Message::Key).width(Fill)
                ),
                dialog::labelled(
                    fl!("csr-usage"),
                    pick_list(usages, Some(UsageOption(self.usage)), Message::Usage).width(Fill)
                ),
                dialog::labelled(
                    fl!("csr-node"),
                    pick_list(nodes, Some(NodeOption(self.node.clone())), Message::Node)
                        .width(Fill)
                ),
            ]
            .spacing(12),
            text(fl!("csr-subject")).size(16),
            subject,
            text(fl!("csr-names")).size(16),
            names,
            text(fl!("csr-checks")).size(16),
            findings,
        ]
        .spacing(10)
        .padding([0, 12]);

        let create = button(text(fl!("csr-create")))
            .on_press_maybe((!self.working && self.plan().is_some()).then_some(Message::Create));
        let footer = dialog::footer(
            self.working
                .then(|| text(fl!("csr-working")).size(13).into()),
            self.error.as_ref(),
            Message::Cancel,
            create,
            CREATE_ID,
        );
        column![scrollable(form).height(Fill), footer]
            .spacing(12)
            .into()
    }

    fn result<'a>(
        &'a self,
        outcome: &'a RequestOutcome,
        pem: &'a text_editor::Content,
    ) -> Element<'a, Message> {
        let name = super::super::labels::common_name(&outcome.subject).to_string();
        let mut body = column![
            text(fl!("csr-made", name = name)).size(14),
            text(fl!("csr-made-key", key = outcome.key.clone())).size(13),
            text_editor(pem)
                .on_action(Message::PemAction)
                .font(iced::Font::MONOSPACE)
                .size(12)
                .height(340),
        ]
        .spacing(10);
        if let Some(path) = &self.path {
            body = body.push(dialog::save_here(
                path,
                Message::PathChanged,
                Message::SaveToPath,
            ));
        }
        if let Some(note) = &self.note {
            body = body.push(text(note.clone()).size(13));
        }
        if let Some(error) = &self.error {
            body = body.push(dialog::problem(error.clone()));
        }
        body.push(
            row![
                space::horizontal(),
                button(text(fl!("csr-copy")))
                    .style(button::secondary)
                    .on_press(Message::Copy),
                container(button(text(fl!("csr-save"))).on_press(Message::SaveAs)).id(SAVE_ID),
                button(text(fl!("csr-close")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            ]
            .spacing(SPACING),
        )
        .into()
    }
}

/// A check's finding: a badge with its weight in words, then what it says.
fn finding<'a>(severity: Severity, words: String) -> Element<'a, Message> {
    let weight = match severity {
        Severity::Error => fl!("lint-error"),
        _ => fl!("lint-warning"),
    };
    row![
        container(text(weight).size(12))
            .padding([2, 8])
            .width(130)
            .style(style::badge(severity)),
        text(words).size(13).width(Fill),
    ]
    .spacing(SPACING)
    .align_y(iced::Center)
    .into()
}
