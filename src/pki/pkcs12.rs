//! PKCS#12 (`.pfx`, `.p12`) files, read with `p12-keystore`.
//!
//! `p12-keystore` covers OpenSSL 3's AES/PBKDF2 default, `-legacy` RC2/3DES, empty and
//! non-ASCII passwords. One gap is filled here: files written with *no* password at all (a NULL
//! password, as `cryptography`'s `NoEncryption` and some Java tools write) have their MAC keyed
//! with an empty byte string, while the crate encodes `""` as the BMPString terminator `00 00`.
//! For those the MAC is verified here and the archive is handed on without it.

use der::{Decode, Encode};
use hmac::{Hmac, KeyInit, Mac};
use p12_keystore::Pkcs12Archive;
use p12_keystore::error::Error as P12Error;
use pkcs12::kdf::{Pkcs12KeyType, derive_key};
use pkcs12::pfx::Pfx;
use zeroize::Zeroizing;

use super::error::Problem;
use super::key::{KeyFormat, PrivateKey};

const MAX_MAC_ITERATIONS: i32 = 1_000_000;

/// A certificate bag.
#[derive(Debug, Clone)]
pub struct CertificateEntry {
    pub der: Vec<u8>,
    pub friendly_name: Option<String>,
    pub local_key_id: Option<Vec<u8>>,
}

/// A key bag.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    pub key: PrivateKey,
    pub friendly_name: Option<String>,
    pub local_key_id: Option<Vec<u8>>,
}

#[derive(Debug, Default)]
pub struct Pkcs12Contents {
    pub certificates: Vec<CertificateEntry>,
    pub keys: Vec<KeyEntry>,
}

/// True when the DER is a PFX structure (checked before any password is asked for).
pub fn looks_like_pkcs12(der: &[u8]) -> bool {
    Pfx::from_der(der).is_ok()
}

/// Opens a PFX with the given passwords; with none, tries the empty and the NULL password.
pub fn open(
    der: &[u8],
    passwords: &[Zeroizing<String>],
    work: &super::key_crypt::WorkBudget,
) -> Result<Pkcs12Contents, Problem> {
    let pfx = Pfx::from_der(der).map_err(|e| Problem::invalid(format!("PKCS#12: {e}")))?;
    if let Some(mac) = &pfx.mac_data
        && mac.iterations > MAX_MAC_ITERATIONS
    {
        return Err(Problem::invalid(format!(
            "PKCS#12 MAC iteration count {} is beyond the limit of {MAX_MAC_ITERATIONS}",
            mac.iterations
        )));
    }
    // Each password (and the empty and NULL ones) costs the MAC's rounds at least.
    if let Some(mac) = &pfx.mac_data {
        work.charge(mac.iterations.max(1) as u64, passwords.len() + 2)?;
    }
    // The given passwords first, then the empty and the NULL password: a file protected by
    // neither opens whatever was typed, as Windows and OpenSSL do.
    let mut candidates: Vec<&str> = passwords.iter().map(|p| p.as_str()).collect();
    if !candidates.contains(&"") {
        candidates.push("");
    }
    let mut last = Problem::WrongPassword;
    for password in candidates {
        match Pkcs12Archive::from_pkcs12(der, password) {
            Ok(archive) => return contents(archive),
            Err(error) => {
                let problem = classify(error, pfx.mac_data.is_some());
                // Keep the most telling failure: anything but "wrong password" explains more.
                if last == Problem::WrongPassword {
                    last = problem;
                }
            }
        }
        if password.is_empty()
            && let Some(archive) = open_with_null_password(&pfx)?
        {
            return contents(archive);
        }
    }
    if passwords.is_empty() && last == Problem::WrongPassword {
        return Err(Problem::PasswordRequired);
    }
    Err(last)
}

