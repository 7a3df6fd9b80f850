//! STARTTLS: the plain-text exchange that turns a mail, directory or chat connection into TLS,
//! so the scan can read the certificate those services serve.
//!
//! Written here by hand: the exchanges are a few lines each (RFC 3207 SMTP, RFC 9051 IMAP,
//! RFC 2595 POP3, RFC 4511 §4.14 LDAP, RFC 6120 §5.4 XMPP), and no maintained crate does them
//! for all five on a plain tokio socket. Every read is bounded (a server that talks forever is
//! an error, not a memory leak); the caller's timeout bounds the time.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A connection the exchange runs on.
pub trait Stream: AsyncRead + AsyncWrite + Unpin {}

impl<T: AsyncRead + AsyncWrite + Unpin> Stream for T {}

/// The most a server may say before TLS starts.
const MAX_GREETING: usize = 64 * 1024;

pub use crate::model::endpoint::Protocol;

/// Why a STARTTLS exchange did not reach the TLS handshake (the words say what the server
/// answered).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StarttlsError {
    /// Sending or reading failed.
    #[error("{0}")]
    Connection(String),
    #[error("the server closed the connection before TLS started")]
    Closed,
    /// The server sent more than a greeting may hold.
    #[error("{0}")]
    TooLarge(String),
    /// The server does not offer STARTTLS.
    #[error("{0}")]
    NotOffered(String),
    /// The server answered with a refusal (or no greeting).
    #[error("{0}")]
    Refused(String),
    /// The answer is not one of the protocol's.
    #[error("{0}")]
    Garbled(String),
    /// Bytes arrived after the server agreed to start TLS (they could be injected).
    #[error("the {0} server sent data after agreeing to start TLS")]
    DataAfterStart(Protocol),
}

/// Runs the STARTTLS exchange of `protocol` on `stream` (a TCP connection; anything that reads
/// and writes, for tests and fuzzing); afterwards the TLS handshake starts. `name` is the host
/// name (XMPP addresses its stream to it). Errors say what the server answered.
pub async fn upgrade(
    stream: &mut impl Stream,
    protocol: Protocol,
    name: &str,
) -> Result<(), StarttlsError> {
    let mut conversation = Conversation {
        stream,
        buffer: Vec::new(),
        read: 0,
    };
    match protocol {
        Protocol::Tls => return Ok(()),
        Protocol::Smtp => smtp(&mut conversation).await?,
        Protocol::Imap => imap(&mut conversation).await?,
        Protocol::Pop3 => pop3(&mut conversation).await?,
        Protocol::Ldap => ldap(&mut conversation).await?,
        Protocol::Xmpp => xmpp(&mut conversation, name).await?,
    }
    if !conversation.buffer.is_empty() {
        return Err(StarttlsError::DataAfterStart(protocol));
    }
    Ok(())
}

struct Conversation<'a, S> {
    stream: &'a mut S,
    /// Bytes received and not yet consumed.
    buffer: Vec<u8>,
    /// Bytes received in all.
    read: usize,
}

