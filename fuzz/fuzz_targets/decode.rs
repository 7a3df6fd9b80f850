//! Any bytes through the whole decoder (format detection, PEM, DER, PKCS#7, PKCS#12, keys with a
//! password, CSRs, CRLs, parameters) and the judgement of what came out: no panic, no hang.
#![no_main]

use certdeck::pki::{self, DecodeOptions, InspectOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = DecodeOptions::with_password("test1234");
    let decoded = pki::decode_bytes(data, "fuzz-input", &options);
    for error in &decoded.errors {
        assert_eq!(error.file(), "fuzz-input");
    }
    let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let _ = pki::inspect(&decoded, &InspectOptions::at(now));
});
