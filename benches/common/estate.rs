//! A certificate estate shaped like the ones administrators have (issue 15), generated once per
//! size into `target/bench-data/estate-<leaves>/` and reused:
//!
//! - an RSA-3072 root and 10 RSA-2048 intermediates (path length 0) under it;
//! - the leaves, each signed by an intermediate (round robin): four in five with a P-256 key,
//!   one in five RSA-2048; two DNS names, a wildcard and an IPv4 address in the SAN, one in ten
//!   also an IPv6 address, one in twenty an e-mail address; serverAuth (three in ten also
//!   clientAuth); CRL distribution point, OCSP and CA-issuers access, the DV policy; about 3 %
//!   expired and 1 % not yet valid at [`NOW`], the others valid then (397-day certificates
//!   ending over the next 396 days);
//! - `root.pem`, `intermediates.pem`, `leaves.pem`, and `all.pem` (root, intermediates, leaves:
//!   10,011 certificates for 10,000 leaves).
//!
//! The shape (which leaf gets which key type, names, dates, serials) comes from a seeded
//! generator, so every run makes the same estate; the keys themselves come from the system's
//! random source. RSA leaf keys are drawn from a pool of 64 (generating 20,000 RSA keys for the
//! 100,000-leaf estate would take most of an hour and measures nothing certdeck does).

#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, CrlDistributionPoint, CustomExtension, DistinguishedName,
    DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    PKCS_ECDSA_P256_SHA256, PKCS_RSA_SHA256, RsaKeySize, SanType, SerialNumber,
};

/// The moment the estate is judged at: certificates expired or not yet valid count from here.
pub const NOW: time::OffsetDateTime = time::macros::datetime!(2026-06-01 00:00 UTC);

pub const INTERMEDIATES: usize = 10;

/// SplitMix64 (Steele, Lea, Flood 2014): a few lines for a reproducible shape, where no
/// generator crate is a dependency of certdeck.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The folder of the estate with `leaves` leaves, generated on first use.
pub fn ensure(leaves: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("estate-{leaves}"));
    if dir.join("all.pem").exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("bench data folder");
    eprintln!(
        "generating an estate of {leaves} leaves (once, into {})…",
        dir.display()
    );
    let mut seeded = Seeded::new(0xce7d_ec0d_e57a_7e15 ^ leaves as u64);

    let root_key = KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_3072).expect("root");
    let mut root_params = ca_params("Estate Root CA", &mut seeded);
    root_params.not_after = rcgen::date_time_ymd(2046, 1, 1);
    let root = root_params.self_signed(&root_key).expect("root");
    let root_issuer = Issuer::from_params(&root_params, &root_key);

    let mut intermediates = Vec::new();
    let mut intermediates_pem = String::new();
    for i in 0..INTERMEDIATES {
        let key = KeyPair::generate_for(&PKCS_RSA_SHA256).expect("intermediate key");
        let mut params = ca_params(&format!("Estate Issuing CA {}", i + 1), &mut seeded);
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        let cert = params.signed_by(&key, &root_issuer).expect("intermediate");
        intermediates_pem.push_str(&cert.pem());
        intermediates.push((params, key));
    }
    let rsa_keys: Vec<KeyPair> = (0..64)
        .map(|_| KeyPair::generate_for(&PKCS_RSA_SHA256).expect("RSA leaf key"))
        .collect();

    // The leaves' parameters in order (cheap, one thread), then signed on every core.
    let plans: Vec<(CertificateParams, bool)> =
        (0..leaves).map(|n| leaf_params(n, &mut seeded)).collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = leaves.div_ceil(workers).max(1);
    let parts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = plans
            .chunks(chunk)
            .enumerate()
            .map(|(part, plans)| {
                let (intermediates, rsa_keys) = (&intermediates, &rsa_keys);
                scope.spawn(move || {
                    let mut pem = String::with_capacity(plans.len() * 1400);
                    for (i, (params, rsa)) in plans.iter().enumerate() {
                        let n = part * chunk + i;
                        let (issuer_params, issuer_key) = &intermediates[n % INTERMEDIATES];
                        let issuer = Issuer::from_params(issuer_params, issuer_key);
                        let fresh;
                        let key = if *rsa {
                            &rsa_keys[n % rsa_keys.len()]
                        } else {
                            fresh = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).expect("key");
                            &fresh
                        };
                        pem.push_str(&params.signed_by(key, &issuer).expect("leaf").pem());
                    }
                    pem
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("signer"))
            .collect()
    });
    let leaves_pem: String = parts.concat();
    std::fs::write(dir.join("root.pem"), root.pem()).expect("write");
    std::fs::write(dir.join("intermediates.pem"), &intermediates_pem).expect("write");
    std::fs::write(dir.join("leaves.pem"), &leaves_pem).expect("write");
    std::fs::write(
        dir.join("all.pem"),
        format!("{}{intermediates_pem}{leaves_pem}", root.pem()),
    )
    .expect("write");
    dir
}