impl<S: Stream> Conversation<'_, S> {
    async fn send(&mut self, bytes: &[u8]) -> Result<(), StarttlsError> {
        self.stream.write_all(bytes).await.map_err(|e| {
            StarttlsError::Connection(format!("the connection failed while sending: {e}"))
        })
    }

    /// Reads more bytes; the connection closing is an error.
    async fn fill(&mut self) -> Result<(), StarttlsError> {
        let mut chunk = [0u8; 4096];
        let n = self.stream.read(&mut chunk).await.map_err(|e| {
            StarttlsError::Connection(format!("the connection failed while reading: {e}"))
        })?;
        if n == 0 {
            return Err(StarttlsError::Closed);
        }
        self.read += n;
        if self.read > MAX_GREETING {
            return Err(StarttlsError::TooLarge(format!(
                "the server sent more than {MAX_GREETING} bytes without starting TLS"
            )));
        }
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(())
    }

    /// One line, without its CR LF.
    async fn line(&mut self) -> Result<String, StarttlsError> {
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                let text = String::from_utf8_lossy(&line);
                return Ok(text.trim_end_matches(['\r', '\n']).to_string());
            }
            self.fill().await?;
        }
    }

    /// Reads until `needle` has been received; returns everything up to and including it.
    async fn until(&mut self, needles: &[&str]) -> Result<String, StarttlsError> {
        loop {
            let text = String::from_utf8_lossy(&self.buffer).to_string();
            if let Some((end, closed)) = needles
                .iter()
                .filter_map(|needle| {
                    text.find(needle)
                        .map(|at| (at + needle.len(), needle.ends_with('>')))
                })
                .min()
            {
                // Up to the end of the element (`>`) that holds the needle.
                let close = if closed {
                    Some(end)
                } else {
                    text[end..].find('>').map(|n| end + n + 1)
                };
                if let Some(close) = close {
                    self.buffer.drain(..close);
                    return Ok(text[..close].to_string());
                }
            }
            self.fill().await?;
        }
    }
}

/// A reply line quoted for an error (servers can send anything).
fn quoted(line: &str) -> String {
    let line: String = line.chars().take(120).collect();
    format!("{line:?}")
}

/// SMTP (RFC 5321 replies, RFC 3207 STARTTLS): greeting 220, EHLO, STARTTLS, 220.
async fn smtp(c: &mut Conversation<'_, impl Stream>) -> Result<(), StarttlsError> {
    let greeting = smtp_reply(c).await?;
    if !greeting.starts_with("220") {
        return Err(StarttlsError::Refused(format!(
            "the SMTP server did not greet: {}",
            quoted(&greeting)
        )));
    }
    c.send(b"EHLO certdeck.invalid\r\n").await?;
    let ehlo = smtp_reply(c).await?;
    if !ehlo.starts_with("250") {
        return Err(StarttlsError::Refused(format!(
            "the SMTP server refused EHLO: {}",
            quoted(&ehlo)
        )));
    }
    if !ehlo.to_ascii_uppercase().contains("STARTTLS") {
        return Err(StarttlsError::NotOffered(
            "the SMTP server does not offer STARTTLS".into(),
        ));
    }
    c.send(b"STARTTLS\r\n").await?;
    let reply = smtp_reply(c).await?;
    if !reply.starts_with("220") {
        return Err(StarttlsError::Refused(format!(
            "the SMTP server refused STARTTLS: {}",
            quoted(&reply)
        )));
    }
    Ok(())
}

/// A whole SMTP reply (continuation lines `250-…` up to `250 …`), joined by newlines.
async fn smtp_reply(c: &mut Conversation<'_, impl Stream>) -> Result<String, StarttlsError> {
    let mut lines = Vec::new();
    loop {
        let line = c.line().await?;
        let last = line.len() < 4 || line.as_bytes()[3] != b'-';
        lines.push(line);
        if last {
            return Ok(lines.join("\n"));
        }
    }
}

/// IMAP (RFC 9051 §6.2.1): greeting `* OK`, `a1 STARTTLS`, `a1 OK`.
async fn imap(c: &mut Conversation<'_, impl Stream>) -> Result<(), StarttlsError> {
    let greeting = c.line().await?;
    if !greeting.to_ascii_uppercase().starts_with("* OK") {
        return Err(StarttlsError::Refused(format!(
            "the IMAP server did not greet: {}",
            quoted(&greeting)
        )));
    }
    c.send(b"a1 STARTTLS\r\n").await?;
    loop {
        let line = c.line().await?;
        if let Some(status) = line.strip_prefix("a1 ") {
            if status.to_ascii_uppercase().starts_with("OK") {
                return Ok(());
            }
            return Err(StarttlsError::Refused(format!(
                "the IMAP server refused STARTTLS: {}",
                quoted(&line)
            )));
        }
    }
}

