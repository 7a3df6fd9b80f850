//! What the window is opened with: the settings file, the theme, the icon, the application id.

use std::path::PathBuf;

use iced::window;

use crate::settings::{Settings, ThemeChoice};

/// The window's size when it opens.
pub const SIZE: iced::Size = iced::Size::new(1280.0, 800.0);

/// Linux application id; equals `StartupWMClass` in the `.desktop` file.
pub const APPLICATION_ID: &str = "io.github.certdeck.Certdeck";

/// The user's settings file, read at start; a damaged file is reported (in the settings screen)
/// and the defaults used.
pub fn read_settings() -> (Settings, Option<PathBuf>, Option<String>) {
    let Some(path) = Settings::default_path() else {
        return (Settings::default(), None, None);
    };
    match Settings::load(&path) {
        Ok(settings) => (settings, Some(path), None),
        Err(error) => {
            eprintln!("certdeck: settings not used: {error}");
            (Settings::default(), Some(path), Some(error))
        }
    }
}

/// The theme the settings ask for; `None` follows the system's light or dark mode.
pub fn theme(settings: &Settings) -> Option<iced::Theme> {
    match settings.theme {
        ThemeChoice::System => None,
        ThemeChoice::Light => Some(iced::Theme::Light),
        ThemeChoice::Dark => Some(iced::Theme::Dark),
    }
}

/// The window's settings: size, icon, application id.
pub fn settings() -> window::Settings {
    window::Settings {
        size: SIZE,
        min_size: Some(iced::Size::new(800.0, 500.0)),
        icon: icon(),
        platform_specific: platform_specific(),
        ..window::Settings::default()
    }
}

/// Linux desktops match the window to its .desktop entry (and icon) by this id; the field exists
/// only there.
#[cfg(target_os = "linux")]
fn platform_specific() -> window::settings::PlatformSpecific {
    window::settings::PlatformSpecific {
        application_id: APPLICATION_ID.to_string(),
        ..Default::default()
    }
}

#[cfg(not(target_os = "linux"))]
fn platform_specific() -> window::settings::PlatformSpecific {
    window::settings::PlatformSpecific::default()
}

/// The window's icon (title bar, task bar): the packaged 64 px icon, compiled in.
pub fn icon() -> Option<window::Icon> {
    let png =
        include_bytes!("../../packaging/icons/hicolor/64x64/apps/io.github.certdeck.Certdeck.png");
    let mut reader = png::Decoder::new(std::io::Cursor::new(&png[..]))
        .read_info()
        .ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut rgba).ok()?;
    // The packaged icon is 8-bit RGBA, which is what the window takes.
    if (frame.color_type, frame.bit_depth) != (png::ColorType::Rgba, png::BitDepth::Eight) {
        return None;
    }
    rgba.truncate(frame.buffer_size());
    iced::window::icon::from_rgba(rgba, frame.width, frame.height).ok()
}
