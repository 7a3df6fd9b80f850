//! Signing requests and the local CA, in the inventory: new keys go straight into the vault,
//! requests are kept as pending until the signed certificate comes back (by any route: the import
//! pairs it by public key), and what the local CA issues is recorded.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use super::db::params;
use super::import::ImportReport;
use super::{Inventory, StoreError};
use crate::pki::authority;
use crate::pki::request::{
    KeyType, Lint, NodeNames, RequestSpec, Subject, Usage, key_pair_from_pkcs8, pkcs8_of,
};
use crate::pki::{Certificate, DecodeOptions, Decoded, Item, Object, PrivateKey, pem};

/// Which key a request or certificate gets.
#[derive(Clone, Debug)]
pub enum KeyChoice {
    New(KeyType),
    /// The key of a stored certificate (renewal with the same key).
    OfCertificate(i64),
}

/// A request made by certdeck.
#[derive(Clone, Debug, Serialize)]
pub struct RequestOutcome {
    pub id: i64,
    pub subject: String,
    pub san: Vec<String>,
    pub key: String,
    pub lints: Vec<Lint>,
    pub pem: String,
}

/// A stored request.
#[derive(Clone, Debug, Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub usage: String,
    pub has_private_key: bool,
    pub certificate_id: Option<i64>,
    pub created_at: String,
}

/// A local CA.
#[derive(Clone, Debug, Serialize)]
pub struct CaRow {
    pub id: i64,
    pub certificate_id: i64,
    pub subject: String,
    pub kind: &'static str,
    pub not_after: String,
    pub issued: i64,
}

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid(message.into())
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Objects to write, named as if they had been imported from `source`.
fn batch(
    source: &str,
    ders: &[(&str, &[u8])],
    keys: Vec<PrivateKey>,
) -> Result<Decoded, StoreError> {
    let mut decoded = Decoded::default();
    for key in keys {
        decoded.items.push(Item {
            file: source.into(),
            location: "new key".into(),
            friendly_name: None,
            local_key_id: None,
            object: Object::PrivateKey(Box::new(key)),
        });
    }
    for (what, der) in ders {
        let object = match *what {
            "csr" => Object::Csr(Box::new(
                crate::pki::Csr::from_der(der).map_err(|e| invalid(format!("{e:?}")))?,
            )),
            _ => Object::Certificate(Arc::new(
                Certificate::from_der(der)
                    .map_err(|e| invalid(format!("made an unreadable certificate: {e:?}")))?,
            )),
        };
        decoded.items.push(Item {
            file: source.into(),
            location: what.to_string(),
            friendly_name: None,
            local_key_id: None,
            object,
        });
    }
    Ok(decoded)
}

fn private_key(pkcs8: &[u8]) -> Result<PrivateKey, StoreError> {
    PrivateKey::from_pkcs8_der(pkcs8).map_err(|e| invalid(format!("made an unreadable key: {e:?}")))
}

fn certificate_id(report: &ImportReport) -> Option<i64> {
    report
        .outcomes
        .iter()
        .find(|o| o.kind == "certificate")
        .and_then(|o| o.id)
}

