//! What an administrator types for ACME — maintenance windows, TSIG secrets, DNS names — as any
//! text: a clear error or a value, never a panic; a parsed window answers for any moment.
#![no_main]

use certdeck::acme::Window;
use certdeck::acme::dns::{Tsig, name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(window) = Window::parse(text, time::UtcOffset::UTC) {
        let at = time::OffsetDateTime::UNIX_EPOCH
            + time::Duration::minutes(i64::from(data.len() as u32) * 977);
        let open = window.contains(at);
        if let Some(next) = window.next_open(at) {
            assert!(next >= at);
            assert_eq!(open, next == at);
        }
        let _ = window.describe();
    }
    let _ = Tsig::from_base64(text, "hmac-sha256", text);
    let _ = name(text);
});