fn dn(common_name: &str, organization: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "NO");
    dn.push(DnType::OrganizationName, organization);
    dn.push(DnType::CommonName, common_name);
    dn
}

fn serial(seeded: &mut Seeded) -> SerialNumber {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&seeded.next().to_be_bytes());
    bytes[8..].copy_from_slice(&seeded.next().to_be_bytes());
    bytes[0] &= 0x7f; // positive
    SerialNumber::from_slice(&bytes)
}

fn ca_params(common_name: &str, seeded: &mut Seeded) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(common_name, "Estate Trust Services");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
    ];
    params.not_before = rcgen::date_time_ymd(2024, 1, 1);
    params.not_after = rcgen::date_time_ymd(2036, 1, 1);
    params.use_authority_key_identifier_extension = true;
    params.serial_number = Some(serial(seeded));
    params
}

/// One leaf's parameters and whether its key is RSA.
fn leaf_params(n: usize, seeded: &mut Seeded) -> (CertificateParams, bool) {
    let site = seeded.below(400);
    let host = format!("host{n}.site{site}.example.com");
    let ia5 = |s: String| SanType::DnsName(s.try_into().expect("DNS name"));
    let mut names = vec![
        ia5(host.clone()),
        ia5(format!("alt{n}.example.com")),
        ia5(format!("*.site{site}.example.com")),
        SanType::IpAddress(IpAddr::V4(Ipv4Addr::new(
            10,
            (n >> 16) as u8,
            (n >> 8) as u8,
            n as u8,
        ))),
    ];
    if seeded.below(10) == 0 {
        names.push(SanType::IpAddress(IpAddr::V6(Ipv6Addr::new(
            0xfd00,
            0,
            0,
            site as u16,
            0,
            0,
            (n >> 16) as u16,
            n as u16,
        ))));
    }
    if seeded.below(20) == 0 {
        names.push(SanType::Rfc822Name(
            format!("pki-admin@site{site}.example.com")
                .try_into()
                .expect("e-mail"),
        ));
    }
    let mut params = CertificateParams::default();
    params.subject_alt_names = names;
    params.distinguished_name = dn(&host, &format!("Site {site} Operations"));
    params.is_ca = IsCa::ExplicitNoCa;
    let rsa = seeded.below(5) == 0;
    params.key_usages = if rsa {
        vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ]
    } else {
        vec![KeyUsagePurpose::DigitalSignature]
    };
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    if seeded.below(10) < 3 {
        params
            .extended_key_usages
            .push(ExtendedKeyUsagePurpose::ClientAuth);
    }
    // 3 % expired, 1 % not yet valid at NOW (2026-06-01), the rest valid then.
    let (not_before, not_after) = match seeded.below(100) {
        0..=2 => {
            let end = seeded.below(300) as i64;
            (
                NOW - time::Duration::days(400 + end),
                NOW - time::Duration::days(1 + end),
            )
        }
        3 => {
            let start = 1 + seeded.below(60) as i64;
            (
                NOW + time::Duration::days(start),
                NOW + time::Duration::days(start + 397),
            )
        }
        _ => {
            // Valid now: issued for 397 days (the longest a public CA may), ending within them.
            let end = 1 + seeded.below(396) as i64;
            (
                NOW + time::Duration::days(end - 397),
                NOW + time::Duration::days(end),
            )
        }
    };
    params.not_before = not_before;
    params.not_after = not_after;
    params.use_authority_key_identifier_extension = true;
    params.serial_number = Some(serial(seeded));
    let issuing = n % INTERMEDIATES + 1;
    params.crl_distribution_points = vec![CrlDistributionPoint {
        uris: vec![format!("http://crl.estate.example/issuing{issuing}.crl")],
    }];
    params.custom_extensions = vec![
        authority_info_access(issuing),
        // certificatePolicies: the CA/Browser Forum's domain-validated policy.
        CustomExtension::from_oid_content(
            &[2, 5, 29, 32],
            vec![
                0x30, 0x0a, 0x30, 0x08, 0x06, 0x06, 0x67, 0x81, 0x0c, 0x01, 0x02, 0x01,
            ],
        ),
    ];
    (params, rsa)
}

/// authorityInfoAccess with an OCSP responder and the CA-issuers URL (DER written here: rcgen
/// has no parameter for it).
fn authority_info_access(issuing: usize) -> CustomExtension {
    let access = |method_last: u8, url: String| {
        let url = url.into_bytes();
        let mut description = vec![0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30];
        description.push(method_last);
        description.push(0x86); // [6] uniformResourceIdentifier
        description.push(url.len() as u8);
        description.extend(url);
        let mut der = vec![0x30, description.len() as u8];
        der.extend(description);
        der
    };
    let mut content = access(1, "http://ocsp.estate.example".into());
    content.extend(access(
        2,
        format!("http://ca.estate.example/issuing{issuing}.cer"),
    ));
    let mut der = vec![0x30, content.len() as u8];
    der.extend(content);
    CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], der)
}
