//! Opening password-protected private keys.
//!
//! - PKCS#8 `EncryptedPrivateKeyInfo` with PBES2 (PBKDF2 with any SHA PRF, or scrypt; AES or
//!   3DES/DES CBC) through the `pkcs8`/`pkcs5` crates.
//! - PKCS#8 with the PKCS#12 PBE schemes OpenSSL 1.0 wrote by default (`PBE-SHA1-3DES`,
//!   RC2): no crate decrypts these, so the KDF comes from the `pkcs12` crate and the CBC
//!   decryption is assembled here.
//! - OpenSSL's traditional encrypted PEM (`Proc-Type: 4,ENCRYPTED` + `DEK-Info`): key from
//!   `EVP_BytesToKey` (MD5, one round) written here because no crate provides it.
//!
//! Hostile parameters (huge iteration counts, scrypt costs) are refused before any work is done,
//! so a crafted file cannot hang the application.

use cbc::cipher::{BlockModeDecrypt, InnerIvInit, KeyInit, KeyIvInit, block_padding::Pkcs7};
use der::Decode;
use md5::{Digest, Md5};
use pkcs5::pbes2::{Kdf, Pbkdf2Prf};
use zeroize::Zeroizing;

use super::error::Problem;
use super::key::{KeyFormat, PrivateKey};
use super::oids;

/// More iterations than any real tool writes (OpenSSL: 2048, Windows: 2000, Java: 10000).
pub const MAX_ITERATIONS: u64 = 10_000_000;
/// scrypt memory bound (128 · N · r bytes).
const MAX_SCRYPT_MEMORY: u64 = 1 << 30;

/// Key-derivation work one input (a file, a paste) may cost, in rounds (a PBKDF2 iteration, a
/// scrypt N·r·p step, a PKCS#12 KDF round), summed over its encrypted objects and the passwords
/// tried on each. Each object's own limit keeps one object cheap; this keeps many of them
/// cheap too (a hostile bundle of thousands of keys at the highest scrypt cost would otherwise
/// keep an import busy for hours). Real files cost far less: a thousand keys at OpenSSL's 2,048
/// iterations, two passwords tried, is 4 million.
pub const MAX_WORK_PER_INPUT: u64 = 50_000_000;

/// What one input has spent of [`MAX_WORK_PER_INPUT`]; shared by the threads that decode its
/// parts.
#[derive(Debug, Default)]
pub struct WorkBudget(std::sync::atomic::AtomicU64);