/// With a MAC, only a MAC mismatch means a wrong password (the MAC is checked first); without
/// one, a wrong password shows up as bad padding or undecodable plaintext.
fn classify(error: P12Error, has_mac: bool) -> Problem {
    match error {
        P12Error::MacError(_) => Problem::WrongPassword,
        P12Error::UnpadError
        | P12Error::DerError(_)
        | P12Error::InvalidPrivateKey
        | P12Error::X509Error(_)
            if !has_mac =>
        {
            Problem::WrongPassword
        }
        P12Error::Pkcs5Error(text) if !has_mac && text.to_lowercase().contains("decrypt") => {
            Problem::WrongPassword
        }
        P12Error::UnsupportedEncryptionScheme => {
            Problem::unsupported("PKCS#12 encryption scheme (RC4 or unknown)")
        }
        P12Error::UnsupportedMacAlgorithm => Problem::unsupported("PKCS#12 MAC algorithm"),
        P12Error::UnsupportedContentType => Problem::unsupported("PKCS#12 content type"),
        other => Problem::invalid(format!("PKCS#12: {other}")),
    }
}

/// Verifies the MAC with an empty (NULL) password and, if it holds, reads the archive without it.
fn open_with_null_password(pfx: &Pfx) -> Result<Option<Pkcs12Archive>, Problem> {
    let Some(mac_data) = &pfx.mac_data else {
        return Ok(None);
    };
    let data = pfx.auth_safe.content.value();
    let salt = mac_data.mac_salt.as_bytes();
    let rounds = mac_data.iterations;
    let expected = mac_data.mac.digest.as_bytes();
    let ok = match mac_data.mac.algorithm.oid.to_string().as_str() {
        "1.3.14.3.2.26" => mac_ok::<sha1::Sha1>(salt, rounds, data, expected),
        "2.16.840.1.101.3.4.2.1" => mac_ok::<sha2::Sha256>(salt, rounds, data, expected),
        "2.16.840.1.101.3.4.2.2" => mac_ok::<sha2::Sha384>(salt, rounds, data, expected),
        "2.16.840.1.101.3.4.2.3" => mac_ok::<sha2::Sha512>(salt, rounds, data, expected),
        _ => false,
    };
    if !ok {
        return Ok(None);
    }
    let without_mac = Pfx {
        version: pfx.version,
        auth_safe: pfx.auth_safe.clone(),
        mac_data: None,
    }
    .to_der()
    .map_err(|e| Problem::invalid(format!("PKCS#12: {e}")))?;
    Pkcs12Archive::from_pkcs12(&without_mac, "")
        .map(Some)
        .map_err(|error| {
            Problem::unsupported(format!(
                "PKCS#12 without a password whose contents are encrypted anyway ({error})"
            ))
        })
}

fn mac_ok<D>(salt: &[u8], rounds: i32, data: &[u8], expected: &[u8]) -> bool
where
    D: sha2::Digest
        + sha2::digest::FixedOutputReset
        + sha2::digest::block_api::BlockSizeUser
        + Clone
        + hmac::EagerHash,
{
    let key = Zeroizing::new(derive_key::<D>(
        &[],
        salt,
        Pkcs12KeyType::Mac,
        rounds,
        <D as sha2::Digest>::output_size(),
    ));
    let Ok(mut mac) = <Hmac<D> as KeyInit>::new_from_slice(&key) else {
        return false;
    };
    mac.update(data);
    mac.verify_slice(expected).is_ok()
}

fn contents(archive: Pkcs12Archive) -> Result<Pkcs12Contents, Problem> {
    let mut out = Pkcs12Contents::default();
    for bag in archive.certs {
        out.certificates.push(CertificateEntry {
            der: bag.cert.as_der().to_vec(),
            friendly_name: bag.friendly_name,
            local_key_id: bag.local_key_id,
        });
    }
    for bag in archive.keys {
        let key = PrivateKey::from_pkcs8_der(bag.key.as_der())?
            .with_protection(KeyFormat::Pkcs12, Some("PKCS#12".to_string()));
        out.keys.push(KeyEntry {
            key,
            friendly_name: bag.friendly_name,
            local_key_id: bag.local_key_id.map(|id| id.0),
        });
    }
    Ok(out)
}