/// POP3 (RFC 2595 §4): greeting `+OK`, `STLS`, `+OK`.
async fn pop3(c: &mut Conversation<'_, impl Stream>) -> Result<(), StarttlsError> {
    let greeting = c.line().await?;
    if !greeting.starts_with("+OK") {
        return Err(StarttlsError::Refused(format!(
            "the POP3 server did not greet: {}",
            quoted(&greeting)
        )));
    }
    c.send(b"STLS\r\n").await?;
    let reply = c.line().await?;
    if !reply.starts_with("+OK") {
        return Err(StarttlsError::Refused(format!(
            "the POP3 server refused STLS: {}",
            quoted(&reply)
        )));
    }
    Ok(())
}

/// LDAP StartTLS extended operation (RFC 4511 §4.14), message id 1.
const LDAP_START_TLS: &[u8] = &[
    0x30, 0x1d, // LDAPMessage SEQUENCE
    0x02, 0x01, 0x01, // messageID 1
    0x77, 0x18, // [APPLICATION 23] ExtendedRequest
    0x80, 0x16, // [0] requestName: the StartTLS OID
    b'1', b'.', b'3', b'.', b'6', b'.', b'1', b'.', b'4', b'.', b'1', b'.', b'1', b'4', b'6', b'6',
    b'.', b'2', b'0', b'0', b'3', b'7',
];

/// Sends the StartTLS request and reads the ExtendedResponse: its resultCode must be 0.
async fn ldap(c: &mut Conversation<'_, impl Stream>) -> Result<(), StarttlsError> {
    c.send(LDAP_START_TLS).await?;
    let message = ber_element(c).await?;
    // LDAPMessage: SEQUENCE { messageID INTEGER, [APPLICATION 24] ExtendedResponse { resultCode
    // ENUMERATED, matchedDN, diagnosticMessage, … } }
    let mut inner = BerReader(&message.1);
    let (tag, _) = inner.next().ok_or(StarttlsError::Garbled(
        "the LDAP answer is not an LDAP message".into(),
    ))?;
    if message.0 != 0x30 || tag != 0x02 {
        return Err(StarttlsError::Garbled(
            "the LDAP answer is not an LDAP message".into(),
        ));
    }
    let (tag, response) = inner.next().ok_or(StarttlsError::Garbled(
        "the LDAP answer has no operation".into(),
    ))?;
    if tag != 0x78 {
        return Err(StarttlsError::Refused(format!(
            "the LDAP server answered StartTLS with operation {tag:#04x}, not an extended response"
        )));
    }
    let mut fields = BerReader(&response);
    match fields.next() {
        Some((0x0a, code)) if code == [0] => Ok(()),
        Some((0x0a, code)) => {
            let diagnostic = fields
                .nth(1)
                .map(|(_, text)| String::from_utf8_lossy(&text).to_string())
                .unwrap_or_default();
            Err(StarttlsError::Refused(format!(
                "the LDAP server refused StartTLS (result {}{})",
                code.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)),
                if diagnostic.is_empty() {
                    String::new()
                } else {
                    format!(": {}", quoted(&diagnostic))
                }
            )))
        }
        _ => Err(StarttlsError::Garbled(
            "the LDAP answer to StartTLS has no result code".into(),
        )),
    }
}

/// One BER element read from the connection: its tag and contents (definite lengths only, as
/// LDAP requires).
async fn ber_element(
    c: &mut Conversation<'_, impl Stream>,
) -> Result<(u8, Vec<u8>), StarttlsError> {
    loop {
        if let Some((tag, header, length)) = ber_header(&c.buffer) {
            let size = header.saturating_add(length);
            if size > MAX_GREETING {
                return Err(StarttlsError::TooLarge(
                    "the LDAP answer is too large".into(),
                ));
            }
            if c.buffer.len() >= size {
                let element: Vec<u8> = c.buffer.drain(..size).collect();
                return Ok((tag, element[header..].to_vec()));
            }
        }
        c.fill().await?;
    }
}

