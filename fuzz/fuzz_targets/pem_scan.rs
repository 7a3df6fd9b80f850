//! The PEM scanner alone: block boundaries, headers and base64 on arbitrary text.
#![no_main]

use certdeck::pki::pem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for block in pem::scan(data) {
        assert!(block.line >= 1);
        if let Ok(body) = &block.body {
            let again = pem::scan(pem::encode(&block.label, body).as_bytes());
            assert_eq!(again.len(), 1);
            assert_eq!(again[0].body.as_deref(), Ok(body.as_slice()));
        }
    }
});
