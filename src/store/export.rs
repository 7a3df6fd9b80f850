//! Export: a certificate alone, with its chain, or with its key, as PEM, DER, PKCS#7 or PKCS#12
//! (modern AES-256/PBKDF2-SHA256/HMAC-SHA256, or compatible 3DES/SHA-1 for older Windows and
//! appliances), under the file names administrators know, written atomically and never over an
//! existing file unless asked.

use std::io::Write;
use std::path::{Path, PathBuf};

use p12_keystore::{EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKeyChain};
use serde::Serialize;
use zeroize::Zeroizing;

use super::db::params;
use super::{Inventory, StoreError};
use crate::pki::{Certificate, pem};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pkcs12Profile {
    /// AES-256-CBC, PBKDF2-SHA256, HMAC-SHA256 MAC (OpenSSL 3's default).
    Modern,
    /// 3DES, SHA-1 MAC: for Windows before 2019 and older appliances.
    Compatible,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pem,
    /// One certificate, binary (`.cer`/`.der`).
    Der,
    /// PKCS#7 certificate bundle (`.p7b`).
    Pkcs7,
    Pkcs12(Pkcs12Profile),
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            Self::Pem => "pem",
            Self::Der => "der",
            Self::Pkcs7 => "p7b",
            Self::Pkcs12(_) => "pfx",
        }
    }
}

/// What to export.
#[derive(Clone)]
pub struct ExportRequest {
    pub ids: Vec<i64>,
    pub format: ExportFormat,
    /// Add the intermediates up to (not including) the trusted root.
    pub chain: bool,
    /// Add the private key (PEM or PKCS#12 only).
    pub key: bool,
    /// Protects the PKCS#12 file or the PEM key (encrypted PKCS#8). Empty is allowed for PKCS#12.
    pub passphrase: Option<Zeroizing<String>>,
    /// The administrator confirmed writing an unencrypted key in PEM.
    pub allow_plain_key: bool,
}

/// Bytes ready to be written, with the file name administrators expect.
pub struct ExportBundle {
    pub file_name: String,
    pub bytes: Zeroizing<Vec<u8>>,
}

/// Makes a subject usable as a file name on every OS.
pub fn file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '*' => '_',
            c if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') => c,
            _ => '_',
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == '_');
    if trimmed.is_empty() {
        "certificate".to_string()
    } else {
        trimmed.chars().take(100).collect()
    }
}

impl Inventory {
    fn load(&self, id: i64) -> Result<Certificate, StoreError> {
        let der = self.certificate_der(id)?;
        Certificate::from_der(&der).map_err(|_| {
            StoreError::Invalid(format!("certificate {id} in the inventory is damaged"))
        })
    }

    /// The intermediates above `id`, following the issuer links, stopping before a self-signed root.
    fn chain_of(&self, id: i64) -> Result<Vec<Certificate>, StoreError> {
        let mut chain = Vec::new();
        let mut current = id;
        for _ in 0..crate::pki::chain::MAX_PATH_LENGTH {
            let issuer: Option<i64> = self.db.query_opt(
                "SELECT i.id FROM certificates c JOIN certificates i ON i.fingerprint_sha256 = c.issuer_fingerprint \
                     WHERE c.id = ?1 AND i.id != c.id",
                params![current],
                |r| r.get(0),
            )?;
            let Some(issuer) = issuer else { break };
            let cert = self.load(issuer)?;
            if cert.self_signed {
                break;
            }
            chain.push(cert);
            current = issuer;
        }
        Ok(chain)
    }

