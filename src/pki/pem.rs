//! A tolerant PEM scanner.
//!
//! Written by hand on purpose: the `pem` crates either reject a whole file when one block is bad or
//! drop the RFC 1421 headers (`Proc-Type`, `DEK-Info`) that legacy encrypted keys need. Here every
//! `-----BEGIN X-----` … `-----END X-----` block is returned on its own, with its headers and its
//! line number, text around and between blocks is ignored, and a broken block is reported without
//! hiding the good ones.

use base64::Engine as _;
use zeroize::{Zeroize, Zeroizing};

/// One `BEGIN`/`END` block found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemBlock {
    /// The label, e.g. `CERTIFICATE` or `RSA PRIVATE KEY`.
    pub label: String,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`, …) in order of appearance.
    pub headers: Vec<(String, String)>,
    /// The decoded body, or why it could not be decoded.
    pub body: Result<Vec<u8>, String>,
    /// 1-based line number of the `BEGIN` line.
    pub line: usize,
}

/// Blocks may hold unencrypted private keys: wipe them when dropped.
impl Drop for PemBlock {
    fn drop(&mut self) {
        if let Ok(body) = &mut self.body {
            body.zeroize();
        }
    }
}

impl PemBlock {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The block written out again (64-column base64, no headers), when its body decoded.
    pub fn to_pem(&self) -> Option<String> {
        self.body.as_ref().ok().map(|der| encode(&self.label, der))
    }
}

/// True when the bytes look like text holding at least one PEM block.
pub fn looks_like_pem(bytes: &[u8]) -> bool {
    find(bytes, b"-----BEGIN ").is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Finds every PEM block in `bytes`. Non-UTF-8 bytes around blocks are tolerated.
pub fn scan(bytes: &[u8]) -> Vec<PemBlock> {
    // A lossy copy (only made for non-UTF-8 input) may hold key text: wipe it afterwards.
    let text: Zeroizing<String>;
    let text: &str = match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(valid) => valid,
        std::borrow::Cow::Owned(copy) => {
            text = Zeroizing::new(copy);
            &text
        }
    };
    // One pass over the lines, keeping only the current block's (a 100,000-certificate bundle
    // has 2.5 million lines).
    let mut lines = text.lines().enumerate();
    let mut inner: Vec<&str> = Vec::new();
    let mut blocks = Vec::new();
    while let Some((index, line)) = lines.next() {
        let Some(label) = begin_label(line) else {
            continue;
        };
        inner.clear();
        let end = lines.by_ref().map(|(_, line)| line).find(|line| {
            let closing = line.trim().starts_with("-----END ");
            if !closing {
                inner.push(line);
            }
            closing
        });
        let end_marker = format!("-----END {label}-----");
        blocks.push(match end {
            Some(end) if end.trim() == end_marker => block(label, &inner, index + 1),
            Some(end) => {
                let reason = format!("BEGIN {label} closed by {}", end.trim());
                broken(label, index + 1, reason)
            }
            None => {
                let reason = format!("BEGIN {label} has no END line (truncated?)");
                broken(label, index + 1, reason)
            }
        });
    }
    blocks
}

fn begin_label(line: &str) -> Option<String> {
    let line = line.trim();
    let start = line.find("-----BEGIN ")?;
    let rest = &line[start + "-----BEGIN ".len()..];
    let label = rest.strip_suffix("-----")?;
    (!label.is_empty() && label.len() <= 64).then(|| label.to_string())
}

/// A block from the lines between its BEGIN and END lines.
fn block(label: String, inner: &[&str], line: usize) -> PemBlock {
    let mut headers = Vec::new();
    let mut body_start = 0;
    // RFC 1421 headers come first and end with an empty line.
    if inner.first().is_some_and(|l| l.contains(':')) {
        let mut i = 0;
        while i < inner.len() && !inner[i].trim().is_empty() {
            if let Some((key, value)) = inner[i].split_once(':') {
                headers.push((key.trim().to_string(), value.trim().to_string()));
            } else if let Some(last) = headers.last_mut() {
                // continuation line
                last.1.push_str(inner[i].trim());
            }
            i += 1;
        }
        body_start = i;
    }
    let body_lines = &inner[body_start..];
    let mut base64 = Zeroizing::new(Vec::with_capacity(body_lines.iter().map(|l| l.len()).sum()));
    for line in body_lines {
        let line = line.as_bytes();
        if line.iter().any(u8::is_ascii_whitespace) {
            base64.extend(line.iter().filter(|b| !b.is_ascii_whitespace()));
        } else {
            base64.extend_from_slice(line);
        }
    }
    let body = base64::engine::general_purpose::STANDARD
        .decode(base64.as_slice())
        .map_err(|e| format!("bad base64 in {label} block: {e}"));
    PemBlock {
        label,
        headers,
        body,
        line,
    }
}

fn broken(label: String, line: usize, reason: String) -> PemBlock {
    PemBlock {
        label,
        headers: Vec::new(),
        body: Err(reason),
        line,
    }
}

/// Encodes DER as PEM with 64-column lines.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 64);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_among_text_and_keeps_headers() {
        let input = b"subject=CN=x\nissuer=CN=y\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n\
junk\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAwQ=\n-----END RSA PRIVATE KEY-----\n";
        let blocks = scan(input);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(blocks[0].body, Ok(vec![0, 1, 2]));
        assert_eq!(blocks[0].line, 3);
        assert_eq!(blocks[1].header("dek-info"), Some("AES-128-CBC,00"));
        assert_eq!(blocks[1].body, Ok(vec![3, 4]));
    }

    #[test]
    fn truncated_and_mismatched_blocks_are_errors_not_losses() {
        let input = b"-----BEGIN CERTIFICATE-----\nAAEC\n-----END X509 CRL-----\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nAAEC";
        let blocks = scan(input);
        assert_eq!(blocks.len(), 3);
        assert!(blocks[0].body.as_ref().unwrap_err().contains("closed by"));
        assert_eq!(blocks[1].body, Ok(vec![0, 1, 2]));
        assert!(blocks[2].body.as_ref().unwrap_err().contains("no END"));
    }

    #[test]
    fn encode_round_trips() {
        let der: Vec<u8> = (0..=255).collect();
        let blocks = scan(encode("CERTIFICATE", &der).as_bytes());
        assert_eq!(blocks[0].body.as_deref(), Ok(&der[..]));
    }
}
