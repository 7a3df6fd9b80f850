//! Colours and shapes: status badges carry a word *and* a colour, never colour alone.

use iced::widget::container;
use iced::{Background, Border, Color, Theme, border};

use crate::pki::status::Severity;

fn badge_color(theme: &Theme, severity: Severity) -> Color {
    let palette = theme.extended_palette();
    match severity {
        Severity::Error => palette.danger.base.color,
        Severity::Warning => palette.warning.base.color,
        Severity::Info => palette.success.base.color,
    }
}

/// A filled, rounded badge for a status word.
pub fn badge(severity: Severity) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let palette = theme.extended_palette();
        let text = match severity {
            Severity::Error => palette.danger.base.text,
            Severity::Warning => palette.warning.base.text,
            Severity::Info => palette.success.base.text,
        };
        container::Style {
            text_color: Some(text),
            background: Some(Background::Color(badge_color(theme, severity))),
            border: border::rounded(4),
            ..container::Style::default()
        }
    }
}

/// A badge for a word that is neither good nor bad news ("Already kept").
pub fn neutral_badge(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        text_color: Some(palette.background.strong.text),
        background: Some(Background::Color(palette.background.strong.color)),
        border: border::rounded(4),
        ..container::Style::default()
    }
}

/// The highlighted row of the list.
pub fn selected_row(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(palette.primary.weak.color)),
        text_color: Some(palette.primary.weak.text),
        border: border::rounded(4),
        ..container::Style::default()
    }
}

/// A card around a section of the detail pane.
pub fn card(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(palette.background.weak.color)),
        border: Border {
            color: palette.background.strong.color,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// The translucent "Drop to import" overlay.
pub fn drop_overlay(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    let mut color = palette.primary.strong.color;
    color.a = 0.85;
    container::Style {
        background: Some(Background::Color(color)),
        text_color: Some(palette.primary.strong.text),
        ..container::Style::default()
    }
}

pub fn problem(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(palette.danger.weak.color)),
        text_color: Some(palette.danger.weak.text),
        border: border::rounded(4),
        ..container::Style::default()
    }
}

/// The shade behind a dialog: the window stays visible but clearly inactive.
pub fn dim(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(iced::Color {
            a: 0.55,
            ..iced::Color::BLACK
        })),
        ..container::Style::default()
    }
}

/// A dialog's box.
pub fn dialog(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(palette.background.base.color)),
        text_color: Some(palette.background.base.text),
        border: iced::Border {
            radius: 8.0.into(),
            width: 1.0,
            color: palette.background.strong.color,
        },
        ..container::Style::default()
    }
}
