//! How certdeck reaches a team database: always over TLS across a network (issue 28, item 5).
//!
//! The address takes libpq's `sslmode` and `sslrootcert`, which the driver (tokio-postgres)
//! does not know in full, so they are read here:
//!
//! - `verify-full` (the default when none is given): the server's certificate chains to
//!   `sslrootcert` (a PEM file; the Mozilla roots without one) and names the host.
//! - `verify-ca`: it chains to them; the name is not checked.
//! - `require`: encrypted, the certificate not checked (as libpq): safe only on a network where
//!   nobody can stand in the middle. Said in docs/security.md.
//! - `prefer`, `allow` and `disable` are refused: they fall back to plain text, where the
//!   password and every sealed value cross the network readable and changeable.
//!
//! A Unix socket (`host=/run/postgresql`) never leaves the machine: no TLS there.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use tokio_postgres::Client;

/// Why connecting failed, in words that name the cause.
type TeamResult<T> = Result<T, String>;

/// How the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// A Unix socket: no TLS.
    Socket,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A team address split into what the driver reads and what certdeck checks itself.
pub struct Address {
    pub config: tokio_postgres::Config,
    pub verify: Verify,
    pub root_file: Option<std::path::PathBuf>,
}

/// Reads `url` (`postgres://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=FILE`, or the
/// `key=value` form).
pub fn parse(url: &str) -> TeamResult<Address> {
    let mut mode: Option<String> = None;
    let mut root_file = None;
    let rest = if let Some((base, query)) = url
        .split_once('?')
        .filter(|_| url.starts_with("postgres://") || url.starts_with("postgresql://"))
    {
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "sslmode" => mode = Some(value),
                "sslrootcert" => root_file = Some(std::path::PathBuf::from(value)),
                _ => kept.push(pair),
            }
        }
        if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        url.to_string()
    } else {
        let mut kept = Vec::new();
        for pair in url.split_whitespace() {
            match pair.split_once('=') {
                Some(("sslmode", value)) => mode = Some(value.to_string()),
                Some(("sslrootcert", value)) => root_file = Some(value.into()),
                _ => kept.push(pair),
            }
        }
        kept.join(" ")
    };
    let mut config: tokio_postgres::Config = rest
        .parse()
        .map_err(|e| format!("{url} is not a PostgreSQL address: {e}"))?;
    // Only an address that cannot leave the machine goes without TLS: every host a socket path
    // and no `hostaddr` (which the driver would connect to over TCP instead).
    let socket = !config.get_hosts().is_empty()
        && config.get_hostaddrs().is_empty()
        && config
            .get_hosts()
            .iter()
            .all(|h| !matches!(h, tokio_postgres::config::Host::Tcp(_)));
    let verify = if socket {
        Verify::Socket
    } else {
        match mode.as_deref().unwrap_or("verify-full") {
            "verify-full" => Verify::VerifyFull,
            // Without a root of its own, verify-ca would accept any publicly trusted
            // certificate for any name.
            "verify-ca" if root_file.is_none() => {
                return Err(format!(
                    "{url}: sslmode=verify-ca needs sslrootcert=FILE (the server's CA): \
                     without it any certificate from a public CA, for any name, would do"
                ));
            }
            "verify-ca" => Verify::VerifyCa,
            "require" => Verify::Require,
            weak @ ("prefer" | "allow" | "disable") => {
                return Err(format!(
                    "{url}: sslmode={weak} may talk to the team database in plain text (the \
                     password and every sealed value readable and changeable on the way): use \
                     sslmode=verify-full with sslrootcert=FILE (the server's CA), or at least \
                     sslmode=require"
                ));
            }
            other => return Err(format!("{url}: sslmode={other} is not a TLS mode")),
        }
    };
    config.ssl_mode(if socket {
        tokio_postgres::config::SslMode::Disable
    } else {
        tokio_postgres::config::SslMode::Require
    });
    Ok(Address {
        config,
        verify,
        root_file,
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            let byte = (high * 16 + low) as u8;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The TLS set-up for an address.
pub fn tls_config(address: &Address) -> TeamResult<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let roots = match &address.root_file {
        Some(path) => {
            let pem =
                std::fs::read(path).map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
            let mut roots = rustls::RootCertStore::empty();
            for cert in rustls_pki_types::CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
            }
            if roots.is_empty() {
                return Err(format!(
                    "sslrootcert {}: no certificate in it",
                    path.display()
                ));
            }
            roots
        }
        None => rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| e.to_string())?;
    let config = match address.verify {
        Verify::VerifyFull | Verify::Socket => {
            builder.with_webpki_verifier(webpki).with_no_client_auth()
        }
        Verify::VerifyCa => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyName { inner: webpki }))
            .with_no_client_auth(),
        // `require`: encrypted, the certificate taken as it comes (the handshake's signature
        // still checked, so the session is with the holder of that certificate's key) — the
        // probe's capturing verifier with no pin does exactly that.
        Verify::Require => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(crate::net::tls::Capture::new(
                None, &provider,
            )))
            .with_no_client_auth(),
    };
    Ok(config)
}

use rustls_pki_types::pem::PemObject;

