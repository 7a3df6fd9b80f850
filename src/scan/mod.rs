//! Discovery: connect to every (host, port) of address ranges, names and port sets, and record
//! what each endpoint serves — the chain, the TLS version and cipher, or why nothing was read.
//! Bounded in connections at once and in new connections per second, each with its own timeout;
//! progress is reported as endpoints finish and a scan can be cancelled between connections.

pub use crate::model::targets;
pub use crate::net::starttls;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use time::OffsetDateTime;

pub use crate::model::scan::{Progress, ScanLimits, ScanSpec, Seen};
use crate::probe::{Endpoint, ProbeError, ProbeTrust};
pub use starttls::Protocol;
pub use targets::{PortSpec, Target};

/// What a scan of the estate takes from the inventory: the names its nodes give their
/// addresses (sent as SNI), and trust in the inventory's CAs besides the Mozilla roots.
pub fn inventory_context(
    store: &crate::store::Inventory,
) -> Result<
    (
        std::collections::HashMap<std::net::IpAddr, String>,
        Arc<ProbeTrust>,
    ),
    crate::store::StoreError,
> {
    let mut names = std::collections::HashMap::new();
    for node in store.nodes()? {
        for endpoint in &node.endpoints {
            if let Ok(parsed) = Endpoint::parse(endpoint)
                && let Ok(address) = parsed.host.parse::<std::net::IpAddr>()
            {
                names.insert(address, node.fqdn.clone());
            }
        }
    }
    Ok((names, Arc::new(ProbeTrust::of_inventory(store)?)))
}

/// Runs the scan saved as `name` and records it (the scheduled pass).
pub async fn run_saved(
    store: &mut crate::store::Inventory,
    name: &str,
    now: OffsetDateTime,
    cancel: Arc<AtomicBool>,
) -> Result<(usize, crate::store::endpoints::ScanRecord), crate::store::StoreError> {
    let spec = store.saved_scan(name)?;
    let (names, trust) = inventory_context(store)?;
    let planned = targets::plan(&spec.targets, &spec.ports, &names);
    let seen = scan(planned, trust, &spec.limits, now, Arc::new(|_| {}), cancel).await;
    let record = store.record_scan(&seen)?;
    store.saved_scan_ran(name, now)?;
    Ok((seen.iter().filter(|s| s.answered()).count(), record))
}

/// Scans `planned` at `now`; `progress` is called as endpoints finish (from the scan's
/// threads), and setting `cancel` stops it before the next connection (what finished is
/// returned). Results come back in plan order.
pub async fn scan(
    planned: Vec<targets::Planned>,
    trust: Arc<ProbeTrust>,
    limits: &ScanLimits,
    now: OffsetDateTime,
    progress: Arc<dyn Fn(Progress) + Send + Sync>,
    cancel: Arc<AtomicBool>,
) -> Vec<Seen> {
    let total = planned.len();
    // One socket each.
    let workers = crate::limits::parallelism(limits.parallel.max(1), 1).min(total.max(1));
    let timeout = Duration::from_secs(limits.timeout_seconds.max(1));
    let planned = Arc::new(planned);
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(AtomicUsize::new(0));
    let pace = Arc::new(Pace::new(limits.rate));
    let reverse = Arc::new(ReverseNames::default());
    let reverse_dns = limits.reverse_dns;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (planned, next, done, served) =
            (planned.clone(), next.clone(), done.clone(), served.clone());
        let (trust, pace, progress, cancel) = (
            trust.clone(),
            pace.clone(),
            progress.clone(),
            cancel.clone(),
        );
        let reverse = reverse.clone();
        tasks.spawn(async move {
            let mut results = Vec::new();
            loop {
                if cancel.load(Ordering::Relaxed) {
                    break;
                }
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(plan) = planned.get(index) else {
                    break;
                };
                pace.wait().await;
                let mut endpoint = Endpoint {
                    host: plan.host.clone(),
                    port: plan.port,
                    sni: plan.sni.clone(),
                    starttls: plan.protocol,
                };
                let outcome = match reverse_dns {
                    true => reverse.name(&mut endpoint, timeout).await,
                    false => Ok(()),
                };
                let outcome = match outcome {
                    Ok(()) => crate::probe::probe(&endpoint, &trust, timeout, now).await,
                    Err(error) => Err(error),
                };
                if outcome.is_ok() {
                    served.fetch_add(1, Ordering::Relaxed);
                }
                results.push((
                    index,
                    Seen {
                        host: plan.host.clone(),
                        port: plan.port,
                        protocol: plan.protocol,
                        sni: endpoint.sni.clone(),
                        at: now,
                        outcome,
                    },
                ));
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Progress {
                    done: finished,
                    total,
                    served: served.load(Ordering::Relaxed),
                });
            }
            results
        });
    }
    let mut all = Vec::with_capacity(total);
    while let Some(joined) = tasks.join_next().await {
        if let Ok(results) = joined {
            all.extend(results);
        }
    }
    all.sort_by_key(|(index, _)| *index);
    all.into_iter().map(|(_, seen)| seen).collect()
}

