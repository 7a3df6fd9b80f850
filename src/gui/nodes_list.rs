//! The Nodes screen: the nodes themselves — how each is reached (driver and address), the TLS
//! endpoints verified after a push, whether its host key or certificate is pinned, and the last
//! result — with adding, editing (the node form) and removing.

use iced::widget::{Column, button, center, column, container, row, scrollable, space, text};
use iced::{Element, Fill};

use super::intent::Intent;
use super::inventory::Loaded;
use super::widgets::SPACING;
use super::{labels, nodes_view};
use crate::acme::outlook::Outlook;
use crate::fl;
use crate::store::Node;

/// Test id of the Add node… button.
pub const ADD_ID: &str = "nodes-list-add";

/// Every node: how it is reached, its endpoints, pin, ACME issuer; add, edit, remove.
pub fn screen(loaded: &Loaded) -> Element<'_, Intent> {
    let title = column![
        row![
            text(fl!("nodes-list-title")).size(22),
            space::horizontal(),
            container(button(text(fl!("node-add"))).on_press(Intent::EditNode(None))).id(ADD_ID),
        ]
        .align_y(iced::Center),
        text(fl!("nodes-list-explained")).size(13),
    ]
    .spacing(4);
    if loaded.nodes.is_empty() {
        return column![title, center(text(fl!("nodes-none")).size(16))]
            .spacing(SPACING)
            .into();
    }
    let mut list = Column::new().spacing(SPACING);
    for node in &loaded.nodes {
        let outlook = loaded
            .renewals
            .outlook
            .iter()
            .find(|o| o.issuer.node == node.name);
        list = list.push(node_line(node, outlook, loaded.now));
    }
    column![title, scrollable(list).height(Fill)]
        .spacing(SPACING)
        .into()
}

/// One node: its names, how it is reached, its endpoints and pin, its ACME issuer and next
/// renewal, its last result, its actions.
fn node_line<'a>(
    node: &'a Node,
    outlook: Option<&'a Outlook>,
    now: time::OffsetDateTime,
) -> Element<'a, Intent> {
    let reached = reached_at(node);
    let endpoints = if node.endpoints.is_empty() {
        fl!("nodes-list-no-endpoints")
    } else {
        fl!(
            "nodes-list-endpoints",
            endpoints = node.endpoints.join(", ")
        )
    };
    let pinned = match &node.pinned {
        Some(fingerprint) => fl!("nodes-list-pinned", fingerprint = short(fingerprint)),
        None if matches!(node.driver.as_str(), "ssh" | "https" | "pexip") => {
            fl!("nodes-list-not-pinned")
        }
        None => String::new(),
    };
    let mut card = column![
        row![
            text(node.name.clone()).size(18),
            text(node.fqdn.clone()).size(13).width(Fill),
            button(text(fl!("node-edit")))
                .style(button::secondary)
                .on_press(Intent::EditNode(Some(node.name.clone()))),
            button(text(fl!("nodes-list-acme")))
                .style(button::secondary)
                .on_press(Intent::GetCertificate(node.name.clone())),
            button(text(fl!("nodes-list-remove")))
                .style(button::danger)
                .on_press(Intent::AskRemoveNode(node.name.clone())),
        ]
        .spacing(SPACING)
        .align_y(iced::Center),
        text(reached).size(13),
        text(endpoints).size(13),
    ]
    .spacing(4);
    if !pinned.is_empty() {
        card = card.push(text(pinned).size(13));
    }
    if let Some(outlook) = outlook {
        let issuer = &outlook.issuer;
        let window = issuer
            .window
            .as_ref()
            .map(|w| w.describe())
            .unwrap_or_else(|| fl!("issuer-window-any"));
        card = card.push(
            text(fl!(
                "nodes-list-issuer",
                account = issuer.account.clone(),
                challenge = labels::challenge_words(&issuer.challenge),
                next = labels::decision_words(outlook, now),
                window = window
            ))
            .size(13),
        );
    }
    nodes_view::with_last_result(card, node)
}

/// The driver and where it goes, in words.
fn reached_at(node: &Node) -> String {
    let text = |key: &str| {
        node.settings
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    match node.driver.as_str() {
        "folder" => fl!("nodes-list-folder", path = text("path")),
        "ssh" => {
            let port = node
                .settings
                .get("port")
                .and_then(|v| v.as_u64())
                .unwrap_or(22);
            fl!(
                "nodes-list-ssh",
                user = text("user"),
                host = text("host"),
                port = port.to_string()
            )
        }
        "https" => fl!("nodes-list-https", url = text("url")),
        "pexip" => fl!(
            "nodes-list-pexip",
            url = text("url"),
            name = text("node_name")
        ),
        _ => fl!("nodes-driver-none"),
    }
}

/// A fingerprint shortened for a line (the node form shows it whole).
fn short(fingerprint: &str) -> String {
    if fingerprint.chars().count() > 24 {
        let head: String = fingerprint.chars().take(24).collect();
        format!("{head}…")
    } else {
        fingerprint.to_string()
    }
}
