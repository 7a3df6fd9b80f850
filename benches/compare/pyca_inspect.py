"""What `certdeck inspect --json` does, written with pyca/cryptography: read every certificate of a
PEM bundle and print, as one JSON array, its names, dates, serial, fingerprints, key, signature
algorithm, extensions and whether it is valid at the given time. Used by benches/compare.py to
time a peer on the same files.

Usage: python pyca_inspect.py BUNDLE.pem 2026-06-01T00:00:00Z > out.json
"""

import datetime
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa


def key_summary(key):
    if isinstance(key, rsa.RSAPublicKey):
        return {"type": "RSA", "bits": key.key_size}
    if isinstance(key, ec.EllipticCurvePublicKey):
        return {"type": "EC", "curve": key.curve.name, "bits": key.key_size}
    return {"type": type(key).__name__}


def extension_value(ext):
    value = ext.value
    if isinstance(value, x509.SubjectAlternativeName):
        return [str(name.value) for name in value]
    if isinstance(value, x509.KeyUsage):
        names = ["digital_signature", "key_encipherment", "key_cert_sign", "crl_sign"]
        return [n for n in names if getattr(value, n)]
    if isinstance(value, x509.ExtendedKeyUsage):
        return [oid.dotted_string for oid in value]
    if isinstance(value, x509.BasicConstraints):
        return {"ca": value.ca, "path_length": value.path_length}
    if isinstance(value, (x509.SubjectKeyIdentifier,)):
        return value.digest.hex()
    if isinstance(value, x509.AuthorityKeyIdentifier):
        return value.key_identifier.hex() if value.key_identifier else None
    if isinstance(value, x509.CRLDistributionPoints):
        return [n.value for p in value for n in (p.full_name or [])]
    if isinstance(value, x509.AuthorityInformationAccess):
        return [[d.access_method.dotted_string, d.access_location.value] for d in value]
    if isinstance(value, x509.CertificatePolicies):
        return [p.policy_identifier.dotted_string for p in value]
    return ext.oid.dotted_string


def describe(cert, now):
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "valid_now": cert.not_valid_before_utc <= now <= cert.not_valid_after_utc,
        "days_left": (cert.not_valid_after_utc - now).days,
        "sha256": cert.fingerprint(hashes.SHA256()).hex(),
        "sha1": cert.fingerprint(hashes.SHA1()).hex(),
        "key": key_summary(cert.public_key()),
        "signature_algorithm": cert.signature_algorithm_oid.dotted_string,
        "self_issued": cert.subject == cert.issuer,
        "extensions": [
            {"oid": e.oid.dotted_string, "critical": e.critical, "value": extension_value(e)}
            for e in cert.extensions
        ],
    }


def main():
    path, when = sys.argv[1], sys.argv[2]
    now = datetime.datetime.fromisoformat(when.replace("Z", "+00:00"))
    with open(path, "rb") as f:
        certs = x509.load_pem_x509_certificates(f.read())
    json.dump([describe(c, now) for c in certs], sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