    /// The private key of a certificate, unsealed (PKCS#8 DER).
    fn key_of(&mut self, id: i64) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        let found: Option<(i64, Vec<u8>)> = self.db.query_opt(
            "SELECT k.id, k.sealed FROM certificates c JOIN private_keys k ON k.id = c.private_key_id WHERE c.id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let Some((key_id, sealed)) = found else {
            return Err(StoreError::NotFound(format!(
                "certificate {id} has no private key in the vault"
            )));
        };
        self.vault()?
            .open_sealed(&super::vault::key_record(key_id), &sealed)
    }

    /// Builds the export for `request`.
    pub fn export(&mut self, request: &ExportRequest) -> Result<ExportBundle, StoreError> {
        if request.ids.is_empty() {
            return Err(StoreError::Invalid("nothing to export".into()));
        }
        if request.key && matches!(request.format, ExportFormat::Der | ExportFormat::Pkcs7) {
            return Err(StoreError::Invalid(
                "DER and PKCS#7 files cannot carry a private key: choose PEM or PKCS#12".into(),
            ));
        }
        if request.format == ExportFormat::Der && (request.ids.len() > 1 || request.chain) {
            return Err(StoreError::Invalid(
                "a DER file holds one certificate: choose PEM or PKCS#7 for several".into(),
            ));
        }
        let several = request.ids.len() > 1;
        let mut entries = Vec::new();
        for &id in &request.ids {
            let cert = self.load(id)?;
            let chain = if request.chain {
                self.chain_of(id)?
            } else {
                Vec::new()
            };
            let key = if request.key {
                Some(self.key_of(id)?)
            } else {
                None
            };
            // DH/EC parameters travel with a server certificate and its key (Pexip, OpenSSL
            // servers read them from the same file).
            let parameters = if request.key && request.format == ExportFormat::Pem {
                self.parameters_pem(id)?
            } else {
                None
            };
            entries.push(Entry {
                cert,
                chain,
                key,
                parameters,
            });
        }
        let first_name = file_stem(&entries[0].cert.display_name());
        let file_name = match (several, request.key) {
            (false, false) => format!("{first_name}_certificate.{}", request.format.extension()),
            (false, true) => format!("{first_name}_keycert.{}", request.format.extension()),
            (true, false) => format!("all_certificates.{}", request.format.extension()),
            (true, true) => format!("all_keycerts.{}", request.format.extension()),
        };
        let bytes = match request.format {
            ExportFormat::Pem => pem_bundle(&entries, request)?,
            ExportFormat::Der => Zeroizing::new(entries[0].cert.der().to_vec()),
            ExportFormat::Pkcs7 => {
                let certs: Vec<&Certificate> = entries
                    .iter()
                    .flat_map(|e| std::iter::once(&e.cert).chain(e.chain.iter()))
                    .collect();
                Zeroizing::new(pkcs7_bundle(&certs))
            }
            ExportFormat::Pkcs12(profile) => pkcs12_bundle(&entries, request, profile)?,
        };
        Ok(ExportBundle { file_name, bytes })
    }

    /// The trusted CA list as `ca-certificates.pem`.
    pub fn export_trusted_cas(&self) -> Result<ExportBundle, StoreError> {
        let ders: Vec<Vec<u8>> = self
            .db
            .query_map(
                "SELECT d.der FROM trusted_cas t JOIN certificates c ON c.id = t.certificate_id \
             JOIN certificate_der d ON d.certificate_id = c.id ORDER BY lower(c.common_name)",
                params![],
                |r| r.get(0),
            )?
            .into_iter()
            .collect();
        let mut text = String::new();
        for der in ders {
            if let Ok(cert) = Certificate::from_der(&der) {
                text.push_str(&format!("# {}\n", cert.subject));
                text.push_str(&cert.to_pem());
            }
        }
        Ok(ExportBundle {
            file_name: "ca-certificates.pem".into(),
            bytes: Zeroizing::new(text.into_bytes()),
        })
    }
}

/// One exported certificate with what travels with it.
struct Entry {
    cert: Certificate,
    chain: Vec<Certificate>,
    key: Option<Zeroizing<Vec<u8>>>,
    parameters: Option<String>,
}

impl Inventory {
    fn parameters_pem(&self, id: i64) -> Result<Option<String>, StoreError> {
        let found: Option<(Vec<u8>, String)> = self.db.query_opt(
            "SELECT p.der, p.label FROM certificates c JOIN tls_parameters p ON p.id = c.parameters_id WHERE c.id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(found.map(|(der, label)| {
            let label = label
                .trim_start_matches("-----BEGIN ")
                .trim_end_matches("-----")
                .to_string();
            pem::encode(&label, &der)
        }))
    }
}

