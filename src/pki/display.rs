//! How certdeck writes moments and byte strings for people.

use time::OffsetDateTime;

/// `2026-11-22 13:07:01 UTC`.
pub fn display_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
    ))
    .unwrap_or_else(|_| t.to_string())
}

/// `2026-11-22`: the day of [`display_time`], for lists and tables.
pub fn display_date(t: OffsetDateTime) -> String {
    let mut text = display_time(t);
    text.truncate(text.find(' ').unwrap_or(text.len()));
    text
}

/// `AB:CD:EF`, as certificate viewers show serials, fingerprints and key identifiers.
pub fn colon_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, byte) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

/// The same for lowercase hex text (`abcdef` → `AB:CD:EF`).
pub fn colon_hex_text(hex: &str) -> String {
    match hex::decode(hex) {
        Ok(bytes) => colon_hex(&bytes),
        Err(_) => hex.to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(colon_hex(&[0x0a, 0xff, 0x00]), "0A:FF:00");
        assert_eq!(colon_hex_text("0aff00"), "0A:FF:00");
        assert_eq!(colon_hex(&[]), "");
        let t = time::macros::datetime!(2026-11-22 13:07:01 +02:00);
        assert_eq!(display_time(t), "2026-11-22 11:07:01 UTC");
    }
}
