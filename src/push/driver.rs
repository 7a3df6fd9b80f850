//! Drivers behind one trait (issue 30): a driver is a [`NodeDriver`] (its settings and secrets,
//! what it plans) that connects into a [`NodeSession`] (what it does on the node). A new
//! appliance is one file implementing both with its [`Registration`], and one line in
//! `push::REGISTRY`; the command line and the window list drivers from there.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use time::OffsetDateTime;

use super::files::{self, Failed, FilePlan, Remote};
use super::journal::{Context, Journal};
use zeroize::Zeroizing;

use super::{Bundle, PushError};

/// A driver's asynchronous answer.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Secrets for one node (a password, an OpenSSH private key); they come from the keychain or
/// the vault and are wiped after use.
#[derive(Clone, Default)]
pub struct Credentials {
    pub password: Option<Zeroizing<String>>,
    /// An OpenSSH private key (text).
    pub private_key: Option<Zeroizing<String>>,
}

/// What a driver is configured from: the node's stored settings, its pinned identity, its
/// secrets, and whether the node came from a shared inventory (then a folder node runs only
/// the reload command this machine approved).
pub struct Configuration<'a> {
    pub settings: &'a serde_json::Value,
    pub pin: Option<String>,
    pub credentials: Credentials,
    pub shared: bool,
}

/// What identifies the far end of a node's connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    SshHostKey,
    /// The appliance's (or Management Node's) HTTPS certificate.
    TlsCertificate,
}

/// What a connection test found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub identity: Identity,
    /// SHA-256 fingerprint as the driver pins it.
    pub fingerprint: String,
    /// The fingerprint is the one pinned for the node.
    pub pinned: bool,
    /// SSH: the user that logged in (only once the key is pinned).
    pub logged_in_as: Option<String>,
}

/// A node's driver with its settings and secrets: it plans, and it connects.
pub trait NodeDriver: Send + Sync {
    /// The name settings store it under (`folder`, `ssh`, …).
    fn name(&self) -> &'static str;
    /// What a push will do, in words, before anything is sent.
    fn plan(&self, bundle: &Bundle) -> Vec<String>;
    /// Connects (and logs in): nothing on the node changes yet.
    fn connect(&self) -> Answer<'_, Result<Box<dyn NodeSession>, PushError>>;
    /// Connects far enough to see who answers (the SSH host key and, once it is pinned, a
    /// login; an appliance's HTTPS certificate), `pinned` being the node's pin. `None` for a
    /// driver that connects to nothing.
    fn first_contact<'a>(
        &'a self,
        _pinned: Option<&'a str>,
        _timeout: std::time::Duration,
    ) -> Answer<'a, Result<Option<Contact>, PushError>> {
        Box::pin(async { Ok(None) })
    }
    /// The driver itself, for what only one driver does (Pexip's alarms).
    fn as_any(&self) -> &dyn Any;
}

/// A driver connected to its node.
pub trait NodeSession: Send {
    /// Journals and applies the bundle.
    fn apply<'a>(
        &'a mut self,
        bundle: &'a Bundle,
        journal: &'a Journal,
        context: &'a Context,
    ) -> Answer<'a, Result<(i64, String), Failed>>;
    /// Undoes exactly the journaled steps of `push`.
    fn undo<'a>(
        &'a mut self,
        journal: &'a Journal,
        push: i64,
        now: OffsetDateTime,
    ) -> Answer<'a, Result<String, PushError>>;
    /// Completes the journaled steps of an interrupted push.
    fn redo<'a>(
        &'a mut self,
        journal: &'a Journal,
        push: i64,
    ) -> Answer<'a, Result<String, PushError>>;
    /// Removes the node's backup copies that this push's copies supersede.
    fn prune<'a>(&'a mut self, journal: &'a Journal, node: &'a str, push: i64) -> Answer<'a, ()>;
    /// Writes a public file with its folders (an ACME HTTP-01 token into a web root). Not
    /// journaled: the caller removes it when the challenge is over.
    fn put_public<'a>(
        &'a mut self,
        _path: &'a str,
        _content: &'a [u8],
    ) -> Answer<'a, Result<(), PushError>> {
        Box::pin(async { Err(files::no_web_root()) })
    }
    /// Removes a file [`NodeSession::put_public`] wrote (gone already is fine).
    fn remove_public<'a>(&'a mut self, _path: &'a str) -> Answer<'a, Result<(), PushError>> {
        Box::pin(async { Ok(()) })
    }
    /// Ends the session (logs out where there is a login).
    fn close(self: Box<Self>) -> Answer<'static, ()> {
        Box::pin(async {})
    }
}

