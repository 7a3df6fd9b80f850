//! What the push dialog shows before anything is sent: a teammate's settings waiting for this
//! machine's approval, then the plan each driver will carry out (with who set a shared node's
//! driver, address and pin).

use iced::widget::{Column, column, container, text};
use iced::{Element, Fill};

use super::inventory::PlanView;
use super::style;
use crate::fl;

/// What waits for this machine's approval: each setting with its node, its exact text and who
/// set it when; `explained` says what happens to it (a push, the unattended pass).
pub(super) fn approval<'a, Message: 'a>(
    pending: &'a [crate::store::approvals::Request],
    explained: String,
) -> Element<'a, Message> {
    use crate::store::approvals::Kind;
    let mut list = Column::new().spacing(10).padding([0, 12]);
    list = list.push(text(fl!("push-approve-title")).size(16));
    list = list.push(text(explained).size(13));
    for request in pending {
        let kind = match request.kind {
            Kind::ReloadCommand => fl!("approve-kind-reload"),
            Kind::Folder => fl!("approve-kind-folder"),
            Kind::SavedScan => fl!("approve-kind-scan"),
            Kind::LocalFile => fl!("approve-kind-file"),
            Kind::WebRoot => fl!("approve-kind-webroot"),
            Kind::Listener => fl!("approve-kind-listener"),
        };
        let by = match (&request.set_by, request.set_at) {
            (Some(who), at) => fl!(
                "approve-set-by",
                who = crate::sanitize::visible(who).into_owned(),
                when = at
                    .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
                    .map(crate::pki::display::display_time)
                    .unwrap_or_default()
            ),
            (None, _) => fl!("approve-set-by-unknown"),
        };
        list = list.push(
            container(
                column![
                    text(format!(
                        "{} — {kind}",
                        crate::sanitize::visible(&request.owner)
                    ))
                    .size(14),
                    text(crate::sanitize::visible(&request.text).into_owned())
                        .font(iced::Font::MONOSPACE)
                        .size(13),
                    text(by).size(12),
                ]
                .spacing(4),
            )
            .padding(8)
            .width(Fill)
            .style(style::card),
        );
    }
    list.into()
}

pub(super) fn review<'a, Message: 'a>(plans: &'a [PlanView]) -> Element<'a, Message> {
    let mut list = Column::new().spacing(10).padding([0, 12]);
    list = list.push(text(fl!("push-plan-explained")).size(13));
    for plan in plans {
        let mut steps = Column::new().spacing(2);
        for step in &plan.steps {
            steps = steps.push(text(format!("• {step}")).size(13));
        }
        for endpoint in &plan.endpoints {
            steps = steps.push(
                text(format!(
                    "• {}",
                    fl!("push-then-verify", endpoint = endpoint.clone())
                ))
                .size(13),
            );
        }
        // Where the key goes was set by a teammate: say who, and when.
        if let Some((who, at)) = &plan.set_by {
            steps = steps.push(
                text(fl!(
                    "push-plan-set-by",
                    who = who
                        .as_deref()
                        .map(|w| crate::sanitize::visible(w).into_owned())
                        .unwrap_or_else(|| "?".into()),
                    when = at
                        .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
                        .map(crate::pki::display::display_time)
                        .unwrap_or_default()
                ))
                .size(12),
            );
        }
        list = list.push(
            container(
                column![
                    text(fl!(
                        "push-plan-node",
                        node = plan.node.clone(),
                        driver = plan.driver,
                        subject = plan.subject.clone()
                    ))
                    .size(14),
                    steps,
                ]
                .spacing(4),
            )
            .padding(8)
            .width(Fill)
            .style(style::card),
        );
    }
    list.into()
}
