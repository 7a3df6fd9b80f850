"""What `certdeck verify --batch` does, written with pyca/cryptography's X.509 verifier (RFC 5280
and the CA/B Forum profile, as x509-limbo tests it): each leaf of a PEM bundle verified for TLS
server use, for its first DNS name, against the intermediates and the trusted root, at the given
time; prints how many are trusted. Used by benches/compare.py.

Usage: python pyca_verify.py LEAVES.pem INTERMEDIATES.pem ROOT.pem 2026-06-01T00:00:00Z
"""

import datetime
import sys

from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError


def load(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificates(f.read())


def main():
    leaves, intermediates, roots = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
    now = datetime.datetime.fromisoformat(sys.argv[4].replace("Z", "+00:00"))
    builder = PolicyBuilder().store(Store(roots)).time(now)
    trusted = 0
    for leaf in leaves:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        name = names.get_values_for_type(x509.DNSName)[0]
        verifier = builder.build_server_verifier(x509.DNSName(name))
        try:
            verifier.verify(leaf, intermediates)
            trusted += 1
        except VerificationError:
            pass
    print(f"{trusted} of {len(leaves)} trusted")


if __name__ == "__main__":
    main()
