//! Reading what an HTTP server answers without trusting its size (CRLs, OCSP, CA roots,
//! webhooks), and saying reqwest's errors without the URL they repeat (it may hold a secret).

/// Why a body was not read whole.
pub(crate) enum BodyError {
    /// The connection broke off (why, without the URL).
    CutOff(String),
    /// More than the limit was announced or sent.
    TooLarge,
}

/// `response`'s body, refused once it is announced or found to be larger than `limit` bytes
/// (nothing past the limit is kept).
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|n| n as usize > limit)
    {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| BodyError::CutOff(without_url(&e)))?
    {
        body.extend_from_slice(&chunk);
        if body.len() > limit {
            return Err(BodyError::TooLarge);
        }
    }
    Ok(body)
}

/// reqwest's error without the URL it repeats.
pub(crate) fn without_url(error: &reqwest::Error) -> String {
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
