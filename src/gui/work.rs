//! Blocking work (the inventory, the keychain, files) run off the UI thread.

/// Runs `job` on a worker thread, so the window never waits for it; a panic there becomes an
/// error message instead of a lost reply.
pub async fn work<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(job)
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}
