//! One order, start to finish: new order (names, profile, the certificate it replaces) → prove
//! each name with the solver → wait until the CA says ready → finalize with our key's request or
//! the appliance's own → download the chain. Whatever the solver put in place is removed in every
//! case, and what could not be removed is said.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use instant_acme::{
    AuthorizationStatus, CertificateIdentifier, Identifier, NewOrder, OrderStatus, RetryPolicy,
};
use tokio::sync::mpsc::UnboundedSender;
use zeroize::Zeroizing;

use super::AcmeError;
use super::client::Connected;
use super::dns::Propagation;
use super::solve::Solver;
use crate::pki::request::{KeyType, Name, RequestSpec, Subject, Usage};

pub use crate::model::acme::OrderEvent as Event;

/// The key the certificate is for.
pub enum KeySource {
    /// A new key of this type (it comes back with the certificate, to be sealed).
    New(KeyType),
    /// An existing key (PKCS#8 PEM, in memory only).
    Existing(Zeroizing<String>),
    /// The appliance's own request (DER): its key stays on the appliance.
    Csr(Vec<u8>),
}

/// What to order.
pub struct Order<'a> {
    /// DNS names and IP addresses; the first is the common name.
    pub names: &'a [String],
    pub key: KeySource,
    pub profile: Option<&'a str>,
    /// The certificate this one replaces (ARI, RFC 9773): DER.
    pub replaces: Option<&'a [u8]>,
}

/// What the CA issued.
pub struct Issued {
    /// The leaf followed by the intermediates, PEM.
    pub chain_pem: String,
    /// The new key (PKCS#8 PEM), when certdeck made it.
    pub key_pem: Option<Zeroizing<String>>,
    /// Challenge records or files that could not be removed afterwards.
    pub left_behind: Vec<String>,
}

/// The order's names, checked as a signing request checks them ([`Name::parse`]: IP address or
/// DNS name, international names to punycode), lower case, each once.
fn checked_names(names: &[String]) -> Result<Vec<Name>, AcmeError> {
    let mut checked = Vec::new();
    for raw in names {
        let raw = raw.trim().trim_end_matches('.').to_lowercase();
        if raw.is_empty() {
            continue;
        }
        let name = Name::parse(&raw).map_err(|e| AcmeError::Invalid(format!("{raw}: {e}")))?;
        if !matches!(name, Name::Dns(_) | Name::Ip(_)) {
            return Err(AcmeError::Invalid(format!(
                "ACME orders are for DNS names and IP addresses, not {name}"
            )));
        }
        if !checked.contains(&name) {
            checked.push(name);
        }
    }
    if checked.is_empty() {
        return Err(AcmeError::Invalid(
            "an order needs at least one name".into(),
        ));
    }
    Ok(checked)
}

fn identifiers(names: &[Name]) -> Vec<Identifier> {
    names
        .iter()
        .filter_map(|name| match name {
            Name::Dns(dns) => Some(Identifier::Dns(dns.clone())),
            Name::Ip(ip) => Some(Identifier::Ip(*ip)),
            _ => None,
        })
        .collect()
}

/// A signing request for `names` with `key` (DER), made as every request of certdeck is. The
/// first name is the common name when it fits one (64 characters); CAs take the names from the
/// alternative names.
fn request_der(names: &[Name], key: &rcgen::KeyPair) -> Result<Vec<u8>, AcmeError> {
    let common_name = names
        .first()
        .and_then(|name| match name {
            Name::Dns(dns) => Some(dns.clone()),
            Name::Ip(ip) => Some(ip.to_string()),
            _ => None,
        })
        .filter(|cn| cn.len() <= 64);
    let checked = RequestSpec {
        subject: Subject {
            common_name,
            ..Subject::default()
        },
        names: names.iter().map(Name::to_string).collect(),
        cn_in_san: true,
        usage: Usage::Server,
        node: None,
    }
    .check(None)
    .map_err(AcmeError::Invalid)?;
    if checked.has_errors() {
        let errors: Vec<String> = checked.lints.iter().map(|l| l.message.clone()).collect();
        return Err(AcmeError::Invalid(errors.join("; ")));
    }
    checked
        .sign(key)
        .map_err(|e| AcmeError::Invalid(format!("cannot make the signing request: {e}")))
}

/// Runs one order with `solver`; the solver's traces are removed whatever happens.
pub(super) async fn obtain(
    connected: &Connected,
    order: Order<'_>,
    mut solver: Solver,
    propagation: Propagation,
    events: &UnboundedSender<Event>,
    cancel: &Arc<AtomicBool>,
) -> Result<Issued, AcmeError> {
    let names = checked_names(order.names)?;
    let proven = prove(
        connected,
        &order,
        &names,
        &mut solver,
        propagation,
        events,
        cancel,
    )
    .await;
    let left_behind = solver.clean_up().await;
    let mut acme_order = match proven {
        Ok(acme_order) => acme_order,
        Err(error) if left_behind.is_empty() => return Err(error),
        Err(error) => {
            return Err(with_left(error, &left_behind));
        }
    };
    let _ = events.send(Event::Finalizing);
    let (csr, key_pem) = match order.key {
        KeySource::New(kind) => {
            let key = kind.generate().map_err(AcmeError::Invalid)?;
            let pem = Zeroizing::new(key.serialize_pem());
            (request_der(&names, &key)?, Some(pem))
        }
        KeySource::Existing(pem) => {
            let key = rcgen::KeyPair::from_pem(&pem)
                .map_err(|e| AcmeError::Invalid(format!("the node's current key: {e}")))?;
            (request_der(&names, &key)?, None)
        }
        KeySource::Csr(der) => (der, None),
    };
    acme_order
        .finalize_csr(&csr)
        .await
        .map_err(|e| connected.error(e))?;
    let _ = events.send(Event::Downloading);
    let chain_pem = acme_order
        .poll_certificate(&RetryPolicy::new().timeout(Duration::from_secs(120)))
        .await
        .map_err(|e| connected.error(e))?;
    Ok(Issued {
        chain_pem,
        key_pem,
        left_behind,
    })
}

