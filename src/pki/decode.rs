//! Turns any bytes an administrator has into certificates, keys, requests, CRLs, parameters and
//! public keys. Detection is by content, never by file name; one input may hold many objects, and
//! a broken object never hides the good ones around it.

use std::path::Path;

use zeroize::Zeroizing;

use super::cert::Certificate;
use super::crl::Crl;
use super::csr::Csr;
use super::error::{DecodeError, Problem};
use super::key::{PrivateKey, PublicKeyMaterial};
use super::params::TlsParameters;
use super::pem::{self, PemBlock};
use super::{key_crypt, pkcs7, pkcs12};

/// Inputs larger than this are refused (never read into memory): a bundle of 100,000 real
/// server certificates with their names and extensions is about 150 MiB of PEM.
pub const MAX_INPUT_SIZE: u64 = 256 << 20;

/// Passwords to try on encrypted keys and PKCS#12 files, in order.
#[derive(Clone, Default)]
pub struct DecodeOptions {
    pub passwords: Vec<Zeroizing<String>>,
    /// The key-derivation work the current input has spent (a fresh budget per input:
    /// [`decode_bytes`] starts one).
    pub work: std::sync::Arc<key_crypt::WorkBudget>,
}

impl DecodeOptions {
    pub fn with_password(password: impl Into<String>) -> Self {
        Self {
            passwords: vec![Zeroizing::new(password.into())],
            ..Self::default()
        }
    }

    /// The same passwords with a work budget of its own, for one input.
    fn for_input(&self) -> Self {
        Self {
            passwords: self.passwords.clone(),
            work: Default::default(),
        }
    }
}

/// One decoded object.
#[derive(Clone, Debug)]
pub enum Object {
    Certificate(std::sync::Arc<Certificate>),
    PrivateKey(Box<PrivateKey>),
    Csr(Box<Csr>),
    Crl(Box<Crl>),
    TlsParameters(TlsParameters),
    PublicKey(PublicKeyMaterial),
}

impl Object {
    /// The kind as used in JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Certificate(_) => "certificate",
            Self::PrivateKey(_) => "private_key",
            Self::Csr(_) => "csr",
            Self::Crl(_) => "crl",
            Self::TlsParameters(_) => "tls_parameters",
            Self::PublicKey(_) => "public_key",
        }
    }
}

/// An object with where it came from.
#[derive(Clone, Debug)]
pub struct Item {
    /// The file (or `<pasted text>`) it was read from.
    pub file: String,
    /// Where in the file, e.g. `PEM block 2 (CERTIFICATE, line 31)` or `PKCS#12 certificate bag 1`.
    pub location: String,
    /// The friendly name from a PKCS#12 bag, if any.
    pub friendly_name: Option<String>,
    /// PKCS#12 localKeyId, which ties a certificate bag to its key bag.
    pub local_key_id: Option<Vec<u8>>,
    pub object: Object,
}

/// Everything found in one or more inputs.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub items: Vec<Item>,
    pub errors: Vec<DecodeError>,
}

impl Decoded {
    pub fn extend(&mut self, other: Decoded) {
        self.items.extend(other.items);
        self.errors.extend(other.errors);
    }

    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.items.iter().filter_map(|item| match &item.object {
            Object::Certificate(cert) => Some(cert.as_ref()),
            _ => None,
        })
    }

    /// The certificates, shared.
    pub fn certificates_arc(&self) -> impl Iterator<Item = &std::sync::Arc<Certificate>> {
        self.items.iter().filter_map(|item| match &item.object {
            Object::Certificate(cert) => Some(cert),
            _ => None,
        })
    }

    pub fn private_keys(&self) -> impl Iterator<Item = &PrivateKey> {
        self.items.iter().filter_map(|item| match &item.object {
            Object::PrivateKey(key) => Some(key.as_ref()),
            _ => None,
        })
    }
}