/// Names for addresses by reverse DNS (the system resolver, hosts file included), looked up
/// once per address and only for addresses that accept a connection: a silent /16 costs no
/// lookups.
#[derive(Default)]
struct ReverseNames(
    tokio::sync::Mutex<std::collections::HashMap<std::net::IpAddr, Option<String>>>,
);

impl ReverseNames {
    /// Gives `endpoint` a name to send as SNI when it has none and its host is an address; the
    /// connection that shows the address listens is closed at once. An endpoint that refuses
    /// or stays silent gets the probe's own error (and is not tried twice).
    async fn name(&self, endpoint: &mut Endpoint, timeout: Duration) -> Result<(), ProbeError> {
        let Ok(address) = endpoint.host.parse::<std::net::IpAddr>() else {
            return Ok(());
        };
        if endpoint.sni.is_some() {
            return Ok(());
        }
        let label = endpoint.to_string();
        match tokio::time::timeout(
            timeout,
            tokio::net::TcpStream::connect((address, endpoint.port)),
        )
        .await
        {
            Err(_) => return Err(ProbeError::Timeout(label, timeout.as_secs())),
            Ok(Err(error)) => return Err(ProbeError::Connect(label, error.to_string())),
            Ok(Ok(_)) => {}
        }
        let known = self.0.lock().await.get(&address).cloned();
        let name = match known {
            Some(name) => name,
            None => {
                let looked = tokio::time::timeout(
                    timeout,
                    tokio::task::spawn_blocking(move || dns_lookup::lookup_addr(&address)),
                )
                .await;
                // Without a name the resolver gives the address back.
                let name = match looked {
                    Ok(Ok(Ok(name)))
                        if !name.is_empty() && name.parse::<std::net::IpAddr>().is_err() =>
                    {
                        Some(name.trim_end_matches('.').to_ascii_lowercase())
                    }
                    _ => None,
                };
                self.0.lock().await.insert(address, name.clone());
                name
            }
        };
        endpoint.sni = name;
        Ok(())
    }
}

/// Spaces connection starts to at most `rate` a second.
struct Pace {
    interval: Option<Duration>,
    next: tokio::sync::Mutex<tokio::time::Instant>,
}

impl Pace {
    fn new(rate: u32) -> Self {
        Self {
            interval: (rate > 0).then(|| Duration::from_secs(1) / rate),
            next: tokio::sync::Mutex::new(tokio::time::Instant::now()),
        }
    }

    async fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let start = {
            let mut next = self.next.lock().await;
            let now = tokio::time::Instant::now();
            let start = (*next).max(now);
            *next = start + interval;
            start
        };
        tokio::time::sleep_until(start).await;
    }
}
