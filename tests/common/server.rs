//! A minimal HTTPS/1.1 server for driver tests: TLS with the fixtures' certificate, requests
//! parsed just enough (method, path, headers, Content-Length body) to play an appliance.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use super::fixture;

/// One request as the handler sees it.
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

/// A response: status line (e.g. `201 Created`), extra headers, body.
pub struct Response {
    pub status: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status: status.into(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Starts the server on a free loopback port; returns the port.
pub async fn start<H>(handler: H) -> u16
where
    H: Fn(Request, u16) -> Response + Send + Sync + 'static,
{
    let pem = std::fs::read(fixture("fullchain.pem")).unwrap();
    start_with(
        &pem,
        std::fs::read(fixture("leaf-pkcs8.der")).unwrap(),
        handler,
    )
    .await
}

/// [`start`] with another TLS identity: the certificate chain (PEM) and its key (PKCS#8 DER).
pub async fn start_with<H>(chain_pem: &[u8], key_pkcs8: Vec<u8>, handler: H) -> u16
where
    H: Fn(Request, u16) -> Response + Send + Sync + 'static,
{
    let certs: Vec<_> = certdeck::pki::decode_bytes(chain_pem, "chain", &Default::default())
        .certificates()
        .map(|c| rustls::pki_types::CertificateDer::from(c.der().to_vec()))
        .collect();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key_pkcs8.into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handler = Arc::new(handler);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (acceptor, handler) = (acceptor.clone(), handler.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut reader = BufReader::new(tls);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let mut parts = line.split_whitespace();
                    let method = parts.next().unwrap_or("").to_string();
                    let path = parts.next().unwrap_or("").to_string();
                    let mut headers = HashMap::new();
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let header = header.trim_end();
                        if header.is_empty() {
                            break;
                        }
                        if let Some((name, value)) = header.split_once(':') {
                            headers
                                .insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
                        }
                    }
                    let length = headers
                        .get("content-length")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let response = handler(
                        Request {
                            method,
                            path,
                            headers,
                            body,
                        },
                        port,
                    );
                    let mut head = format!(
                        "HTTP/1.1 {}\r\nContent-Length: {}\r\n",
                        response.status,
                        response.body.len()
                    );
                    for (name, value) in &response.headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    head.push_str("\r\n");
                    let stream = reader.get_mut();
                    if stream.write_all(head.as_bytes()).await.is_err()
                        || stream.write_all(&response.body).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    port
}
