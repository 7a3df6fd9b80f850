//! The "By node" screen: each node with its server certificate (status, expiry), its trust list,
//! what the last push or probe found, and its alarms. A certificate is assigned by picking it
//! from the inventory's server certificates, replacing the previous one.

use std::fmt;

use iced::widget::{Column, button, center, column, container, pick_list, row, scrollable, text};
use iced::{Element, Fill};

use super::intent::Intent;
use super::inventory::Loaded;
use super::widgets::{SPACING, badge};
use super::work::work;
use super::{labels, style};
use crate::fl;
use crate::store::{Node, Role};

/// A server certificate offered for a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Test id of the Add node… button.
pub const ADD_NODE_ID: &str = "nodes-add";

/// Every node as a card: its certificate, trust list, last result and actions.
pub fn screen(loaded: &Loaded) -> Element<'_, Intent> {
    let title = column![
        row![
            text(fl!("nodes-title")).size(22),
            iced::widget::space::horizontal(),
            container(button(text(fl!("node-add"))).on_press(Intent::EditNode(None)))
                .id(ADD_NODE_ID),
        ]
        .align_y(iced::Center),
        text(fl!("nodes-explained")).size(13)
    ]
    .spacing(4);
    if loaded.nodes.is_empty() {
        return column![title, center(text(fl!("nodes-none")).size(16))]
            .spacing(SPACING)
            .into();
    }
    // Server certificates (with their key) are what a node can serve.
    let choices: Vec<Choice> = loaded
        .rows
        .iter()
        .filter(|(row, _)| row.role == Role::Server)
        .map(|(row, _)| Choice {
            id: row.id,
            name: row.name.clone(),
        })
        .collect();
    let mut cards = Column::new().spacing(SPACING);
    for node in &loaded.nodes {
        cards = cards.push(node_card(loaded, node, &choices));
    }
    column![title, scrollable(cards).height(Fill)]
        .spacing(SPACING)
        .into()
}

/// One node: its certificate and the picker to assign another, its trust list, last result and
/// alarm count.
fn node_card<'a>(loaded: &'a Loaded, node: &'a Node, choices: &[Choice]) -> Element<'a, Intent> {
    let assigned = node.certificate_id.and_then(|id| loaded.row(id));
    let certificate: Element<'_, Intent> = match assigned {
        Some((row, assessment)) => row![
            badge(assessment.overall, assessment.days_left),
            button(text(row.name.clone()))
                .style(button::text)
                .on_press(Intent::ShowCertificate(row.id)),
        ]
        .spacing(SPACING)
        .align_y(iced::Center)
        .into(),
        None => container(text(fl!("nodes-no-certificate")).size(13))
            .padding([2, 8])
            .style(style::badge(crate::pki::status::Severity::Error))
            .into(),
    };
    let selected = assigned.map(|(row, _)| Choice {
        id: row.id,
        name: row.name.clone(),
    });
    let node_name = node.name.clone();
    let assign = pick_list(choices.to_vec(), selected, move |choice: Choice| {
        Intent::Assign(node_name.clone(), choice.id)
    })
    .placeholder(fl!("nodes-assign"))
    .width(320);
    let trust: Vec<String> = node
        .trusted_cas
        .iter()
        .filter_map(|id| loaded.row(*id))
        .map(|(row, _)| row.name.clone())
        .collect();
    let alarms = loaded
        .alarms
        .iter()
        .filter(|alarm| alarm.node.as_deref() == Some(node.name.as_str()))
        .count();
    let card = column![
        row![
            text(node.name.clone()).size(18).width(Fill),
            text(fl!("nodes-alarms", count = alarms)).size(13),
            button(text(fl!("nodes-check")))
                .style(button::secondary)
                .on_press_maybe(
                    (node.certificate_id.is_some() && !node.endpoints.is_empty())
                        .then(|| Intent::CheckNode(node.name.clone()))
                ),
            button(text(fl!("node-push")))
                .style(button::secondary)
                .on_press_maybe(
                    (node.driver != "none"
                        && (node.certificate_id.is_some() || !node.trusted_cas.is_empty()))
                    .then(|| Intent::AskPush(false, Some(node.name.clone())))
                ),
            button(text(fl!("node-edit")))
                .style(button::secondary)
                .on_press(Intent::EditNode(Some(node.name.clone()))),
        ]
        .spacing(SPACING)
        .align_y(iced::Center),
        text(format!("{} · {}", node.fqdn, driver_name(&node.driver))).size(13),
        row![certificate, iced::widget::space::horizontal(), assign]
            .spacing(SPACING)
            .align_y(iced::Center),
        text(if trust.is_empty() {
            fl!("nodes-trust-none")
        } else {
            fl!("nodes-trust", names = trust.join(", "))
        })
        .size(13),
    ]
    .spacing(6);
    with_last_result(card, node)
}

/// A node's card: `lines`, then the node's last push or check result in words.
pub fn with_last_result<'a>(
    lines: iced::widget::Column<'a, Intent>,
    node: &'a Node,
) -> Element<'a, Intent> {
    let mut lines = lines;
    if let Some(result) = &node.last_result {
        lines = lines.push(
            text(fl!(
                "nodes-last-result",
                result = labels::node_result(result)
            ))
            .size(13),
        );
    }
    container(lines)
        .padding(10)
        .width(Fill)
        .style(style::card)
        .into()
}

/// The push driver in words: SSH, HTTPS, Pexip and folder are names administrators know.
fn driver_name(driver: &str) -> String {
    match driver {
        "ssh" => "SSH/SFTP".into(),
        "https" => "HTTPS".into(),
        "pexip" => "Pexip Infinity API".into(),
        "folder" => fl!("nodes-driver-folder"),
        _ => fl!("nodes-driver-none"),
    }
}

/// What a check of a node found: each endpoint's answer, and the inventory with the node's new
/// result.
pub type Checked = (Vec<crate::push::EndpointCheck>, std::sync::Arc<Loaded>);

/// Probes the node's endpoints now: do they serve its assigned certificate, under its name, with a
/// chain that reaches a trusted CA? The result is recorded as the node's last result.
pub async fn check_node(
    name: String,
    settings: crate::settings::Settings,
) -> Result<Checked, String> {
    let check = {
        let (name, settings) = (name.clone(), settings.clone());
        work(move || super::inventory::node_check(&name, &settings)).await?
    };
    let checks = crate::push::verify_endpoints(
        &check.endpoints,
        &check.fqdn,
        &check.fingerprint,
        &check.trust,
        std::time::Duration::from_secs(10),
        time::OffsetDateTime::now_utc(),
    )
    .await;
    let result = crate::push::session::check_result(&checks);
    let loaded = work(move || super::inventory::node_checked(&name, &result, &settings)).await?;
    Ok((checks, loaded))
}
