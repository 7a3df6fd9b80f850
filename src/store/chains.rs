//! Keeping chain links current: which stored certificate issued which, and whether each path
//! reaches a trusted root. After a change only the rows that can change are looked at; an
//! import's own rows get their summaries while they are written ([`ChainsAhead`]).

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use time::OffsetDateTime;

use super::StoreError;
use super::db::{Db, params};
use super::stored::{PossibleIssuers, der_by_id, stored_certificate};
use crate::pki::chain::ChainSummary;
use crate::pki::{CertPool, Certificate, TrustSource};

/// Certificates parsed per worker below which threads are not started.
const PARSE_PER_THREAD: usize = 256;

/// Which rows [`relink_chains`] recomputes.
#[derive(Clone, Copy, Debug)]
pub(super) enum Relink<'a> {
    /// Every row (the trust list changed or a certificate was removed).
    All,
    /// Rows whose chain was incomplete (adding certificates can only complete chains), except
    /// those an import already stored with the summaries this pool gives.
    Incomplete(Option<&'a Precomputed>),
}

/// Certificates whose chains are summarized per round: each round's parsed certificates are
/// dropped before the next (a 100,000-certificate inventory parsed whole is about a gigabyte).
const RELINK_ROUND: usize = 4096;

/// One stored certificate as [`relink_chains`] needs it.
struct Linked {
    id: i64,
    trusted: bool,
    issuer_fingerprint: Option<String>,
    complete: bool,
    missing: Option<String>,
    fingerprint: String,
    subject: String,
    issuer: String,
    is_ca: bool,
}

/// Every stored certificate, in row order (the order a pool is built in).
fn linked_rows(db: &Db) -> Result<Vec<Linked>, StoreError> {
    db.query_map(
        "SELECT c.id, t.certificate_id IS NOT NULL, c.issuer_fingerprint, c.chain_complete, \
         c.chain_missing, c.fingerprint_sha256, c.subject, c.issuer, c.is_ca \
         FROM certificates c LEFT JOIN trusted_cas t ON t.certificate_id = c.id ORDER BY c.id",
        params![],
        |r| {
            Ok(Linked {
                id: r.get(0)?,
                trusted: r.get(1)?,
                issuer_fingerprint: r.get(2)?,
                complete: r.get(3)?,
                missing: r.get(4)?,
                fingerprint: r.get(5)?,
                subject: r.get(6)?,
                issuer: r.get(7)?,
                is_ca: r.get(8)?,
            })
        },
    )
}

/// A certificate in a chain pool. Two pools with the same members, added in the same order,
/// give the same summary for any certificate.
#[derive(Debug, PartialEq, Eq)]
struct Member {
    fingerprint: String,
    trusted: bool,
}

/// The chain pool: built-in roots and the certificates that can be issuers.
struct IssuerPool {
    pool: CertPool,
    members: Vec<Member>,
}

impl IssuerPool {
    fn new() -> Self {
        Self {
            pool: CertPool::new().with_builtin_roots(),
            members: Vec::new(),
        }
    }

    fn add(&mut self, cert: Arc<Certificate>, trusted: bool) {
        self.members.push(Member {
            fingerprint: cert.fingerprint_sha256.clone(),
            trusted,
        });
        self.pool.add(cert, trusted.then_some(TrustSource::Custom));
    }
}

