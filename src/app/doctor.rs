//! Can this machine renew unattended? (`certdeck doctor`, issue 29.) Each check says what it
//! found and what to do; none changes anything or sends a notice. [`examine`] reads what is
//! stored; [`reach`] asks the DNS servers and ACME CAs (unless `--offline`).

use serde::Serialize;
use time::OffsetDateTime;

use zeroize::Zeroizing;

use crate::acme::Challenge;
use crate::acme::dns::Tsig;
use crate::store::Inventory;
use crate::store::acme::{AcmeAccount, DnsServer};

/// How a check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    /// Works, but something a person should look at.
    Warn,
    /// Unattended renewal will fail here.
    Fail,
}

/// One check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub verdict: Verdict,
    pub detail: String,
}

fn check(name: &'static str, verdict: Verdict, detail: impl Into<String>) -> Check {
    Check {
        name,
        verdict,
        detail: detail.into(),
    }
}

/// How long after the newest pass the scheduler is called late (it runs hourly).
const LATE: time::Duration = time::Duration::hours(3);

/// Every check, at `now`. `scheduled`: whether a scheduler entry runs the pass (the caller
/// knows where to look: the user's timer, the system's units or cron).
pub fn examine(store: &mut Inventory, scheduled: bool, now: OffsetDateTime) -> Vec<Check> {
    let issuers = store.issuers().unwrap_or_default();
    let keys = dns_keys(store, &issuers);
    examine_with(store, scheduled, now, &issuers, &keys)
}

/// The TSIG key of each DNS server DNS-01 issuers use, read once per server: the server's name,
/// the nodes whose issuers use it (in the issuers' order), its settings and key or why they
/// cannot be read.
type ServerKeys = Vec<(String, Vec<String>, Result<(DnsServer, Tsig), String>)>;

fn dns_keys(store: &mut Inventory, issuers: &[crate::store::acme::Issuer]) -> ServerKeys {
    use crate::acme::renew::Secrets;
    let mut keys: ServerKeys = Vec::new();
    for issuer in issuers {
        let Challenge::Dns01 { server } = &issuer.challenge else {
            continue;
        };
        if let Some(known) = keys.iter_mut().find(|(name, ..)| name == server) {
            known.1.push(issuer.node.clone());
            continue;
        }
        let key = store
            .dns_server(server)
            .map_err(|e| e.to_string())
            .and_then(|config| {
                crate::acme::renew::Keychain
                    .tsig(store, &config)
                    .map(|tsig| (config, tsig))
                    .map_err(|e| e.to_string())
            });
        keys.push((server.clone(), vec![issuer.node.clone()], key));
    }
    keys
}