/// One driver in the registry: its name and how it is configured.
pub struct Registration {
    pub name: &'static str,
    pub configure: fn(Configuration<'_>) -> Result<Arc<dyn NodeDriver>, PushError>,
}

/// Reads a driver's settings, naming the driver in the error.
pub fn settings<T: serde::de::DeserializeOwned>(
    driver: &str,
    settings: &serde_json::Value,
) -> Result<T, PushError> {
    serde_json::from_value(settings.clone())
        .map_err(|e| PushError::Settings(format!("{driver}: {e}")))
}

/// How a file driver turns a bundle into the files it changes.
pub type FilePlanner = Box<dyn Fn(&Bundle) -> Result<FilePlan, PushError> + Send + Sync>;

/// A session of a driver that changes files ([`Remote`]): the journaled file engine
/// (`push::files`) with the driver's file plan.
pub struct FileSession<R: Remote + Send> {
    pub remote: R,
    pub plan: FilePlanner,
}

impl<R: Remote + Send + 'static> FileSession<R> {
    /// The session, as the push engine takes it.
    pub fn boxed(remote: R, plan: FilePlanner) -> Box<dyn NodeSession> {
        Box::new(Self { remote, plan })
    }
}

impl<R: Remote + Send + 'static> NodeSession for FileSession<R> {
    fn apply<'a>(
        &'a mut self,
        bundle: &'a Bundle,
        journal: &'a Journal,
        context: &'a Context,
    ) -> Answer<'a, Result<(i64, String), Failed>> {
        Box::pin(async move {
            let plan = (self.plan)(bundle).map_err(|error| Failed { push: None, error })?;
            files::apply(&mut self.remote, &plan, journal, context).await
        })
    }

    fn undo<'a>(
        &'a mut self,
        journal: &'a Journal,
        push: i64,
        now: OffsetDateTime,
    ) -> Answer<'a, Result<String, PushError>> {
        Box::pin(files::undo(&mut self.remote, journal, push, now))
    }

    fn redo<'a>(
        &'a mut self,
        journal: &'a Journal,
        push: i64,
    ) -> Answer<'a, Result<String, PushError>> {
        Box::pin(files::redo(&mut self.remote, journal, push))
    }

    fn prune<'a>(&'a mut self, journal: &'a Journal, node: &'a str, push: i64) -> Answer<'a, ()> {
        Box::pin(files::prune(&mut self.remote, journal, node, push))
    }

    fn put_public<'a>(
        &'a mut self,
        path: &'a str,
        content: &'a [u8],
    ) -> Answer<'a, Result<(), PushError>> {
        Box::pin(self.remote.put_public(path, content))
    }

    fn remove_public<'a>(&'a mut self, path: &'a str) -> Answer<'a, Result<(), PushError>> {
        Box::pin(self.remote.remove_public(path))
    }

    fn close(self: Box<Self>) -> Answer<'static, ()> {
        Box::pin(self.remote.close())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_names_each_driver_once_and_configures_it_by_that_name() {
        let names = super::super::driver_names();
        assert_eq!(names[0], "none");
        assert_eq!(
            names,
            crate::model::node::DRIVER_NAMES,
            "the names the store accepts"
        );
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        let folder = super::super::Driver::configure(
            "folder",
            Configuration {
                settings: &serde_json::json!({ "path": "/srv/kit" }),
                pin: None,
                credentials: Default::default(),
                shared: false,
            },
        )
        .unwrap();
        assert_eq!(folder.name(), "folder");
        for registered in super::super::REGISTRY {
            // Settings that are not the driver's are refused in its name.
            let refused = (registered.configure)(Configuration {
                settings: &serde_json::json!({ "unrelated": true }),
                pin: None,
                credentials: Default::default(),
                shared: false,
            });
            match refused {
                Err(PushError::Settings(why)) => {
                    assert!(why.starts_with(registered.name), "{why}")
                }
                Err(other) => panic!("{}: {other}", registered.name),
                Ok(driver) => panic!("{} took settings not its own", driver.name()),
            }
        }
        let none = super::super::Driver::from_settings("none", &serde_json::json!({}));
        assert!(matches!(none, Err(PushError::NoDriver)));
        let unknown = super::super::Driver::from_settings("telnet", &serde_json::json!({}));
        assert!(matches!(unknown, Err(PushError::Settings(_))));
    }
}
