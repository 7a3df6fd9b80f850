//! Setting a node up, for the command line and the window alike: the driver's settings from what
//! the administrator typed, the login secrets in the OS keychain (never in the inventory), and the
//! first contact that shows the SSH host key or the appliance's TLS certificate so it can be
//! checked and pinned.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::{Driver, PushError, ssh};
use crate::store::Node;

/// A driver's settings as entered (`certdeck node configure` flags or the window's form);
/// each driver reads the fields it needs.
#[derive(Clone, Debug)]
pub struct DriverFields {
    /// folder: where to write the files.
    pub path: Option<PathBuf>,
    /// folder, ssh: a CRL file to ship with the certificate.
    pub crl: Option<PathBuf>,
    /// folder, ssh: ship this local CA's CRL instead, signed afresh at each push.
    pub crl_from_ca: Option<i64>,
    /// ssh: where the CRL goes on the node.
    pub crl_path: Option<String>,
    /// folder: a local command; ssh: a command run on the node.
    pub reload: Option<String>,
    /// ssh: the address (default: the node's FQDN).
    pub ssh_host: Option<String>,
    pub ssh_port: u16,
    pub ssh_user: Option<String>,
    pub certificate_path: Option<String>,
    pub key_path: Option<String>,
    pub trusted_ca_path: Option<String>,
    /// https: the folder or form URL; pexip: the Management Node.
    pub url: Option<String>,
    /// https: `webdav` or `multipart`.
    pub upload_mode: String,
    /// https: `basic` or `digest`.
    pub http_auth: String,
    /// https, multipart: the form field carrying the file.
    pub form_field: String,
    /// https, pexip: the user for HTTP authentication.
    pub http_user: Option<String>,
    /// pexip: the node's name in Pexip Infinity (default: the certdeck node's name).
    pub pexip_node: Option<String>,
}

impl Default for DriverFields {
    fn default() -> Self {
        Self {
            path: None,
            crl: None,
            crl_from_ca: None,
            crl_path: None,
            reload: None,
            ssh_host: None,
            ssh_port: 22,
            ssh_user: None,
            certificate_path: None,
            key_path: None,
            trusted_ca_path: None,
            url: None,
            upload_mode: "webdav".into(),
            http_auth: "basic".into(),
            form_field: "file".into(),
            http_user: None,
            pexip_node: None,
        }
    }
}

impl DriverFields {
    /// The fields back from a node's stored settings (to edit them).
    pub fn of(node: &Node) -> Self {
        let text = |key: &str| {
            node.settings
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let defaults = Self::default();
        Self {
            path: text("path").map(PathBuf::from),
            crl: text("crl").map(PathBuf::from),
            crl_from_ca: node.settings.get("crl_ca").and_then(Value::as_i64),
            crl_path: text("crl_path"),
            reload: text("reload"),
            ssh_host: text("host"),
            ssh_port: node
                .settings
                .get("port")
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok())
                .unwrap_or(defaults.ssh_port),
            ssh_user: (node.driver == "ssh").then(|| text("user")).flatten(),
            certificate_path: text("certificate_path"),
            key_path: text("key_path"),
            trusted_ca_path: text("trusted_ca_path"),
            url: text("url"),
            upload_mode: text("mode").unwrap_or(defaults.upload_mode),
            http_auth: text("auth").unwrap_or(defaults.http_auth),
            form_field: text("field").unwrap_or(defaults.form_field),
            http_user: (node.driver != "ssh").then(|| text("user")).flatten(),
            pexip_node: text("node_name"),
        }
    }
}

/// A field a driver cannot work without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// folder: where to write.
    Path,
    /// ssh: the user to log in as.
    SshUser,
    /// ssh: where the certificate goes on the node.
    CertificatePath,
    /// https, pexip: the URL.
    Url,
    /// pexip: the API user.
    HttpUser,
}

impl std::fmt::Display for Required {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Required::Path => "the folder to write to (--path)",
            Required::SshUser => "the user to log in as (--ssh-user)",
            Required::CertificatePath => "the certificate's path on the node (--cert-path)",
            Required::Url => "the URL (--url)",
            Required::HttpUser => "the API user (--http-user)",
        })
    }
}