fn examine_with(
    store: &mut Inventory,
    scheduled: bool,
    now: OffsetDateTime,
    issuers: &[crate::store::acme::Issuer],
    keys: &ServerKeys,
) -> Vec<Check> {
    let mut checks = Vec::new();
    // The vault opens without a person.
    checks.push(match store.vault() {
        Ok(_) => check("vault", Verdict::Ok, "opens without a person"),
        Err(error) => check(
            "vault",
            Verdict::Fail,
            format!("does not open: {error} (unattended passes exit 2)"),
        ),
    });
    // The scheduler runs the pass, and ran it lately.
    checks.push(match (scheduled, issuers.is_empty()) {
        (true, _) => check(
            "scheduler",
            Verdict::Ok,
            "an entry runs `renew --due` hourly",
        ),
        (false, true) => check(
            "scheduler",
            Verdict::Warn,
            "no entry, and no node has an ACME issuer yet",
        ),
        (false, false) => check(
            "scheduler",
            Verdict::Fail,
            "no entry runs `renew --due`: certdeck schedule install (or --service-user USER)",
        ),
    });
    if !issuers.is_empty() {
        let newest = store
            .renewal_runs(1)
            .ok()
            .and_then(|r| r.first().map(|r| r.at));
        checks.push(match newest {
            Some(at) if now.unix_timestamp() - at <= LATE.whole_seconds() => check(
                "last pass",
                Verdict::Ok,
                format!("{} min ago", (now.unix_timestamp() - at) / 60),
            ),
            Some(at) => check(
                "last pass",
                Verdict::Fail,
                format!(
                    "{} h ago: the scheduler does not run it (journalctl -u certdeck-renew, or \
                     the Task Scheduler's history)",
                    (now.unix_timestamp() - at) / 3600
                ),
            ),
            None => check("last pass", Verdict::Warn, "none has run yet"),
        });
    }
    // Every node that pushes has its secrets.
    for node in store.nodes().unwrap_or_default() {
        if !matches!(node.driver.as_str(), "ssh" | "https" | "pexip") {
            continue;
        }
        let name = format!("node {}", node.name);
        let found = crate::push::setup::credentials(store, &node.name);
        checks.push(match found {
            Err(error) => Check {
                name: "node secrets",
                verdict: Verdict::Fail,
                detail: format!("{name}: {error}"),
            },
            Ok(c) if c.password.is_none() && c.private_key.is_none() => Check {
                name: "node secrets",
                verdict: if node.driver == "ssh" {
                    // An SSH node may log in with an agent-less key file named in its settings
                    // elsewhere; said, not failed.
                    Verdict::Warn
                } else {
                    Verdict::Fail
                },
                detail: format!(
                    "{name}: no password or key stored (certdeck node credential {})",
                    node.name
                ),
            },
            Ok(_) => Check {
                name: "node secrets",
                verdict: Verdict::Ok,
                detail: format!("{name}: stored"),
            },
        });
        if node.pinned.is_none() {
            checks.push(check(
                "node pins",
                Verdict::Fail,
                format!(
                    "{name}: nothing pinned, so no push goes there (certdeck node test {} --accept)",
                    node.name
                ),
            ));
        }
    }
    // Every DNS-01 issuer's server has its TSIG key.
    for issuer in issuers {
        let Challenge::Dns01 { server } = &issuer.challenge else {
            continue;
        };
        let Some((.., key)) = keys.iter().find(|entry| &entry.0 == server) else {
            continue;
        };
        checks.push(match key {
            Ok(_) => check(
                "dns keys",
                Verdict::Ok,
                format!("{}: TSIG key of {server} stored", issuer.node),
            ),
            Err(error) => check(
                "dns keys",
                Verdict::Fail,
                format!("{}: {error}", issuer.node),
            ),
        });
    }
    // ACME accounts usable.
    for account in store.acme_accounts().unwrap_or_default() {
        let used = issuers.iter().any(|i| i.account == account.name);
        if !used {
            continue;
        }
        checks.push(if account.deactivated_at.is_some() {
            check(
                "acme accounts",
                Verdict::Fail,
                format!("{}: deactivated, and still used by an issuer", account.name),
            )
        } else if account
            .rate_limited_until
            .is_some_and(|until| until > now.unix_timestamp())
        {
            check(
                "acme accounts",
                Verdict::Warn,
                format!("{}: the CA rate-limits it for now", account.name),
            )
        } else {
            check(
                "acme accounts",
                Verdict::Ok,
                format!("{}: usable", account.name),
            )
        });
    }
    // A teammate's settings this machine has not approved: the pass refuses them.
    match crate::store::approvals::waiting(store) {
        Ok(waiting) => {
            for request in waiting {
                checks.push(check(
                    "approvals",
                    Verdict::Fail,
                    format!(
                        "{}: not approved on this machine, so refused ({})",
                        request.describe(),
                        match request.kind {
                            crate::store::approvals::Kind::SavedScan => "certdeck scan --approve",
                            _ => "certdeck node approve",
                        }
                    ),
                ));
            }
        }
        Err(error) => checks.push(check("approvals", Verdict::Fail, error)),
    }
    // Someone hears about failures.
    let channels = store.channels().unwrap_or_default();
    if channels.is_empty() {
        checks.push(check(
            "notifications",
            Verdict::Warn,
            "no channel: a failure at 03:00 reaches nobody (certdeck notify add …)",
        ));
    }
    let log = store.notify_log(200).unwrap_or_default();
    for channel in &channels {
        // The newest delivery of the channel says whether it works.
        let newest = log.iter().find(|line| line.channel == channel.name);
        checks.push(match newest {
            Some(line) if line.result == "delivered" => check(
                "notifications",
                Verdict::Ok,
                format!("{}: delivered lately", channel.name),
            ),
            Some(line) => check(
                "notifications",
                Verdict::Fail,
                format!("{}: the newest delivery {}", channel.name, line.result),
            ),
            None => check(
                "notifications",
                Verdict::Warn,
                format!(
                    "{}: nothing sent yet (certdeck notify test {})",
                    channel.name, channel.name
                ),
            ),
        });
    }
    checks
}