/// Reads and decodes a file. I/O errors and oversized files become a [`DecodeError`].
pub fn decode_file(path: &Path, options: &DecodeOptions) -> Decoded {
    let file = path.display().to_string();
    let unreadable = |reason: String| Decoded {
        items: Vec::new(),
        errors: vec![DecodeError::Unreadable {
            file: file.clone(),
            reason,
        }],
    };
    match std::fs::metadata(path) {
        Err(e) => return unreadable(e.to_string()),
        Ok(meta) if meta.is_dir() => return unreadable("is a folder, not a file".into()),
        Ok(meta) if meta.len() > MAX_INPUT_SIZE => {
            return unreadable(format!(
                "file of {} bytes is larger than the {MAX_INPUT_SIZE}-byte limit",
                meta.len()
            ));
        }
        Ok(_) => {}
    }
    match std::fs::read(path).map(Zeroizing::new) {
        Ok(bytes) if pem::looks_like_pem(&bytes) => {
            // The blocks hold the decoded bodies: the text (150 MB for a 100,000-certificate
            // bundle) can go before they are parsed.
            let blocks = pem::scan(&bytes);
            drop(bytes);
            decode_pem(blocks, &file, options)
        }
        Ok(bytes) => decode_bytes(&bytes, &file, options),
        Err(e) => unreadable(e.to_string()),
    }
}

/// Decodes bytes from `file` (a path or a name such as `<pasted text>`).
pub fn decode_bytes(bytes: &[u8], file: &str, options: &DecodeOptions) -> Decoded {
    // Each input gets its own key-derivation budget, shared by the threads decoding its parts.
    let options = &options.for_input();
    let mut out = Decoded::default();
    if bytes.len() as u64 > MAX_INPUT_SIZE {
        out.errors.push(DecodeError::Unreadable {
            file: file.into(),
            reason: format!("input larger than the {MAX_INPUT_SIZE}-byte limit"),
        });
        return out;
    }
    if pem::looks_like_pem(bytes) {
        return decode_pem(pem::scan(bytes), file, options);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        out.errors.push(DecodeError::Unreadable {
            file: file.into(),
            reason: "empty input".into(),
        });
        return out;
    }
    let der: Option<Zeroizing<Vec<u8>>> = if bytes.first() == Some(&0x30) {
        Some(Zeroizing::new(bytes.to_vec()))
    } else {
        bare_base64(bytes)
    };
    match der {
        Some(der) => {
            let sink = Sink {
                file,
                location: "DER data",
                out: &mut out,
            };
            decode_der(&der, options, sink);
        }
        None => out.errors.push(DecodeError::Unreadable {
            file: file.into(),
            reason:
                "not a certificate, key, request, CRL, PKCS#7 or PKCS#12 (no PEM block, not DER)"
                    .into(),
        }),
    }
    out
}

/// Blocks per worker below which threads are not worth starting.
const BLOCKS_PER_THREAD: usize = 256;

/// Blocks decoded per round: each round's bodies are freed before the next is parsed.
const BLOCKS_PER_ROUND: usize = 8192;

/// Decodes every PEM block, in rounds; each round is split over the available cores, results
/// keep the order of the file.
fn decode_pem(mut blocks: Vec<PemBlock>, file: &str, options: &DecodeOptions) -> Decoded {
    let mut out = Decoded::default();
    // An `EC PARAMETERS` block names the curve of a following SEC1 key that omits it.
    let mut carried_ec_parameters: Option<Vec<u8>> = None;
    let mut first = 0;
    while !blocks.is_empty() {
        let round: Vec<PemBlock> = blocks.drain(..BLOCKS_PER_ROUND.min(blocks.len())).collect();
        let mut curve_hints = Vec::with_capacity(round.len());
        let mut last_ec_parameters = carried_ec_parameters.as_deref();
        for block in &round {
            curve_hints.push(last_ec_parameters);
            if block.label == "EC PARAMETERS"
                && let Ok(der) = &block.body
            {
                last_ec_parameters = Some(der.as_slice());
            }
        }
        let next_carried = last_ec_parameters.map(<[u8]>::to_vec);
        out.extend(decode_round(&round, first, &curve_hints, file, options));
        carried_ec_parameters = next_carried;
        first += round.len();
    }
    out
}

/// Decodes `blocks`, the file's blocks from number `first` (0-based) on.
fn decode_round(
    blocks: &[PemBlock],
    first: usize,
    curve_hints: &[Option<&[u8]>],
    file: &str,
    options: &DecodeOptions,
) -> Decoded {
    let decode_range = |range: std::ops::Range<usize>| {
        let mut out = Decoded::default();
        for index in range {
            let block = &blocks[index];
            let location = format!(
                "PEM block {} ({}, line {})",
                first + index + 1,
                block.label,
                block.line
            );
            let sink = Sink {
                file,
                location: &location,
                out: &mut out,
            };
            decode_pem_block(block, options, curve_hints[index], sink);
        }
        out
    };
    let parts = super::parallel::in_parts(
        blocks.len(),
        BLOCKS_PER_THREAD,
        decode_range,
        |range: std::ops::Range<usize>| Decoded {
            items: Vec::new(),
            errors: vec![DecodeError::Unreadable {
                file: file.to_string(),
                reason: format!(
                    "PEM blocks {} to {} could not be decoded",
                    first + range.start + 1,
                    first + range.end
                ),
            }],
        },
    );
    let mut out = Decoded::default();
    for part in parts {
        out.extend(part);
    }
    out
}

