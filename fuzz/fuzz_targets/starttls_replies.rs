//! Any bytes as what a server says before TLS, for each STARTTLS protocol (SMTP, IMAP, POP3,
//! LDAP, XMPP): the exchange ends in `Ok` or an error, never a panic or a hang.
#![no_main]

use certdeck::scan::Protocol;
use certdeck::scan::starttls::upgrade;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for protocol in [
        Protocol::Smtp,
        Protocol::Imap,
        Protocol::Pop3,
        Protocol::Ldap,
        Protocol::Xmpp,
    ] {
        let mut stream = tokio::io::join(data, tokio::io::sink());
        let _ = runtime.block_on(upgrade(&mut stream, protocol, "chat.test"));
    }
});
