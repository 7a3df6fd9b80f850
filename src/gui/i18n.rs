//! Fluent strings (i18n/<language>/certdeck.ftl), embedded in the binary.

use std::sync::LazyLock;

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use rust_embed::RustEmbed;

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
    // Without this, Fluent wraps arguments in bidi isolation marks that tests and logs trip on.
    loader.set_use_isolating(false);
    loader
});

/// Picks the language from the desktop's locale (English when there is no translation).
pub fn init() {
    let requested = DesktopLanguageRequester::requested_languages();
    if let Err(error) = i18n_embed::select(&*LOADER, &Localizations, &requested) {
        eprintln!("certdeck: cannot select a language: {error}");
    }
    LOADER.set_use_isolating(false);
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
