//! Where every node's renewal stands, read from the inventory alone: the decision the next pass
//! would take (without asking the CA for its renewal window, which only a pass does), when the
//! next thing happens, the accounts, DNS servers and the recent runs. The window's Renewals view
//! and `certdeck acme issuers` show this; nothing here touches the network.

use serde::Serialize;
use time::OffsetDateTime;

use super::renew::{Decision, Validity, decide};
use crate::store::acme::{AcmeAccount, DnsServer, Issuer, RenewalRun};
use crate::store::{Inventory, StoreError};

/// One node's renewal, as the next pass would see it.
#[derive(Clone, Debug)]
pub struct Outlook {
    pub issuer: Issuer,
    /// The CA account's directory (which CA the node's certificates come from).
    pub directory_url: String,
    pub decision: Decision,
    /// When the node's current certificate expires (none yet: `None`).
    pub expires: Option<OffsetDateTime>,
}

impl Outlook {
    /// When the next pass will act on this node: now for an order or a push, otherwise the due
    /// date, the end of a back-off or rate limit, or the maintenance window's next opening.
    pub fn next_action(&self, now: OffsetDateTime) -> OffsetDateTime {
        match &self.decision {
            Decision::NotDue { at } => *at,
            Decision::Waiting { until, .. } => *until,
            Decision::HoldForWindow { opens, .. } => opens.unwrap_or(now),
            Decision::Order { .. } | Decision::Push { .. } => now,
        }
    }

    /// The last run failed (and the node is being retried).
    pub fn failing(&self) -> bool {
        self.issuer.state.failures > 0
    }
}

/// Everything the Renewals view shows.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overview {
    pub accounts: Vec<AcmeAccount>,
    pub dns_servers: Vec<DnsServer>,
    #[serde(skip)]
    pub outlook: Vec<Outlook>,
    /// The newest runs first.
    pub runs: Vec<RenewalRun>,
}

/// The renewals of every node with an issuer, soonest first, judged at `now`.
pub fn outlook(inventory: &Inventory, now: OffsetDateTime) -> Result<Vec<Outlook>, StoreError> {
    outlook_with(inventory, &inventory.acme_accounts()?, now)
}

/// [`outlook`] with the accounts already read.
fn outlook_with(
    inventory: &Inventory,
    accounts: &[AcmeAccount],
    now: OffsetDateTime,
) -> Result<Vec<Outlook>, StoreError> {
    let mut all = Vec::new();
    // Only the dates of each node's certificate matter here: read in one query, not parsed.
    let validities = inventory.assigned_validities()?;
    for issuer in inventory.issuers()? {
        let validity = validities
            .get(&issuer.node)
            .map(|&(not_before, not_after)| Validity {
                not_before,
                not_after,
            });
        let account = accounts.iter().find(|a| a.name == issuer.account);
        let decision = decide(
            &issuer,
            validity,
            account.and_then(|a| a.rate_limited_until),
            false,
            now,
        );
        all.push(Outlook {
            directory_url: account.map(|a| a.directory_url.clone()).unwrap_or_default(),
            expires: validity.and_then(|v| OffsetDateTime::from_unix_timestamp(v.not_after).ok()),
            decision,
            issuer,
        });
    }
    all.sort_by_key(|o| (o.next_action(now), o.issuer.node.to_lowercase()));
    Ok(all)
}

/// Accounts, DNS servers, every node's outlook and the latest `runs` runs.
pub fn overview(
    inventory: &Inventory,
    now: OffsetDateTime,
    runs: usize,
) -> Result<Overview, StoreError> {
    let accounts = inventory.acme_accounts()?;
    Ok(Overview {
        outlook: outlook_with(inventory, &accounts, now)?,
        accounts,
        dns_servers: inventory.dns_servers()?,
        runs: inventory.renewal_runs(runs)?,
    })
}
