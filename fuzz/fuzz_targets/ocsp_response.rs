//! Any bytes as an OCSP response to a question about the fixtures' leaf (issued by their
//! intermediate), with and without a nonce: a reason or an answer, never a panic or a hang.
#![no_main]

use certdeck::pki::Certificate;
use certdeck::revocation::ocsp::Question;
use libfuzzer_sys::fuzz_target;

fn certificate(pem: &[u8]) -> Certificate {
    let block = certdeck::pki::pem::scan(pem).remove(0);
    Certificate::from_der(block.body.as_ref().expect("fixture")).expect("fixture")
}

fuzz_target!(|data: &[u8]| {
    let leaf = certificate(include_bytes!("../../tests/fixtures/leaf.pem"));
    let issuer = certificate(include_bytes!("../../tests/fixtures/inter.pem"));
    let now = time::OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
    for nonce in [Some(b"0123456789abcdef".to_vec()), None] {
        let question = Question::with_nonce(&leaf, &issuer, nonce).expect("a question");
        let _ = question.judge(data, now);
    }
});