/// Some CAs mail the base64 body without the BEGIN/END lines.
fn bare_base64(bytes: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use base64::Engine as _;
    let text: Zeroizing<Vec<u8>> = Zeroizing::new(
        bytes
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    );
    if text.len() < 64
        || !text
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return None;
    }
    let der = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(text.as_slice())
            .ok()?,
    );
    (der.first() == Some(&0x30)).then_some(der)
}

/// Where decoded objects and errors of one location go.
struct Sink<'a> {
    file: &'a str,
    location: &'a str,
    out: &'a mut Decoded,
}

impl Sink<'_> {
    fn push(&mut self, object: Object) {
        self.push_named(object, self.location.to_string(), None, None);
    }

    fn push_named(
        &mut self,
        object: Object,
        location: String,
        friendly_name: Option<String>,
        local_key_id: Option<Vec<u8>>,
    ) {
        self.out.items.push(Item {
            file: self.file.to_string(),
            location,
            friendly_name,
            local_key_id,
            object,
        });
    }

    fn fail(&mut self, problem: Problem) {
        self.out.errors.push(problem.at(self.file, self.location));
    }

    fn fail_at(&mut self, problem: Problem, location: &str) {
        self.out.errors.push(problem.at(self.file, location));
    }

    fn result(&mut self, result: Result<Object, Problem>) {
        match result {
            Ok(object) => self.push(object),
            Err(problem) => self.fail(problem),
        }
    }
}

fn decode_pem_block(
    block: &PemBlock,
    options: &DecodeOptions,
    curve_hint: Option<&[u8]>,
    mut sink: Sink<'_>,
) {
    let der = match &block.body {
        Ok(der) => der.as_slice(),
        Err(reason) => return sink.fail(Problem::invalid(reason)),
    };
    let encrypted = block
        .header("Proc-Type")
        .is_some_and(|v| v.contains("ENCRYPTED"));
    let label = block.label.as_str();
    let result = match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => certificate(der),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            Csr::from_der(der).map(|csr| Object::Csr(Box::new(csr)))
        }
        "X509 CRL" => Crl::from_der(der).map(|crl| Object::Crl(Box::new(crl))),
        "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" => return pkcs7_objects(der, &mut sink),
        "PKCS12" => return pkcs12_objects(der, options, &mut sink),
        "DH PARAMETERS" => TlsParameters::dh_from_der(der).map(Object::TlsParameters),
        "X9.42 DH PARAMETERS" => TlsParameters::x942_from_der(der).map(Object::TlsParameters),
        "EC PARAMETERS" => TlsParameters::ec_from_der(der).map(Object::TlsParameters),
        "PUBLIC KEY" => PublicKeyMaterial::from_spki_der(der)
            .map(Object::PublicKey)
            .map_err(|e| Problem::invalid(format!("public key: {e}"))),
        "RSA PUBLIC KEY" => PublicKeyMaterial::from_pkcs1_public(der)
            .map(Object::PublicKey)
            .map_err(Problem::invalid),
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "PRIVATE KEY" if encrypted => {
            let dek_info = block.header("DEK-Info").unwrap_or_default();
            key_crypt::decrypt_legacy_pem(label, dek_info, der, &options.passwords).map(key)
        }
        "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(der).map(key),
        "EC PRIVATE KEY" => PrivateKey::from_sec1_der(der, curve_hint).map(key),
        "PRIVATE KEY" => PrivateKey::from_pkcs8_der(der).map(key),
        "ENCRYPTED PRIVATE KEY" => {
            key_crypt::decrypt_pkcs8(der, &options.passwords, &options.work).map(key)
        }
        "DSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" | "PGP PRIVATE KEY BLOCK" => Err(
            Problem::unsupported(format!("{label} (not an X.509/TLS key format)")),
        ),
        other => Err(Problem::unsupported(format!(
            "PEM block labelled {other:?}"
        ))),
    };
    sink.result(result);
}

fn key(key: PrivateKey) -> Object {
    Object::PrivateKey(Box::new(key))
}

fn certificate(der: &[u8]) -> Result<Object, Problem> {
    Certificate::from_der(der).map(|cert| Object::Certificate(std::sync::Arc::new(cert)))
}

