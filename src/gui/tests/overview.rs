//! The overview (home screen): it opens first, shows each node as a tile with its health, and a
//! click on a status, a bar or a tile leads to the certificates or the node behind it.

use super::*;
use crate::gui::overview as screen;

#[test]
fn the_window_opens_on_the_overview() {
    let (app, _) = App::new(Vec::new());
    assert_eq!(app.screen, Screen::Overview);
}

#[test]
fn the_overview_leads_to_what_it_counts() {
    let (mut app, _dir, mut inventory) = app_with_node("pbx1", "server");
    let _ = app.update(Message::Show(Screen::Overview));
    {
        let mut ui = window(app.view());
        ui.find(fl!("overview-no-pushes").as_str())
            .expect("no push yet");
    }
    // The latest pushes come first.
    for (node, result) in [("gw1", "failed: refused"), ("pbx1", "verified")] {
        let entry = crate::store::nodes::PushLogEntry {
            at: String::new(),
            who: "admin".into(),
            node: node.into(),
            driver: "folder".into(),
            what: "certificate".into(),
            result: result.into(),
            detail: String::new(),
        };
        inventory
            .log_push(&entry, OffsetDateTime::now_utc())
            .unwrap();
    }
    reload(&mut app, &inventory);
    let pushes = &app.loaded.as_ref().unwrap().recent_pushes;
    let order: Vec<&str> = pushes.iter().map(|p| p.node.as_str()).collect();
    assert_eq!(order, ["pbx1", "gw1"]);
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-verified").as_str())
            .expect("the latest push is listed with its result");
    }
    let total = app.loaded.as_ref().unwrap().rows.len();

    // The node without a certificate is a tile that says so, and opens the node.
    let mut ui = window(app.view());
    ui.find(fl!("overview-title").as_str())
        .expect("the overview is drawn");
    ui.find(fl!("health-no-certificate").as_str())
        .expect("pbx1's tile says it has no certificate");
    ui.click("pbx1").expect("pbx1's tile is drawn");
    let messages: Vec<Message> = ui.into_messages().collect();
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, Message::Overview(screen::Message::Node(n)) if n == "pbx1")),
        "{messages:?}"
    );
    run_messages(&mut app, messages);
    assert_eq!(app.screen, Screen::ByNode);
    assert!(app.node_form().is_some(), "the node opens");
    app.modal = None;

    // A status narrows the list to it; "Show all" lifts it.
    let (code, count) = {
        let overview = &app.loaded.as_ref().unwrap().overview;
        overview.by_status[0]
    };
    let _ = app.update(Message::Overview(screen::Message::Status(code)));
    assert_eq!(app.screen, Screen::Inventory);
    assert_eq!(app.list.visible.len(), count);
    let mut ui = window(app.view());
    ui.click(fl!("narrowed-clear").as_str())
        .expect("the narrowing can be lifted");
    let messages: Vec<Message> = ui.into_messages().collect();
    run_messages(&mut app, messages);
    assert_eq!(app.list.visible.len(), total);

    // A bar narrows the list to the certificates expiring in its dates.
    let (start, end, in_bar) = {
        let loaded = app.loaded.as_ref().unwrap();
        let bar = loaded
            .overview
            .months
            .iter()
            .chain(&loaded.overview.weeks)
            .find(|b| b.total > 0)
            .map(|b| (b.start, b.end, b.total));
        match bar {
            Some(bar) => bar,
            // Nothing expires within a year: the whole timeline's dates, nothing in them.
            None => (
                loaded.overview.months[0].start,
                loaded.overview.months[11].end,
                0,
            ),
        }
    };
    let _ = app.update(Message::Overview(screen::Message::Bar(start, end)));
    assert_eq!(app.list.visible.len(), in_bar);
    let loaded = app.loaded.as_ref().unwrap();
    assert!(app.list.visible.iter().all(|&i| {
        let expiry = loaded.rows[i].0.facts.not_after;
        start <= expiry && expiry < end
    }));
}
