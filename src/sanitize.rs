//! Text that came from a certificate, a CA, a node or a teammate, made safe for where it goes
//! (issue 28, item 9). A certificate's subject is whatever its maker typed: an escape sequence
//! that rewrites the terminal, a right-to-left override that reverses a host name, a spreadsheet
//! formula. certdeck shows such text, never obeys it:
//!
//! - [`visible`] escapes control characters (C0, DEL, C1) and the Unicode bidirectional controls
//!   as `\x1b`, `\u{202e}` — the form Rust and most shells print. Names and SANs are decoded
//!   through it, so the inventory, the window, every output and every log hold the escaped text.
//! - [`Visible`] does the same to a whole text output on its way to the terminal, for what did
//!   not come through a name (an error a server sent, a file name).
//! - [`csv_cell`] neutralises a cell a spreadsheet would run as a formula (OWASP's rule: a
//!   leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front; numbers stay numbers).

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must not reach a terminal or a window as itself.
fn hidden(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Whether `c` is escaped inside a single value (a name attribute, a SAN): line breaks and tabs
/// too, since a value is one line.
fn hidden_in_value(c: char) -> bool {
    c == '\n' || c == '\t' || hidden(c)
}

fn escape(c: char, out: &mut String) {
    let code = c as u32;
    if code < 0x80 {
        out.push_str(&format!("\\x{code:02x}"));
    } else {
        out.push_str(&format!("\\u{{{code:x}}}"));
    }
}

/// A single value (a name attribute, a SAN, a node's field) with every control character
/// escaped; borrowed unchanged when there is none (the usual case).
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden_in_value) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden_in_value(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `visible` for an owned string, reusing it when nothing changes.
pub fn visible_owned(text: String) -> String {
    match visible(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

/// A CSV cell a spreadsheet shows as text, never runs: `=1+1` becomes `'=1+1`. A number
/// (`-12`, `+3.5`) is left alone — it is a value, not a formula.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let Some(first) = text.chars().next() else {
        return Cow::Borrowed(text);
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') || is_number(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("'{text}"))
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// A writer that escapes control characters (but line breaks and tabs) in the UTF-8 text going
/// through it: the CLI's text outputs write through one, so nothing a certificate or a server
/// said can drive the terminal. Bytes that are not UTF-8 pass as `\xNN`.
pub struct Visible<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence cut by the end of the previous write.
    pending: Vec<u8>,
}

impl<W: Write> Visible<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn write_text(&mut self, bytes: &[u8]) -> io::Result<()> {
        // Printable ASCII (almost every output) passes as it is.
        if bytes
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t')
        {
            return self.inner.write_all(bytes);
        }
        let mut rest = bytes;
        let mut out = String::with_capacity(bytes.len());
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    push_visible(text, &mut out);
                    rest = &[];
                }
                Err(error) => {
                    let (good, bad) = rest.split_at(error.valid_up_to());
                    // Checked by from_utf8 above.
                    push_visible(std::str::from_utf8(good).unwrap_or_default(), &mut out);
                    match error.error_len() {
                        Some(len) => {
                            for byte in &bad[..len] {
                                out.push_str(&format!("\\x{byte:02x}"));
                            }
                            rest = &bad[len..];
                        }
                        None => {
                            // A sequence cut at the end: kept for the next write.
                            self.pending.extend_from_slice(bad);
                            rest = &[];
                        }
                    }
                }
            }
        }
        self.inner.write_all(out.as_bytes())
    }
}

fn push_visible(text: &str, out: &mut String) {
    for c in text.chars() {
        if hidden(c) {
            escape(c, out);
        } else {
            out.push(c);
        }
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            self.write_text(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.write_text(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let cut = std::mem::take(&mut self.pending);
            let text: String = cut.iter().map(|b| format!("\\x{b:02x}")).collect();
            self.inner.write_all(text.as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Visible<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_show_control_characters_escaped() {
        assert_eq!(visible("host.example.com"), "host.example.com");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("evil\x1b]2;pwned\x07.example.com"),
            "evil\\x1b]2;pwned\\x07.example.com"
        );
        assert_eq!(visible("line\nbreak"), "line\\x0abreak");
        // The right-to-left override that shows "moc.elpmaxe" as "example.com".
        assert_eq!(visible("a\u{202e}moc"), "a\\u{202e}moc");
        assert_eq!(visible("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(visible("Ærøskøbing Köln 東京"), "Ærøskøbing Köln 東京");
    }

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for formula in [
            "=1+1",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(formula), format!("'{formula}"), "{formula:?}");
        }
        for value in ["-12", "+3.5", "42", "", "CN=host", "host-1"] {
            assert_eq!(csv_cell(value), value, "{value:?}");
        }
    }

    #[test]
    fn a_writer_escapes_what_passes_through_even_when_cut_mid_character() {
        let mut out = Vec::new();
        {
            let mut visible = Visible::new(&mut out);
            let text = "ok\n\x1b[2J\u{9b}é\t\u{202e}end\n".as_bytes();
            // One byte at a time: every UTF-8 sequence is cut somewhere.
            for byte in text {
                visible.write_all(std::slice::from_ref(byte)).unwrap();
            }
            visible.write_all(b"\xff!").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ok\n\\x1b[2J\\u{9b}é\t\\u{202e}end\n\\xff!"
        );
    }
}
