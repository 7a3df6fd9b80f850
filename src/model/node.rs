//! What a node is reached by, and what its last push or check found.

/// The drivers' names a node may store (`none` first): the names of `push::REGISTRY`, which
/// a test keeps equal (the store refuses any other name without knowing the drivers).
pub const DRIVER_NAMES: &[&str] = &["none", "folder", "ssh", "https", "pexip"];

/// What a node's last push or check found, as `nodes.last_result` and the push log store it:
/// this word, then `: detail` where there is one. Written by pushes
/// (`push::session::result_word`) and checks (`push::session::check_result`); read by the
/// overview's node health and the window's words for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastResult {
    /// Pushed (or checked) and every endpoint serves the certificate.
    Verified,
    /// Pushed; not verified (no endpoints, or verification switched off).
    Applied,
    /// Pushed, verification failed, the previous files restored.
    RolledBack,
    /// The push failed.
    Failed,
    /// A check found an endpoint not serving the certificate.
    VerificationFailed,
}

impl LastResult {
    pub const ALL: [LastResult; 5] = [
        LastResult::Verified,
        LastResult::Applied,
        LastResult::RolledBack,
        LastResult::Failed,
        LastResult::VerificationFailed,
    ];

    /// The word stored.
    pub const fn word(self) -> &'static str {
        match self {
            LastResult::Verified => "verified",
            LastResult::Applied => "applied",
            LastResult::RolledBack => "rolled_back",
            LastResult::Failed => "failed",
            LastResult::VerificationFailed => "verification failed",
        }
    }

    /// A stored result and its detail; `None` for text an older certdeck or another tool wrote.
    pub fn parse(stored: &str) -> Option<(LastResult, Option<&str>)> {
        let (word, detail) = match stored.split_once(": ") {
            Some((word, detail)) => (word, Some(detail)),
            None => (stored, None),
        };
        let result = Self::ALL.into_iter().find(|r| r.word() == word)?;
        Some((result, detail))
    }

    /// Whether the node was left not serving what it should.
    pub fn failing(self) -> bool {
        matches!(
            self,
            LastResult::RolledBack | LastResult::Failed | LastResult::VerificationFailed
        )
    }
}

#[cfg(test)]
mod last_result_tests {
    use super::LastResult;

    #[test]
    fn stored_results_read_back_with_their_detail() {
        for result in LastResult::ALL {
            assert_eq!(LastResult::parse(result.word()), Some((result, None)));
            let stored = format!("{}: a.example:443: refused", result.word());
            assert_eq!(
                LastResult::parse(&stored),
                Some((result, Some("a.example:443: refused")))
            );
        }
        assert_eq!(LastResult::parse("pushed by hand"), None);
        assert_eq!(LastResult::parse("verifiedx"), None);
        assert!(LastResult::RolledBack.failing() && !LastResult::Applied.failing());
    }
}
