//! Localised words for engine codes.

use time::OffsetDateTime;

use crate::acme::Challenge;
use crate::acme::issue::Event as IssueEvent;
use crate::acme::outlook::Outlook;
use crate::acme::renew::Decision;
use crate::fl;
use crate::pki::{Object, StatusCode};

pub fn status(code: StatusCode, days_left: i64) -> String {
    match code {
        StatusCode::Good => fl!("status-good"),
        StatusCode::Revoked => fl!("status-revoked"),
        StatusCode::Temporary => fl!("status-temporary"),
        StatusCode::WeakSignature => fl!("status-weak-signature"),
        StatusCode::EmptySubject => fl!("status-empty-subject"),
        StatusCode::Expiring => fl!("status-expiring", days = days_left),
        StatusCode::Expired => fl!("status-expired"),
        StatusCode::NotYetValid => fl!("status-not-yet-valid"),
        StatusCode::WeakKey => fl!("status-weak-key"),
        StatusCode::NoSan => fl!("status-no-san"),
        StatusCode::Wildcard => fl!("status-wildcard"),
        StatusCode::Ca => fl!("status-ca"),
        StatusCode::IncompleteChain => fl!("status-incomplete-chain"),
        StatusCode::KeyMissing => fl!("status-key-missing"),
    }
}

pub fn kind(object: &Object) -> String {
    kind_named(object.kind())
}

/// The same words for an object kind as the engine names it (`certificate`, `private_key`, …).
pub fn kind_named(kind: &str) -> String {
    match kind {
        "certificate" => fl!("kind-certificate"),
        "private_key" => fl!("kind-private-key"),
        "csr" => fl!("kind-csr"),
        "crl" => fl!("kind-crl"),
        "tls_parameters" => fl!("kind-tls-parameters"),
        "public_key" => fl!("kind-public-key"),
        other => other.to_string(),
    }
}

/// A certificate's role in the inventory.
pub fn role(role: crate::store::Role) -> String {
    use crate::store::Role;
    match role {
        Role::Server => fl!("role-server"),
        Role::Leaf => fl!("role-leaf"),
        Role::Intermediate => fl!("role-intermediate"),
        Role::Root => fl!("role-root"),
    }
}

/// The PEM text shown for an object. Private keys are never shown.
pub fn pem_of(object: &Object) -> String {
    match object {
        Object::Certificate(cert) => cert.to_pem(),
        Object::Csr(csr) => csr.to_pem(),
        Object::Crl(crl) => crl.to_pem(),
        Object::TlsParameters(params) => params.to_pem(),
        Object::PrivateKey(_) | Object::PublicKey(_) => String::new(),
    }
}

/// A short name for the list.
pub fn name(object: &Object) -> String {
    match object {
        Object::Certificate(cert) => cert.display_name(),
        Object::PrivateKey(key) => key.summary.to_string(),
        Object::Csr(csr) => csr
            .subject
            .common_name()
            .map(str::to_string)
            .unwrap_or_else(|| csr.subject.to_string()),
        Object::Crl(crl) => crl
            .issuer
            .common_name()
            .map(str::to_string)
            .unwrap_or_else(|| crl.issuer.to_string()),
        Object::TlsParameters(params) => params.describe(),
        Object::PublicKey(public) => public.summary().to_string(),
    }
}

/// A node's last result as the store keeps it (`verified`, `applied: wrote …`,
/// `verification failed: host:port: …`), its leading word in the user's language; what follows
/// it is the driver's or the probe's own account (paths, endpoints), kept as is.
pub fn node_result(stored: &str) -> String {
    use crate::store::nodes::LastResult;
    // Written by an older certdeck or another tool: shown as it is.
    let Some((result, detail)) = LastResult::parse(stored) else {
        return stored.to_string();
    };
    let word = match result {
        LastResult::Verified => fl!("push-verified"),
        LastResult::Applied => fl!("push-applied"),
        LastResult::RolledBack => fl!("push-rolled-back"),
        LastResult::Failed => fl!("push-failed"),
        LastResult::VerificationFailed => fl!("nodes-check-failed-word"),
    };
    match detail {
        Some(detail) => format!("{word}: {detail}"),
        None => word,
    }
}

