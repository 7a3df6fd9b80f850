//! Fluent strings (i18n/<language>/certdeck.ftl), embedded in the binary, and the locale's date
//! and number formats. The language can change while the window is open: every view is drawn
//! through [`LOADER`], so the next frame is in the new language.

use std::sync::{LazyLock, RwLock};

use fluent_bundle::FluentValue;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::unic_langid::LanguageIdentifier;
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use intl_memoizer::concurrent::IntlLangMemoizer;
use rust_embed::RustEmbed;
use time::OffsetDateTime;

use crate::locale::Formats;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Localizations;

pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    // The English file is compiled in and checked by `fl!` at build time, so this cannot fail
    // on a user's machine.
    if let Err(error) = loader.load_fallback_language(&Localizations) {
        eprintln!("certdeck: cannot load the English strings: {error}");
    }
    configure_bundles(&loader);
    loader
});

/// The date and number formats of the language in use.
static FORMATS: LazyLock<RwLock<Formats>> = LazyLock::new(|| RwLock::new(Formats::default()));

/// The languages the window is translated into, as tags (`de`, `en`, …), sorted.
pub fn available() -> Vec<String> {
    let mut tags: Vec<String> = LOADER
        .available_languages(&Localizations)
        .unwrap_or_default()
        .iter()
        .map(|language| language.to_string())
        .collect();
    tags.sort();
    tags
}

/// Switches the window's language: `Some("de")` from the settings, or `None` to follow the
/// desktop's locale (English when there is no translation for it).
pub fn select(language: Option<&str>) {
    let desktop = DesktopLanguageRequester::requested_languages();
    let requested: Vec<LanguageIdentifier> = match language {
        Some(tag) => tag.parse().into_iter().collect(),
        None => desktop.clone(),
    };
    if let Err(error) = i18n_embed::select(&*LOADER, &Localizations, &requested) {
        eprintln!("certdeck: cannot select a language: {error}");
    }
    configure_bundles(&LOADER);
    // Dates and numbers follow the desktop's region when it speaks the chosen language (de-AT
    // stays Austrian), else the language's main region.
    let current = LOADER.current_language();
    let region_tag = desktop
        .iter()
        .find(|tag| tag.language == current.language)
        .unwrap_or(&current)
        .to_string();
    if let Ok(mut formats) = FORMATS.write() {
        *formats = Formats::for_tag(&region_tag);
    }
}

/// The language in use, as a tag.
pub fn current() -> String {
    LOADER.current_language().to_string()
}

/// A date in the locale's short form.
pub fn date(moment: OffsetDateTime) -> String {
    formats().date(moment)
}

/// A date and UTC time in the locale's form.
pub fn date_time(moment: OffsetDateTime) -> String {
    formats().date_time(moment)
}

/// An integer with the locale's digit grouping.
pub fn integer(value: i64) -> String {
    formats().integer(value)
}

fn formats() -> Formats {
    FORMATS.read().map(|f| *f).unwrap_or_default()
}

/// Settings every bundle needs; bundles are rebuilt when the language changes.
fn configure_bundles(loader: &FluentLanguageLoader) {
    // Without this, Fluent wraps arguments in bidi isolation marks that tests and logs trip on.
    loader.set_use_isolating(false);
    loader.with_bundles_mut(|bundle| bundle.set_formatter(Some(format_number)));
}

/// Fluent prints numbers as Rust does (`10000`); whole numbers get the locale's grouping.
fn format_number(value: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    match value {
        FluentValue::Number(number) if number.value.fract() == 0.0 && number.value.abs() < 1e15 => {
            Some(integer(number.value as i64))
        }
        _ => None,
    }
}

/// `fl!("message-id")` or `fl!("message-id", name = value)`: a localised string.
#[macro_export]
macro_rules! fl {
    ($id:literal) => {{
        i18n_embed_fl::fl!($crate::gui::i18n::LOADER, $id)
    }};
    ($id:literal, $($args:expr),*) => {{
        i18n_embed_fl::fl!($crate::gui::i18n::LOADER, $id, $($args), *)
    }};
}