fn pem_bundle(
    entries: &[Entry],
    request: &ExportRequest,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let mut text = Zeroizing::new(String::new());
    for entry in entries {
        text.push_str(&entry.cert.to_pem());
        for ca in &entry.chain {
            text.push_str(&ca.to_pem());
        }
        if let Some(key) = &entry.key {
            text.push_str(&key_pem(key, request)?);
        }
        if let Some(parameters) = &entry.parameters {
            text.push_str(parameters);
        }
    }
    Ok(Zeroizing::new(text.as_bytes().to_vec()))
}

/// PBKDF2 rounds for exported keys: well above OpenSSL's 2048, quick enough for appliances.
const PEM_KEY_ITERATIONS: u32 = 100_000;

/// The key as encrypted PKCS#8 (PBES2, AES-256-CBC, PBKDF2-SHA256) when a passphrase is given, as
/// plain PKCS#8 only when the administrator confirmed it.
fn key_pem(key: &[u8], request: &ExportRequest) -> Result<String, StoreError> {
    match request.passphrase.as_deref().filter(|p| !p.is_empty()) {
        Some(passphrase) => {
            let info = pkcs8::PrivateKeyInfoRef::try_from(key)
                .map_err(|e| StoreError::Invalid(format!("stored key: {e}")))?;
            // PBKDF2-SHA256 + AES-256-CBC: what OpenSSL 3 writes and every appliance reads.
            let mut salt = [0u8; 16];
            let mut iv = [0u8; 16];
            aws_lc_rs::rand::fill(&mut salt)
                .and_then(|()| aws_lc_rs::rand::fill(&mut iv))
                .map_err(|_| StoreError::Vault("the system random generator failed".into()))?;
            let parameters = pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
                PEM_KEY_ITERATIONS,
                &salt,
                iv,
            )
            .map_err(|e| StoreError::Vault(format!("key encryption parameters: {e}")))?;
            let encrypted = info
                .encrypt_with_params(parameters, passphrase.as_bytes())
                .map_err(|e| StoreError::Vault(format!("encrypting the key: {e}")))?;
            Ok(pem::encode("ENCRYPTED PRIVATE KEY", encrypted.as_bytes()))
        }
        None if request.allow_plain_key => Ok(pem::encode("PRIVATE KEY", key)),
        None => Err(StoreError::Invalid(
            "exporting an unencrypted private key needs confirmation (or give a passphrase)".into(),
        )),
    }
}

fn pkcs12_bundle(
    entries: &[Entry],
    request: &ExportRequest,
    profile: Pkcs12Profile,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let p12 = |e: p12_keystore::error::Error| StoreError::Invalid(format!("PKCS#12: {e}"));
    let mut store = KeyStore::new();
    for (index, entry) in entries.iter().enumerate() {
        let (cert, chain, key) = (&entry.cert, &entry.chain, &entry.key);
        let alias = cert.display_name();
        let mut certs = vec![p12_keystore::Certificate::from_der(cert.der()).map_err(p12)?];
        for ca in chain {
            certs.push(p12_keystore::Certificate::from_der(ca.der()).map_err(p12)?);
        }
        match key {
            Some(key) => {
                let private = p12_keystore::PrivateKey::from_der(key).map_err(p12)?;
                // localKeyID: the certificate's SHA-1 fingerprint, as Windows and OpenSSL write it.
                let local_key_id =
                    hex::decode(&cert.fingerprint_sha1).unwrap_or_else(|_| vec![index as u8]);
                store.add_entry(
                    &alias,
                    KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(
                        local_key_id,
                        private,
                        certs,
                    )),
                );
            }
            None => {
                for (n, cert) in certs.into_iter().enumerate() {
                    let name = if n == 0 {
                        alias.clone()
                    } else {
                        format!("{alias} chain {n}")
                    };
                    store.add_entry(&name, KeyStoreEntry::Certificate(cert));
                }
            }
        }
    }
    let password = request
        .passphrase
        .as_deref()
        .map(String::as_str)
        .unwrap_or("");
    let writer = store.writer(password);
    let writer = match profile {
        Pkcs12Profile::Modern => writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
            .mac_algorithm(MacAlgorithm::HmacSha256)
            .encryption_iterations(10_000)
            .mac_iterations(10_000),
        Pkcs12Profile::Compatible => writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1)
            .encryption_iterations(2048)
            .mac_iterations(2048),
    };
    writer.write().map(Zeroizing::new).map_err(p12)
}

