//! Mail through an SMTP relay (lettre on rustls): STARTTLS required or TLS from the first
//! byte, the relay's certificate checked against the public roots or the channel's own CA, a
//! login when the relay wants one; plain text only to a relay on this machine.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Notice, Security, SmtpSettings, is_local};

/// Sends `notice` as one mail to every recipient.
pub(super) async fn send(
    settings: &SmtpSettings,
    password: Option<&str>,
    notice: &Notice,
    timeout: Duration,
) -> Result<(), String> {
    let address = |text: &str| {
        text.parse::<lettre::message::Mailbox>()
            .map_err(|e| format!("{text} is not a mail address: {e}"))
    };
    let mut message = Message::builder()
        .from(address(&settings.from)?)
        .subject(format!("certdeck: {}", notice.title));
    for to in &settings.to {
        message = message.to(address(to)?);
    }
    let mail = message
        .header(ContentType::TEXT_PLAIN)
        .body(notice.body.clone())
        .map_err(|e| format!("the mail could not be made: {e}"))?;
    let tls = match settings.security {
        Security::None if !is_local(&settings.host) => {
            return Err(format!(
                "{}: mail without TLS goes only to a relay on this machine",
                settings.host
            ));
        }
        Security::None => Tls::None,
        Security::Starttls => Tls::Required(parameters(settings)?),
        Security::Tls => Tls::Wrapper(parameters(settings)?),
    };
    let mut transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
        .port(settings.port)
        .tls(tls)
        .timeout(Some(timeout));
    if let Some(user) = &settings.user {
        let password = password.ok_or_else(|| {
            format!("the relay login {user} has no stored password (certdeck notify add … --password-file)")
        })?;
        transport = transport.credentials(Credentials::new(user.clone(), password.to_string()));
    }
    transport
        .build()
        .send(mail)
        .await
        .map(drop)
        .map_err(|e| format!("{}:{}: {e}", settings.host, settings.port))
}

/// TLS towards the relay: its name checked, its certificate chained to the public roots or to
/// the channel's CA file alone.
fn parameters(settings: &SmtpSettings) -> Result<TlsParameters, String> {
    let mut builder = TlsParameters::builder(settings.host.clone());
    if let Some(file) = &settings.ca_file {
        let pem = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        let root = Certificate::from_pem(&pem).map_err(|e| format!("{file}: {e}"))?;
        builder = builder
            .certificate_store(CertificateStore::None)
            .add_root_certificate(root);
    }
    builder
        .build_rustls()
        .map_err(|e| format!("TLS towards {}: {e}", settings.host))
}
