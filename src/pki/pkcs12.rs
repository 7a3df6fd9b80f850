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
    // Each password (and the empty and NULL ones) costs the MAC's rounds; the encrypted bags
    // are then opened once (with a MAC, only the password that passed it goes on), or with each
    // password (without a MAC nothing tells them apart first).
    let tries = passwords.len() + 2;
    if let Some(mac) = &pfx.mac_data {
        work.charge(mac.iterations.max(1) as u64, tries)?;
    }
    let mut candidates: Vec<&str> = passwords.iter().map(|p| p.as_str()).collect();
    if !candidates.contains(&"") {
        candidates.push("");
    }
    charge_parts(&pfx, &candidates, pfx.mac_data.is_some(), work)?;
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

/// Charges `work` for what opening the PFX's parts costs: each shrouded key bag of a plain
/// content (once with a MAC, which only the right password passes; else per password), and each
/// encrypted content — opened here with the candidate passwords (each try charged), so that
/// the bags inside it are weighed too before p12-keystore opens them. An encrypted content
/// certdeck cannot read is refused: not weighed is not opened.
fn charge_parts(
    pfx: &Pfx,
    candidates: &[&str],
    mac: bool,
    work: &super::key_crypt::WorkBudget,
) -> Result<(), Problem> {
    const DATA: &str = "1.2.840.113549.1.7.1";
    const ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
    let Ok(safes) = Vec::<cms_lite::ContentInfo>::from_der(pfx.auth_safe.content.value()) else {
        // Not a PFX p12-keystore opens either: it says why.
        return Ok(());
    };
    let bag_tries = if mac { 1 } else { candidates.len() };
    for safe in &safes {
        match safe.content_type.to_string().as_str() {
            // The content is an OCTET STRING holding the SafeContents.
            DATA => work.charge(bags_rounds(safe.content.value()), bag_tries)?,
            ENCRYPTED_DATA => {
                let whole = safe.content.to_der().unwrap_or_default();
                let data = cms_lite::EncryptedData::from_der(&whole).map_err(|_| {
                    Problem::unsupported(
                        "PKCS#12 encrypted content with a structure certdeck cannot weigh",
                    )
                })?;
                let Some(ciphertext) = &data.info.content else {
                    continue;
                };
                let algorithm = data.info.algorithm.to_der().unwrap_or_default();
                let opened = super::key_crypt::open_content(
                    &algorithm,
                    ciphertext.as_bytes(),
                    candidates,
                    work,
                    |plain| Vec::<pkcs12::safe_bag::SafeBag>::from_der(plain).is_ok(),
                )?;
                if let Some(plain) = opened {
                    work.charge(bags_rounds(&plain), 1)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The rounds the shrouded key bags of one SafeContents (DER) cost to open, per password.
fn bags_rounds(safe_contents: &[u8]) -> u64 {
    const SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
    let Ok(bags) = Vec::<pkcs12::safe_bag::SafeBag>::from_der(safe_contents) else {
        return 0;
    };
    let mut rounds = 0u64;
    for bag in bags
        .iter()
        .filter(|b| b.bag_id.to_string() == SHROUDED_KEY_BAG)
    {
        // `[0] EXPLICIT EncryptedPrivateKeyInfo`.
        let Ok(wrapped) = der::Any::from_der(&bag.bag_value) else {
            continue;
        };
        let Ok(algorithm) = cms_lite::Algorithm::from_der(wrapped.value()) else {
            continue;
        };
        rounds = rounds.saturating_add(scheme_rounds(
            algorithm.identifier.to_der().unwrap_or_default().as_slice(),
        ));
    }
    rounds
}

/// The rounds of one encryption scheme (an `AlgorithmIdentifier`): PBES2's KDF, or PKCS#12
/// PBE's iterations (two derivations: key and IV).
fn scheme_rounds(algorithm: &[u8]) -> u64 {
    if let Ok(scheme) = pkcs5::EncryptionScheme::try_from(algorithm) {
        return super::key_crypt::pbes2_rounds(&scheme);
    }
    let Ok(identifier) = cms_lite::Identifier::from_der(algorithm) else {
        return 0;
    };
    identifier
        .parameters
        .and_then(|p| pkcs12::pbe_params::Pkcs12PbeParams::from_der(&p.to_der().ok()?).ok())
        .map_or(0, |p| 2 * p.iterations.max(0) as u64)
}

/// Just enough of CMS to read what encrypts a PFX's parts (the `cms` crate's types, without
/// taking it as a dependency for two structures).
mod cms_lite {
    use der::asn1::ObjectIdentifier;
    use der::{Any, Sequence};

    #[derive(Sequence)]
    pub struct ContentInfo {
        pub content_type: ObjectIdentifier,
        #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
        pub content: Any,
    }

    /// `EncryptedData ::= SEQUENCE { version, encryptedContentInfo }` (the optional unprotected
    /// attributes, which PFX writers do not use, make it unreadable here: then uncharged).
    #[derive(Sequence)]
    pub struct EncryptedData {
        pub version: u8,
        pub info: EncryptedContentInfo,
    }

    #[derive(Sequence)]
    pub struct EncryptedContentInfo {
        pub content_type: ObjectIdentifier,
        pub algorithm: Identifier,
        #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
        pub content: Option<der::asn1::OctetString>,
    }

    /// An `AlgorithmIdentifier`.
    #[derive(Sequence)]
    pub struct Identifier {
        pub oid: ObjectIdentifier,
        pub parameters: Option<Any>,
    }

    /// `EncryptedPrivateKeyInfo`'s algorithm, the encrypted data left unread.
    #[derive(Sequence)]
    pub struct Algorithm {
        pub identifier: Identifier,
        pub data: der::asn1::OctetString,
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

#[cfg(test)]
mod work_tests {
    use super::*;
    use crate::pki::key_crypt::{MAX_WORK_PER_INPUT, WorkBudget};

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn a_pfx_is_charged_for_its_encrypted_parts_not_only_its_mac() {
        // OpenSSL 3's default (tests/fixtures/make.sh): certificates in an encrypted content and
        // the key in a shrouded bag of a plain one, PBKDF2 with 2,048 iterations each, a MAC of
        // 2,048 rounds. With one password given: the MAC tried with it, "" and NULL (3), the
        // encrypted content opened here with it and "" (2 charged), the key bag once.
        let der = fixture("openssl3-default.pfx");
        let password = [Zeroizing::new("test1234".to_string())];
        let work = WorkBudget::default();
        assert!(open(&der, &password, &work).is_ok());
        assert_eq!(work.spent(), 3 * 2048 + 2 * 2048 + 2048);
        // The bags inside an encrypted content are weighed as those of a plain one: the key
        // bag's SafeContents, read from the file, costs its 2,048 rounds.
        let pfx = Pfx::from_der(&der).unwrap();
        let safes = Vec::<cms_lite::ContentInfo>::from_der(pfx.auth_safe.content.value()).unwrap();
        let plain = safes
            .iter()
            .find(|s| s.content_type.to_string() == "1.2.840.113549.1.7.1")
            .unwrap();
        assert_eq!(bags_rounds(plain.content.value()), 2048);
        // An input that has spent nearly its whole budget: this file is not opened.
        let spent = WorkBudget::default();
        spent.charge(MAX_WORK_PER_INPUT - 5_000, 1).unwrap();
        let refused = open(&der, &password, &spent).unwrap_err();
        assert!(
            format!("{refused:?}").contains("key-derivation work"),
            "{refused:?}"
        );
        // The legacy RC2/3DES file opens too, its encrypted content read by certdeck.
        let legacy = fixture("openssl3-legacy.pfx");
        assert!(open(&legacy, &password, &WorkBudget::default()).is_ok());
    }
}
