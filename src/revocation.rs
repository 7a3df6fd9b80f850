//! CRLs from the distribution points certificates name, fetched over HTTP(S) and kept in the
//! inventory until their nextUpdate, for `certdeck verify --revocation soft|hard`. What a CRL
//! says is applied by the verifier (`pki::verify`); this module only gets them.

use std::time::Duration;

use time::OffsetDateTime;

use crate::pki::{Certificate, Crl};
use crate::store::Inventory;

/// Larger answers are refused: a CRL of a big public CA is a few MB.
const MAX_CRL_BYTES: usize = 32 << 20;

/// How long one distribution point may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// How revocation is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Not checked (CRLs given with --crl still apply).
    Off,
    /// CRLs fetched from the distribution points; a certificate whose status cannot be
    /// learned (unreachable, damaged CRL) is not refused for it.
    Soft,
    /// As soft, but a certificate whose status cannot be learned is refused.
    Hard,
}

/// The HTTP(S) CRL distribution points of `certs`, each once, in order.
pub fn distribution_points<'a>(certs: impl IntoIterator<Item = &'a Certificate>) -> Vec<String> {
    use crate::pki::extensions::ExtensionValue;
    let mut urls: Vec<String> = Vec::new();
    for cert in certs {
        for extension in &cert.extensions {
            let ExtensionValue::CrlDistributionPoints { points } = &extension.value else {
                continue;
            };
            for name in points.iter().flat_map(|p| &p.names) {
                if let Some(url) = name.strip_prefix("URI:")
                    && (url.starts_with("http://") || url.starts_with("https://"))
                    && !urls.iter().any(|u| u == url)
                {
                    urls.push(url.to_string());
                }
            }
        }
    }
    urls
}

/// The CRLs at `urls` (DER), from the cache while current, else fetched and cached; and, for
/// those that could not be had, why (`url: reason`).
pub async fn gather(
    urls: &[String],
    cache: Option<&std::sync::Mutex<Inventory>>,
    now: OffsetDateTime,
) -> (Vec<Vec<u8>>, Vec<String>) {
    let mut crls = Vec::new();
    let mut problems = Vec::new();
    let client = match reqwest::Client::builder()
        .timeout(TIMEOUT)
        .user_agent(concat!("certdeck/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            problems.push(format!("no HTTP client: {error}"));
            return (crls, problems);
        }
    };
    for url in urls {
        let cached = cache.and_then(|c| c.lock().ok()?.cached_crl(url, now).ok().flatten());
        if let Some(der) = cached {
            crls.push(der);
            continue;
        }
        match fetch(&client, url).await {
            Ok((der, crl)) => {
                if let Some(cache) = cache
                    && let Ok(mut inventory) = cache.lock()
                {
                    let _ = inventory.cache_crl(url, &der, crl.next_update, now);
                }
                crls.push(der);
            }
            Err(reason) => problems.push(format!("{url}: {reason}")),
        }
    }
    (crls, problems)
}

/// One distribution point: the CRL it serves (DER or PEM), checked to be a CRL.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<(Vec<u8>, Crl), String> {
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot be fetched ({})", without_url(&e)))?;
    if !response.status().is_success() {
        return Err(format!("the server answered {}", response.status()));
    }
    if response
        .content_length()
        .is_some_and(|n| n as usize > MAX_CRL_BYTES)
    {
        return Err(format!("larger than {} MB", MAX_CRL_BYTES >> 20));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("cut off ({})", without_url(&e)))?
    {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_CRL_BYTES {
            return Err(format!("larger than {} MB", MAX_CRL_BYTES >> 20));
        }
    }
    let der = if crate::pki::pem::looks_like_pem(&body) {
        crate::pki::pem::scan(&body)
            .into_iter()
            .find(|block| block.label == "X509 CRL")
            .and_then(|block| block.body.clone().ok())
            .ok_or("not a CRL (PEM without an X509 CRL block)")?
    } else {
        body
    };
    let crl = Crl::from_der(&der).map_err(|e| match e {
        crate::pki::error::Problem::Invalid(reason)
        | crate::pki::error::Problem::Unsupported(reason) => reason,
        other => format!("{other:?}"),
    })?;
    Ok((der, crl))
}

/// reqwest's error without the URL it repeats.
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text
            .replace(&format!(" ({url})"), "")
            .replace(url.as_str(), "");
    }
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text = format!("{text}: {inner}");
        source = inner.source();
    }
    text
}
