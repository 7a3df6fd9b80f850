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
                Ok(sealed) => sealed,
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
        std::fs::create_dir_all(self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        std::fs::write(&path, sealed).map_err(|e| format!("{}: {e}", path.display()))
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