/// A degenerate PKCS#7 SignedData holding certificates only, as `openssl crl2pkcs7` and Windows
/// write chains. Written by hand: the `cms` builder wants a signer, which such bundles do not have.
pub fn pkcs7_bundle(certs: &[&Certificate]) -> Vec<u8> {
    use crate::pki::der::der_tlv as tlv;
    const SIGNED_DATA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    const DATA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
    ];
    let mut ders: Vec<&[u8]> = certs.iter().map(|c| c.der()).collect();
    ders.sort(); // DER SET OF is sorted by encoding
    ders.dedup();
    let certificates = tlv(0xa0, &ders.concat());
    let mut signed = tlv(0x02, &[1]); // version 1
    signed.extend(tlv(0x31, &[])); // digestAlgorithms
    signed.extend(tlv(0x30, DATA)); // encapContentInfo
    signed.extend(certificates);
    signed.extend(tlv(0x31, &[])); // signerInfos
    let mut content_info = SIGNED_DATA.to_vec();
    content_info.extend(tlv(0xa0, &tlv(0x30, &signed)));
    tlv(0x30, &content_info)
}

/// Writes `bundle` into `target` (a folder, where the bundle's own name is used, or a file path)
/// through a temporary file and a rename, refusing to replace an existing file unless `overwrite`.
pub fn write_atomic(
    bundle: &ExportBundle,
    target: &Path,
    overwrite: bool,
) -> Result<PathBuf, StoreError> {
    let path = if target.is_dir() {
        target.join(&bundle.file_name)
    } else {
        target.to_path_buf()
    };
    if path.exists() && !overwrite {
        return Err(StoreError::Io(format!(
            "{} exists: choose another name or allow replacing it",
            path.display()
        )));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.certdeck-{}.tmp", std::process::id()));
    let io = |e: std::io::Error| StoreError::Io(format!("{}: {e}", path.display()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temp)?;
        file.write_all(&bundle.bytes)?;
        file.sync_all()?;
        if !overwrite && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "appeared while writing",
            ));
        }
        std::fs::rename(&temp, &path)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io(error));
    }
    Ok(path)
}

impl Inventory {
    /// What a push sends to `node`: its assigned certificate with the chain, the key (unsealed,
    /// in memory only), DH/EC parameters, and the node's trusted CAs.
    pub fn push_bundle(
        &mut self,
        node: &super::Node,
    ) -> Result<crate::model::bundle::Bundle, StoreError> {
        let mut trusted = String::new();
        for ca in &node.trusted_cas {
            let ca = self.load(*ca)?;
            trusted.push_str(&format!("# {}\n", ca.subject));
            trusted.push_str(&ca.to_pem());
        }
        // A node without a server certificate can still get its trust list (a phone that only
        // verifies its PBX).
        let Some(id) = node.certificate_id else {
            if trusted.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "node {} has neither a certificate assigned nor a trust list: nothing to push",
                    node.name
                )));
            }
            return Ok(crate::model::bundle::Bundle {
                subject: format!("the trust list of {}", node.name),
                fingerprint_sha256: String::new(),
                certificate_pem: String::new(),
                chain_pem: String::new(),
                key_pem: None,
                parameters_pem: None,
                trusted_cas_pem: trusted,
                crl_pem: None,
            });
        };
        let cert = self.load(id)?;
        let chain = self.chain_of(id)?;
        let key = match self.key_of(id) {
            Ok(key) => Some(Zeroizing::new(pem::encode("PRIVATE KEY", &key))),
            Err(StoreError::NotFound(_)) => None,
            Err(other) => return Err(other),
        };
        Ok(crate::model::bundle::Bundle {
            subject: cert.subject.to_string(),
            fingerprint_sha256: cert.fingerprint_sha256.clone(),
            certificate_pem: cert.to_pem(),
            chain_pem: chain.iter().map(Certificate::to_pem).collect(),
            key_pem: key,
            parameters_pem: self.parameters_pem(id)?,
            trusted_cas_pem: trusted,
            crl_pem: None,
        })
    }
}