fn pkcs7_objects(der: &[u8], sink: &mut Sink<'_>) {
    match pkcs7::parse(der) {
        Err(problem) => sink.fail(problem),
        Ok(contents) => {
            if contents.certificates.is_empty() && contents.crls.is_empty() {
                sink.fail(Problem::invalid("PKCS#7 holds no certificates or CRLs"));
            }
            for (i, cert) in contents.certificates.iter().enumerate() {
                let location = format!("{}, PKCS#7 certificate {}", sink.location, i + 1);
                match certificate(cert) {
                    Ok(object) => sink.push_named(object, location, None, None),
                    Err(problem) => sink.fail_at(problem, &location),
                }
            }
            for (i, crl) in contents.crls.iter().enumerate() {
                let location = format!("{}, PKCS#7 CRL {}", sink.location, i + 1);
                match Crl::from_der(crl) {
                    Ok(crl) => sink.push_named(Object::Crl(Box::new(crl)), location, None, None),
                    Err(problem) => sink.fail_at(problem, &location),
                }
            }
        }
    }
}

fn pkcs12_objects(der: &[u8], options: &DecodeOptions, sink: &mut Sink<'_>) {
    let contents = match pkcs12::open(der, &options.passwords, &options.work) {
        Ok(contents) => contents,
        Err(problem) => return sink.fail(problem),
    };
    for (i, bag) in contents.certificates.into_iter().enumerate() {
        let location = format!("{}, PKCS#12 certificate bag {}", sink.location, i + 1);
        match certificate(&bag.der) {
            Ok(object) => sink.push_named(object, location, bag.friendly_name, bag.local_key_id),
            Err(problem) => sink.fail_at(problem, &location),
        }
    }
    for (i, bag) in contents.keys.into_iter().enumerate() {
        let location = format!("{}, PKCS#12 key bag {}", sink.location, i + 1);
        sink.push_named(key(bag.key), location, bag.friendly_name, bag.local_key_id);
    }
}

/// Identifies DER by trying each structure from the most to the least specific.
fn decode_der(der: &[u8], options: &DecodeOptions, mut sink: Sink<'_>) {
    if pkcs12::looks_like_pkcs12(der) {
        return pkcs12_objects(der, options, &mut sink);
    }
    if pkcs7::looks_like_pkcs7(der) {
        return pkcs7_objects(der, &mut sink);
    }
    let certificate_error = match certificate(der) {
        Ok(object) => return sink.push(object),
        Err(problem) => problem,
    };
    if let Ok(csr) = Csr::from_der(der) {
        return sink.push(Object::Csr(Box::new(csr)));
    }
    if let Ok(crl) = Crl::from_der(der) {
        return sink.push(Object::Crl(Box::new(crl)));
    }
    if pkcs8::PrivateKeyInfoRef::try_from(der).is_ok() {
        return sink.result(PrivateKey::from_pkcs8_der(der).map(key));
    }
    if is_encrypted_pkcs8(der) {
        return sink
            .result(key_crypt::decrypt_pkcs8(der, &options.passwords, &options.work).map(key));
    }
    if let Ok(k) = PrivateKey::from_pkcs1_der(der) {
        return sink.push(key(k));
    }
    if let Ok(k) = PrivateKey::from_sec1_der(der, None) {
        return sink.push(key(k));
    }
    if let Ok(public) = PublicKeyMaterial::from_spki_der(der) {
        return sink.push(Object::PublicKey(public));
    }
    if let Ok(params) = TlsParameters::dh_from_der(der)
        && matches!(
            params.kind,
            super::params::TlsParametersKind::Dh {
                generator: Some(2..=5),
                ..
            }
        )
    {
        return sink.push(Object::TlsParameters(params));
    }
    if let Ok(public) = PublicKeyMaterial::from_pkcs1_public(der) {
        return sink.push(Object::PublicKey(public));
    }
    if let Ok(params) = TlsParameters::ec_from_der(der) {
        return sink.push(Object::TlsParameters(params));
    }
    // Report why it is not a certificate: the most likely thing a DER file was meant to be.
    sink.fail(match certificate_error {
        Problem::Invalid(reason) => Problem::invalid(format!(
            "unrecognised DER data (as a certificate: {reason})"
        )),
        other => other,
    });
}

fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    use der::Decode;
    pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).is_ok()
        || ::pkcs12::pbe_params::EncryptedPrivateKeyInfo::from_der(der).is_ok()
}
