//! The Pexip Infinity driver in the registry (`push::driver`): certificates uploaded through
//! the Management Node's configuration API, journaled step by step.

use std::sync::Arc;

use zeroize::Zeroizing;

use super::super::driver::{Answer, NodeDriver, NodeSession, Registration, settings};
use super::super::files::Failed;
use super::super::journal::{Context, Journal};
use super::{PexipRemote, PexipSettings};
use crate::push::{Bundle, PushError};

pub const REGISTRATION: Registration = Registration {
    name: "pexip",
    configure: |configuration| {
        Ok(Arc::new(PexipDriver {
            settings: settings("pexip", configuration.settings)?,
            pin: configuration.pin,
            password: configuration.credentials.password,
        }))
    },
};

/// The Pexip driver, configured: settings, the Management Node's pinned certificate, the
/// administrator's password.
pub struct PexipDriver {
    pub settings: PexipSettings,
    pub pin: Option<String>,
    pub password: Option<Zeroizing<String>>,
}

impl NodeDriver for PexipDriver {
    fn name(&self) -> &'static str {
        "pexip"
    }

    fn plan(&self, bundle: &Bundle) -> Vec<String> {
        super::plan(&self.settings, bundle)
    }

    fn connect(&self) -> Answer<'_, Result<Box<dyn NodeSession>, PushError>> {
        Box::pin(async move {
            let remote = PexipRemote::open(
                &self.settings,
                &self.pin,
                &self.password,
                crate::push::DRIVER_TIMEOUT,
            )?;
            let session: Box<dyn NodeSession> = Box::new(PexipSession(remote));
            Ok(session)
        })
    }

    fn first_contact<'a>(
        &'a self,
        pinned: Option<&'a str>,
        timeout: std::time::Duration,
    ) -> Answer<'a, Result<Option<super::super::driver::Contact>, PushError>> {
        Box::pin(super::super::https::tls_contact(
            &self.settings.url,
            pinned,
            timeout,
        ))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A session with the Management Node.
struct PexipSession(PexipRemote);

impl NodeSession for PexipSession {
    fn apply<'a>(
        &'a mut self,
        bundle: &'a Bundle,
        journal: &'a Journal,
        context: &'a Context,
    ) -> Answer<'a, Result<(i64, String), Failed>> {
        Box::pin(super::apply(&self.0, bundle, journal, context))
    }

    fn undo<'a>(
        &'a mut self,
        journal: &'a Journal,
        push: i64,
        now: time::OffsetDateTime,
    ) -> Answer<'a, Result<String, PushError>> {
        Box::pin(super::undo(&self.0, journal, push, now))
    }

    fn redo<'a>(
        &'a mut self,
        _journal: &'a Journal,
        _push: i64,
    ) -> Answer<'a, Result<String, PushError>> {
        Box::pin(async {
            Err(PushError::Driver(
                "an interrupted Pexip push cannot be completed: roll it back and push again".into(),
            ))
        })
    }

    fn prune<'a>(
        &'a mut self,
        _journal: &'a Journal,
        _node: &'a str,
        _push: i64,
    ) -> Answer<'a, ()> {
        Box::pin(async {})
    }
}
