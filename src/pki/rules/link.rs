//! Each rule, as a method of the link it judges.

use super::*;

impl<'c> Link<'c, '_> {
    pub(super) fn push(
        &mut self,
        rule: &'static str,
        source: &'static str,
        text: impl Into<String>,
    ) {
        self.found.push(violation(
            rule,
            source,
            self.position,
            self.cert.subject().to_string(),
            text.into(),
        ));
    }

    pub(super) fn is_ca(&self) -> bool {
        matches!(self.cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca)
    }

    /// Self-signed: named by itself and signed by its own key (a trust anchor named by itself
    /// is taken as such without the signature check: it is trusted as configured).
    pub(super) fn self_signed(&self) -> bool {
        self.cert.subject().as_raw() == self.cert.issuer().as_raw()
            && (self.role == Role::Anchor || self.cert.verify_signature(None).is_ok())
    }

    pub(super) fn extension(
        &self,
        name: &str,
    ) -> Option<&'c x509_parser::extensions::X509Extension<'c>> {
        let oid = match name {
            "aki" => x509_parser::oid_registry::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER,
            "ski" => x509_parser::oid_registry::OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
            "bc" => x509_parser::oid_registry::OID_X509_EXT_BASIC_CONSTRAINTS,
            "ku" => x509_parser::oid_registry::OID_X509_EXT_KEY_USAGE,
            "eku" => x509_parser::oid_registry::OID_X509_EXT_EXTENDED_KEY_USAGE,
            "nc" => x509_parser::oid_registry::OID_X509_EXT_NAME_CONSTRAINTS,
            "pc" => x509_parser::oid_registry::OID_X509_EXT_POLICY_CONSTRAINTS,
            "san" => x509_parser::oid_registry::OID_X509_EXT_SUBJECT_ALT_NAME,
            "aia" => x509_parser::oid_registry::OID_PKIX_AUTHORITY_INFO_ACCESS,
            _ => return None,
        };
        self.cert.extensions().iter().find(|e| e.oid == oid)
    }

    /// RFC 5280's profile: both policies.
    pub(super) fn rfc5280(&mut self) {
        // A trust anchor is trusted as configured: old roots with serial 0 are still in use.
        if self.role != Role::Anchor {
            self.serial();
        }
        self.extensions_profile();
    }

    pub(super) fn serial(&mut self) {
        let serial = self.cert.raw_serial();
        let digits = serial
            .iter()
            .skip_while(|b| **b == 0)
            .count()
            .max(usize::from(!serial.is_empty()));
        if serial.iter().all(|b| *b == 0) {
            self.push(
                "serial-positive",
                "RFC 5280 §4.1.2.2",
                "the serial number is 0: it must be a positive integer",
            );
        } else if serial.first().is_some_and(|b| b & 0x80 != 0) {
            self.push(
                "serial-positive",
                "RFC 5280 §4.1.2.2",
                "the serial number is negative: it must be a positive integer",
            );
        } else if serial.len() > 20 && digits > 0 {
            self.push(
                "serial-length",
                "RFC 5280 §4.1.2.2",
                format!(
                    "the serial number is {} octets long: at most 20 are allowed",
                    serial.len()
                ),
            );
        }
    }

    pub(super) fn extensions_profile(&mut self) {
        let ca = self.is_ca();
        let self_signed = self.self_signed();
        match self.extension("aki").map(|e| e.critical) {
            Some(true) => self.push(
                "aki-not-critical",
                "RFC 5280 §4.2.1.1",
                "the authority key identifier is marked critical: conforming CAs mark it non-critical",
            ),
            None if !self_signed => self.push(
                "aki-present",
                "RFC 5280 §4.2.1.1",
                "no authority key identifier: every certificate but a self-signed root carries one",
            ),
            _ => {}
        }
        match self.extension("ski").map(|e| e.critical) {
            Some(true) => self.push(
                "ski-not-critical",
                "RFC 5280 §4.2.1.2",
                "the subject key identifier is marked critical: conforming CAs mark it non-critical",
            ),
            None if ca => self.push(
                "ski-present",
                "RFC 5280 §4.2.1.2",
                "a CA certificate without a subject key identifier",
            ),
            _ => {}
        }
        if ca && self.cert.subject().as_raw().len() <= 2 {
            self.push(
                "ca-subject",
                "RFC 5280 §4.1.2.6",
                "a CA certificate with an empty subject",
            );
        }
        let key_cert_sign =
            matches!(self.cert.key_usage(), Ok(Some(ku)) if ku.value.key_cert_sign());
        if key_cert_sign && !ca {
            self.push(
                "keycertsign-needs-ca",
                "RFC 5280 §4.2.1.3, §4.2.1.9",
                "keyCertSign is asserted but basicConstraints does not make it a CA",
            );
        }
        if self.role == Role::Anchor {
            self.anchor_rfc5280(ca, key_cert_sign);
        }
        if let Some(nc) = self.extension("nc") {
            self.name_constraints(nc.critical, nc.parsed_extension());
        }
        if let Some(pc) = self.extension("pc")
            && !pc.critical
        {
            self.push(
                "policy-constraints-critical",
                "RFC 5280 §4.2.1.11",
                "policy constraints are not marked critical: conforming CAs mark them critical",
            );
        }
        let empty_subject = self.cert.subject().as_raw().len() <= 2;
        if let Some(san) = self.extension("san") {
            if empty_subject && !san.critical {
                self.push(
                    "san-critical-without-subject",
                    "RFC 5280 §4.2.1.6",
                    "the subject is empty but the subject alternative name is not marked critical",
                );
            }
            if self.role == Role::Leaf
                && let ParsedExtension::SubjectAlternativeName(names) = san.parsed_extension()
            {
                for name in &names.general_names {
                    if let GeneralName::DNSName(dns) = name
                        && !preferred_name_syntax(dns)
                    {
                        self.push(
                            "dns-name-syntax",
                            "RFC 5280 §4.2.1.6, RFC 1034 §3.5",
                            format!("the DNS name {dns:?} is not in the preferred name syntax"),
                        );
                    }
                }
            }
        }
    }

    /// What RFC 5280 asks of the CA a path ends at (webpki reads only its name and key).
    pub(super) fn anchor_rfc5280(&mut self, ca: bool, key_cert_sign: bool) {
        match self.extension("bc").map(|e| e.critical) {
            None => self.push(
                "basic-constraints-present",
                "RFC 5280 §4.2.1.9",
                "the trusted CA has no basic constraints",
            ),
            Some(false) => self.push(
                "basic-constraints-critical",
                "RFC 5280 §4.2.1.9",
                "the trusted CA's basic constraints are not marked critical",
            ),
            Some(true) if !ca => self.push(
                "anchor-is-ca",
                "RFC 5280 §4.2.1.9",
                "the trusted certificate is not a CA",
            ),
            Some(true) => {}
        }
        if ca && matches!(self.cert.key_usage(), Ok(Some(_))) && !key_cert_sign {
            self.push(
                "ca-keycertsign",
                "RFC 5280 §4.2.1.3",
                "a CA whose key usage does not allow signing certificates (keyCertSign)",
            );
        }
        let unknown: Vec<String> = self
            .cert
            .extensions()
            .iter()
            .filter(|e| e.critical && e.parsed_extension().unsupported())
            .map(|e| crate::pki::oids::dotted(&e.oid))
            .collect();
        if !unknown.is_empty() {
            self.push(
                "critical-extensions-known",
                "RFC 5280 §4.2",
                format!(
                    "critical extensions certdeck does not know: {}",
                    unknown.join(", ")
                ),
            );
        }
        let validity = self.cert.validity();
        if validity.not_after.timestamp() < self.context.now
            || validity.not_before.timestamp() > self.context.now
        {
            self.push(
                "anchor-valid",
                "RFC 5280 §6.1",
                "the trusted CA is outside its validity period",
            );
        }
    }

    pub(super) fn name_constraints(&mut self, critical: bool, parsed: &ParsedExtension<'_>) {
        if self.role == Role::Leaf {
            self.push(
                "name-constraints-in-ca",
                "RFC 5280 §4.2.1.10",
                "name constraints in an end-entity certificate: they belong in CA certificates",
            );
        }
        if !critical && self.context.policy == Policy::Private {
            self.push(
                "name-constraints-critical",
                "RFC 5280 §4.2.1.10",
                "name constraints are not marked critical",
            );
        }
        let ParsedExtension::NameConstraints(nc) = parsed else {
            self.push(
                "name-constraints-syntax",
                "RFC 5280 §4.2.1.10",
                "the name constraints cannot be read",
            );
            return;
        };
        let empty = |subtrees: &Option<Vec<_>>| subtrees.as_ref().is_none_or(|s| s.is_empty());
        if empty(&nc.permitted_subtrees) && empty(&nc.excluded_subtrees) {
            self.push(
                "name-constraints-not-empty",
                "RFC 5280 §4.2.1.10",
                "name constraints with neither permitted nor excluded subtrees",
            );
        }
        let subtrees = nc
            .permitted_subtrees
            .iter()
            .chain(&nc.excluded_subtrees)
            .flatten();
        for subtree in subtrees {
            if let GeneralName::DNSName(dns) = &subtree.base
                && dns.starts_with('.')
            {
                let text = format!("the DNS name constraint {dns:?} starts with a period");
                self.push("dns-constraint-syntax", "RFC 5280 §4.2.1.10", text);
            }
        }
    }

    /// The Baseline Requirements' profile on top: the web policy.
    pub(super) fn baseline_requirements(&mut self) {
        self.key_strength();
        if let Some(aia) = self.extension("aia") {
            let fine = matches!(aia.parsed_extension(), ParsedExtension::AuthorityInfoAccess(a) if !a.accessdescs.is_empty());
            if !fine {
                self.push(
                    "aia-syntax",
                    "BR §7.1.2.7.7",
                    "the authority information access is empty or malformed",
                );
            }
        }
        let eku = self
            .extension("eku")
            .map(|e| (e.critical, e.parsed_extension()));
        match self.role {
            Role::Leaf => {
                match &eku {
                    None => self.push(
                        "eku-present",
                        "BR §7.1.2.7.10",
                        "no extended key usage: subscriber certificates must state theirs",
                    ),
                    Some((critical, parsed)) => {
                        if *critical {
                            self.push(
                                "eku-not-critical",
                                "BR §7.1.2.7.10",
                                "the extended key usage is marked critical",
                            );
                        }
                        if matches!(parsed, ParsedExtension::ExtendedKeyUsage(e) if e.any) {
                            self.push(
                                "eku-not-any",
                                "BR §7.1.2.7.10",
                                "the extended key usage includes anyExtendedKeyUsage",
                            );
                        }
                    }
                }
                self.san_profile();
                self.common_name_in_san();
            }
            Role::Anchor => {
                if eku.is_some() {
                    self.push(
                        "root-without-eku",
                        "BR §7.1.2.1.2",
                        "a root CA with an extended key usage",
                    );
                }
                self.root_aki();
            }
            Role::Intermediate => {}
        }
    }

    pub(super) fn key_strength(&mut self) {
        let Ok(key) = self.cert.public_key().parsed() else {
            return;
        };
        match key {
            PublicKey::RSA(rsa) => {
                let modulus: Vec<u8> = rsa
                    .modulus
                    .iter()
                    .copied()
                    .skip_while(|b| *b == 0)
                    .collect();
                let bits = modulus.len() * 8
                    - modulus
                        .first()
                        .map(|b| b.leading_zeros() as usize)
                        .unwrap_or(0);
                if bits < 2048 {
                    self.push(
                        "rsa-2048",
                        "BR §6.1.5",
                        format!("an RSA key of {bits} bits: at least 2048 are required"),
                    );
                } else if !bits.is_multiple_of(8) {
                    self.push(
                        "rsa-bytes",
                        "BR §6.1.5",
                        format!("an RSA key of {bits} bits: the size must be a multiple of 8"),
                    );
                }
            }
            PublicKey::DSA(_) => self.push("key-algorithm", "BR §6.1.5", "a DSA key: not allowed"),
            PublicKey::EC(_) => {
                let curve = self
                    .cert
                    .public_key()
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| crate::pki::oids::dotted(&o));
                if curve.as_deref() == Some(OID_P192) {
                    self.push("key-algorithm", "BR §6.1.5", "a P-192 key: not allowed");
                }
            }
            _ => {}
        }
    }

    /// BR §7.1.2.7.12: SAN critical only when the subject is empty; no wildcard over a public
    /// suffix.
    pub(super) fn san_profile(&mut self) {
        let Some(san) = self.extension("san") else {
            return;
        };
        let empty_subject = self.cert.subject().as_raw().len() <= 2;
        if san.critical && !empty_subject {
            self.push(
                "san-not-critical",
                "BR §7.1.2.7.12",
                "the subject alternative name is critical although the subject is not empty",
            );
        }
        let ParsedExtension::SubjectAlternativeName(names) = san.parsed_extension() else {
            return;
        };
        for name in &names.general_names {
            if let GeneralName::DNSName(dns) = name
                && let Some(base) = dns.strip_prefix("*.")
                && is_public_suffix(base)
            {
                self.push(
                    "wildcard-not-public-suffix",
                    "BR §3.2.2.6",
                    format!("the wildcard {dns} covers a public suffix"),
                );
            }
        }
    }

    /// BR §7.1.4.3: a common name, when present, is one of the SAN's values, written the same.
    pub(super) fn common_name_in_san(&mut self) {
        let names: Vec<String> = self
            .cert
            .subject()
            .iter_common_name()
            .filter_map(|cn| cn.as_str().ok().map(String::from))
            .collect();
        if names.is_empty() {
            return;
        }
        let mut sans: Vec<String> = Vec::new();
        if let Ok(Some(san)) = self.cert.subject_alternative_name() {
            for name in &san.value.general_names {
                match name {
                    GeneralName::DNSName(dns) => sans.push(dns.to_string()),
                    GeneralName::IPAddress(bytes) => {
                        if let Some(ip) = ip_text(bytes) {
                            sans.push(ip);
                        }
                    }
                    _ => {}
                }
            }
        }
        for cn in names {
            if !sans.contains(&cn) {
                self.push(
                    "common-name-in-san",
                    "BR §7.1.4.3",
                    format!("the common name {cn:?} is not one of the subject alternative names as written there"),
                );
            }
        }
    }

    /// BR §7.1.2.1.3: a root's AKI, when present, is its key identifier and nothing else.
    pub(super) fn root_aki(&mut self) {
        let Some(ParsedExtension::AuthorityKeyIdentifier(aki)) =
            self.extension("aki").map(|e| e.parsed_extension())
        else {
            return;
        };
        if aki.authority_cert_issuer.is_some() || aki.authority_cert_serial.is_some() {
            self.push(
                "root-aki-key-id-only",
                "BR §7.1.2.1.3",
                "the root's authority key identifier names an issuer or serial number",
            );
        }
        let ski = match self.extension("ski").map(|e| e.parsed_extension()) {
            Some(ParsedExtension::SubjectKeyIdentifier(id)) => Some(id.0),
            _ => None,
        };
        match &aki.key_identifier {
            None => self.push(
                "root-aki-key-id",
                "BR §7.1.2.1.3",
                "the root's authority key identifier has no key identifier",
            ),
            Some(id) if ski.is_some_and(|ski| ski != id.0) => self.push(
                "root-aki-matches-ski",
                "BR §7.1.2.1.3",
                "the root's authority key identifier differs from its subject key identifier",
            ),
            Some(_) => {}
        }
    }
}
