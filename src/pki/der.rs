//! The little DER certdeck writes by hand.

/// A DER tag-length-value (definite length). Written by hand: a few lines where a DER encoder
/// would need a schema for what is only a wrapper.
pub(crate) fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A DER SEQUENCE around `content`.
pub(crate) fn wrap_sequence(content: &[u8]) -> Vec<u8> {
    der_tlv(0x30, content)
}
