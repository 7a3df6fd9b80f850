//! The ordering half of a renewal: the names, the challenge's solver (approved here on a
//! shared inventory), a rehearsal against the CA's staging directory, the order, and the
//! certificate obtained and stored.

use super::*;

/// The names a node's certificate is for: its FQDN, then its alternative names.
pub(super) fn names_of(node: &Node) -> Result<Vec<String>, AcmeError> {
    let mut names = Vec::new();
    for name in std::iter::once(&node.fqdn).chain(&node.alt_names) {
        let name = name.trim().to_string();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err(AcmeError::Invalid(format!(
            "node {} has no FQDN or alternative names to order a certificate for",
            node.name
        )));
    }
    Ok(names)
}

/// The solver for a node's challenge method. On a shared inventory, a web root written or a
/// listener opened on this machine must have been approved here (crate::store::approvals).
pub(super) async fn solver(
    shared: &Shared,
    issuer: &Issuer,
    node: &Node,
) -> Result<Solver, AcmeError> {
    if let Some(dir) = &node.approvals_dir {
        let approvals =
            crate::store::approvals::Approvals::load(dir).map_err(AcmeError::Invalid)?;
        let pending = approvals.unapproved(crate::store::approvals::issuer_requests(
            node,
            &issuer.challenge,
        ));
        if !pending.is_empty() {
            return Err(AcmeError::Invalid(crate::store::approvals::refusal(
                &pending,
            )));
        }
    }
    Ok(match &issuer.challenge {
        Challenge::Dns01 { server } => {
            let config = shared.store(|s| s.dns_server(server))?;
            let tsig = shared.store(|s| Ok(shared.secrets.tsig(s, &config)))??;
            let mut check = Vec::new();
            for address in &config.check_servers {
                check.push(dns::resolve(address).await?);
            }
            let update = dns::resolve(&config.server).await?;
            if check.is_empty() {
                check = dns::name_servers(update, &config.zone)
                    .await
                    .unwrap_or_default();
                check.push(update);
            }
            Solver::dns(DnsTarget {
                server: update,
                zone: config.zone,
                tsig,
                check,
            })
        }
        Challenge::Manual { check_servers } => {
            if check_servers.is_empty() {
                return Err(AcmeError::Invalid(
                    "manual DNS-01 needs the zone's authoritative servers to check (--check-server)"
                        .into(),
                ));
            }
            let mut check = Vec::new();
            for address in check_servers {
                check.push(dns::resolve(address).await?);
            }
            Solver::manual(check)
        }
        Challenge::Http01Listen { listen } => Solver::listen(listen).await?,
        Challenge::Http01Webroot { webroot } => {
            let driver = shared
                .store(|s| Ok(shared.secrets.driver(s, node)))?
                .map_err(|e| AcmeError::Invalid(format!("the node's driver: {e}")))?;
            Solver::webroot(driver, webroot)
        }
    })
}

/// The staging account to rehearse at before this order, when the node has one and its setup
/// has not passed a rehearsal since it last changed.
pub(super) fn rehearsal_due(issuer: &Issuer) -> Option<&str> {
    issuer
        .rehearse_with
        .as_deref()
        .filter(|_| issuer.state.rehearsed_at.is_none())
}

/// The same order at the staging account, with the same names and challenge; its certificate
/// is thrown away (with its key: a new one, or the appliance's request). Only when it passes is
/// the node's own CA asked, so a broken setup never spends the production CA's limits.
pub(super) async fn rehearse(
    shared: &Shared,
    issuer: &Issuer,
    node: &Node,
    staging: &str,
) -> Result<(), AcmeError> {
    let key = match issuer.key_policy {
        KeyPolicy::Csr => {
            KeySource::Csr(shared.store(|s| s.request_der(issuer.csr_id.unwrap_or_default()))?)
        }
        KeyPolicy::New | KeyPolicy::Keep => KeySource::New(
            crate::pki::request::KeyType::parse(&issuer.key_type)
                .unwrap_or(crate::pki::request::KeyType::EcdsaP256),
        ),
    };
    let say = |event: Event| {
        let _ = shared
            .events
            .send(RenewEvent::Order(node.name.clone(), event));
    };
    say(Event::Rehearsing {
        account: staging.to_string(),
    });
    let connected = shared.account(staging).await?;
    order(shared, issuer, node, &connected, key, None, None).await?;
    say(Event::Rehearsed {
        account: staging.to_string(),
    });
    Ok(())
}

