//! The push engine's handle on the journal (`store::journal`): the open inventory behind a mutex,
//! shared by the node tasks of one push. Each record is one short SQLite statement, taken on the
//! task's thread: a few milliseconds against network steps of tens or hundreds.

use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

use super::PushError;
use crate::store::journal::{PlannedStep, Push, StepState};
use crate::store::nodes::PushLogEntry;
use crate::store::{Inventory, StoreError};

#[derive(Clone)]
pub struct Journal {
    store: Arc<Mutex<Inventory>>,
}

/// Who is pushing what to which node, for the journal and the log.
#[derive(Clone, Debug)]
pub struct Context {
    pub node: String,
    pub driver: &'static str,
    pub what: String,
    pub who: String,
    pub now: OffsetDateTime,
}

impl Journal {
    pub fn new(store: Inventory) -> Self {
        Self {
            store: Arc::new(Mutex::new(store)),
        }
    }

    /// The journal's work on the inventory: a failure is a journal failure.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&mut Inventory) -> Result<T, StoreError>,
    ) -> Result<T, PushError> {
        self.inventory(work)
            .map_err(|e| PushError::Journal(e.to_string()))
    }

    /// Any other work on the inventory the push shares (the renewal pipeline's), with the
    /// inventory's own errors.
    pub fn inventory<T>(
        &self,
        work: impl FnOnce(&mut Inventory) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // A panic in another task while it held the lock leaves the inventory usable: every
        // journal write is one statement or one transaction.
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        work(&mut store)
    }

    pub fn begin(&self, context: &Context, steps: &[PlannedStep]) -> Result<i64, PushError> {
        self.with(|s| {
            s.journal_begin(
                &context.node,
                context.driver,
                &context.what,
                &context.who,
                steps,
                context.now,
            )
        })
    }

    pub fn step(
        &self,
        push: i64,
        seq: u32,
        state: StepState,
        note: Option<&str>,
    ) -> Result<(), PushError> {
        self.with(|s| s.journal_step(push, seq, state, note))
    }

    pub fn left(
        &self,
        push: i64,
        seq: u32,
        backup: Option<&str>,
        created: Option<&str>,
    ) -> Result<(), PushError> {
        self.with(|s| s.journal_left(push, seq, backup, created))
    }

    pub fn load(&self, push: i64) -> Result<Push, PushError> {
        self.with(|s| s.journal_push(push))
    }

    pub fn finish(&self, push: i64, state: &str, now: OffsetDateTime) -> Result<(), PushError> {
        self.with(|s| s.journal_finish(push, state, now))
    }

    /// Appends the outcome to the push log and sets the node's last result.
    pub fn log(&self, context: &Context, result: &str, detail: &str) -> Result<(), PushError> {
        self.with(|s| {
            s.log_push(
                &PushLogEntry {
                    at: String::new(),
                    who: context.who.clone(),
                    node: context.node.clone(),
                    driver: context.driver.to_string(),
                    what: context.what.clone(),
                    result: result.to_string(),
                    detail: detail.to_string(),
                },
                context.now,
            )?;
            // A node removed while its push ran has no row to update.
            match s.set_node_result(&context.node, &format!("{result}: {detail}")) {
                Err(StoreError::NotFound(_)) => Ok(()),
                other => other,
            }
        })
    }
}
