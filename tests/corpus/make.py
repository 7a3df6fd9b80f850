#!/usr/bin/env python3
"""Writes tests/corpus/broken/: inputs that are damaged or hostile in the ways real files are.

Every file here must give a clean error naming the file — never a panic, never a hang, never a
half-decoded object. Derived from the fixtures in ../fixtures; run `python3 make.py` from this
folder after regenerating them.
"""
import base64
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures")
OUT = os.path.join(HERE, "broken")


def read(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


def pem_body(name):
    text = read(name).decode()
    return base64.b64decode("".join(l for l in text.splitlines() if l and not l.startswith("-----")))


def pem(label, der):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)).encode()


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + head + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def octet(data):
    return tlv(0x04, data)


def integer(value):
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(chunk)
    return tlv(0x06, body)


def children(der):
    """The TLVs inside a constructed DER value (definite lengths only)."""
    def length_at(i):
        first = der_[i]
        if first < 0x80:
            return first, i + 1
        n = first & 0x7F
        return int.from_bytes(der_[i + 1:i + 1 + n], "big"), i + 1 + n

    der_ = der
    _, start = length_at(1)
    out, i = [], start
    while i < len(der_):
        length, body = length_at(i + 1)
        out.append(der_[i:body + length])
        i = body + length
    return out


def nested(depth):
    inner = b"\x05\x00"
    for _ in range(depth):
        inner = seq(inner)
    return inner


def encrypted_key(kdf):
    """PBES2 EncryptedPrivateKeyInfo with the given KDF, AES-256-CBC and 32 bytes of ciphertext."""
    aes = seq(oid("2.16.840.1.101.3.4.1.42"), octet(bytes(16)))
    return seq(seq(oid("1.2.840.113549.1.5.13"), seq(kdf, aes)), octet(bytes(32)))


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    cert = read("leaf.der")
    pfx = read("openssl3-default.pfx")
    files = {
        "empty.pem": b"",
        "whitespace.txt": b"   \n\t\n",
        "random.bin": bytes((i * 7919 + 13) % 256 for i in range(4096)),
        "text.txt": b"Dear admin, the certificate is attached.\n",
        "utf16.pem": read("leaf.pem").decode().encode("utf-16"),
        "truncated-half.der": cert[: len(cert) // 2],
        "truncated-one-byte.der": cert[:-1],
        "truncated-header.der": cert[:3],
        "truncated-no-end.pem": read("leaf.pem")[:-30],
        "bad-base64.pem": read("leaf.pem").replace(b"MII", b"M*I", 1),
        "wrong-end-label.pem": read("leaf.pem").replace(b"END CERTIFICATE", b"END X509 CRL"),
        "only-begin.pem": b"-----BEGIN CERTIFICATE-----\n",
        "empty-block.pem": b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        "many-empty-blocks.pem": b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n" * 2000,
        "unknown-label.pem": pem("FANCY THING", cert),
        "garbage-in-pem.pem": pem("CERTIFICATE", b"\x30\x03\x02\x01\x01"),
        "bad-length.der": b"\x30\x84\xff\xff\xff\xff" + cert[4:],
        "length-overflow.der": b"\x30\x89\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        "indefinite-length.der": b"\x30\x80" + cert[4:] + b"\x00\x00",
        "deep-nesting.der": b"\x30\x80" * 50000,
        "deep-nesting-definite.der": nested(3000),
        "flipped-signature-tag.der": cert[:-260] + b"\x04" + cert[-259:],
        "pkcs7-garbage.p7b": b"\x30\x0f\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0\x02\x30\x00",
        "pkcs7-bad-cert.p7b": pem("PKCS7", read("chain-der.p7b")[:200]),
        "pfx-truncated.pfx": pfx[: len(pfx) // 2],
        "pfx-mangled-mac.pfx": pfx[:-10] + bytes(b ^ 0xFF for b in pfx[-10:]),
        "csr-truncated.pem": pem("CERTIFICATE REQUEST", pem_body("request.csr")[:100]),
        "crl-truncated.pem": pem("X509 CRL", pem_body("inter.crl")[:60]),
        "key-truncated.pem": pem("PRIVATE KEY", read("leaf-pkcs8.der")[:300]),
        "rsa-key-garbage.pem": pem("RSA PRIVATE KEY", b"\x30\x06\x02\x01\x00\x02\x01\x05"),
        "ec-key-no-curve.pem": pem("EC PRIVATE KEY", b"\x30\x07\x02\x01\x01\x04\x02\x01\x02"),
        "dh-garbage.pem": pem("DH PARAMETERS", b"\x30\x03\x02\x01\x02"),
        "ec-params-garbage.pem": pem("EC PARAMETERS", b"\x04\x02\x01\x02"),
        "legacy-pem-unknown-cipher.pem": read("leaf-legacy-aes128.pem").replace(b"AES-128-CBC", b"CAMELLIA-128-CBC"),
        "legacy-pem-bad-iv.pem": re.sub(rb"AES-128-CBC,[0-9A-F]+", b"AES-128-CBC,XYZ", read("leaf-legacy-aes128.pem")),
        "openssh-key.pem": b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    }
    # Hostile iteration counts and costs must be refused up front instead of running for hours.
    files["pbkdf2-huge-iterations.pem"] = pem("ENCRYPTED PRIVATE KEY", encrypted_key(
        seq(oid("1.2.840.113549.1.5.12"), seq(octet(b"saltsalt"), integer(0x7FFFFFFF), seq(oid("1.2.840.113549.2.9"), b"\x05\x00"))),
    ))
    files["scrypt-huge-cost.pem"] = pem("ENCRYPTED PRIVATE KEY", encrypted_key(
        seq(oid("1.3.6.1.4.1.11591.4.11"), seq(octet(b"saltsalt"), integer(1 << 40), integer(8), integer(1))),
    ))
    files["pkcs12-pbe-huge-iterations.pem"] = pem("ENCRYPTED PRIVATE KEY", seq(
        seq(oid("1.2.840.113549.1.12.1.3"), seq(octet(b"saltsalt"), integer(0x7FFFFFFF))),
        octet(bytes(32)),
    ))
    version, auth_safe, mac_data = children(pfx)
    digest_info, mac_salt, _iterations = children(mac_data)
    files["pfx-huge-mac-iterations.pfx"] = seq(version, auth_safe, seq(digest_info, mac_salt, integer(0x7FFFFFFF)))
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(len(files), "files")


if __name__ == "__main__":
    main()