impl Inventory {
    pub(super) fn unsealed_key(
        &mut self,
        certificate_id: i64,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, StoreError> {
        let found: Option<(i64, Vec<u8>)> = self.db.query_opt(
            "SELECT k.id, k.sealed FROM certificates c JOIN private_keys k ON k.id = c.private_key_id \
             WHERE c.id = ?1",
            params![certificate_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (key_id, sealed) = found.ok_or_else(|| {
            StoreError::NotFound(format!(
                "certificate {certificate_id} has no private key in the vault"
            ))
        })?;
        self.vault()?
            .open_sealed(&super::vault::key_record(key_id), &sealed)
    }

    fn node_names(&self, node: &str) -> Result<NodeNames, StoreError> {
        let nodes = self.nodes()?;
        let found = nodes
            .into_iter()
            .find(|n| n.name == node)
            .ok_or_else(|| StoreError::NotFound(format!("no node named {node}")))?;
        Ok(NodeNames {
            sip: found.role.contains("sip"),
            name: found.name,
            fqdn: found.fqdn,
            alt_names: found.alt_names,
        })
    }

    /// Makes a request: checks it, makes (or reuses) the key, seals the key, keeps the request
    /// as pending. Errors among the checks stop it unless `force`.
    pub fn create_request(
        &mut self,
        mut spec: RequestSpec,
        key: KeyChoice,
        node: Option<&str>,
        force: bool,
        now: OffsetDateTime,
    ) -> Result<RequestOutcome, StoreError> {
        if let Some(node) = node {
            spec.node = Some(self.node_names(node)?);
        }
        let pkcs8 = match &key {
            KeyChoice::New(kind) => pkcs8_of(&kind.generate().map_err(invalid)?),
            KeyChoice::OfCertificate(id) => self.unsealed_key(*id)?,
        };
        let key_pair = key_pair_from_pkcs8(&pkcs8).map_err(invalid)?;
        let private = private_key(&pkcs8)?;
        let checked = spec.check(Some(&private.summary)).map_err(invalid)?;
        if checked.has_errors() && !force {
            let errors: Vec<String> = checked
                .lints
                .iter()
                .filter(|l| l.severity == crate::pki::status::Severity::Error)
                .map(|l| l.message.clone())
                .collect();
            return Err(invalid(format!(
                "the request was not made: {}",
                errors.join("; ")
            )));
        }
        let csr_der = checked.sign(&key_pair).map_err(invalid)?;
        let usage = match spec.usage {
            Usage::Server => "server",
            Usage::Client => "client",
            Usage::Both => "both",
        };
        let decoded = batch("new request", &[("csr", &csr_der)], vec![private.clone()])?;
        let stored_usage = usage.to_string();
        let der_for_row = csr_der.clone();
        self.import_decoded(&decoded, now, move |tx| {
            tx.execute(
                "UPDATE csrs SET usage = ?1 WHERE der = ?2",
                params![stored_usage, der_for_row],
            )?;
            Ok(())
        })?;
        let id: i64 = self
            .db
            .value("SELECT id FROM csrs WHERE der = ?1", params![csr_der])?;
        Ok(RequestOutcome {
            id,
            subject: crate::pki::Csr::from_der(&csr_der)
                .map(|c| c.subject.to_string())
                .unwrap_or_default(),
            san: checked.names.iter().map(|n| n.to_string()).collect(),
            key: private.summary.to_string(),
            lints: checked.lints,
            pem: pem::encode("CERTIFICATE REQUEST", &csr_der),
        })
    }

    /// A request for an existing certificate's subject and names, plus `extra_names` (the Pexip
    /// "CSR for existing certificate" flow). A new key of the same kind unless `key` says otherwise.
    pub fn renew_request(
        &mut self,
        certificate: i64,
        extra_names: &[String],
        key: Option<KeyChoice>,
        force: bool,
        now: OffsetDateTime,
    ) -> Result<RequestOutcome, StoreError> {
        let (row, cert) = self.find(&certificate.to_string())?;
        let key = key.unwrap_or_else(|| KeyChoice::New(KeyType::like(&cert.key)));
        let mut names = cert.san.clone();
        names.extend(extra_names.iter().cloned());
        let usage = match cert.extended_key_usage.as_deref() {
            Some(p)
                if p.iter().any(|x| x == "serverAuth") && p.iter().any(|x| x == "clientAuth") =>
            {
                Usage::Both
            }
            Some(p) if p.iter().any(|x| x == "clientAuth") => Usage::Client,
            _ => Usage::Server,
        };
        let spec = RequestSpec {
            subject: Subject::from_name(&cert.subject),
            names,
            cn_in_san: false,
            usage,
            node: None,
        };
        let node = row.nodes.first().cloned();
        self.create_request(spec, key, node.as_deref(), force, now)
    }

    pub fn requests(&self) -> Result<Vec<RequestRow>, StoreError> {
        self.db.query_map(
            "SELECT id, subject, status, usage, private_key_id IS NOT NULL, certificate_id, \
             created_at FROM csrs ORDER BY id",
            params![],
            |r| {
                Ok(RequestRow {
                    id: r.get(0)?,
                    subject: r.get(1)?,
                    status: r.get(2)?,
                    usage: r.get(3)?,
                    has_private_key: r.get(4)?,
                    certificate_id: r.get(5)?,
                    created_at: rfc3339(
                        OffsetDateTime::from_unix_timestamp(r.get(6)?)
                            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                    ),
                })
            },
        )
    }

    pub fn request_der(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        self.db
            .query_opt("SELECT der FROM csrs WHERE id = ?1", params![id], |r| {
                r.get(0)
            })?
            .ok_or_else(|| StoreError::NotFound(format!("no request {id}")))
    }

    /// Creates a root CA (and an intermediate under it when `intermediate` is given). Their keys
    /// go into the vault; the root goes on the trusted CA list.
    pub fn create_ca(
        &mut self,
        root: &Subject,
        intermediate: Option<&Subject>,
        key_type: KeyType,
        lifetime_days: i64,
        now: OffsetDateTime,
    ) -> Result<Vec<i64>, StoreError> {
        let root_key = key_type.generate().map_err(invalid)?;
        let root_der = authority::new_root(root, &root_key, lifetime_days, now).map_err(invalid)?;
        let mut ders = vec![root_der.clone()];
        let mut keys = vec![private_key(&pkcs8_of(&root_key))?];
        if let Some(subject) = intermediate {
            let key = key_type.generate().map_err(invalid)?;
            let der = authority::new_intermediate(
                subject,
                &key,
                &root_der,
                &root_key,
                (lifetime_days * 2 / 3).max(1),
                now,
            )
            .map_err(invalid)?;
            ders.push(der);
            keys.push(private_key(&pkcs8_of(&key))?);
        }
        let refs: Vec<(&str, &[u8])> = ders.iter().map(|d| ("certificate", d.as_slice())).collect();
        let decoded = batch("local CA", &refs, keys)?;
        let fingerprints: Vec<String> = decoded
            .certificates()
            .map(|c| c.fingerprint_sha256.clone())
            .collect();
        let stamp = now.unix_timestamp();
        self.import_decoded(&decoded, now, |tx| {
            let mut parent: Option<i64> = None;
            for fingerprint in &fingerprints {
                parent = Some(tx.value(
                    "INSERT INTO local_cas (certificate_id, parent_id, created_at) \
                     SELECT id, ?2, ?3 FROM certificates WHERE fingerprint_sha256 = ?1 \
                     RETURNING id",
                    params![fingerprint, parent, stamp],
                )?);
            }
            Ok(())
        })?;
        let mut ids = Vec::new();
        for fingerprint in &fingerprints {
            ids.push(self.db.value(
                "SELECT l.id FROM local_cas l JOIN certificates c ON c.id = l.certificate_id \
                 WHERE c.fingerprint_sha256 = ?1",
                params![fingerprint],
            )?);
        }
        Ok(ids)
    }

    pub fn cas(&self) -> Result<Vec<CaRow>, StoreError> {
        self.db.query_map(
            "SELECT l.id, l.certificate_id, c.subject, l.parent_id IS NULL, c.not_after, \
             (SELECT count(*) FROM issued_certificates i WHERE i.ca_id = l.id) FROM local_cas l \
             JOIN certificates c ON c.id = l.certificate_id ORDER BY l.id",
            params![],
            |r| {
                let root: bool = r.get(3)?;
                Ok(CaRow {
                    id: r.get(0)?,
                    certificate_id: r.get(1)?,
                    subject: r.get(2)?,
                    kind: if root { "root" } else { "intermediate" },
                    not_after: rfc3339(
                        OffsetDateTime::from_unix_timestamp(r.get(4)?)
                            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                    ),
                    issued: r.get(5)?,
                })
            },
        )
    }

    /// The CA to issue with: the one asked for, else the newest intermediate, else the newest root.
    pub(super) fn issuing_ca(&self, ca: Option<i64>) -> Result<CaRow, StoreError> {
        let cas = self.cas()?;
        match ca {
            Some(id) => cas
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| StoreError::NotFound(format!("no local CA {id}"))),
            None => cas
                .iter()
                .rev()
                .find(|c| c.kind == "intermediate")
                .or_else(|| cas.iter().rev().find(|c| c.kind == "root"))
                .cloned()
                .ok_or_else(|| {
                    StoreError::NotFound("no local CA: create one with `certdeck ca init`".into())
                }),
        }
    }

    /// Issues a certificate with the local CA.
    pub fn issue(
        &mut self,
        source: IssueSource,
        ca: Option<i64>,
        lifetime_days: i64,
        now: OffsetDateTime,
    ) -> Result<IssueOutcome, StoreError> {
        let ca = self.issuing_ca(ca)?;
        let ca_der = self.certificate_der(ca.certificate_id)?;
        let ca_key =
            key_pair_from_pkcs8(&self.unsealed_key(ca.certificate_id)?).map_err(invalid)?;
        let (cert_der, keys, node) = match source {
            IssueSource::Csr { der, usage } => (
                authority::issue_from_csr(&der, &ca_der, &ca_key, usage, lifetime_days, now)
                    .map_err(invalid)?,
                Vec::new(),
                None,
            ),
            IssueSource::Request(id) => {
                let der = self.request_der(id)?;
                let usage: String = self
                    .db
                    .value("SELECT usage FROM csrs WHERE id = ?1", params![id])?;
                let usage = match usage.as_str() {
                    "client" => Usage::Client,
                    "both" => Usage::Both,
                    _ => Usage::Server,
                };
                (
                    authority::issue_from_csr(&der, &ca_der, &ca_key, usage, lifetime_days, now)
                        .map_err(invalid)?,
                    Vec::new(),
                    None,
                )
            }
            IssueSource::Node {
                name,
                key_type,
                usage,
            } => {
                let names = self.node_names(&name)?;
                let mut all = vec![names.fqdn.clone()];
                all.extend(names.alt_names.iter().cloned());
                let spec = RequestSpec {
                    subject: Subject {
                        common_name: Some(names.fqdn.clone()),
                        ..Default::default()
                    },
                    names: all,
                    cn_in_san: true,
                    usage,
                    node: Some(names),
                };
                let key = key_type.generate().map_err(invalid)?;
                let pkcs8 = pkcs8_of(&key);
                let private = private_key(&pkcs8)?;
                let checked = spec.check(Some(&private.summary)).map_err(invalid)?;
                let der =
                    authority::issue_direct(&checked, &key, &ca_der, &ca_key, lifetime_days, now)
                        .map_err(invalid)?;
                (der, vec![private], Some(name))
            }
        };
        let cert = Certificate::from_der(&cert_der).map_err(|e| invalid(format!("{e:?}")))?;
        let decoded = batch("local CA", &[("certificate", &cert_der)], keys)?;
        let (serial, subject, fingerprint, stamp) = (
            cert.serial.clone(),
            cert.subject.to_string(),
            cert.fingerprint_sha256.clone(),
            now.unix_timestamp(),
        );
        let report = self.import_decoded(&decoded, now, |tx| {
            tx.execute(
                "INSERT INTO issued_certificates (ca_id, certificate_id, serial, subject, issued_at) \
                 SELECT ?1, id, ?2, ?3, ?4 FROM certificates WHERE fingerprint_sha256 = ?5",
                params![ca.id, serial, subject, stamp, fingerprint],
            )?;
            Ok(())
        })?;
        let id = certificate_id(&report)
            .ok_or_else(|| invalid("the issued certificate was not stored"))?;
        if let Some(node) = &node {
            self.assign(node, id, now)?;
        }
        Ok(IssueOutcome {
            certificate_id: id,
            subject: cert.subject.to_string(),
            serial: cert.serial,
            not_after: rfc3339(cert.not_after),
            issued_by: ca.subject,
            node,
            detail: report
                .outcomes
                .iter()
                .find(|o| o.kind == "certificate")
                .map(|o| o.detail.clone())
                .unwrap_or_default(),
        })
    }

    /// Imports files given as paths (a CSR file for `ca issue`).
    pub fn read_request_file(path: &std::path::Path) -> Result<Vec<u8>, StoreError> {
        let decoded = crate::pki::decode_file(path, &DecodeOptions::default());
        decoded
            .items
            .iter()
            .find_map(|i| match &i.object {
                Object::Csr(csr) => Some(csr.der().to_vec()),
                _ => None,
            })
            .ok_or_else(|| match decoded.errors.first() {
                Some(error) => invalid(error.to_string()),
                None => invalid(format!("{} holds no certificate request", path.display())),
            })
    }
}

/// What the CA issues for.
#[derive(Clone, Debug)]
pub enum IssueSource {
    /// A request from a file (its key stays wherever it is).
    Csr { der: Vec<u8>, usage: Usage },
    /// A pending request of the inventory.
    Request(i64),
    /// A node: subject and names from the node, a new key into the vault, assigned to it.
    Node {
        name: String,
        key_type: KeyType,
        usage: Usage,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct IssueOutcome {
    pub certificate_id: i64,
    pub subject: String,
    pub serial: String,
    pub not_after: String,
    pub issued_by: String,
    pub node: Option<String>,
    pub detail: String,
}