/// One order through `connected` with the node's challenge, its events relayed as the node's.
pub(super) async fn order(
    shared: &Shared,
    issuer: &Issuer,
    node: &Node,
    connected: &Connected,
    key: KeySource,
    profile: Option<&str>,
    replaces: Option<&[u8]>,
) -> Result<issue::Issued, AcmeError> {
    let names = names_of(node)?;
    let solver = solver(shared, issuer, node).await?;
    let _listening = match solver.kind() {
        instant_acme::ChallengeType::Http01
            if matches!(issuer.challenge, Challenge::Http01Listen { .. }) =>
        {
            Some(shared.listening.lock().await)
        }
        _ => None,
    };
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let forward = shared.events.clone();
    let node_name = node.name.clone();
    let relay = tokio::spawn(async move {
        while let Some(event) = receiver.recv().await {
            let _ = forward.send(RenewEvent::Order(node_name.clone(), event));
        }
    });
    let issued = issue::obtain(
        connected,
        issue::Order {
            names: &names,
            key,
            profile,
            replaces,
        },
        solver,
        shared.options.propagation,
        &sender,
        &shared.cancel,
    )
    .await;
    drop(sender);
    let _ = relay.await;
    issued
}

/// Orders, proves, finalizes and imports: the new certificate's inventory id, and the challenge
/// records or files that could not be removed afterwards.
pub(super) async fn obtain(
    shared: &Shared,
    issuer: &Issuer,
    node: &Node,
    replaces: Option<&[u8]>,
) -> Result<(i64, Vec<String>), AcmeError> {
    let key = match issuer.key_policy {
        KeyPolicy::New => KeySource::New(
            crate::pki::request::KeyType::parse(&issuer.key_type).ok_or_else(|| {
                AcmeError::Invalid(format!("unknown key type {}", issuer.key_type))
            })?,
        ),
        KeyPolicy::Keep => {
            let bundle = shared.store(|s| s.push_bundle(node))?;
            KeySource::Existing(bundle.key_pem.ok_or_else(|| {
                AcmeError::Invalid(format!(
                    "node {} has no key to keep: its certificate's key is not in the vault",
                    node.name
                ))
            })?)
        }
        KeyPolicy::Csr => {
            let id = issuer.csr_id.ok_or_else(|| {
                AcmeError::Invalid("the issuer has no appliance request (--csr)".into())
            })?;
            KeySource::Csr(shared.store(|s| s.request_der(id))?)
        }
    };
    let connected = shared.account(&issuer.account).await?;
    let issued = order(
        shared,
        issuer,
        node,
        &connected,
        key,
        issuer.profile.as_deref(),
        replaces,
    )
    .await?;
    let leaf = crate::pki::decode_bytes(
        issued.chain_pem.as_bytes(),
        "the CA's answer",
        &crate::pki::DecodeOptions::default(),
    )
    .certificates()
    .next()
    .map(|cert| cert.fingerprint_sha256.clone())
    .ok_or_else(|| AcmeError::Refused("the CA's answer holds no certificate".into()))?;
    // Imported as one text: the import pairs the key with its certificate and seals it.
    let mut text = issued.chain_pem;
    if let Some(key) = &issued.key_pem {
        text.push_str(key);
    }
    let mut inputs = [ImportInput::Text {
        name: format!("ACME order for {}", node.name),
        text,
    }];
    let now = shared.now;
    let stored = shared.store(|s| {
        s.import(
            &inputs,
            &crate::pki::DecodeOptions::default(),
            &mut NoPasswords,
            now,
        )?;
        s.find(&leaf).map(|(row, _)| row.id)
    });
    // The text held the key in clear.
    if let [ImportInput::Text { text, .. }] = &mut inputs {
        text.zeroize();
    }
    Ok((stored?, issued.left_behind))
}