/// The tag, header length and content length at the start of `bytes`, once they are complete.
fn ber_header(bytes: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *bytes.first()?;
    let first = *bytes.get(1)? as usize;
    if first < 0x80 {
        return Some((tag, 2, first));
    }
    let count = first & 0x7f;
    if count == 0 || count > 4 || bytes.len() < 2 + count {
        // Indefinite or absurd lengths never complete: the size limit ends the wait.
        return (count == 0 || count > 4).then_some((tag, 2, usize::MAX / 2));
    }
    let length = bytes[2..2 + count]
        .iter()
        .fold(0usize, |n, b| n << 8 | usize::from(*b));
    Some((tag, 2 + count, length))
}

/// Walks the elements inside a constructed BER value.
struct BerReader<'a>(&'a [u8]);

impl Iterator for BerReader<'_> {
    type Item = (u8, Vec<u8>);

    fn next(&mut self) -> Option<Self::Item> {
        let (tag, header, length) = ber_header(self.0)?;
        let end = header.checked_add(length)?;
        if end > self.0.len() {
            return None;
        }
        let contents = self.0[header..end].to_vec();
        self.0 = &self.0[end..];
        Some((tag, contents))
    }
}

/// XMPP (RFC 6120 §5.4): open a client stream to `name`, find `<starttls` among the stream
/// features, ask for it, expect `<proceed`.
async fn xmpp(c: &mut Conversation<'_, impl Stream>, name: &str) -> Result<(), StarttlsError> {
    let domain: String = name
        .chars()
        .filter(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-'))
        .collect();
    c.send(
        format!(
            "<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' xml:lang='en' \
             xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
        )
        .as_bytes(),
    )
    .await?;
    let features = c
        .until(&[
            "</stream:features>",
            "<stream:features/>",
            "</stream:stream>",
        ])
        .await?;
    if features.contains("</stream:stream>") && !features.contains("features") {
        return Err(StarttlsError::Refused(
            "the XMPP server closed the stream".into(),
        ));
    }
    if !features.contains("<starttls") {
        return Err(StarttlsError::NotOffered(
            "the XMPP server does not offer STARTTLS".into(),
        ));
    }
    c.send(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        .await?;
    let answer = c.until(&["<proceed", "<failure"]).await?;
    if answer.contains("<proceed") {
        Ok(())
    } else {
        Err(StarttlsError::Refused(
            "the XMPP server refused STARTTLS".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ber_headers_short_long_and_incomplete() {
        assert_eq!(ber_header(&[0x30, 0x05]), Some((0x30, 2, 5)));
        assert_eq!(ber_header(&[0x30, 0x82, 0x01, 0x00]), Some((0x30, 4, 256)));
        assert_eq!(ber_header(&[0x30, 0x82, 0x01]), None);
        assert_eq!(ber_header(&[0x30]), None);
        // Indefinite: never completes within the limit.
        assert!(ber_header(&[0x30, 0x80]).is_some_and(|(_, _, n)| n > MAX_GREETING));
    }

    #[test]
    fn the_start_tls_request_is_well_formed() {
        let (tag, header, length) = ber_header(LDAP_START_TLS).unwrap();
        assert_eq!((tag, header + length), (0x30, LDAP_START_TLS.len()));
        let mut inner = BerReader(&LDAP_START_TLS[header..]);
        assert_eq!(inner.next(), Some((0x02, vec![1])));
        let (tag, request) = inner.next().unwrap();
        assert_eq!(tag, 0x77);
        assert_eq!(
            BerReader(&request).next(),
            Some((0x80, b"1.3.6.1.4.1.1466.20037".to_vec()))
        );
    }

    /// The exchange against a server that says `said` and then hangs up.
    fn against(protocol: Protocol, said: &[u8]) -> Result<(), StarttlsError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut stream = tokio::io::join(said, tokio::io::sink());
        runtime.block_on(upgrade(&mut stream, protocol, "chat.test"))
    }

    #[test]
    fn documented_greetings_lead_to_tls() {
        assert_eq!(
            against(
                Protocol::Smtp,
                b"220-mail.test ESMTP\r\n220 ready\r\n250-mail.test\r\n250-SIZE 1000\r\n250 STARTTLS\r\n220 go ahead\r\n"
            ),
            Ok(())
        );
        assert_eq!(
            against(
                Protocol::Imap,
                b"* OK ready\r\n* CAPABILITY IMAP4rev1\r\na1 OK begin\r\n"
            ),
            Ok(())
        );
        assert_eq!(against(Protocol::Pop3, b"+OK hi\r\n+OK begin\r\n"), Ok(()));
        // ExtendedResponse: messageID 1, resultCode success, empty matchedDN and message.
        assert_eq!(
            against(
                Protocol::Ldap,
                &[
                    0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04,
                    0x00
                ]
            ),
            Ok(())
        );
        assert_eq!(
            against(
                Protocol::Xmpp,
                b"<?xml version='1.0'?><stream:stream xmlns='jabber:client'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
            ),
            Ok(())
        );
    }

    /// Refusals, silence, garbage and hostile sizes end in an error that says why, never a hang
    /// (the reader ends) nor a panic.
    #[test]
    fn refusals_and_hostile_servers_are_errors() {
        let cases: Vec<(Protocol, Vec<u8>, &str)> = vec![
            (Protocol::Smtp, b"554 go away\r\n".to_vec(), "refused"),
            (
                Protocol::Smtp,
                b"220 hi\r\n250 mail.test\r\n".to_vec(),
                "not offered",
            ),
            (
                Protocol::Smtp,
                b"220 hi\r\n250 STARTTLS\r\n454 not now\r\n".to_vec(),
                "refused",
            ),
            (Protocol::Smtp, b"220-".repeat(40_000), "too large"),
            (Protocol::Imap, b"* OK\r\na1 BAD no\r\n".to_vec(), "refused"),
            (
                Protocol::Imap,
                b"* OK\r\na1 OK go\r\nextra".to_vec(),
                "data after start",
            ),
            (Protocol::Pop3, b"-ERR\r\n".to_vec(), "refused"),
            (Protocol::Pop3, Vec::new(), "closed"),
            (
                Protocol::Ldap,
                vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
                "too large",
            ),
            (Protocol::Ldap, vec![0x30, 0x80], "too large"),
            (
                Protocol::Ldap,
                vec![0x30, 0x03, 0x02, 0x01, 0x01],
                "garbled",
            ),
            (
                Protocol::Ldap,
                vec![
                    0x30, 0x0a, 0x02, 0x01, 0x01, 0x78, 0x05, 0x0a, 0x01, 0x02, 0x04, 0x00,
                ],
                "refused",
            ),
            (
                Protocol::Xmpp,
                b"<stream:stream><stream:features></stream:features>".to_vec(),
                "not offered",
            ),
            (
                Protocol::Xmpp,
                b"<stream:features><starttls/></stream:features><failure/>".to_vec(),
                "refused",
            ),
            (Protocol::Xmpp, b"<".repeat(70_000), "too large"),
        ];
        // Decided by the error's kind, not its words.
        let kind = |error: &StarttlsError| match error {
            StarttlsError::Connection(_) => "connection",
            StarttlsError::Closed => "closed",
            StarttlsError::TooLarge(_) => "too large",
            StarttlsError::NotOffered(_) => "not offered",
            StarttlsError::Refused(_) => "refused",
            StarttlsError::Garbled(_) => "garbled",
            StarttlsError::DataAfterStart(_) => "data after start",
        };
        for (protocol, said, expected) in cases {
            let error = against(protocol, &said).unwrap_err();
            assert_eq!(kind(&error), expected, "{protocol}: {error}");
        }
    }

    #[test]
    fn well_known_ports_speak_their_protocol() {
        assert_eq!(Protocol::of_port(25), Protocol::Smtp);
        assert_eq!(Protocol::of_port(587), Protocol::Smtp);
        assert_eq!(Protocol::of_port(465), Protocol::Tls);
        assert_eq!(Protocol::of_port(389), Protocol::Ldap);
        assert_eq!(Protocol::of_port(636), Protocol::Tls);
        assert_eq!(Protocol::of_port(5222), Protocol::Xmpp);
    }
}
