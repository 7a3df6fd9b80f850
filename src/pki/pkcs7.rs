//! PKCS#7 / CMS "certificate bags" (`.p7b`, `.p7c`), as Windows and `openssl crl2pkcs7` export
//! chains: a degenerate SignedData whose `certificates` and `crls` fields carry the objects.
//!
//! Walked with `der`'s reader instead of the `cms` crate's typed model because `cms` re-encodes
//! certificates through its own structures and insists on DER order inside `SET OF`, which real
//! files do not always respect; here every certificate keeps its exact bytes.

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};

use super::error::Problem;

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

/// Certificates and CRLs (DER) carried by a PKCS#7 SignedData.
#[derive(Debug, Default)]
pub struct Pkcs7Contents {
    pub certificates: Vec<Vec<u8>>,
    pub crls: Vec<Vec<u8>>,
}

/// True when `der` starts like a PKCS#7 ContentInfo with SignedData.
pub fn looks_like_pkcs7(der: &[u8]) -> bool {
    outer(der).is_ok_and(|(oid, _)| oid == SIGNED_DATA)
}

fn outer(der: &[u8]) -> der::Result<(ObjectIdentifier, Option<AnyRef<'_>>)> {
    let content_info = AnyRef::from_der(der)?;
    if content_info.tag() != Tag::Sequence {
        return Err(der::ErrorKind::TagUnexpected {
            expected: Some(Tag::Sequence),
            actual: content_info.tag(),
        }
        .into());
    }
    let mut reader = SliceReader::new(content_info.value())?;
    let oid: ObjectIdentifier = reader.decode()?;
    let content = if reader.is_finished() {
        None
    } else {
        Some(reader.decode::<AnyRef<'_>>()?)
    };
    Ok((oid, content))
}

pub fn parse(der: &[u8]) -> Result<Pkcs7Contents, Problem> {
    let bad = |e: der::Error| Problem::invalid(format!("PKCS#7: {e}"));
    let (oid, content) = outer(der).map_err(bad)?;
    if oid != SIGNED_DATA {
        return Err(Problem::unsupported(format!(
            "PKCS#7 content type {oid} (only SignedData certificate bundles are read)"
        )));
    }
    let explicit = content.ok_or_else(|| Problem::invalid("PKCS#7 SignedData without content"))?;
    let signed_data = AnyRef::from_der(explicit.value()).map_err(bad)?;
    let mut reader = SliceReader::new(signed_data.value()).map_err(bad)?;
    let mut contents = Pkcs7Contents::default();
    while !reader.is_finished() {
        let field: AnyRef<'_> = reader.decode().map_err(bad)?;
        let target = match field.tag() {
            Tag::ContextSpecific {
                number: TagNumber(0),
                ..
            } => &mut contents.certificates,
            Tag::ContextSpecific {
                number: TagNumber(1),
                ..
            } => &mut contents.crls,
            _ => continue,
        };
        let mut inner = SliceReader::new(field.value()).map_err(bad)?;
        while !inner.is_finished() {
            let item: AnyRef<'_> = inner.decode().map_err(bad)?;
            // Only plain certificates/CRLs (SEQUENCE); attribute certificates and others are skipped.
            if item.tag() == Tag::Sequence {
                target.push(item.to_der().map_err(bad)?);
            }
        }
    }
    Ok(contents)
}