impl WorkBudget {
    /// The rounds booked so far.
    pub fn spent(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Books `rounds` for each of `tries` passwords, or refuses once the input would exceed the
    /// limit (nothing is derived then).
    pub fn charge(&self, rounds: u64, tries: usize) -> Result<(), Problem> {
        use std::sync::atomic::Ordering;
        // No password, no derivation: nothing to book.
        let cost = rounds.saturating_mul(tries as u64);
        let before = self.0.fetch_add(cost, Ordering::Relaxed);
        if before.saturating_add(cost) > MAX_WORK_PER_INPUT {
            return Err(Problem::invalid(format!(
                "the file's encrypted objects together ask for more key-derivation work than \
                 allowed for one input ({MAX_WORK_PER_INPUT} rounds): this one was not tried"
            )));
        }
        Ok(())
    }
}

/// The rounds a PBES2 scheme costs per password (0 for what is refused anyway).
pub(crate) fn pbes2_rounds(scheme: &pkcs5::EncryptionScheme) -> u64 {
    match scheme {
        pkcs5::EncryptionScheme::Pbes2(params) => match &params.kdf {
            Kdf::Pbkdf2(p) => u64::from(p.iteration_count),
            Kdf::Scrypt(p) => p
                .cost_parameter
                .saturating_mul(u64::from(p.block_size))
                .saturating_mul(u64::from(p.parallelization)),
            _ => 0,
        },
        _ => 0,
    }
}

/// Opens a DER `EncryptedPrivateKeyInfo` with the first password that works, within the
/// input's work budget.
pub fn decrypt_pkcs8(
    der: &[u8],
    passwords: &[Zeroizing<String>],
    work: &WorkBudget,
) -> Result<PrivateKey, Problem> {
    match pkcs8::EncryptedPrivateKeyInfoRef::try_from(der) {
        Ok(info) => {
            let scheme = &info.encryption_algorithm;
            let description = describe_scheme(scheme)?;
            work.charge(pbes2_rounds(scheme), passwords.len())?;
            try_passwords(passwords, |password| {
                let plain = Zeroizing::new(
                    scheme
                        .decrypt(password.as_bytes(), info.encrypted_data.as_bytes())
                        .map_err(|_| Problem::WrongPassword)?,
                );
                key_from_plaintext(&plain, KeyFormat::EncryptedPkcs8, &description)
            })
        }
        // Not PBES2/PBES1: maybe one of the PKCS#12 schemes.
        Err(pbes2_error) => match pkcs12::pbe_params::EncryptedPrivateKeyInfo::from_der(der) {
            Ok(info) => decrypt_pkcs12_pbe(&info, passwords, work),
            Err(_) => Err(Problem::invalid(format!(
                "encrypted PKCS#8 private key: {pbes2_error}"
            ))),
        },
    }
}

fn try_passwords(
    passwords: &[Zeroizing<String>],
    mut attempt: impl FnMut(&str) -> Result<PrivateKey, Problem>,
) -> Result<PrivateKey, Problem> {
    if passwords.is_empty() {
        return Err(Problem::PasswordRequired);
    }
    let mut last = Problem::WrongPassword;
    for password in passwords {
        match attempt(password) {
            Ok(key) => return Ok(key),
            Err(Problem::WrongPassword) => last = Problem::WrongPassword,
            Err(other) => last = other,
        }
    }
    Err(last)
}

/// A decrypted buffer that does not parse as a key means the password was wrong: CBC padding
/// alone lets about one wrong password in 256 through.
fn key_from_plaintext(
    plain: &[u8],
    format: KeyFormat,
    description: &str,
) -> Result<PrivateKey, Problem> {
    PrivateKey::from_pkcs8_der(plain)
        .map(|key| key.with_protection(format, Some(description.to_string())))
        .map_err(|_| Problem::WrongPassword)
}

fn describe_scheme(scheme: &pkcs5::EncryptionScheme) -> Result<String, Problem> {
    let pkcs5::EncryptionScheme::Pbes2(params) = scheme else {
        return Err(Problem::unsupported(
            "PBES1 (PKCS#5 v1.5 DES/RC2 with MD5 or SHA-1) encrypted keys",
        ));
    };
    let kdf = match &params.kdf {
        Kdf::Pbkdf2(p) => {
            if u64::from(p.iteration_count) > MAX_ITERATIONS {
                return Err(Problem::invalid(format!(
                    "PBKDF2 iteration count {} is beyond the limit of {MAX_ITERATIONS}",
                    p.iteration_count
                )));
            }
            let prf = match p.prf {
                Pbkdf2Prf::HmacWithSha1 => "SHA1",
                Pbkdf2Prf::HmacWithSha224 => "SHA224",
                Pbkdf2Prf::HmacWithSha256 => "SHA256",
                Pbkdf2Prf::HmacWithSha384 => "SHA384",
                Pbkdf2Prf::HmacWithSha512 => "SHA512",
                _ => "?",
            };
            format!("PBKDF2-HMAC-{prf}, {} iterations", p.iteration_count)
        }
        Kdf::Scrypt(p) => {
            let (n, r, parallel) = (
                p.cost_parameter,
                u64::from(p.block_size),
                u64::from(p.parallelization),
            );
            let memory = 128u64.saturating_mul(n).saturating_mul(r);
            if memory > MAX_SCRYPT_MEMORY || parallel > 16 {
                return Err(Problem::invalid(format!(
                    "scrypt parameters N={n} r={r} p={parallel} need more memory or time than allowed"
                )));
            }
            format!("scrypt N={n} r={r} p={parallel}")
        }
        _ => return Err(Problem::unsupported("key derivation function")),
    };
    let cipher = match params.encryption {
        pkcs5::pbes2::EncryptionScheme::Aes128Cbc { .. } => "AES-128-CBC",
        pkcs5::pbes2::EncryptionScheme::Aes192Cbc { .. } => "AES-192-CBC",
        pkcs5::pbes2::EncryptionScheme::Aes256Cbc { .. } => "AES-256-CBC",
        pkcs5::pbes2::EncryptionScheme::DesEde3Cbc { .. } => "DES-EDE3-CBC",
        pkcs5::pbes2::EncryptionScheme::DesCbc { .. } => "DES-CBC",
        _ => "AES-GCM",
    };
    Ok(format!("PBES2 ({kdf}, {cipher})"))
}

fn decrypt_pkcs12_pbe(
    info: &pkcs12::pbe_params::EncryptedPrivateKeyInfo,
    passwords: &[Zeroizing<String>],
    work: &WorkBudget,
) -> Result<PrivateKey, Problem> {
    let oid = info.encryption_algorithm.oid;
    let (cipher, key_len, name) = match oid {
        oids::PBE_SHA1_3DES => (Pkcs12Cipher::TripleDes, 24, "PBE-SHA1-3DES"),
        oids::PBE_SHA1_2DES => (Pkcs12Cipher::TwoKeyTripleDes, 16, "PBE-SHA1-2DES"),
        oids::PBE_SHA1_RC2_128 => (Pkcs12Cipher::Rc2(128), 16, "PBE-SHA1-RC2-128"),
        oids::PBE_SHA1_RC2_40 => (Pkcs12Cipher::Rc2(40), 5, "PBE-SHA1-RC2-40"),
        oids::PBE_SHA1_RC4_128 | oids::PBE_SHA1_RC4_40 => {
            return Err(Problem::unsupported(
                "RC4-encrypted private keys (PKCS#12 PBE with RC4)",
            ));
        }
        other => {
            return Err(Problem::unsupported(format!(
                "private key encryption scheme {other}"
            )));
        }
    };
    let params_der = info
        .encryption_algorithm
        .parameters
        .as_ref()
        .ok_or_else(|| Problem::invalid("PKCS#12 PBE without parameters"))?;
    let params: pkcs12::pbe_params::Pkcs12PbeParams = params_der
        .decode_as()
        .map_err(|e| Problem::invalid(format!("PKCS#12 PBE parameters: {e}")))?;
    if params.iterations < 1 || params.iterations as u64 > MAX_ITERATIONS {
        return Err(Problem::invalid(format!(
            "PKCS#12 PBE iteration count {} is out of range",
            params.iterations
        )));
    }
    // Two derivations (key and IV) per password.
    work.charge(2 * params.iterations as u64, passwords.len())?;
    let salt = params.salt.as_bytes();
    let description = format!("{name}, {} iterations", params.iterations);
    let ciphertext = info.encrypted_data.as_bytes();
    try_passwords(passwords, |password| {
        let derive = |id, len| {
            pkcs12::kdf::derive_key_utf8::<sha1::Sha1>(password, salt, id, params.iterations, len)
                .map(Zeroizing::new)
                .map_err(|_| Problem::invalid("the password cannot be encoded as BMPString"))
        };
        let key = derive(pkcs12::kdf::Pkcs12KeyType::EncryptionKey, key_len)?;
        let iv = derive(pkcs12::kdf::Pkcs12KeyType::Iv, 8)?;
        let plain = cipher.decrypt(&key, &iv, ciphertext)?;
        key_from_plaintext(&plain, KeyFormat::EncryptedPkcs8, &description)
    })
}

/// Opens a PFX's encrypted content (`algorithm` its AlgorithmIdentifier's DER) with the first
/// of `passwords` that works, each try charged to `work`; `opened` says whether a plaintext is
/// the content (CBC padding alone lets a wrong password through now and then). `None` when no
/// password opens it or the scheme is not one certdeck reads (p12-keystore then says why).
pub(crate) fn open_content(
    algorithm: &[u8],
    ciphertext: &[u8],
    passwords: &[&str],
    work: &WorkBudget,
    opened: impl Fn(&[u8]) -> bool,
) -> Result<Option<Zeroizing<Vec<u8>>>, Problem> {
    if let Ok(scheme) = pkcs5::EncryptionScheme::try_from(algorithm) {
        describe_scheme(&scheme)?;
        work.charge(pbes2_rounds(&scheme), passwords.len())?;
        for password in passwords {
            if let Ok(plain) = scheme.decrypt(password.as_bytes(), ciphertext) {
                let plain = Zeroizing::new(plain);
                if opened(&plain) {
                    return Ok(Some(plain));
                }
            }
        }
        return Ok(None);
    }
    let Ok(identifier) = spki::AlgorithmIdentifierOwned::from_der(algorithm) else {
        return Ok(None);
    };
    let (cipher, key_len) = match identifier.oid {
        oids::PBE_SHA1_3DES => (Pkcs12Cipher::TripleDes, 24),
        oids::PBE_SHA1_2DES => (Pkcs12Cipher::TwoKeyTripleDes, 16),
        oids::PBE_SHA1_RC2_128 => (Pkcs12Cipher::Rc2(128), 16),
        oids::PBE_SHA1_RC2_40 => (Pkcs12Cipher::Rc2(40), 5),
        _ => return Ok(None),
    };
    let Some(params) = identifier
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<pkcs12::pbe_params::Pkcs12PbeParams>().ok())
    else {
        return Ok(None);
    };
    if params.iterations < 1 || params.iterations as u64 > MAX_ITERATIONS {
        return Err(Problem::invalid(format!(
            "PKCS#12 PBE iteration count {} is out of range",
            params.iterations
        )));
    }
    work.charge(2 * params.iterations as u64, passwords.len())?;
    for password in passwords {
        let derive = |id, len| {
            pkcs12::kdf::derive_key_utf8::<sha1::Sha1>(
                password,
                params.salt.as_bytes(),
                id,
                params.iterations,
                len,
            )
            .map(Zeroizing::new)
        };
        let (Ok(key), Ok(iv)) = (
            derive(pkcs12::kdf::Pkcs12KeyType::EncryptionKey, key_len),
            derive(pkcs12::kdf::Pkcs12KeyType::Iv, 8),
        ) else {
            continue;
        };
        if let Ok(plain) = cipher.decrypt(&key, &iv, ciphertext)
            && opened(&plain)
        {
            return Ok(Some(plain));
        }
    }
    Ok(None)
}

