//! A webhook: one POST per notice, shaped for the receiver (JSON, Teams, Slack, ntfy), with a
//! time limit and a few tries with growing pauses; no redirect is followed (the URL carries
//! the secret, and goes nowhere else).

use std::time::Duration;

use serde_json::json;

use super::{Format, Notice};

/// Pauses before the second and third try.
const BACKOFF: [Duration; 2] = [Duration::from_millis(500), Duration::from_secs(2)];

pub(super) async fn send(
    url: &str,
    format: Format,
    notice: &Notice,
    timeout: Duration,
) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("certdeck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("no HTTP client: {e}"))?;
    // Never the URL itself in what is said: its path is the secret.
    let shown = super::shown_url(url)
        .map_err(|_| "the stored webhook URL is not a valid http(s) address".to_string())?;
    let mut last = String::new();
    for attempt in 0..=BACKOFF.len() {
        if attempt > 0 {
            tokio::time::sleep(BACKOFF[attempt - 1]).await;
        }
        match request(&client, url, format, notice).send().await {
            Ok(response) if response.status().is_success() => return Ok(()),
            // A client error will not get better by trying again (a wrong URL, a bad token) —
            // but a timeout (408) or a rate limit (429) may.
            Ok(response)
                if response.status().is_client_error()
                    && !matches!(response.status().as_u16(), 408 | 429) =>
            {
                return Err(format!("{shown} answered {}", response.status()));
            }
            Ok(response) => last = format!("{shown} answered {}", response.status()),
            Err(error) => last = format!("{shown}: {}", crate::net::http::without_url(&error)),
        }
    }
    Err(format!("{last} (tried {} times)", BACKOFF.len() + 1))
}

fn request(
    client: &reqwest::Client,
    url: &str,
    format: Format,
    notice: &Notice,
) -> reqwest::RequestBuilder {
    match format {
        Format::Json => client.post(url).json(&json!({
            "source": "certdeck",
            "kind": notice.kind,
            "title": notice.title,
            "text": notice.body,
            "node": notice.node,
        })),
        // Names and messages come from certificates and nodes: shown as text, never as the
        // receiver's markup (a Slack `<!channel>` or link, a Teams markdown link).
        Format::Slack => client.post(url).json(&json!({
            "text": format!("*{}*\n{}", slack_text(&notice.title), slack_text(&notice.body)),
        })),
        Format::Teams => client.post(url).json(&json!({
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": notice.title,
            "title": markdown_text(&notice.title),
            "text": markdown_text(&notice.body).replace('\n', "  \n"),
        })),
        Format::Ntfy => client
            .post(url)
            .header("Title", ascii_header(&notice.title))
            .header("Tags", notice.kind.word().replace(' ', "_"))
            .body(notice.body.clone()),
    }
}

/// A header value carries ASCII only: anything else becomes `?`.
fn ascii_header(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Slack's escaping: `&`, `<` and `>` are its markup's.
fn slack_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markdown's special characters escaped (Teams cards render markdown).
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '!'
                | '<'
                | '>'
                | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{markdown_text, slack_text};

    #[test]
    fn names_from_certificates_are_text_not_markup() {
        assert_eq!(
            slack_text("<!channel> <https://evil|Renew now> & co"),
            "&lt;!channel&gt; &lt;https://evil|Renew now&gt; &amp; co"
        );
        assert_eq!(
            markdown_text("[x](https://evil) *bold*"),
            r"\[x\]\(https://evil\) \*bold\*"
        );
    }
}