/// What the next pass does with a node, in words.
pub fn decision_words(outlook: &Outlook, now: OffsetDateTime) -> String {
    match &outlook.decision {
        Decision::NotDue { at } => fl!("renewals-due", date = super::i18n::date(*at)),
        Decision::Waiting { until, .. } if outlook.failing() => fl!(
            "renewals-retry",
            date = super::i18n::date_time(*until),
            failures = outlook.issuer.state.failures
        ),
        Decision::Waiting { until, .. } => {
            fl!(
                "renewals-rate-limited",
                date = super::i18n::date_time(*until)
            )
        }
        Decision::Order { .. } => fl!("renewals-due-now"),
        Decision::Push { .. } => fl!("renewals-push-now"),
        Decision::HoldForWindow { opens, .. } => {
            fl!(
                "renewals-hold",
                date = super::i18n::date_time(opens.unwrap_or(now))
            )
        }
    }
}

/// How a node proves its names, in words.
pub fn challenge_words(challenge: &Challenge) -> String {
    match challenge {
        Challenge::Dns01 { server } => fl!("challenge-dns01", server = server.clone()),
        Challenge::Manual { .. } => fl!("challenge-manual"),
        Challenge::Http01Listen { listen } => fl!("challenge-listen", listen = listen.clone()),
        Challenge::Http01Webroot { webroot } => {
            fl!("challenge-webroot", webroot = webroot.clone())
        }
    }
}

/// The common name of a distinguished name (`CN=Example CA, O=…` → `Example CA`), else the
/// whole name: the issuer column has room for a name, not a DN.
pub fn common_name(dn: &str) -> &str {
    dn.rsplit(", ")
        .find_map(|part| part.strip_prefix("CN="))
        .unwrap_or(dn)
}

/// A step of an order, in words.
pub fn event_words(event: &IssueEvent) -> String {
    match event {
        IssueEvent::Rehearsing { account } => {
            fl!("renewals-step-rehearsing", account = account.clone())
        }
        IssueEvent::Rehearsed { account } => {
            fl!("renewals-step-rehearsed", account = account.clone())
        }
        IssueEvent::Ordering { names } => fl!("renewals-step-ordering", names = names.join(", ")),
        IssueEvent::Proving { name, how } => {
            fl!(
                "renewals-step-proving",
                name = name.clone(),
                how = how.clone()
            )
        }
        IssueEvent::ShowRecord { .. } => fl!("renewals-step-create-record"),
        IssueEvent::Delegated { record, target } => fl!(
            "renewals-step-delegated",
            record = record.clone(),
            target = target.clone()
        ),
        IssueEvent::Waiting { record } => fl!("renewals-step-waiting-dns", record = record.clone()),
        IssueEvent::Finalizing => fl!("renewals-step-finalizing"),
        IssueEvent::Downloading => fl!("renewals-step-downloading"),
    }
}

/// A pass's outcome for a node (`renewed`, `failed`, …), in words.
pub fn outcome_words(outcome: &str) -> String {
    match outcome {
        "renewed" => fl!("renewals-outcome-renewed"),
        "pushed" => fl!("renewals-outcome-pushed"),
        "obtained" => fl!("renewals-outcome-obtained"),
        "not_due" => fl!("renewals-outcome-not-due"),
        "waiting" => fl!("renewals-outcome-waiting"),
        "would_renew" => fl!("renewals-outcome-would-renew"),
        "would_push" => fl!("renewals-outcome-would-push"),
        "failed" => fl!("renewals-outcome-failed"),
        other => other.to_string(),
    }
}