/// Recomputes issuer links and chain completeness from the whole inventory (the built-in roots and
/// the trusted CA list as anchors), writing only what changed. `known` holds certificates already
/// parsed (the batch being imported), by fingerprint; any other is read from its row when it is
/// needed. Only [`PossibleIssuers`] are parsed for the pool.
pub(super) fn relink_chains(
    tx: &Db,
    now: OffsetDateTime,
    known: &HashMap<&str, Arc<Certificate>>,
    scope: Relink<'_>,
) -> Result<(), StoreError> {
    let rows = linked_rows(tx)?;
    let possible = PossibleIssuers::new(
        rows.iter()
            .map(|row| (row.subject.as_str(), row.issuer.as_str())),
    );
    let parse = |row: &Linked| -> Result<Option<Arc<Certificate>>, StoreError> {
        match known.get(row.fingerprint.as_str()) {
            Some(cert) => Ok(Some(cert.clone())),
            None => stored_certificate(tx, row.id),
        }
    };
    let mut pool = IssuerPool::new();
    let mut issuers: HashMap<i64, Arc<Certificate>> = HashMap::new();
    for row in &rows {
        if possible.includes(&row.subject, row.is_ca, row.trusted)
            && let Some(cert) = parse(row)?
        {
            pool.add(cert.clone(), row.trusted);
            issuers.insert(row.id, cert);
        }
    }
    // An import's rows are trusted only when they were summarised with this very pool; otherwise
    // (a stored certificate replaced by one with the same issuer and serial, say) they are redone.
    let none = HashSet::new();
    let (done, redo) = match scope {
        Relink::Incomplete(Some(ahead)) if ahead.members == pool.members => (&ahead.rows, &none),
        Relink::Incomplete(Some(ahead)) => (&none, &ahead.rows),
        _ => (&none, &none),
    };
    let targets: Vec<&Linked> = rows
        .iter()
        .filter(|row| match scope {
            Relink::All => true,
            Relink::Incomplete(_) => {
                (!row.complete && !done.contains(&row.id)) || redo.contains(&row.id)
            }
        })
        .collect();
    let pool = pool.pool;
    let mut update = tx.prepare(
        "UPDATE certificates SET issuer_fingerprint = ?1, chain_complete = ?2, chain_missing = ?3 WHERE id = ?4",
    )?;
    for round in targets.chunks(RELINK_ROUND) {
        // Stored rows are read here, on this thread; parsing and chains on every core.
        let mut sources: Vec<Result<Arc<Certificate>, Vec<u8>>> = Vec::with_capacity(round.len());
        for row in round {
            sources.push(
                match known
                    .get(row.fingerprint.as_str())
                    .or_else(|| issuers.get(&row.id))
                {
                    Some(cert) => Ok(cert.clone()),
                    None => Err(der_by_id(tx, row.id)?),
                },
            );
        }
        let summaries: Vec<ChainSummary> = crate::pki::parallel::in_parts(
            round.len(),
            PARSE_PER_THREAD,
            |range| {
                sources[range]
                    .iter()
                    .map(|source| {
                        let cert = match source {
                            Ok(cert) => Some(cert.clone()),
                            Err(der) => Certificate::from_der(der).ok().map(Arc::new),
                        };
                        match cert {
                            Some(cert) => pool.summary(&cert, now),
                            None => unreadable_summary(),
                        }
                    })
                    .collect::<Vec<_>>()
            },
            |range| vec![unreadable_summary(); range.len()],
        )
        .into_iter()
        .flatten()
        .collect();
        for (row, summary) in round.iter().zip(summaries) {
            if (&row.issuer_fingerprint, row.complete, &row.missing)
                != (
                    &summary.issuer_fingerprint,
                    summary.complete,
                    &summary.missing,
                )
            {
                update.execute(params![
                    summary.issuer_fingerprint,
                    summary.complete,
                    summary.missing,
                    row.id
                ])?;
            }
        }
    }
    Ok(())
}

fn unreadable_summary() -> ChainSummary {
    ChainSummary {
        issuer_fingerprint: None,
        complete: false,
        missing: Some("the certificate cannot be read".into()),
    }
}

/// Rows an import stored with summaries computed ahead, and the pool they were computed with.
#[derive(Debug)]
pub(super) struct Precomputed {
    pub rows: HashSet<i64>,
    members: Vec<Member>,
}

/// Certificates summarised per claim: small enough that the row writer rarely waits, large
/// enough that claiming costs nothing.
const AHEAD_CHUNK: usize = 256;

/// The chain summaries of an import's certificates, computed while its rows are written so that
/// each row is inserted with its summary (instead of one `UPDATE` per row afterwards) and the
/// signature checks run on the other core while SQLite works on this one.
///
/// The pool is the one [`relink_chains`] would build once the rows are stored: stored possible
/// issuers in row order, then the batch's new certificates in the order they will be inserted,
/// its roots trusted. [`relink_chains`] compares the two pools' members and redoes the import's
/// rows when they differ, so a wrong guess here costs time, never a wrong link.
///
/// Work is claimed chunk by chunk: a worker thread takes chunks in order, and the writer, when
/// the chunk it needs is not ready, computes the next unclaimed one itself instead of waiting
/// (the small scheduler is written here because one writer feeding SQLite in order and one
/// helper is all it needs).
pub(super) struct ChainsAhead<'a> {
    pool: CertPool,
    members: Vec<Member>,
    batch: Vec<&'a Arc<Certificate>>,
    now: OffsetDateTime,
    claimed: AtomicUsize,
    stopped: AtomicBool,
    chunks: Mutex<Vec<Option<Vec<Option<ChainSummary>>>>>,
    ready: Condvar,
}