#[derive(Clone, Copy)]
enum Pkcs12Cipher {
    TripleDes,
    TwoKeyTripleDes,
    Rc2(usize),
}

impl Pkcs12Cipher {
    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, Problem> {
        let plain = match self {
            Self::TripleDes => cbc_decrypt::<des::TdesEde3>(key, iv, data),
            Self::TwoKeyTripleDes => {
                // K1 K2 K1
                let mut full = Zeroizing::new(key.to_vec());
                full.extend_from_slice(&key[..8]);
                cbc_decrypt::<des::TdesEde3>(&full, iv, data)
            }
            Self::Rc2(effective_bits) => {
                let cipher = rc2::Rc2::new_with_eff_key_len(key, effective_bits);
                let decryptor = cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, iv)
                    .map_err(|_| Problem::invalid("bad RC2 IV length"))?;
                decryptor.decrypt_padded_vec::<Pkcs7>(data).ok()
            }
        };
        plain.map(Zeroizing::new).ok_or(Problem::WrongPassword)
    }
}

fn cbc_decrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Option<Vec<u8>>
where
    C: cbc::cipher::BlockCipherDecrypt + KeyInit,
{
    let decryptor = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    decryptor.decrypt_padded_vec::<Pkcs7>(data).ok()
}

/// Opens OpenSSL's traditional encrypted PEM body (`DEK-Info: <cipher>,<iv hex>`).
pub fn decrypt_legacy_pem(
    label: &str,
    dek_info: &str,
    body: &[u8],
    passwords: &[Zeroizing<String>],
) -> Result<PrivateKey, Problem> {
    let (cipher_name, iv_hex) = dek_info
        .split_once(',')
        .ok_or_else(|| Problem::invalid(format!("malformed DEK-Info header {dek_info:?}")))?;
    let cipher_name = cipher_name.trim().to_ascii_uppercase();
    let iv = hex::decode(iv_hex.trim())
        .map_err(|_| Problem::invalid(format!("malformed IV in DEK-Info {dek_info:?}")))?;
    let key_len = match cipher_name.as_str() {
        "DES-EDE3-CBC" => 24,
        "DES-CBC" => 8,
        "AES-128-CBC" => 16,
        "AES-192-CBC" => 24,
        "AES-256-CBC" => 32,
        other => {
            return Err(Problem::unsupported(format!(
                "PEM encryption cipher {other}"
            )));
        }
    };
    if iv.len() < 8 {
        return Err(Problem::invalid("IV in DEK-Info is too short"));
    }
    let description = format!("OpenSSL PEM encryption, {cipher_name}");
    try_passwords(passwords, |password| {
        let key = evp_bytes_to_key(password.as_bytes(), &iv[..8], key_len);
        let plain = match cipher_name.as_str() {
            "DES-EDE3-CBC" => cbc_decrypt::<des::TdesEde3>(&key, &iv, body),
            "DES-CBC" => cbc_decrypt::<des::Des>(&key, &iv, body),
            "AES-128-CBC" => cbc_decrypt::<aes::Aes128>(&key, &iv, body),
            "AES-192-CBC" => cbc_decrypt::<aes::Aes192>(&key, &iv, body),
            _ => cbc_decrypt::<aes::Aes256>(&key, &iv, body),
        }
        .map(Zeroizing::new)
        .ok_or(Problem::WrongPassword)?;
        let key = match label {
            "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(&plain),
            "EC PRIVATE KEY" => PrivateKey::from_sec1_der(&plain, None),
            _ => PrivateKey::from_pkcs8_der(&plain),
        };
        key.map(|k| k.with_protection(KeyFormat::LegacyEncryptedPem, Some(description.clone())))
            .map_err(|_| Problem::WrongPassword)
    })
}