/// The fields `driver` needs that are empty.
pub fn missing(driver: &str, fields: &DriverFields) -> Vec<Required> {
    let empty = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    let wanted: &[(bool, Required)] = match driver {
        "folder" => &[(
            fields
                .path
                .as_ref()
                .is_none_or(|p| p.as_os_str().is_empty()),
            Required::Path,
        )],
        "ssh" => &[
            (empty(&fields.ssh_user), Required::SshUser),
            (empty(&fields.certificate_path), Required::CertificatePath),
        ],
        "https" => &[(empty(&fields.url), Required::Url)],
        "pexip" => &[
            (empty(&fields.url), Required::Url),
            (empty(&fields.http_user), Required::HttpUser),
        ],
        _ => &[],
    };
    wanted
        .iter()
        .filter(|(is_missing, _)| *is_missing)
        .map(|(_, field)| *field)
        .collect()
}

/// The settings `driver` stores for a node named `name` (FQDN `fqdn`), checked by building the
/// driver from them: an incomplete form is refused here, not at the first push.
pub fn driver_settings(
    driver: &str,
    name: &str,
    fqdn: &str,
    fields: &DriverFields,
) -> Result<Value, PushError> {
    let drivers = super::driver_names();
    if !drivers.contains(&driver) {
        return Err(PushError::Settings(format!(
            "unknown driver {driver:?}: one of {}",
            drivers.join(", ")
        )));
    }
    let missing = missing(driver, fields);
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(Required::to_string).collect();
        return Err(PushError::Settings(format!(
            "the {driver} driver needs {}",
            names.join(" and ")
        )));
    }
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| Value::String(v.to_string()))
            .unwrap_or(Value::Null)
    };
    if matches!(driver, "https" | "pexip")
        && let Some(url) = fields.url.as_deref()
    {
        super::https::require_https(url.trim())?;
    }
    let mut settings = Map::new();
    match driver {
        "pexip" => {
            settings.insert("url".into(), text(&fields.url));
            settings.insert("user".into(), text(&fields.http_user));
            let pexip_name = text(&fields.pexip_node);
            settings.insert(
                "node_name".into(),
                if pexip_name.is_null() {
                    Value::String(name.to_string())
                } else {
                    pexip_name
                },
            );
        }
        "https" => {
            settings.insert("url".into(), text(&fields.url));
            settings.insert("mode".into(), Value::String(fields.upload_mode.clone()));
            settings.insert("user".into(), text(&fields.http_user));
            settings.insert("auth".into(), Value::String(fields.http_auth.clone()));
            settings.insert("field".into(), Value::String(fields.form_field.clone()));
        }
        "ssh" => {
            let host = text(&fields.ssh_host);
            settings.insert(
                "host".into(),
                if host.is_null() {
                    Value::String(fqdn.to_string())
                } else {
                    host
                },
            );
            settings.insert("port".into(), Value::from(fields.ssh_port));
            settings.insert("user".into(), text(&fields.ssh_user));
            settings.insert("certificate_path".into(), text(&fields.certificate_path));
            settings.insert("key_path".into(), text(&fields.key_path));
            settings.insert("trusted_ca_path".into(), text(&fields.trusted_ca_path));
            if fields.crl_path.is_some() {
                if fields.crl.is_none() && fields.crl_from_ca.is_none() {
                    return Err(PushError::Settings(
                        "a CRL path on the node needs a CRL to ship: a file (--crl) or a local \
                         CA's (--crl-from-ca)"
                            .into(),
                    ));
                }
                settings.insert("crl_path".into(), text(&fields.crl_path));
            }
        }
        _ => {}
    }
    if let Some(path) = &fields.path {
        settings.insert("path".into(), Value::String(path.display().to_string()));
    }
    if let Some(reload) = fields.reload.as_deref().filter(|r| !r.trim().is_empty()) {
        settings.insert("reload".into(), Value::String(reload.to_string()));
    }
    if fields.crl.is_some() && fields.crl_from_ca.is_some() {
        return Err(PushError::Settings(
            "ship either a CRL file or a local CA's CRL, not both".into(),
        ));
    }
    if let Some(crl) = &fields.crl {
        settings.insert("crl".into(), Value::String(crl.display().to_string()));
    }
    if let Some(ca) = fields.crl_from_ca {
        settings.insert("crl_ca".into(), Value::from(ca));
    }
    let settings = Value::Object(settings);
    if driver != "none" {
        Driver::from_settings(driver, &settings)?;
    }
    Ok(settings)
}

