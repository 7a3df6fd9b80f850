//! Keys without trusting the server: each member has an age (X25519) identity whose secret half
//! stays on the member's machine — in the OS keychain, or where none is usable in a file
//! encrypted with the vault passphrase — and the team's vault key is encrypted to every member's
//! recipient (the `age` recipients pattern). The database only ever holds the sealed copies.

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// The keychain entry (and file name) of this user's team identity.
const IDENTITY_ENTRY: &str = "team-identity";

/// A team vault key: 32 random bytes, wiped when dropped.
pub type TeamKey = Zeroizing<[u8; 32]>;

/// A new random team key.
pub fn new_team_key() -> Result<TeamKey, String> {
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(key.as_mut()).map_err(|e| format!("no random bytes: {e}"))?;
    Ok(key)
}

/// The team key encrypted to a member's recipient (`age1…`).
pub fn seal(key: &TeamKey, recipient: &str) -> Result<Vec<u8>, String> {
    let recipient = age::x25519::Recipient::from_str(recipient)
        .map_err(|e| format!("{recipient} is not an age recipient: {e}"))?;
    age::encrypt(&recipient, key.as_ref()).map_err(|e| format!("sealing the team key: {e}"))
}

/// The team key from its sealed copy, opened with this member's identity.
pub fn unseal(sealed: &[u8], identity: &age::x25519::Identity) -> Result<TeamKey, String> {
    let plain = Zeroizing::new(
        age::decrypt(identity, sealed)
            .map_err(|e| format!("the team key is not sealed for this member: {e}"))?,
    );
    let key: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| "the sealed team key has the wrong length".to_string())?;
    Ok(Zeroizing::new(key))
}

/// Where this user's identity is kept: the OS keychain (`keychain`), else `dir` (the data
/// folder) in a file encrypted with `passphrase`.
pub struct IdentityStore<'a> {
    pub keychain: bool,
    pub dir: &'a Path,
    pub passphrase: Option<&'a Zeroizing<String>>,
}

impl<'a> IdentityStore<'a> {
    /// Where the identity of data folder `dir` is kept under the vault's options: in the
    /// keychain unless the options or `CERTDECK_KEYCHAIN=none` switch it off, else in the folder
    /// sealed with the vault passphrase (`certdeck team identity`, the shared vault and the
    /// window all look there).
    pub fn of(dir: &'a Path, options: &'a crate::store::VaultOptions) -> Self {
        IdentityStore {
            keychain: options.keychain && !crate::store::keychain::disabled(),
            dir,
            passphrase: options.passphrase.as_ref(),
        }
    }

    /// This user's identity, made and kept on first use.
    pub fn identity(&self) -> Result<age::x25519::Identity, String> {
        if let Some(identity) = self.read()? {
            return Ok(identity);
        }
        let identity = age::x25519::Identity::generate();
        self.write(&identity)?;
        Ok(identity)
    }