fn with_left(error: AcmeError, left: &[String]) -> AcmeError {
    match error {
        AcmeError::Challenge(text) => AcmeError::Challenge(format!("{text}; {}", left.join("; "))),
        AcmeError::Dns(text) => AcmeError::Dns(format!("{text}; {}", left.join("; "))),
        other => other,
    }
}

/// New order, every authorization answered, until the CA says the order is ready.
async fn prove(
    connected: &Connected,
    order: &Order<'_>,
    names: &[Name],
    solver: &mut Solver,
    propagation: Propagation,
    events: &UnboundedSender<Event>,
    cancel: &Arc<AtomicBool>,
) -> Result<instant_acme::Order, AcmeError> {
    let identifiers = identifiers(names);
    let replaces = order
        .replaces
        .map(|der| {
            CertificateIdentifier::try_from(&rustls_pki_types::CertificateDer::from(der))
                .map(CertificateIdentifier::into_owned)
        })
        .transpose()
        .ok()
        .flatten();
    let _ = events.send(Event::Ordering {
        names: order.names.to_vec(),
    });
    let base = NewOrder::new(&identifiers).profile_opt(order.profile);
    let with_replaces = match &replaces {
        Some(id) => base.replaces(id.clone()),
        None => base,
    };
    let mut acme_order = match connected.account.new_order(&with_replaces).await {
        // A CA without ARI: the same order without `replaces`.
        Err(instant_acme::Error::Unsupported(_)) => {
            let plain = NewOrder::new(&identifiers).profile_opt(order.profile);
            connected.account.new_order(&plain).await
        }
        other => other,
    }
    .map_err(|e| connected.error(e))?;

    let kind = solver.kind();
    let mut authorizations = acme_order.authorizations();
    while let Some(authorization) = authorizations.next().await {
        if cancel.load(Ordering::Relaxed) {
            return Err(AcmeError::Cancelled);
        }
        let mut authorization = authorization.map_err(|e| connected.error(e))?;
        match authorization.status {
            AuthorizationStatus::Valid => continue,
            AuthorizationStatus::Pending => {}
            other => {
                return Err(AcmeError::Challenge(format!(
                    "the CA's authorization for {} is {other:?}",
                    authorization.identifier()
                )));
            }
        }
        let name = authorization.identifier().to_string();
        let Some(mut challenge) = authorization.challenge(kind.clone()) else {
            return Err(AcmeError::Challenge(format!(
                "the CA offers no {kind:?} challenge for {name}"
            )));
        };
        let _ = events.send(Event::Proving {
            name: name.clone(),
            how: format!("{kind:?}"),
        });
        let key_authorization = challenge.key_authorization();
        let token = challenge.token.clone();
        solver
            .present(
                &name,
                &token,
                &key_authorization,
                propagation,
                events,
                cancel,
            )
            .await?;
        challenge
            .set_ready()
            .await
            .map_err(|e| AcmeError::Challenge(format!("{name}: {}", connected.error(e))))?;
    }
    let status = acme_order
        .poll_ready(&RetryPolicy::new().timeout(Duration::from_secs(120)))
        .await
        .map_err(|e| connected.error(e))?;
    match status {
        OrderStatus::Ready | OrderStatus::Valid => Ok(acme_order),
        other => Err(AcmeError::Challenge(
            failed_challenges(&mut acme_order)
                .await
                .unwrap_or_else(|| format!("the order is {other:?}")),
        )),
    }
}

/// Why the CA refused the names: each failed challenge's problem.
async fn failed_challenges(order: &mut instant_acme::Order) -> Option<String> {
    let mut reasons = Vec::new();
    let mut authorizations = order.authorizations();
    while let Some(Ok(authorization)) = authorizations.next().await {
        for challenge in &authorization.challenges {
            if let Some(problem) = &challenge.error {
                reasons.push(format!(
                    "{}: {}",
                    authorization.identifier(),
                    problem
                        .detail
                        .clone()
                        .unwrap_or_else(|| problem.to_string())
                ));
            }
        }
    }
    (!reasons.is_empty()).then(|| format!("the CA could not validate {}", reasons.join("; ")))
}

/// `NewOrder::profile` for an optional profile.
trait ProfileOpt<'a> {
    fn profile_opt(self, profile: Option<&'a str>) -> Self;
}

impl<'a> ProfileOpt<'a> for NewOrder<'a> {
    fn profile_opt(self, profile: Option<&'a str>) -> Self {
        match profile {
            Some(profile) => self.profile(profile),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_dns_and_ip_identifiers_once_each() {
        let names = vec![
            "Node1.Example.com.".to_string(),
            "node1.example.com".to_string(),
            "192.0.2.7".to_string(),
            "2001:db8::1".to_string(),
        ];
        let ids = identifiers(&checked_names(&names).unwrap());
        assert_eq!(
            ids,
            vec![
                Identifier::Dns("node1.example.com".into()),
                Identifier::Ip("192.0.2.7".parse().unwrap()),
                Identifier::Ip("2001:db8::1".parse().unwrap()),
            ]
        );
        assert!(checked_names(&[]).is_err());
    }
}