/// `verify-ca`: the chain is checked, the name is not.
#[derive(Debug)]
struct AnyName {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
}

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

pub fn db(error: tokio_postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) if db.code() == &tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => {
            format!("the database refused it: {}", db.message())
        }
        Some(db) => format!("PostgreSQL: {}", db.message()),
        // No answer from the server (refused, unreachable, TLS): the driver's words, whole.
        None => format!("PostgreSQL: {error}{}", source_words(&error)),
    }
}

/// The causes under a driver error ("error connecting to server: Connection refused").
fn source_words(error: &tokio_postgres::Error) -> String {
    let mut words = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        words.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    words
}

/// The driver's connection to a team database, TLS through rustls.
pub type Connection = tokio_postgres::Connection<
    tokio_postgres::Socket,
    <tokio_postgres_rustls::MakeRustlsConnect as tokio_postgres::tls::MakeTlsConnect<
        tokio_postgres::Socket,
    >>::Stream,
>;

/// Connects to `url`: the client, and the connection the caller drives (spawned, or polled for
/// notifications).
pub async fn open_connection(url: &str) -> TeamResult<(Client, Connection)> {
    // TLS is required across a network; the address's sslmode/sslrootcert say how the server's
    // certificate is checked (team::connection).
    let address = parse(url)?;
    let tls_config = tls_config(&address)?;
    let mut config = address.config;
    // As libpq does: a password not in the address comes from PGPASSWORD (an address is kept
    // in files; the password is not).
    if config.get_password().is_none()
        && let Some(password) = std::env::var_os("PGPASSWORD")
    {
        config.password(password.as_encoded_bytes());
    }
    // A server that does not answer is said within seconds, and a connection the network
    // dropped silently is found by TCP keepalives. The driver's connect_timeout (the address
    // may set it) bounds only the TCP connection: the whole start (TLS, authentication) is
    // bounded by it here, so a port that accepts and then stays silent cannot hang a command.
    let deadline = *config
        .get_connect_timeout()
        .unwrap_or(&std::time::Duration::from_secs(10));
    config.connect_timeout(deadline);
    config.keepalives(true);
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config);
    match tokio::time::timeout(deadline, config.connect(tls)).await {
        Ok(connected) => connected.map_err(db),
        Err(_) => Err(format!(
            "PostgreSQL: the server did not answer within {} s",
            deadline.as_secs_f32()
        )),
    }
}

/// Connects to `url` with the connection driven in the background: the client and the
/// PostgreSQL role it logged in as (the member's name).
pub async fn connect(url: &str) -> TeamResult<(Client, String)> {
    let (client, connection) = open_connection(url).await?;
    tokio::spawn(async move {
        // Ends when the client is dropped or the server goes away; the next query says so.
        let _ = connection.await;
    });
    let me: String = client
        .query_one("SELECT session_user::text", &[])
        .await
        .map_err(db)?
        .get(0);
    Ok((client, me))
}

/// A schema version this certdeck can work with (not newer than its migrations).
pub fn known(version: usize) -> TeamResult<()> {
    if version > super::team_schema::MIGRATIONS.len() {
        return Err(format!(
            "the team schema is version {version}, newer than this certdeck knows ({}): \
             update certdeck",
            super::team_schema::MIGRATIONS.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_modes_are_refused_and_verify_full_is_the_default() {
        for weak in ["disable", "prefer", "allow"] {
            let url = format!("postgres://ann@db.example.com/team?sslmode={weak}");
            let refused = parse(&url).err().expect("refused");
            assert!(refused.contains("plain text"), "{refused}");
        }
        let full = parse("postgres://ann@db.example.com/team").unwrap();
        assert_eq!(full.verify, Verify::VerifyFull);
        let given = parse(
            "postgres://ann@db.example.com:5433/team?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=5",
        )
        .unwrap();
        assert_eq!(given.verify, Verify::VerifyFull);
        assert_eq!(
            given.root_file.as_deref(),
            Some(std::path::Path::new("/etc/ca.pem"))
        );
        assert_eq!(
            given.config.get_connect_timeout(),
            Some(&std::time::Duration::from_secs(5))
        );
        assert_eq!(
            parse("postgres://ann@db/team?sslmode=require")
                .unwrap()
                .verify,
            Verify::Require
        );
        assert_eq!(
            parse("host=db.example.com user=ann sslmode=verify-ca sslrootcert=/etc/ca.pem")
                .unwrap()
                .verify,
            Verify::VerifyCa
        );
        assert!(parse("host=db.example.com user=ann sslmode=verify-ca").is_err());
        // A socket path with a TCP hostaddr is a TCP connection: TLS required.
        assert_eq!(
            parse("host=/run/postgresql hostaddr=203.0.113.5 user=ann")
                .unwrap()
                .verify,
            Verify::VerifyFull
        );
        assert!(
            parse("host=/run/postgresql hostaddr=203.0.113.5 user=ann sslmode=disable").is_err()
        );
        // A Unix socket stays on the machine: no TLS, whatever the mode says.
        assert_eq!(
            parse("host=/run/postgresql user=ann sslmode=disable")
                .unwrap()
                .verify,
            Verify::Socket
        );
    }
}
