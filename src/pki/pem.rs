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

/// Texts below this size are scanned on one thread.
const PARALLEL_SCAN_BYTES: usize = 1 << 20;

/// Finds every PEM block in `bytes`. Non-UTF-8 bytes around blocks are tolerated.
pub fn scan(bytes: &[u8]) -> Vec<PemBlock> {
    if bytes.len() < PARALLEL_SCAN_BYTES {
        return scan_part(bytes);
    }
    // Large bundles (150 MB for 100,000 certificates) are cut at BEGIN lines into one part per
    // core. A BEGIN line always starts a block, and a line break is never inside a UTF-8
    // sequence, so the parts give exactly the blocks one pass would; line numbers continue from
    // the lines of the parts before.
    let parts = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut cuts = vec![0];
    for part in 1..parts {
        let from = (bytes.len() * part / parts).max(*cuts.last().unwrap_or(&0));
        if let Some(cut) = next_begin_line(bytes, from) {
            cuts.push(cut);
        }
    }
    cuts.push(bytes.len());
    cuts.dedup();
    let ranges: Vec<std::ops::Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    // Each part is scanned (and its lines counted) on a thread of its own.
    let scan_counted = |range: &std::ops::Range<usize>| {
        let part = &bytes[range.clone()];
        (scan_part(part), newline_count(part))
    };
    let parts: Vec<(Vec<PemBlock>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|range| scope.spawn(move || scan_counted(range)))
            .collect();
        handles
            .into_iter()
            .zip(&ranges)
            // Plain string work; should a part's thread fail anyway, it is scanned again here.
            .map(|(handle, range)| handle.join().unwrap_or_else(|_| scan_counted(range)))
            .collect()
    });
    let mut blocks = Vec::with_capacity(parts.iter().map(|(p, _)| p.len()).sum());
    let mut lines_before = 0;
    for (part, lines) in parts {
        blocks.extend(part.into_iter().map(|mut block| {
            block.line += lines_before;
            block
        }));
        lines_before += lines;
    }
    blocks
}

/// Scans whole lines of the input, numbered from 1.
fn scan_part(bytes: &[u8]) -> Vec<PemBlock> {
    // A lossy copy (only made for non-UTF-8 input) may hold key text: wipe it afterwards.
    let text: Zeroizing<String>;
    let text: &str = match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(valid) => valid,
        std::borrow::Cow::Owned(copy) => {
            text = Zeroizing::new(copy);
            &text
        }
    };
    scan_text(text)
}

/// The offset of the first line at or after `from` that is a BEGIN line.
fn next_begin_line(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let line_start = if at == 0 || bytes[at - 1] == b'\n' {
            at
        } else {
            at + bytes[at..].iter().position(|&b| b == b'\n')? + 1
        };
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |n| line_start + n);
        // A line that is not UTF-8 is simply not cut at.
        if std::str::from_utf8(&bytes[line_start..line_end])
            .ok()
            .and_then(begin_label)
            .is_some()
        {
            return Some(line_start);
        }
        at = line_end + 1;
    }
    None
}

fn newline_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// One pass over the lines of `text`.
fn scan_text(text: &str) -> Vec<PemBlock> {
    // Only the current block's lines are kept (a 100,000-certificate bundle has 2.5 million).
    let mut lines = text.lines().enumerate().peekable();
    let mut inner: Vec<&str> = Vec::new();
    let mut blocks = Vec::new();
    while let Some((index, line)) = lines.next() {
        let Some(label) = begin_label(line) else {
            continue;
        };
        let line_number = index + 1;
        inner.clear();
        // The block ends at its END line; a BEGIN line first means this one was cut short, and
        // the next block is read as it would be without it.
        let mut end = None;
        while let Some((_, line)) = lines.peek() {
            // Base64 has no '-': most lines are told apart without looking further.
            if line.contains('-') && begin_label(line).is_some() {
                break;
            }
            let (_, line) = lines.next().unwrap_or_default();
            if line.trim().starts_with("-----END ") {
                end = Some(line);
                break;
            }
            inner.push(line);
        }
        let end_marker = format!("-----END {label}-----");
        blocks.push(match end {
            Some(end) if end.trim() == end_marker => block(label, &inner, line_number),
            Some(end) => {
                let reason = format!("BEGIN {label} closed by {}", end.trim());
                broken(label, line_number, reason)
            }
            None => {
                let reason = format!("BEGIN {label} has no END line (truncated?)");
                broken(label, line_number, reason)
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
    fn a_block_cut_short_does_not_hide_the_next_one() {
        let input = b"-----BEGIN CERTIFICATE-----\nAAEC\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
        let blocks = scan(input);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].body.as_ref().unwrap_err().contains("no END"));
        assert_eq!(blocks[1].body, Ok(vec![0, 1, 2]));
        assert_eq!(blocks[1].line, 3);
    }

    /// A text large enough to be scanned in parts gives the blocks, errors and line numbers of
    /// one pass, whatever falls at the cuts (bytes that are not UTF-8 included).
    #[test]
    fn a_large_text_scanned_in_parts_equals_one_pass() {
        let mut text: Vec<u8> = b"leading text\n".to_vec();
        let mut n = 0u32;
        while text.len() < 3 * PARALLEL_SCAN_BYTES {
            let der: Vec<u8> = n.to_be_bytes().iter().cycle().take(700).copied().collect();
            match n % 97 {
                0 => text.extend(b"-----BEGIN CERTIFICATE-----\nAAEC\n"),
                1 => text.extend(b"-----BEGIN CERTIFICATE-----\nAAEC\n-----END X509 CRL-----\n"),
                2 => text.extend(b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAwQ=\n-----END RSA PRIVATE KEY-----\n"),
                _ => text.extend(encode("CERTIFICATE", &der).as_bytes()),
            }
            if n.is_multiple_of(13) {
                text.extend(b"subject=CN=between blocks \xe2\n\xff\n");
            }
            n += 1;
        }
        let parts = scan(&text);
        let one_pass = scan_part(&text);
        assert!(parts.len() > 1000);
        assert_eq!(parts, one_pass);
    }

    #[test]
    fn encode_round_trips() {
        let der: Vec<u8> = (0..=255).collect();
        let blocks = scan(encode("CERTIFICATE", &der).as_bytes());
        assert_eq!(blocks[0].body.as_deref(), Ok(&der[..]));
    }
}
