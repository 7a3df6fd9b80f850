//! Why text is not a model value: which kind of value it was for, the text, and the words the
//! command line and the window show (`Display`). Callers and tests decide by [`Invalid::value`],
//! never by the words.

/// Which kind of value the text was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A maintenance window (`Sat,Sun 01:00-05:00`).
    Window,
    /// An endpoint (`host:port`).
    Endpoint,
    /// A scan target (an address, a range, a DNS name).
    Target,
    /// A scan's ports (`443,8443,smtp:2525`).
    Ports,
    /// A webhook's message format.
    Format,
}

/// Why it is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// It does not have the value's shape.
    Malformed,
    /// It has the shape, but is more than certdeck takes at once (a range wider than a /16,
    /// more than 1,024 ports).
    OverLimit,
}

/// Text that is not a value of its kind.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub value: Value,
    pub reason: Reason,
    /// The text as given.
    pub text: String,
    message: String,
}

impl Invalid {
    pub(crate) fn new(value: Value, text: &str, message: String) -> Self {
        Self {
            value,
            reason: Reason::Malformed,
            text: text.to_string(),
            message,
        }
    }

    /// The same, for text over a limit.
    pub(crate) fn over_limit(mut self) -> Self {
        self.reason = Reason::OverLimit;
        self
    }
}
