//! The team's audit log: every change and push (who, when, what, result) in an append-only table
//! whose rows are hash-chained by the database (`schema.rs`, `audit_chain`). Verifying it here
//! recomputes every hash from the rows, so a row changed or removed by anyone with enough rights
//! on the server shows as the first link that no longer holds.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use tokio_postgres::GenericClient;

use super::{TeamResult, db};

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub who: String,
    pub action: String,
    pub object: String,
    pub result: String,
    pub detail: String,
    #[serde(serialize_with = "hex")]
    pub previous: Vec<u8>,
    #[serde(serialize_with = "hex")]
    pub hash: Vec<u8>,
}

fn hex<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    serializer.serialize_str(&text)
}

/// Appends a row (the database fills in id, time, who and the chain).
pub async fn append_in(
    client: &impl GenericClient,
    action: &str,
    object: &str,
    result: &str,
    detail: &str,
) -> TeamResult<()> {
    client
        .execute(
            "INSERT INTO certdeck.audit (id, at, who, action, object, result, detail, previous, hash) \
             VALUES (0, now(), '', $1, $2, $3, $4, '', '')",
            &[&action, &object, &result, &detail],
        )
        .await
        .map_err(db)?;
    Ok(())
}

/// Every row, oldest first.
pub async fn entries(client: &impl GenericClient) -> TeamResult<Vec<Entry>> {
    let rows = client
        .query(
            "SELECT id, at, who, action, object, result, detail, previous, hash \
             FROM certdeck.audit ORDER BY id",
            &[],
        )
        .await
        .map_err(db)?;
    Ok(rows
        .iter()
        .map(|row| Entry {
            id: row.get(0),
            at: row.get(1),
            who: row.get(2),
            action: row.get(3),
            object: row.get(4),
            result: row.get(5),
            detail: row.get(6),
            previous: row.get(7),
            hash: row.get(8),
        })
        .collect())
}

/// The hash a row must have after `previous` (as the database's `audit_chain` computes it).
pub fn link_hash(previous: &[u8], entry: &Entry) -> [u8; 32] {
    let millis = entry.at.unix_timestamp_nanos() / 1_000_000;
    let mut text = String::new();
    for field in [
        entry.id.to_string().as_str(),
        millis.to_string().as_str(),
        &entry.who,
        &entry.action,
        &entry.object,
        &entry.result,
        &entry.detail,
    ] {
        text.push_str(&format!("{}:{field}", field.len()));
    }
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

/// Checks the whole chain: each row follows the one before it and its hash covers its fields.
/// The first row that does not hold is named.
pub fn verify(entries: &[Entry]) -> Result<usize, String> {
    let mut previous: Vec<u8> = Vec::new();
    for entry in entries {
        if entry.previous != previous {
            return Err(format!(
                "the log is broken before row {} ({} {}): a row before it was changed or removed",
                entry.id, entry.action, entry.object
            ));
        }
        if link_hash(&previous, entry).as_slice() != entry.hash {
            return Err(format!(
                "row {} ({} {}) was changed after it was written",
                entry.id, entry.action, entry.object
            ));
        }
        previous = entry.hash.clone();
    }
    Ok(entries.len())
}
