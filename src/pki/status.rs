//! Certificate statuses, computed for a given moment (never the wall clock): the words an
//! administrator sorts a certificate list by.

use serde::Serialize;
use time::OffsetDateTime;
use time::macros::format_description;

use super::cert::Certificate;

/// Status codes. The order is the precedence for the overall status: the first that applies wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusCode {
    /// Its CA revoked it (a CRL, or the local CA's own record).
    Revoked,
    Expired,
    NotYetValid,
    WeakSignature,
    WeakKey,
    IncompleteChain,
    KeyMissing,
    Temporary,
    EmptySubject,
    Expiring,
    NoSan,
    Wildcard,
    Ca,
    Good,
}

impl StatusCode {
    /// The stable code used in JSON and settings (`weak_signature`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::WeakSignature => "weak_signature",
            Self::WeakKey => "weak_key",
            Self::IncompleteChain => "incomplete_chain",
            Self::KeyMissing => "key_missing",
            Self::Temporary => "temporary",
            Self::EmptySubject => "empty_subject",
            Self::Expiring => "expiring",
            Self::NoSan => "no_san",
            Self::Wildcard => "wildcard",
            Self::Ca => "ca",
            Self::Revoked => "revoked",
            Self::Good => "good",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Self::Revoked
            | Self::Expired
            | Self::NotYetValid
            | Self::WeakSignature
            | Self::WeakKey
            | Self::IncompleteChain
            | Self::KeyMissing => Severity::Error,
            Self::Temporary
            | Self::EmptySubject
            | Self::Expiring
            | Self::NoSan
            | Self::Wildcard => Severity::Warning,
            Self::Ca | Self::Good => Severity::Info,
        }
    }

    pub const ALL: [StatusCode; 14] = [
        Self::Revoked,
        Self::Expired,
        Self::NotYetValid,
        Self::WeakSignature,
        Self::WeakKey,
        Self::IncompleteChain,
        Self::KeyMissing,
        Self::Temporary,
        Self::EmptySubject,
        Self::Expiring,
        Self::NoSan,
        Self::Wildcard,
        Self::Ca,
        Self::Good,
    ];
}

impl std::fmt::Display for StatusCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One status with the reason in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    pub code: StatusCode,
    pub severity: Severity,
    pub reason: String,
}

/// What is known about the certificate's surroundings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainState {
    /// Not looked at.
    Unknown,
    /// A path to a trusted root exists.
    Complete,
    /// The path stops: `missing` says what is missing.
    Incomplete { missing: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyPresence {
    /// Not known, or no key is expected (CAs, certificates of others).
    NotApplicable,
    Present,
    /// A server certificate whose private key is expected but absent.
    Missing,
}

/// Inputs to [`assess`].
#[derive(Clone, Debug)]
pub struct StatusContext {
    pub now: OffsetDateTime,
    /// `expiring` applies when at most this many days are left (default 60).
    pub expiring_within_days: i64,
    pub chain: ChainState,
    pub key: KeyPresence,
    /// Why the certificate is revoked, when a revocation check found it so.
    pub revoked: Option<String>,
}

impl StatusContext {
    pub fn at(now: OffsetDateTime) -> Self {
        Self {
            now,
            expiring_within_days: 60,
            chain: ChainState::Unknown,
            key: KeyPresence::NotApplicable,
            revoked: None,
        }
    }
}

/// Every status that applies, and the one that sums it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub statuses: Vec<Status>,
    pub overall: StatusCode,
    /// Whole days until `not_after` (negative once expired).
    pub days_left: i64,
}

impl Assessment {
    pub fn has(&self, code: StatusCode) -> bool {
        self.statuses.iter().any(|s| s.code == code)
    }

    pub fn codes(&self) -> Vec<StatusCode> {
        self.statuses.iter().map(|s| s.code).collect()
    }
}

fn date(t: OffsetDateTime) -> String {
    t.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_else(|_| t.to_string())
}

/// What statuses are computed from: a handful of facts per certificate, small enough to keep in a
/// database column set so that listing 10,000 certificates needs no parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusFacts {
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub self_signed: bool,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    /// Has a SAN or the serverAuth purpose: it identifies a host.
    pub serves_hosts: bool,
    pub has_san: bool,
    pub empty_subject: bool,
    /// The signature algorithm's name when its hash is broken (MD2, MD4, MD5, SHA-1).
    pub weak_signature: Option<String>,
    pub key_algorithm: String,
    pub key_bits: Option<u32>,
    /// The first wildcard name (SAN DNS or CN).
    pub wildcard: Option<String>,
}

