//! How the node dialog is drawn (its state and what it does are in the parent
//! module).

use iced::widget::{
    Column, button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Element, Fill};

use super::*;

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        let title = match &self.original {
            Some(name) => fl!("node-title-edit", name = name.clone()),
            None => fl!("node-title-add"),
        };
        let field = |label: String, input: Input, value: &str| {
            let mut widget = text_input("", value).on_input(move |v| Message::Text(input, v));
            widget = match input {
                Input::Name => widget.id(NAME_ID),
                Input::Fqdn => widget.id(FQDN_ID),
                Input::Password => widget.secure(true),
                _ => widget,
            };
            dialog::labelled(label, widget)
        };
        let f = &self.fields;
        let text_of = |v: &Option<String>| v.clone().unwrap_or_default();
        let drivers: Vec<DriverOption> = crate::push::driver_names()
            .into_iter()
            .map(DriverOption)
            .collect();
        let roles: Vec<RoleOption> = ["server", "client", "both"]
            .into_iter()
            .map(RoleOption)
            .collect();
        let mut form = column![
            row![
                field(fl!("node-name"), Input::Name, &self.name),
                field(fl!("node-fqdn"), Input::Fqdn, &self.fqdn),
            ]
            .spacing(12),
            row![
                // Half the row, so that its label stays on one line beside the two choices.
                iced::widget::container(field(
                    fl!("node-alt-names"),
                    Input::AltNames,
                    &self.alt_names
                ))
                .width(iced::Length::FillPortion(2)),
                dialog::labelled(
                    fl!("node-role"),
                    pick_list(roles, Some(RoleOption(self.role)), Message::Role).width(Fill)
                ),
                dialog::labelled(
                    fl!("node-policy"),
                    pick_list(
                        [
                            None,
                            Some(crate::pki::rules::Policy::Web),
                            Some(crate::pki::rules::Policy::Private)
                        ]
                        .map(PolicyOption)
                        .to_vec(),
                        Some(PolicyOption(self.policy)),
                        Message::Policy
                    )
                    .width(Fill)
                ),
            ]
            .spacing(12),
            checkbox(self.sip)
                .label(fl!("node-sip"))
                .on_toggle(Message::Sip),
            field(fl!("node-endpoints"), Input::Endpoints, &self.endpoints),
            dialog::labelled(
                fl!("node-driver"),
                pick_list(drivers, Some(DriverOption(self.driver)), Message::Driver).width(Fill)
            ),
        ]
        .spacing(10)
        .padding([0, 12]);

        let path = f
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let password = || field(fl!("node-password"), Input::Password, &self.password);
        let driver_fields: Element<'_, Message> = match self.driver {
            "folder" => column![
                field(fl!("node-folder"), Input::Path, &path),
                field(fl!("node-reload-local"), Input::Reload, &text_of(&f.reload)),
            ]
            .spacing(10)
            .into(),
            "ssh" => column![
                row![
                    field(fl!("node-host"), Input::Host, &text_of(&f.ssh_host)),
                    field(fl!("node-port"), Input::Port, &self.port),
                    field(fl!("node-user"), Input::User, &text_of(&f.ssh_user)),
                ]
                .spacing(12),
                field(
                    fl!("node-certificate-path"),
                    Input::CertificatePath,
                    &text_of(&f.certificate_path)
                ),
                row![
                    field(fl!("node-key-path"), Input::KeyPath, &text_of(&f.key_path)),
                    field(
                        fl!("node-ca-path"),
                        Input::CaPath,
                        &text_of(&f.trusted_ca_path)
                    ),
                ]
                .spacing(12),
                field(
                    fl!("node-reload-remote"),
                    Input::Reload,
                    &text_of(&f.reload)
                ),
                row![
                    password(),
                    field(fl!("node-ssh-key"), Input::SshKeyFile, &self.ssh_key_file),
                ]
                .spacing(12),
                text(fl!("node-secrets-explained")).size(12),
            ]
            .spacing(10)
            .into(),
            "https" => {
                let modes = vec![Word("webdav"), Word("multipart")];
                let auths = vec![Word("basic"), Word("digest")];
                let mut column = column![
                    field(fl!("node-url"), Input::Url, &text_of(&f.url)),
                    row![
                        dialog::labelled(
                            fl!("node-upload"),
                            pick_list(
                                modes,
                                Some(Word(static_word(&f.upload_mode, &["webdav", "multipart"]))),
                                Message::UploadMode
                            )
                            .width(Fill)
                        ),
                        dialog::labelled(
                            fl!("node-auth"),
                            pick_list(
                                auths,
                                Some(Word(static_word(&f.http_auth, &["basic", "digest"]))),
                                Message::Auth
                            )
                            .width(Fill)
                        ),
                    ]
                    .spacing(12),
                    row![
                        field(fl!("node-user"), Input::User, &text_of(&f.http_user)),
                        password()
                    ]
                    .spacing(12),
                ]
                .spacing(10);
                if f.upload_mode == "multipart" {
                    column = column.push(field(
                        fl!("node-form-field"),
                        Input::FormField,
                        &f.form_field,
                    ));
                }
                column
                    .push(text(fl!("node-secrets-explained")).size(12))
                    .into()
            }
            "pexip" => column![
                field(fl!("node-pexip-url"), Input::Url, &text_of(&f.url)),
                row![
                    field(fl!("node-user"), Input::User, &text_of(&f.http_user)),
                    password()
                ]
                .spacing(12),
                field(
                    fl!("node-pexip-name"),
                    Input::PexipNode,
                    &text_of(&f.pexip_node)
                ),
                text(fl!("node-secrets-explained")).size(12),
            ]
            .spacing(10)
            .into(),
            _ => text(fl!("node-driver-none-explained")).size(13).into(),
        };
        form = form.push(driver_fields);
        if self.driver != "none" && self.driver != "folder" {
            form = form.push(self.connection());
        }

        form = form.push(text(fl!("node-trust-title")).size(16));
        if self.cas.is_empty() {
            form = form.push(text(fl!("node-trust-no-cas")).size(13));
        }
        for (id, name, on) in &self.cas {
            let id = *id;
            form = form.push(
                checkbox(*on)
                    .label(name.clone())
                    .on_toggle(move |on| Message::Trust(id, on)),
            );
        }

        let problem = self.plan().err();
        let save = button(text(fl!("node-save")))
            .on_press_maybe((problem.is_none() && !self.saving).then_some(Message::Save));
        let footer = dialog::footer(
            problem.map(|problem| text(problem).size(13).style(text::danger).into()),
            self.error.as_ref(),
            Message::Cancel,
            save,
            SAVE_ID,
        );

        dialog::modal(
            column![text(title).size(20), scrollable(form).height(Fill), footer].spacing(12),
            760.0,
            Message::Cancel,
        )
    }

    /// "Test connection", what it found, and the pin.
    fn connection(&self) -> Element<'_, Message> {
        let test = button(text(fl!("node-test")))
            .style(button::secondary)
            .on_press_maybe((!self.testing && self.plan().is_ok()).then_some(Message::Test));
        let mut section = Column::new()
            .spacing(6)
            .push(text(fl!("node-connection")).size(16))
            .push(row![container(test).id(TEST_ID)].spacing(SPACING));
        if self.testing {
            section = section.push(text(fl!("node-testing")).size(13));
        }
        if let Some(contact) = &self.contact {
            let what = match contact.identity {
                Identity::SshHostKey => {
                    fl!("node-host-key", fingerprint = contact.fingerprint.clone())
                }
                Identity::TlsCertificate => fl!(
                    "node-tls-certificate",
                    fingerprint = contact.fingerprint.clone()
                ),
            };
            section = section.push(text(what).size(13).font(iced::Font::MONOSPACE));
            if let Some(user) = &contact.logged_in_as {
                section = section.push(text(fl!("node-logged-in", user = user.clone())).size(13));
            } else if contact.pinned {
                section = section.push(text(fl!("node-pinned")).size(13));
            } else {
                section = section
                    .push(text(fl!("node-check-then-pin")).size(13))
                    .push(
                        container(button(text(fl!("node-pin"))).on_press(Message::Pin)).id(PIN_ID),
                    );
            }
        } else if let Some(pinned) = &self.pinned {
            section = section.push(
                text(fl!("node-pinned-earlier", fingerprint = pinned.clone()))
                    .size(13)
                    .font(iced::Font::MONOSPACE),
            );
        }
        section.into()
    }
}
