//! Re-sealing a shared inventory's secrets when the team key rotates (a member removed): every
//! value the vault sealed (`store::vault::SEALED_COLUMNS`: private keys, ACME account
//! credentials, journaled key files) is opened with the old key and sealed with the new one, in
//! the rotation's own transaction — the removed member's copy of the old key then opens nothing
//! written afterwards, and no value is left that the remaining members cannot open. The same
//! walk as `store::vault::reseal`, here on the team's own async connection, since the rotation's
//! transaction (members, sealed team keys) is that connection's.

use tokio_postgres::GenericClient;

use super::{TeamResult, db};
use crate::store::Vault;
use crate::store::db::numbered_parameters;
use crate::store::vault::SEALED_COLUMNS;

/// Re-seals everything in `certdeck_inventory` from `old` to `new`; how many values. A value
/// the old key does not open (junk a member wrote into a sealed column, which no member could
/// open either) is left as it is: it must not be able to stop a member's removal.
pub async fn reseal(tx: &impl GenericClient, old: &Vault, new: &Vault) -> TeamResult<usize> {
    let mut count = 0;
    tx.batch_execute("SET LOCAL search_path = certdeck_inventory")
        .await
        .map_err(db)?;
    for column in &SEALED_COLUMNS {
        let select = numbered_parameters(column.select);
        let rows = tx.query(&select, &[]).await.map_err(db)?;
        for row in rows {
            let (first, second, sealed): (i64, i64, Vec<u8>) = (row.get(0), row.get(1), row.get(2));
            let record = (column.record)(first, second);
            let Ok(plain) = old.open_sealed(&record, &sealed) else {
                continue;
            };
            let again = new
                .seal(&record, &plain)
                .map_err(|e| format!("re-sealing {record}: {e}"))?;
            tx.execute(
                &numbered_parameters(column.update),
                &[&again, &first, &second],
            )
            .await
            .map_err(db)?;
            count += 1;
        }
    }
    Ok(count)
}