/// OpenSSL's `EVP_BytesToKey` with MD5 and one iteration, as used by encrypted PEM.
fn evp_bytes_to_key(password: &[u8], salt: &[u8], key_len: usize) -> Zeroizing<Vec<u8>> {
    let mut key = Zeroizing::new(Vec::with_capacity(key_len + 16));
    let mut previous: Option<Zeroizing<Vec<u8>>> = None;
    while key.len() < key_len {
        let mut md5 = Md5::new();
        if let Some(previous) = &previous {
            md5.update(previous.as_slice());
        }
        md5.update(password);
        md5.update(salt);
        let block = Zeroizing::new(md5.finalize().to_vec());
        key.extend_from_slice(&block);
        previous = Some(block);
    }
    key.truncate(key_len);
    key
}

#[cfg(test)]
mod work_tests {
    use super::*;

    /// The body of the encrypted PKCS#8 fixture (`tests/fixtures/make.sh`, password test1234).
    fn encrypted_fixture() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/leaf-pkcs8-aes256.pem"
        );
        let text = std::fs::read(path).unwrap();
        let blocks = crate::pki::pem::scan(&text);
        blocks[0].body.clone().unwrap()
    }

    #[test]
    fn many_encrypted_objects_together_stay_within_one_inputs_budget() {
        let der = encrypted_fixture();
        let password = [Zeroizing::new("test1234".to_string())];
        let fresh = WorkBudget::default();
        assert!(decrypt_pkcs8(&der, &password, &fresh).is_ok());
        // An input that has already spent nearly all of it: the next object is not tried.
        let spent = WorkBudget::default();
        spent.charge(MAX_WORK_PER_INPUT - 100, 1).unwrap();
        let refused = decrypt_pkcs8(&der, &password, &spent).unwrap_err();
        assert!(
            format!("{refused:?}").contains("more key-derivation work"),
            "{refused:?}"
        );
        // Three passwords cost three times one: a budget that holds one try refuses three.
        let rounds = 2048;
        let tight = WorkBudget::default();
        tight
            .charge(MAX_WORK_PER_INPUT - 3 * rounds + 1, 1)
            .unwrap();
        let three = [
            Zeroizing::new("a".to_string()),
            Zeroizing::new("b".to_string()),
            Zeroizing::new("test1234".to_string()),
        ];
        assert!(decrypt_pkcs8(&der, &three, &tight).is_err());
        // No password, no work: nothing is booked.
        let idle = WorkBudget::default();
        idle.charge(MAX_WORK_PER_INPUT, 0).unwrap();
        idle.charge(1, 1).unwrap();
    }
}
