//! How the issuer dialog is drawn (its state and what it does are in the parent
//! module).

use iced::widget::{
    Column, button, column, container, pick_list, radio, row, space, text, text_input,
};
use iced::{Element, Fill};

use super::*;

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        let steps = Step::ALL.iter().fold(row![].spacing(SPACING), |bar, step| {
            let words = text(step.title()).size(13);
            bar.push(if *step == self.step {
                container(words)
                    .padding([2, 8])
                    .style(super::super::style::badge(
                        crate::pki::status::Severity::Info,
                    ))
            } else {
                container(words).padding([2, 8])
            })
        });
        let body = match self.step {
            Step::Node => self.node_step(),
            Step::Ca => self.ca_step(),
            Step::Challenge => self.challenge_step(),
            Step::Options => self.options_step(),
            Step::Review => self.review_step(),
        };
        let mut form = column![text(fl!("issuer-title")).size(20), steps, body].spacing(12);
        if let Some(problem) = self.problem(self.step) {
            form = form.push(text(problem).size(13));
        }
        if let Some(error) = &self.error {
            form = form.push(dialog::problem(error.clone()));
        }
        let mut buttons = row![
            button(text(fl!("dialog-cancel")))
                .style(button::secondary)
                .on_press_maybe((!self.working).then_some(Message::Close)),
            space::horizontal(),
        ]
        .spacing(SPACING);
        if self.step != Step::Node {
            buttons = buttons.push(
                button(text(fl!("issuer-back")))
                    .style(button::secondary)
                    .on_press(Message::Back),
            );
        }
        let ready = self.problem(self.step).is_none() && !self.working;
        if self.step == Step::Review {
            buttons = buttons
                .push(
                    container(
                        button(text(fl!("issuer-save")))
                            .style(button::secondary)
                            .on_press_maybe(ready.then_some(Message::Save(false))),
                    )
                    .id(SAVE_ID),
                )
                .push(
                    container(
                        button(text(fl!("issuer-get-now")))
                            .on_press_maybe(ready.then_some(Message::Save(true))),
                    )
                    .id(GET_NOW_ID),
                );
        } else {
            buttons = buttons.push(
                container(
                    button(text(fl!("issuer-next"))).on_press_maybe(ready.then_some(Message::Next)),
                )
                .id(NEXT_ID),
            );
        }
        dialog::modal(form.push(buttons), 680.0, Message::Close)
    }

    fn node_step(&self) -> Element<'_, Message> {
        let nodes: Vec<Choice> = self
            .loaded
            .nodes
            .iter()
            .map(|n| Choice::named(&n.name))
            .collect();
        let chosen = self.node.as_deref().map(Choice::named);
        let mut step = column![
            text(fl!("issuer-node-explained")).size(13),
            labelled(
                fl!("issuer-node"),
                pick_list(nodes, chosen, Message::Node).width(Fill)
            ),
        ]
        .spacing(SPACING);
        let names = self.names();
        if !names.is_empty() {
            step = step.push(text(fl!("issuer-names", names = names.join(", "))).size(13));
        }
        step.into()
    }

    /// The accounts that can still order, as choices naming their CA.
    fn account_choices(&self) -> impl Iterator<Item = Choice> + '_ {
        self.loaded
            .renewals
            .accounts
            .iter()
            .filter(|a| a.deactivated_at.is_none())
            .map(|a| {
                Choice(
                    Some(a.name.clone()),
                    format!("{} — {}", a.name, a.directory_url),
                )
            })
    }

    fn ca_step(&self) -> Element<'_, Message> {
        let accounts: Vec<Choice> = self.account_choices().collect();
        let chosen = self.account.as_ref().and_then(|name| {
            accounts
                .iter()
                .find(|c| c.0.as_ref() == Some(name))
                .cloned()
        });
        let mut step = column![
            text(fl!("issuer-ca-explained")).size(13),
            with_add_button(
                labelled(
                    fl!("issuer-account"),
                    pick_list(accounts, chosen, Message::Account).width(Fill)
                ),
                fl!("renewals-add-account"),
                Message::AddAccount
            ),
        ]
        .spacing(SPACING);
        let staging: Vec<Choice> = std::iter::once(Choice(None, fl!("issuer-rehearse-none")))
            .chain(self.account_choices())
            .collect();
        let rehearse = staging.iter().find(|c| c.0 == self.rehearse_with).cloned();
        step = step.push(labelled(
            fl!("issuer-rehearse"),
            pick_list(staging, rehearse, Message::Rehearse).width(Fill),
        ));
        step = step.push(text(fl!("issuer-rehearse-hint")).size(12));
        step = step.push(match &self.profiles {
            Profiles::Unknown => Element::from(space::vertical().height(0)),
            Profiles::Reading => text(fl!("issuer-profiles-reading")).size(13).into(),
            Profiles::Failed(error) => {
                dialog::problem(fl!("account-directory-failed", reason = error.clone()))
            }
            Profiles::Read(list) if list.is_empty() => {
                text(fl!("issuer-no-profiles")).size(13).into()
            }
            Profiles::Read(list) => {
                let default = Choice(None, fl!("issuer-profile-default"));
                let options: Vec<Choice> = std::iter::once(default.clone())
                    .chain(list.iter().map(|(name, description)| {
                        Choice(Some(name.clone()), format!("{name} — {description}"))
                    }))
                    .collect();
                let chosen = options
                    .iter()
                    .find(|c| c.0 == self.profile)
                    .cloned()
                    .unwrap_or(default);
                labelled(
                    fl!("issuer-profile"),
                    pick_list(options, Some(chosen), Message::Profile).width(Fill),
                )
            }
        });
        step.into()
    }

    fn challenge_step(&self) -> Element<'_, Message> {
        let choice = |kind: ChallengeKind, label: String| {
            radio(label, kind, Some(self.kind), Message::Kind).size(16)
        };
        let mut step = column![
            text(fl!("issuer-challenge-explained")).size(13),
            choice(ChallengeKind::Dns01, fl!("issuer-challenge-dns01")),
            choice(ChallengeKind::Manual, fl!("issuer-challenge-manual")),
            choice(ChallengeKind::Listen, fl!("issuer-challenge-listen")),
            choice(ChallengeKind::Webroot, fl!("issuer-challenge-webroot")),
        ]
        .spacing(SPACING);
        let fields: Element<'_, Message> = match self.kind {
            ChallengeKind::Dns01 => {
                let servers: Vec<Choice> = self
                    .loaded
                    .renewals
                    .dns_servers
                    .iter()
                    .map(|s| {
                        Choice(
                            Some(s.name.clone()),
                            format!("{} — {} ({})", s.name, s.zone, s.server),
                        )
                    })
                    .collect();
                let chosen = self
                    .dns_server
                    .as_ref()
                    .and_then(|name| servers.iter().find(|c| c.0.as_ref() == Some(name)).cloned());
                column![
                    with_add_button(
                        labelled(
                            fl!("issuer-dns-server"),
                            pick_list(servers, chosen, Message::DnsServer).width(Fill)
                        ),
                        fl!("renewals-add-dns"),
                        Message::AddDnsServer
                    ),
                    text(fl!("issuer-dns01-hint")).size(12),
                ]
                .spacing(4)
                .into()
            }
            ChallengeKind::Manual => labelled(
                fl!("issuer-check-servers"),
                text_input(
                    "ns1.example.com:53, ns2.example.com:53",
                    &self.check_servers,
                )
                .on_input(Message::CheckServers),
            ),
            ChallengeKind::Listen => column![
                labelled(
                    fl!("issuer-listen"),
                    text_input("0.0.0.0:80", &self.listen).on_input(Message::Listen)
                ),
                text(fl!("issuer-listen-hint")).size(12),
            ]
            .spacing(4)
            .into(),
            ChallengeKind::Webroot => labelled(
                fl!("issuer-webroot"),
                text_input("/var/www/html", &self.webroot).on_input(Message::Webroot),
            ),
        };
        step = step.push(fields);
        step.into()
    }

    fn options_step(&self) -> Element<'_, Message> {
        let keys: Vec<KeyOption> = KeyType::ALL
            .iter()
            .map(|k| KeyOption::New(*k))
            .chain([KeyOption::Keep, KeyOption::Csr])
            .collect();
        let mut step = column![labelled(
            fl!("issuer-key"),
            pick_list(keys, Some(self.key), Message::Key).width(Fill)
        ),]
        .spacing(SPACING);
        if self.key == KeyOption::Csr {
            let requests: Vec<Choice> = self
                .loaded
                .requests
                .iter()
                .map(|r| {
                    Choice(
                        Some(r.id.to_string()),
                        format!(
                            "#{} {}",
                            r.id,
                            super::super::labels::common_name(&r.subject)
                        ),
                    )
                })
                .collect();
            let chosen = self.request.and_then(|id| {
                requests
                    .iter()
                    .find(|c| c.0.as_deref() == Some(id.to_string().as_str()))
                    .cloned()
            });
            step = step.push(labelled(
                fl!("issuer-request"),
                pick_list(requests, chosen, Message::Request).width(Fill),
            ));
        }
        let window_words = match self.window() {
            Ok(Some(window)) => fl!("issuer-window-means", window = window.describe()),
            Ok(None) => fl!("issuer-window-any"),
            Err(_) => String::new(),
        };
        step = step
            .push(labelled(
                fl!("issuer-window"),
                text_input("sat,sun 01:00-05:00", &self.window).on_input(Message::Window),
            ))
            .push(text(window_words).size(12))
            .push(labelled(
                fl!("issuer-renew-at"),
                text_input("67", &self.renew_percent)
                    .on_input(Message::RenewAt)
                    .width(120),
            ))
            .push(text(fl!("issuer-renew-at-hint")).size(12));
        step.into()
    }

    fn review_step(&self) -> Element<'_, Message> {
        let line = |label: String, value: String| {
            row![
                text(label).size(13).width(200),
                text(value).size(13).width(Fill)
            ]
            .spacing(SPACING)
        };
        let directory = self
            .account
            .as_ref()
            .and_then(|name| {
                self.loaded
                    .renewals
                    .accounts
                    .iter()
                    .find(|a| &a.name == name)
            })
            .map(|a| a.directory_url.clone())
            .unwrap_or_default();
        let challenge = self
            .challenge()
            .map(|c| super::super::labels::challenge_words(&c))
            .unwrap_or_default();
        let window = match self.window() {
            Ok(Some(w)) => w.describe(),
            _ => fl!("issuer-window-any"),
        };
        let list: Column<'_, Message> = column![
            text(fl!("issuer-review-explained")).size(13),
            line(fl!("issuer-node"), self.node.clone().unwrap_or_default()),
            line(fl!("issuer-names-label"), self.names().join(", ")),
            line(
                fl!("issuer-account"),
                format!("{} — {directory}", self.account.clone().unwrap_or_default())
            ),
            line(
                fl!("issuer-rehearse"),
                self.rehearse_with
                    .clone()
                    .unwrap_or_else(|| fl!("issuer-rehearse-none"))
            ),
            line(
                fl!("issuer-profile"),
                self.profile
                    .clone()
                    .unwrap_or_else(|| fl!("issuer-profile-default"))
            ),
            line(fl!("issuer-step-challenge"), challenge),
            line(fl!("issuer-key"), self.key.to_string()),
            line(fl!("issuer-window"), window),
            line(
                fl!("issuer-renew-at"),
                format!(
                    "{} %",
                    self.renew_percent.trim().trim_end_matches('%').trim()
                )
            ),
        ]
        .spacing(6);
        list.into()
    }
}

/// A labelled choice with the button that adds a new item to choose, aligned with its field.
fn with_add_button<'a>(
    field: Element<'a, Message>,
    label: String,
    add: Message,
) -> Element<'a, Message> {
    row![
        field,
        column![
            space::vertical().height(18),
            button(text(label)).style(button::secondary).on_press(add)
        ],
    ]
    .spacing(SPACING)
    .into()
}
