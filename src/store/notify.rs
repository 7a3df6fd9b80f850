//! The inventory's notification channels, their delivery log, and which alarms the channels
//! were already told about (issue 29; the `notify` feature sends).

use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::db::params;
use super::report::AlarmEntry;
use super::{Inventory, StoreError, constraint};
use crate::model::notify::{Channel, Delivery, Transport};

/// Alarm keys the channels were told about carry this prefix in `notified_alarms` (the window's
/// desktop notifications keep their own).
const TOLD: &str = "channels:";

/// When the digest last went out (not under the alarms' prefix: their ended keys are forgotten).
const DIGEST_KEY: &str = "channels-digest";

/// How often the digest goes out.
const DIGEST_EVERY: time::Duration = time::Duration::days(7);

/// A channel with its secret, read before anything is sent.
pub type Target = (Channel, Option<Zeroizing<String>>);

/// One line of the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LoggedDelivery {
    pub at: i64,
    pub channel: String,
    pub notice: String,
    pub result: String,
}

impl Inventory {
    /// Adds a channel, its secret (an SMTP password, a webhook URL) stored with the others
    /// (keychain or vault).
    pub fn add_channel(
        &mut self,
        channel: &Channel,
        secret: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        crate::store::nodes::check_node_name(&channel.name)?;
        let settings = serde_json::to_string(&channel.transport)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let kind = match channel.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Webhook(_) => "webhook",
        };
        let name = channel.name.clone();
        self.audited("notify add", &name, |db| {
            db.execute(
                "INSERT INTO notify_channels (name, kind, settings, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![name, kind, settings, now.unix_timestamp()],
            )
            .map_err(|e| constraint(e, format!("a channel named {name} exists already")))?;
            Ok(((), kind.to_string()))
        })?;
        if let Some(secret) = secret {
            let stored = self.id().and_then(|inventory| {
                self.replace_secret(&channel.secret_name(&inventory), secret)
            });
            if let Err(error) = stored {
                let _ = self.remove_channel(&channel.name);
                return Err(error);
            }
        }
        Ok(())
    }

    /// The channels, by name.
    pub fn channels(&self) -> Result<Vec<Channel>, StoreError> {
        let rows: Vec<(String, String)> = self.db.query_map(
            "SELECT name, settings FROM notify_channels ORDER BY name",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        rows.into_iter()
            .map(|(name, settings)| {
                let transport = serde_json::from_str(&settings).map_err(|e| {
                    StoreError::Invalid(format!("notification channel {name} is damaged: {e}"))
                })?;
                Ok(Channel { name, transport })
            })
            .collect()
    }

    /// Removes a channel and its secret.
    pub fn remove_channel(&mut self, name: &str) -> Result<(), StoreError> {
        let channel = self
            .channels()?
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| StoreError::NotFound(format!("no notification channel {name}")))?;
        self.audited("notify remove", name, |db| {
            db.execute("DELETE FROM notify_channels WHERE name = ?1", params![name])?;
            Ok(((), String::new()))
        })?;
        let inventory = self.id()?;
        self.forget_secret(&channel.secret_name(&inventory))
    }

    /// Every channel with its secret, read now (before anything is sent). A secret that cannot
    /// be read leaves the channel without one: its delivery then says so.
    pub fn notify_targets(&mut self) -> Result<Vec<Target>, StoreError> {
        let inventory = self.id()?;
        let mut targets = Vec::new();
        for channel in self.channels()? {
            let secret = self.secret(&channel.secret_name(&inventory)).ok().flatten();
            targets.push((channel, secret));
        }
        Ok(targets)
    }

    /// Writes what each channel did into the delivery log.
    pub fn log_deliveries(
        &mut self,
        deliveries: &[Delivery],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction()?;
        for delivery in deliveries {
            let result = match &delivery.error {
                None => "delivered".to_string(),
                Some(error) => format!("failed: {error}"),
            };
            tx.execute(
                "INSERT INTO notify_log (at, channel, notice, result) VALUES (?1, ?2, ?3, ?4)",
                params![
                    now.unix_timestamp(),
                    delivery.channel,
                    delivery.notice,
                    result
                ],
            )?;
        }
        tx.commit()
    }

    /// The newest lines of the delivery log, newest first.
    pub fn notify_log(&self, count: usize) -> Result<Vec<LoggedDelivery>, StoreError> {
        self.db.query_map(
            "SELECT at, channel, notice, result FROM notify_log ORDER BY id DESC LIMIT ?1",
            params![count as i64],
            |r| {
                Ok(LoggedDelivery {
                    at: r.get(0)?,
                    channel: r.get(1)?,
                    notice: r.get(2)?,
                    result: r.get(3)?,
                })
            },
        )
    }

    /// The alarms among `alarms` the channels were not told about yet (nothing is recorded:
    /// [`Inventory::mark_told`] does, once a channel took them).
    pub fn alarms_to_tell(&self, alarms: &[AlarmEntry]) -> Result<Vec<AlarmEntry>, StoreError> {
        self.unannounced(TOLD, alarms)
    }

    /// Records `told` as told to the channels (among the `current` alarms; those that ended are
    /// forgotten, so an alarm that comes back is told again).
    pub fn mark_told(
        &mut self,
        current: &[AlarmEntry],
        told: &[AlarmEntry],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.record_announced(TOLD, current, told, now)
    }

    /// Whether the weekly digest is due at `now` (nothing is recorded: [`Inventory::mark_digest`]
    /// does, once a channel took it).
    pub fn digest_due(&self, now: OffsetDateTime) -> Result<bool, StoreError> {
        let last: Option<i64> = self.db.query_opt(
            "SELECT at FROM notified_alarms WHERE key = ?1",
            params![DIGEST_KEY],
            |r| r.get(0),
        )?;
        Ok(last.is_none_or(|at| now.unix_timestamp() - at >= DIGEST_EVERY.whole_seconds()))
    }

    /// Records the digest as sent at `now`.
    pub fn mark_digest(&mut self, now: OffsetDateTime) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO notified_alarms (key, at) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET at = excluded.at",
            params![DIGEST_KEY, now.unix_timestamp()],
        )?;
        Ok(())
    }
}