/// A login secret of a node, named `node:INVENTORY:NAME:KIND` — in the OS keychain where one
/// works, else sealed by the inventory's vault (`store::secrets`): the inventory's id keeps two
/// inventories' nodes of the same name apart. A node name with `:` is refused (it could name
/// another inventory's entry), and entries of the first layout (`node:NAME:KIND`) are no longer
/// read: a shared inventory's node could have been named to match them (issue 28).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    /// The password for SSH, HTTP or the Pexip API.
    Password,
    /// An OpenSSH private key (the file's text).
    SshKey,
}

impl Secret {
    fn kind(self) -> &'static str {
        match self {
            Secret::Password => "password",
            Secret::SshKey => "ssh-key",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Secret::Password => "password",
            Secret::SshKey => "SSH key",
        }
    }

    /// The secret's name in the keychain and the vault.
    pub fn name(self, inventory: &str, node: &str) -> Result<String, String> {
        crate::store::nodes::check_node_name(node).map_err(|e| e.to_string())?;
        Ok(crate::store::secrets::node_secret_name(
            inventory,
            node,
            self.kind(),
        ))
    }

    /// The secret, `None` when neither the keychain nor the vault has it; `Err` when one of
    /// them failed.
    fn read(
        self,
        store: &mut crate::store::Inventory,
        node: &str,
    ) -> Result<Option<Zeroizing<String>>, String> {
        let failed =
            |e: &dyn std::fmt::Display| format!("cannot read the {} of {node}: {e}", self.words());
        let scope = store.id().map_err(|e| failed(&e))?;
        let name = self.name(&scope, node).map_err(|e| failed(&e))?;
        store.secret(&name).map_err(|e| failed(&e))
    }
}

/// Stores a node's secret, replacing one stored before where it lives; a new one in the keychain
/// where one works, else sealed by the vault. Says where it went.
pub fn store_secret(
    store: &mut crate::store::Inventory,
    node: &str,
    secret: Secret,
    value: &str,
) -> Result<crate::store::secrets::Place, String> {
    let scope = store.id().map_err(|e| e.to_string())?;
    let name = secret.name(&scope, node)?;
    store
        .replace_secret(&name, value)
        .map_err(|e| format!("cannot store the {} of {node}: {e}", secret.words()))
}

/// Deletes a node's secrets, wherever they live (when the node is removed). Only this
/// inventory's: another inventory's node of the same name keeps its own.
pub fn forget_secrets(store: &mut crate::store::Inventory, node: &str) {
    let Ok(scope) = store.id() else {
        return;
    };
    for secret in [Secret::Password, Secret::SshKey] {
        if let Ok(name) = secret.name(&scope, node) {
            let _ = store.forget_secret(&name);
        }
    }
}

/// Whether a secret of the node is stored (the form says so instead of showing it).
pub fn has_secret(store: &mut crate::store::Inventory, node: &str, secret: Secret) -> bool {
    matches!(secret.read(store, node), Ok(Some(_)))
}

/// A node's login secrets (absent ones stay empty). A keychain or vault that fails is an error
/// of its own: no login is attempted with secrets that could not be read.
pub fn credentials(
    store: &mut crate::store::Inventory,
    node: &str,
) -> Result<ssh::SshCredentials, PushError> {
    Ok(ssh::SshCredentials {
        password: Secret::Password
            .read(store, node)
            .map_err(PushError::Keychain)?,
        private_key: Secret::SshKey
            .read(store, node)
            .map_err(PushError::Keychain)?,
    })
}

