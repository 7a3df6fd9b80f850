//! Inspection: everything decoded from some inputs, with each certificate's statuses, chain and
//! whether its private key was found alongside. Shared by `certdeck inspect` and the desktop app.

use std::collections::HashSet;
use std::sync::Arc;

use time::OffsetDateTime;

use super::cert::Certificate;
use super::chain::{CertPool, ChainReport, TrustSource};
use super::decode::{Decoded, Item, Object};
use super::status::{Assessment, StatusContext, assess};

/// How to judge the inspected certificates.
#[derive(Clone, Debug)]
pub struct InspectOptions {
    pub now: OffsetDateTime,
    /// Trust the Mozilla roots when judging chain completeness.
    pub system_roots: bool,
    /// Days before expiry from which `expiring` applies.
    pub expiring_within_days: i64,
}

impl InspectOptions {
    pub fn at(now: OffsetDateTime) -> Self {
        Self {
            now,
            system_roots: true,
            expiring_within_days: 60,
        }
    }
}

/// A certificate with its judgement.
#[derive(Clone, Debug)]
pub struct CertificateReport {
    pub cert: Arc<Certificate>,
    pub assessment: Assessment,
    pub chain: ChainReport,
    /// A private key for this certificate's public key is in the same input.
    pub has_private_key: bool,
}

/// Judges every certificate in `decoded`. Self-signed CA certificates found in the input count as
/// trusted roots (the administrator supplied them, as in a Pexip trusted CA upload); everything
/// else must chain to them or to the Mozilla roots.
pub fn inspect(decoded: &Decoded, options: &InspectOptions) -> Vec<Option<CertificateReport>> {
    let inspector = Inspector::new(decoded, options);
    let items = &decoded.items;
    // Large imports are judged on every core, in order.
    super::parallel::in_parts(
        items.len(),
        ITEMS_PER_THREAD,
        |range| {
            items[range]
                .iter()
                .map(|item| inspector.report(item))
                .collect::<Vec<_>>()
        },
        // Keep one entry per item even if a worker failed, so reports stay aligned.
        |range| vec![None; range.len()],
    )
    .into_iter()
    .flatten()
    .collect()
}

/// What [`inspect`] judges with, for a caller that wants one report at a time (the JSON of
/// `inspect` writes each as it is made, instead of holding 100,000 explained paths at once).
pub struct Inspector<'a> {
    pool: CertPool,
    key_ids: HashSet<[u8; 32]>,
    options: &'a InspectOptions,
}

impl<'a> Inspector<'a> {
    pub fn new(decoded: &Decoded, options: &'a InspectOptions) -> Self {
        Self {
            pool: pool_from(decoded, options.system_roots),
            key_ids: decoded
                .private_keys()
                .filter_map(|k| k.public.as_ref().map(|p| p.id()))
                .collect(),
            options,
        }
    }

    /// The report of `item` when it is a certificate.
    pub fn report(&self, item: &Item) -> Option<CertificateReport> {
        report_item(item, &self.pool, &self.key_ids, self.options)
    }
}

/// Items per worker below which threads are not worth starting.
const ITEMS_PER_THREAD: usize = 256;

/// Builds the pool inspection uses: the input's certificates, supplied roots trusted.
pub fn pool_from(decoded: &Decoded, system_roots: bool) -> CertPool {
    let mut pool = if system_roots {
        CertPool::new().with_builtin_roots()
    } else {
        CertPool::new()
    };
    for item in &decoded.items {
        if let Object::Certificate(cert) = &item.object {
            let trust = (cert.self_signed && cert.is_ca).then_some(TrustSource::Supplied);
            pool.add(cert.clone(), trust);
        }
    }
    pool
}

fn report_item(
    item: &Item,
    pool: &CertPool,
    key_ids: &HashSet<[u8; 32]>,
    options: &InspectOptions,
) -> Option<CertificateReport> {
    let Object::Certificate(cert) = &item.object else {
        return None;
    };
    Some(report_certificate(cert, pool, key_ids, options))
}

pub fn report_certificate(
    cert: &Arc<Certificate>,
    pool: &CertPool,
    key_ids: &HashSet<[u8; 32]>,
    options: &InspectOptions,
) -> CertificateReport {
    let chain = pool.build_path(cert, options.now);
    let mut context = StatusContext::at(options.now);
    context.expiring_within_days = options.expiring_within_days;
    context.chain = chain.state();
    let assessment = assess(cert, &context);
    let has_private_key = cert
        .public_key
        .as_ref()
        .is_some_and(|k| key_ids.contains(&k.id()));
    CertificateReport {
        cert: cert.clone(),
        assessment,
        chain,
        has_private_key,
    }
}