impl StatusFacts {
    pub fn of(cert: &Certificate) -> Self {
        let serves_hosts = !cert.san.is_empty()
            || cert
                .extended_key_usage
                .as_ref()
                .is_some_and(|eku| eku.iter().any(|p| p == "serverAuth"));
        Self {
            not_before: cert.not_before,
            not_after: cert.not_after,
            self_signed: cert.self_signed,
            is_ca: cert.is_ca,
            path_len: cert.path_len,
            serves_hosts,
            has_san: !cert.san.is_empty(),
            empty_subject: cert.subject.is_empty(),
            weak_signature: cert
                .weak_signature
                .then(|| cert.signature_algorithm.clone()),
            key_algorithm: cert.key.algorithm.clone(),
            key_bits: cert.key.bits,
            wildcard: cert
                .dns_names()
                .chain(cert.subject.common_name())
                .find(|name| name.starts_with("*."))
                .map(str::to_string),
        }
    }

    /// A self-signed certificate that serves a host rather than signs others: no CA flag, or a
    /// CA flag with host names or server authentication (as `openssl req -x509` makes them).
    pub fn is_temporary(&self) -> bool {
        self.self_signed && (!self.is_ca || self.serves_hosts)
    }

    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after - now).whole_days()
    }
}

/// See [`StatusFacts::is_temporary`].
pub fn is_temporary(cert: &Certificate) -> bool {
    StatusFacts::of(cert).is_temporary()
}

/// Computes the statuses of `cert` at `ctx.now`.
pub fn assess(cert: &Certificate, ctx: &StatusContext) -> Assessment {
    assess_facts(&StatusFacts::of(cert), ctx)
}

/// Computes statuses from stored facts at `ctx.now`.
pub fn assess_facts(facts: &StatusFacts, ctx: &StatusContext) -> Assessment {
    let mut statuses = Vec::new();
    let mut add = |code: StatusCode, reason: String| {
        statuses.push(Status {
            code,
            severity: code.severity(),
            reason,
        })
    };
    let now = ctx.now;
    let days_left = facts.days_left(now);
    if let Some(reason) = &ctx.revoked {
        add(StatusCode::Revoked, reason.clone());
    }
    if now > facts.not_after {
        add(
            StatusCode::Expired,
            format!(
                "expired on {} ({} days ago)",
                date(facts.not_after),
                -days_left
            ),
        );
    } else if now < facts.not_before {
        add(
            StatusCode::NotYetValid,
            format!("not valid before {}", date(facts.not_before)),
        );
    } else if days_left <= ctx.expiring_within_days {
        add(
            StatusCode::Expiring,
            format!("{days_left} days left (expires {})", date(facts.not_after)),
        );
    }
    let temporary = facts.is_temporary();
    // A root's signature on itself is never checked by clients, so its hash does not matter.
    let is_root = facts.self_signed && !temporary;
    if let Some(algorithm) = &facts.weak_signature
        && !is_root
    {
        add(
            StatusCode::WeakSignature,
            format!("signed with {algorithm}: replace it with a SHA-2 signed certificate"),
        );
    }
    if let Some(reason) = weak_key_reason(facts) {
        add(StatusCode::WeakKey, reason);
    }
    match &ctx.chain {
        ChainState::Incomplete { missing } if !temporary => add(
            StatusCode::IncompleteChain,
            format!("no path to a trusted root: {missing}"),
        ),
        _ => {}
    }
    if ctx.key == KeyPresence::Missing {
        add(
            StatusCode::KeyMissing,
            "the private key for this server certificate is missing".into(),
        );
    }
    if temporary {
        add(
            StatusCode::Temporary,
            "self-signed: clients will not trust it until it is replaced by a CA-signed certificate"
                .into(),
        );
    }
    if facts.empty_subject {
        add(
            StatusCode::EmptySubject,
            "the subject is empty; the certificate is named only by its alternative names".into(),
        );
    }
    if !facts.is_ca && !facts.has_san {
        add(
            StatusCode::NoSan,
            "no subject alternative name: browsers and most TLS clients ignore the common name"
                .into(),
        );
    }
    if let Some(name) = &facts.wildcard {
        add(
            StatusCode::Wildcard,
            format!("wildcard name {name}: SIP over TLS does not accept wildcards (RFC 5922)"),
        );
    }
    if facts.is_ca {
        add(
            StatusCode::Ca,
            match facts.path_len {
                Some(n) => format!("certificate authority (path length ≤ {n})"),
                None => "certificate authority".to_string(),
            },
        );
    }
    let overall = statuses
        .iter()
        .filter(|s| s.severity != Severity::Info)
        .map(|s| s.code)
        .min()
        .unwrap_or(StatusCode::Good);
    Assessment {
        statuses,
        overall,
        days_left,
    }
}

/// Why the key is too weak (RSA and DSA under 2048 bits, EC under 256), if it is.
pub fn weak_key_reason(facts: &StatusFacts) -> Option<String> {
    let bits = facts.key_bits?;
    let algorithm = facts.key_algorithm.as_str();
    let minimum = match algorithm {
        "RSA" | "DSA" => 2048,
        "EC" => 256,
        _ => return None,
    };
    (bits < minimum)
        .then(|| format!("{algorithm} key of {bits} bits: at least {minimum} are required"))
}
