//! How the window draws itself: the sidebar, the toolbar and banners over the shown screen, and
//! on top the drop hint or the open dialog. (An `impl App` of its own file: this module uses the
//! window's types; the window does not import it.)

use iced::widget::{button, column, opaque, row, rule, space, stack, text};
use iced::{Element, Font};

use super::screen::Screen;
use super::widgets::{self, SPACING};
use super::{
    App, Message, alarms_view, frame, inspect, inventory_view, nodes_list, nodes_view,
    renewals_view, requests_view, trust_view,
};
use crate::fl;

impl App {
    pub(super) fn view(&self) -> Element<'_, Message> {
        let alarms = self.loaded.as_ref().map_or(0, |l| l.alarms.len());
        let sidebar = frame::sidebar(self.screen, alarms).map(Message::Intent);
        if self.screen == Screen::Settings {
            let uses = self.loaded.as_ref().and_then(|l| l.shared.as_deref());
            let settings = self.settings_screen.view(uses).map(Message::Settings);
            return row![sidebar, rule::vertical(1), settings]
                .spacing(SPACING)
                .padding(12)
                .into();
        }
        let main = column![
            self.toolbar(),
            frame::unfinished_pushes(self.loaded.as_deref(), self.resuming).map(Message::Intent),
            self.intake.paste_box().map(Message::Intake),
            self.inspect.problems_box().map(Message::Inspect),
            self.screen_view(),
        ]
        .spacing(SPACING);
        let page = row![sidebar, rule::vertical(1), main]
            .spacing(SPACING)
            .padding(12);
        let top = if self.intake.hovering {
            Some(opaque(widgets::drop_overlay()))
        } else if let Some(dialog) = renewals_view::dialog(&self.renewals) {
            Some(dialog.map(Message::Renewals))
        } else {
            self.modal
                .as_ref()
                .map(|modal| modal.view().map(Message::Modal))
        };
        match top {
            Some(top) => stack![page, top].into(),
            None => page.into(),
        }
    }

    /// The shown screen's own part of the window.
    fn screen_view(&self) -> Element<'_, Message> {
        if self.screen == Screen::Inspect {
            return self.inspect.view().map(Message::Inspect);
        }
        let Some(loaded) = self.loaded.as_deref() else {
            return widgets::inventory_status(self.load_error.as_deref());
        };
        match self.screen {
            Screen::Overview => self
                .overview
                .view(
                    &loaded.overview,
                    &loaded.renewals.outlook,
                    &loaded.recent_pushes,
                    self.settings.warning_days,
                    loaded.now,
                )
                .map(Message::Overview),
            Screen::Inventory => {
                let context = inventory_view::Context {
                    loaded,
                    revocation: &self.revocation,
                    latest_note: self.notes.latest().map(ToString::to_string),
                    warning_days: self.settings.warning_days,
                };
                inventory_view::view(&self.list, context).map(Message::List)
            }
            Screen::Discovery => self.discovery.view(loaded).map(Message::Discovery),
            Screen::Alarms => {
                alarms_view::screen(loaded, self.settings.warning_days, &self.alarms_window).map(
                    |event| match event {
                        alarms_view::Event::Intent(intent) => Message::Intent(intent),
                        alarms_view::Event::Scrolled(viewport) => Message::AlarmsScrolled(viewport),
                    },
                )
            }
            Screen::TrustedCas => trust_view::screen(loaded).map(Message::Intent),
            Screen::ByNode => nodes_view::screen(loaded).map(Message::Intent),
            Screen::Nodes => nodes_list::screen(loaded).map(Message::Intent),
            Screen::Requests => requests_view::screen(loaded).map(Message::Intent),
            Screen::Renewals => {
                renewals_view::screen(&self.renewals, loaded).map(Message::Renewals)
            }
            Screen::Inspect | Screen::Settings => unreachable!("drawn above"),
        }
    }

    /// The title, the work under way, the bell and the ways to bring files in.
    fn toolbar(&self) -> Element<'_, Message> {
        let title = column![
            text(fl!("app-title")).size(22).font(Font {
                weight: iced::font::Weight::Bold,
                ..Font::DEFAULT
            }),
            text(fl!("app-subtitle")).size(12),
        ];
        let mut bar = row![title, space::horizontal()]
            .spacing(SPACING)
            .align_y(iced::Center);
        let busy = self.busy + self.inspect.busy;
        if busy > 0 {
            bar = bar.push(text(fl!("working", count = busy)));
        }
        bar = bar
            .push(self.notes.bell().map(Message::Notes))
            .push(self.intake.buttons().map(Message::Intake));
        if self.inspect.has_content() {
            bar = bar.push(
                button(text(fl!("clear-all")))
                    .on_press(Message::Inspect(inspect::Message::Clear))
                    .style(button::secondary),
            );
        }
        let mut column = column![bar].spacing(SPACING);
        if self.notes.open {
            column = column.push(self.notes.panel().map(Message::Notes));
        }
        if let Some(field) = self.intake.path_field() {
            column = column.push(field.map(Message::Intake));
        }
        column.into()
    }
}