/// The exit status for monitoring: 0 when every check passed, 1 with warnings only, 2 when
/// unattended renewal will fail.
pub fn exit_status(checks: &[Check]) -> u8 {
    if checks.iter().any(|c| c.verdict == Verdict::Fail) {
        2
    } else if checks.iter().any(|c| c.verdict == Verdict::Warn) {
        1
    } else {
        0
    }
}

/// What `certdeck doctor` and the window's Settings check without the network, with what the
/// network checks need: the OS scheduler is asked whether an entry runs the pass (the user's
/// or the system's), then [`examine`] and [`reachable`]. Blocking: run it off a UI thread.
pub fn stored(store: &mut Inventory, now: OffsetDateTime) -> (Vec<Check>, Reachable) {
    let scheduled =
        crate::acme::schedule::is_installed() || crate::acme::system_schedule::system_installed();
    let issuers = store.issuers().unwrap_or_default();
    let keys = dns_keys(store, &issuers);
    let checks = examine_with(store, scheduled, now, &issuers, &keys);
    (checks, reachable(store, &issuers, keys, now))
}

/// What the network checks need, read from the inventory before any network is asked (so the
/// inventory is not held while a server is slow).
pub struct Reachable {
    /// Each DNS server issuers use (once), the issuers using it, and its TSIG key.
    dns: Vec<(DnsServer, Vec<String>, Tsig)>,
    /// Each account an issuer uses, with its credentials.
    accounts: Vec<(AcmeAccount, Zeroizing<Vec<u8>>)>,
}

/// What [`reach`] asks about: the DNS servers whose keys were read and the ACME accounts issuers
/// use (what cannot be read is already a failed check of [`examine`]).
fn reachable(
    store: &mut Inventory,
    issuers: &[crate::store::acme::Issuer],
    keys: ServerKeys,
    now: OffsetDateTime,
) -> Reachable {
    let dns = keys
        .into_iter()
        .filter_map(|(_, nodes, key)| key.ok().map(|(config, tsig)| (config, nodes, tsig)))
        .collect();
    let mut accounts = Vec::new();
    for account in store.acme_accounts().unwrap_or_default() {
        let used = issuers.iter().any(|i| i.account == account.name);
        let waiting = account
            .rate_limited_until
            .is_some_and(|until| until > now.unix_timestamp());
        if !used || waiting || account.deactivated_at.is_some() {
            continue;
        }
        if let Ok(login) = store.acme_login(&account.name) {
            accounts.push(login);
        }
    }
    Reachable { dns, accounts }
}

/// How long one server may take to answer a check.
const ASK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The checks that ask over the network, changing nothing: each DNS server takes an update
/// signed with its TSIG key (one that changes nothing); each ACME CA still knows its account.
pub async fn reach(reachable: Reachable) -> Vec<Check> {
    let mut checks = Vec::new();
    for (config, nodes, tsig) in &reachable.dns {
        let asked = async {
            let address = crate::acme::dns::resolve(&config.server).await?;
            crate::acme::dns::check_key(address, &config.zone, tsig).await
        };
        let label = format!(
            "{} ({} for {})",
            config.name,
            config.server,
            nodes.join(", ")
        );
        checks.push(match tokio::time::timeout(ASK_TIMEOUT, asked).await {
            Ok(Ok(())) => check(
                "dns server",
                Verdict::Ok,
                format!("{label}: takes updates signed with the TSIG key"),
            ),
            Ok(Err(error)) => check("dns server", Verdict::Fail, format!("{label}: {error}")),
            Err(_) => check(
                "dns server",
                Verdict::Fail,
                format!("{label}: no answer in {} s", ASK_TIMEOUT.as_secs()),
            ),
        });
    }
    for (account, credentials) in &reachable.accounts {
        let asked = crate::acme::client::check_account(account, credentials);
        let label = format!("{} ({})", account.name, account.directory_url);
        checks.push(match tokio::time::timeout(ASK_TIMEOUT, asked).await {
            Ok(Ok(())) => check(
                "acme ca",
                Verdict::Ok,
                format!("{label}: the CA knows the account"),
            ),
            Ok(Err(error)) => check("acme ca", Verdict::Fail, format!("{label}: {error}")),
            Err(_) => check(
                "acme ca",
                Verdict::Fail,
                format!("{label}: no answer in {} s", ASK_TIMEOUT.as_secs()),
            ),
        });
    }
    checks
}