/// The node's driver with its pin and its keychain secrets, ready to push.
///
/// A node from a shared inventory whose folder or reload command was not approved on this
/// machine is refused ([`PushError::NotApproved`]), and its folder session runs no command but
/// the approved one (a journal step naming another is refused when resumed).
pub fn driver_for(store: &mut crate::store::Inventory, node: &Node) -> Result<Driver, PushError> {
    let secrets = match node.driver.as_str() {
        "ssh" | "https" | "pexip" => credentials(store, &node.name)?,
        _ => ssh::SshCredentials::default(),
    };
    if node.approvals_dir.is_some() {
        let pending = crate::store::approvals::pending(std::slice::from_ref(node))
            .map_err(PushError::Settings)?;
        if !pending.is_empty() {
            return Err(PushError::NotApproved(crate::store::approvals::refusal(
                &pending,
            )));
        }
    }
    Driver::configure(
        &node.driver,
        super::driver::Configuration {
            settings: &node.settings,
            pin: node.pinned.clone(),
            credentials: secrets,
            shared: node.approvals_dir.is_some(),
        },
    )
}

/// Saves a node from the form: its secrets into the keychain first (a keychain that refuses
/// them leaves the inventory untouched), then the node in one transaction. A renamed node's
/// stored secrets move to its new name.
pub fn save(
    inventory: &mut crate::store::Inventory,
    setup: &crate::store::NodeSetup,
    secrets: &ssh::SshCredentials,
    now: time::OffsetDateTime,
) -> Result<i64, String> {
    let name = setup.name.trim();
    let renamed_from = setup.original.as_deref().filter(|old| *old != name);
    let mut kept = match renamed_from {
        Some(old) => credentials(inventory, old).map_err(|e| e.to_string())?,
        None => ssh::SshCredentials::default(),
    };
    if secrets.password.is_some() {
        kept.password = secrets.password.clone();
    }
    if secrets.private_key.is_some() {
        kept.private_key = secrets.private_key.clone();
    }
    let to_store = [
        (Secret::Password, &kept.password),
        (Secret::SshKey, &kept.private_key),
    ];
    for (secret, value) in to_store {
        if let Some(value) = value {
            // A renamed node's secret stays where the old name's was (the team's vault stays
            // the team's vault).
            let old_place = match renamed_from {
                Some(old) => {
                    let scope = inventory.id().map_err(|e| e.to_string())?;
                    inventory
                        .secret_place(&secret.name(&scope, old)?)
                        .map_err(|e| e.to_string())?
                }
                None => None,
            };
            match old_place {
                Some(place) => {
                    let scope = inventory.id().map_err(|e| e.to_string())?;
                    inventory
                        .set_secret(&secret.name(&scope, name)?, value, Some(place))
                        .map_err(|e| e.to_string())?;
                }
                None => {
                    store_secret(inventory, name, secret, value)?;
                }
            }
        }
    }
    let id = inventory.save_node(setup, now).map_err(|e| e.to_string())?;
    if let Some(old) = renamed_from {
        forget_secrets(inventory, old);
    }
    Ok(id)
}

pub use super::driver::{Contact, Identity};

/// Connects to the node's driver far enough to see who answers: the SSH host key (and, once it is
/// pinned, a login with the keychain's secrets) or the HTTPS certificate. `None` for drivers that
/// connect to nothing (folder, none). A changed host key is an error, as OpenSSH makes it.
///
/// `stored` is the node's stored secrets as [`credentials`] read them (before the connection:
/// the inventory is not held across it).
pub async fn first_contact(
    node: &Node,
    stored: Result<ssh::SshCredentials, PushError>,
    timeout: Duration,
) -> Result<Option<Contact>, PushError> {
    let secrets = match stored {
        Ok(secrets) => secrets,
        // Only an SSH login (once the host key is pinned) uses the secrets; seeing who answers
        // needs none, so an unusable keychain does not stop it.
        Err(error) if node.driver == "ssh" && node.pinned.is_some() => return Err(error),
        Err(_) => ssh::SshCredentials::default(),
    };
    first_contact_with(node, secrets, timeout).await
}

/// [`first_contact`] with the given secrets (a form's, before they are stored).
pub async fn first_contact_with(
    node: &Node,
    secrets: ssh::SshCredentials,
    timeout: Duration,
) -> Result<Option<Contact>, PushError> {
    Driver::with_secrets(&node.driver, &node.settings, node.pinned.clone(), secrets)?
        .first_contact(node.pinned.as_deref(), timeout)
        .await
}