    fn read(&self) -> Result<Option<age::x25519::Identity>, String> {
        let text = if !self.keychain {
            let path = self.dir.join(format!("{IDENTITY_ENTRY}.age"));
            let sealed = match std::fs::read(&path) {
                Ok(sealed) => {
                    // A file an older certdeck left readable by everyone (0644) is closed now.
                    crate::store::restrict_file(&path).map_err(|e| e.to_string())?;
                    sealed
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(format!("{}: {e}", path.display())),
            };
            let identity = age::scrypt::Identity::new(self.passphrase()?);
            let mut reader = age::Decryptor::new(&sealed[..])
                .and_then(|d| d.decrypt(std::iter::once(&identity as &dyn age::Identity)))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let mut text = Zeroizing::new(String::new());
            reader
                .read_to_string(&mut text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            text
        } else {
            let entry = crate::store::keychain::entry(IDENTITY_ENTRY)?;
            match entry.get_password() {
                Ok(text) => Zeroizing::new(text),
                Err(keyring_core::Error::NoEntry) => return Ok(None),
                Err(e) => return Err(format!("the keychain: {e}")),
            }
        };
        age::x25519::Identity::from_str(text.trim())
            .map(Some)
            .map_err(|e| format!("the stored team identity is damaged: {e}"))
    }

    fn write(&self, identity: &age::x25519::Identity) -> Result<(), String> {
        let secret = identity.to_string();
        if self.keychain {
            let entry = crate::store::keychain::entry(IDENTITY_ENTRY)?;
            return entry
                .set_password(secret.expose_secret())
                .map_err(|e| format!("the keychain: {e}"));
        }
        let recipient = age::scrypt::Recipient::new(self.passphrase()?);
        let mut sealed = Vec::new();
        let mut writer = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
            .and_then(|e| Ok(e.wrap_output(&mut sealed)?))
            .map_err(|e| format!("sealing the team identity: {e}"))?;
        writer
            .write_all(secret.expose_secret().as_bytes())
            .and_then(|()| writer.finish().map(drop))
            .map_err(|e| format!("sealing the team identity: {e}"))?;
        let path = self.dir.join(format!("{IDENTITY_ENTRY}.age"));
        crate::store::write_private_file(self.dir, &path, &sealed).map_err(|e| e.to_string())
    }

    fn passphrase(&self) -> Result<SecretString, String> {
        self.passphrase
            .map(|p| SecretString::from(p.to_string()))
            .ok_or_else(|| {
                "no keychain is usable here: give the vault passphrase \
                 (CERTDECK_VAULT_PASSPHRASE) to protect the team identity"
                    .to_string()
            })
    }
}

/// A member's signing key, derived from their team identity (so it lives wherever the identity
/// lives, and an identity made by an older certdeck has one too): Ed25519 over a seed that is
/// SHA-256 of a fixed label and the identity's secret.
pub fn signing_key(
    identity: &age::x25519::Identity,
) -> Result<aws_lc_rs::signature::Ed25519KeyPair, String> {
    use sha2::{Digest, Sha256};
    let secret = identity.to_string();
    let mut hasher = Sha256::new();
    hasher.update(b"certdeck team signing key v1\0");
    hasher.update(secret.expose_secret().as_bytes());
    let seed = Zeroizing::new(<[u8; 32]>::from(hasher.finalize()));
    aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(seed.as_ref())
        .map_err(|_| "the team signing key could not be made".to_string())
}

/// A signing key's public half as the members table keeps it (hex).
pub fn signing_public(key: &aws_lc_rs::signature::Ed25519KeyPair) -> String {
    use aws_lc_rs::signature::KeyPair;
    hex::encode(key.public_key().as_ref())
}

/// The check value of a team key: HMAC-SHA-256 under the key of the team's id and the
/// generation. It says which key a generation is without revealing it.
pub fn check_value(key: &TeamKey, team: &str, generation: i32) -> Vec<u8> {
    let mac = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, key.as_ref());
    aws_lc_rs::hmac::sign(
        &mac,
        format!("certdeck team key check v1\n{team}\n{generation}").as_bytes(),
    )
    .as_ref()
    .to_vec()
}

/// What an admin signs for a generation.
fn signed_text(team: &str, generation: i32, check: &[u8]) -> Vec<u8> {
    format!(
        "certdeck team key generation v1\n{team}\n{generation}\n{}",
        hex::encode(check)
    )
    .into_bytes()
}

/// An admin's signature over a generation's check value.
pub fn sign_generation(
    identity: &age::x25519::Identity,
    team: &str,
    generation: i32,
    check: &[u8],
) -> Result<Vec<u8>, String> {
    Ok(signing_key(identity)?
        .sign(&signed_text(team, generation, check))
        .as_ref()
        .to_vec())
}

/// A generation's signed check value as the database holds it, with the signer's registered
/// signing key (`None` when the signer is not an admin of the team, or has none).
pub struct SignedGeneration {
    pub check: Vec<u8>,
    pub signer: String,
    pub signature: Vec<u8>,
    pub signer_key: Option<String>,
}

/// Accepts an unsealed team key only if it is the key an admin signed for this generation
/// (issue 28, item 5): whoever can write a sealed copy cannot make a member seal new secrets
/// under a key they chose.
pub fn authenticate(
    key: &TeamKey,
    team: &str,
    generation: i32,
    signed: Option<&SignedGeneration>,
) -> Result<(), String> {
    let signed = signed.ok_or_else(|| {
        format!(
            "the team key of generation {generation} is not signed by an admin yet: an admin \
             runs `certdeck team upgrade` (it signs the key), then try again"
        )
    })?;
    let signer_key = signed
        .signer_key
        .as_deref()
        .and_then(|k| hex::decode(k).ok())
        .ok_or_else(|| {
            format!(
                "the team key of generation {generation} was signed by {}, who is not an admin \
                 with a registered signing key: refusing it",
                signed.signer
            )
        })?;
    aws_lc_rs::signature::UnparsedPublicKey::new(&aws_lc_rs::signature::ED25519, signer_key)
        .verify(
            &signed_text(team, generation, &signed.check),
            &signed.signature,
        )
        .map_err(|_| {
            format!(
                "the signature of the team key of generation {generation} (by {}) does not \
                 verify: refusing the key",
                signed.signer
            )
        })?;
    let check = check_value(key, team, generation);
    if aws_lc_rs::constant_time::verify_slices_are_equal(&check, &signed.check).is_err() {
        return Err(format!(
            "the team key sealed for you is not the key {} signed for generation {generation}: \
             someone replaced your copy; refusing to use it (tell an admin)",
            signed.signer
        ));
    }
    Ok(())
}

/// The query that reads [`SignedGeneration`] for `generation` ($1).
pub const SIGNED_GENERATION: &str = "SELECT g.check_value, g.signer, g.signature, \
       (SELECT m.signing_key FROM certdeck.members m WHERE m.name = g.signer AND m.role = 'admin') \
     FROM certdeck.key_generations g WHERE g.generation = $1";

/// The file in the data folder with the newest team-key generation this machine has opened,
/// per team.
const GENERATIONS: &str = "team-key-generations.json";

/// Refuses a team key older than the newest this machine opened for `team` (someone who can
/// write `certdeck.meta` set the generation back to one a removed member still holds), and
/// remembers `generation` when it is newer.
pub fn check_generation(dir: &Path, team: &str, generation: i32) -> Result<(), String> {
    let path = dir.join(GENERATIONS);
    let mut seen: std::collections::BTreeMap<String, i32> = match std::fs::read(&path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::collections::BTreeMap::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    match seen.get(team) {
        Some(&newest) if generation < newest => Err(format!(
            "the team key is at generation {generation}, but this machine already used \
             generation {newest}: the team database was set back (a removed member may hold \
             the older key); nothing is sealed with it — tell an admin"
        )),
        Some(&newest) if generation == newest => Ok(()),
        _ => {
            seen.insert(team.to_string(), generation);
            let text = serde_json::to_vec_pretty(&seen).map_err(|e| e.to_string())?;
            crate::store::write_private_file(dir, &path, &text).map_err(|e| e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_key_an_admin_signed_is_accepted() {
        let admin = age::x25519::Identity::generate();
        let key = new_team_key().unwrap();
        let check = check_value(&key, "team1", 3);
        let signed = SignedGeneration {
            check: check.clone(),
            signer: "ann".into(),
            signature: sign_generation(&admin, "team1", 3, &check).unwrap(),
            signer_key: Some(signing_public(&signing_key(&admin).unwrap())),
        };
        assert_eq!(authenticate(&key, "team1", 3, Some(&signed)), Ok(()));
        // Another key (someone wrote their own sealed copy): refused.
        let chosen = new_team_key().unwrap();
        let refused = authenticate(&chosen, "team1", 3, Some(&signed)).unwrap_err();
        assert!(refused.contains("replaced"), "{refused}");
        // The attacker's own check value, signed by a non-admin or by nobody: refused.
        let mallory = age::x25519::Identity::generate();
        let forged = SignedGeneration {
            check: check_value(&chosen, "team1", 3),
            signer: "mallory".into(),
            signature: sign_generation(&mallory, "team1", 3, &check_value(&chosen, "team1", 3))
                .unwrap(),
            signer_key: signed.signer_key.clone(),
        };
        assert!(authenticate(&chosen, "team1", 3, Some(&forged)).is_err());
        assert!(authenticate(&key, "team1", 3, None).is_err());
        // The same signature for another generation or team does not hold.
        assert!(authenticate(&key, "team1", 4, Some(&signed)).is_err());
        assert!(authenticate(&key, "team2", 3, Some(&signed)).is_err());
    }
}

#[cfg(test)]
mod generation_tests {
    use super::check_generation;

    #[test]
    fn a_team_key_generation_never_goes_back() {
        let dir = tempfile::tempdir().unwrap();
        check_generation(dir.path(), "team1", 1).unwrap();
        check_generation(dir.path(), "team1", 3).unwrap();
        check_generation(dir.path(), "team1", 3).unwrap();
        let refused = check_generation(dir.path(), "team1", 2).unwrap_err();
        assert!(refused.contains("set back"), "{refused}");
        // Another team is another count.
        check_generation(dir.path(), "team2", 1).unwrap();
    }
}