impl<'a> ChainsAhead<'a> {
    /// Builds the pool from the stored rows and `batch` (every certificate of the import, in
    /// order); `is_root` says which ones the import adds to the trusted list.
    pub fn new(
        tx: &Db,
        batch: Vec<&'a Arc<Certificate>>,
        is_root: impl Fn(&Certificate) -> bool,
        now: OffsetDateTime,
    ) -> Result<Self, StoreError> {
        let rows = linked_rows(tx)?;
        let stored: HashSet<&str> = rows.iter().map(|r| r.fingerprint.as_str()).collect();
        let roots: HashSet<&str> = batch
            .iter()
            .filter(|c| is_root(c))
            .map(|c| c.fingerprint_sha256.as_str())
            .collect();
        let mut seen = HashSet::new();
        let new: Vec<&Arc<Certificate>> = batch
            .iter()
            .copied()
            .filter(|c| {
                let fingerprint = c.fingerprint_sha256.as_str();
                !stored.contains(fingerprint) && seen.insert(fingerprint)
            })
            .collect();
        // The batch's issuer names, each written as text once (a batch of 100,000 leaves names
        // a handful of issuers); the batch's own certificates are matched against them by DER.
        // Where DER and text equality differ (the same name in two string types), the pools
        // differ and relinking redoes these rows.
        let mut batch_issuers: HashMap<&[u8], String> = HashMap::new();
        for cert in &new {
            if cert.subject_der() != cert.issuer_der() {
                batch_issuers
                    .entry(cert.issuer_der())
                    .or_insert_with(|| cert.issuer.to_string());
            }
        }
        let mut possible =
            PossibleIssuers::new(rows.iter().map(|r| (r.subject.as_str(), r.issuer.as_str())));
        let stored_names_issuers = !possible.is_empty();
        for name in batch_issuers.values() {
            possible.add_issuer(name);
        }
        let mut pool = IssuerPool::new();
        for row in &rows {
            let trusted = row.trusted || roots.contains(row.fingerprint.as_str());
            if possible.includes(&row.subject, row.is_ca, trusted)
                && let Some(cert) = stored_certificate(tx, row.id)?
            {
                pool.add(cert, trusted);
            }
        }
        for cert in new {
            let trusted = roots.contains(cert.fingerprint_sha256.as_str());
            let names_an_issuer = batch_issuers.contains_key(cert.subject_der())
                || (stored_names_issuers
                    && possible.includes(&cert.subject.to_string(), false, false));
            if cert.is_ca || trusted || names_an_issuer {
                pool.add(cert.clone(), trusted);
            }
        }
        let chunks = batch.len().div_ceil(AHEAD_CHUNK);
        Ok(Self {
            pool: pool.pool,
            members: pool.members,
            batch,
            now,
            claimed: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            chunks: Mutex::new(vec![None; chunks]),
            ready: Condvar::new(),
        })
    }

    /// Whether a helper thread is worth starting.
    pub fn worth_a_thread(&self) -> bool {
        self.batch.len() > AHEAD_CHUNK
    }

    /// The helper thread's loop: computes chunks in order until none is left or the writer
    /// stopped.
    pub fn work(&self) {
        while !self.stopped.load(Ordering::Relaxed) {
            if !self.compute_next() {
                break;
            }
        }
    }

    /// Tells the helper to stop (the writer finished or failed).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Option<Vec<Option<ChainSummary>>>>> {
        self.chunks.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Claims and computes the next chunk; false when every chunk is claimed. A chunk always
    /// ends up filled (a panic gives `None`s, left to [`relink_chains`]), so waiting on a
    /// claimed chunk never hangs.
    fn compute_next(&self) -> bool {
        let chunk = self.claimed.fetch_add(1, Ordering::Relaxed);
        let start = chunk * AHEAD_CHUNK;
        if start >= self.batch.len() {
            return false;
        }
        let end = (start + AHEAD_CHUNK).min(self.batch.len());
        let summaries = std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.batch[start..end]
                .iter()
                .map(|cert| Some(self.pool.summary(cert, self.now)))
                .collect()
        }))
        .unwrap_or_else(|_| vec![None; end - start]);
        self.lock()[chunk] = Some(summaries);
        self.ready.notify_all();
        true
    }

    /// The summary of the batch's `index`-th certificate, once: computed here when no one has it
    /// yet. `None` when it could not be computed.
    pub fn take(&self, index: usize) -> Option<ChainSummary> {
        let chunk = index / AHEAD_CHUNK;
        loop {
            if let Some(Some(part)) = self.lock().get_mut(chunk) {
                return part.get_mut(index % AHEAD_CHUNK).and_then(Option::take);
            }
            if chunk >= self.lock().len() {
                return None;
            }
            if !self.compute_next() {
                let mut chunks = self.lock();
                while chunks[chunk].is_none() {
                    chunks = self.ready.wait(chunks).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }

    /// What [`relink_chains`] needs to trust the rows stored with these summaries.
    pub fn finish(self, rows: HashSet<i64>) -> Precomputed {
        Precomputed {
            rows,
            members: self.members,
        }
    }
}
