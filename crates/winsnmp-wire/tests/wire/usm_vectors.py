#!/usr/bin/env python3
"""Known-answer vectors for winsnmp_wire::usm, computed by pysnmp.

Writes the Rust module tests/wire/usm_pysnmp.rs to standard output. Not run by
`cargo test` (the Rust tests read the checked-in output, not Python). Regenerate with:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pysnmp cryptography
    /tmp/venv/bin/python usm_vectors.py > usm_pysnmp.rs && cargo fmt

Everything comes from pysnmp's own code: the auth services' hash_passphrase and
localize_key (RFC 3414 A.2, RFC 7860), the privacy services' hash_passphrase and
localize_key (with their key extensions) and encrypt_data (pysnmp picks the salt from its
`local_int` counter, which this script sets), and the auth services'
authenticate_outgoing_message. Python's hmac module recomputes every MAC as a second check.

pysnmp names (checked in pysnmp 7.1.30, pysnmp/entity/config.py and
pysnmp/proto/secmod/eso/priv/aes{192,256}.py):
  usmAesBlumenthalCfb192Protocol = AesBlumenthal192, OID 1.3.6.1.4.1.9.12.6.1.1  (Blumenthal)
  usmAesCfb192Protocol           = Aes192,           OID 1.3.6.1.4.1.9.12.6.1.101 (Reeder)
and the same for 256 (.2 and .102). usm3DESEDEPrivProtocol = Des3 (Reeder).
"""
import hashlib
import hmac
import importlib.metadata

from pyasn1.type import univ
import pysnmp.proto.secmod.rfc3414  # noqa: F401  (first: pysnmp's modules import in a cycle)
from pysnmp.proto.secmod.eso.priv import aes192, aes256, des3
from pysnmp.proto.secmod.rfc3414.auth import hmacmd5, hmacsha
from pysnmp.proto.secmod.rfc3414.priv import des
from pysnmp.proto.secmod.rfc3826.priv import aes
from pysnmp.proto.secmod.rfc7860.auth import hmacsha2

# (winsnmp name, pysnmp auth protocol OID, hashlib name, MAC length)
AUTH = [
    ("MD5", hmacmd5.HmacMd5.SERVICE_ID, "md5", 12),
    ("SHA", hmacsha.HmacSha.SERVICE_ID, "sha1", 12),
    ("SHA-224", hmacsha2.HmacSha2.SHA224_SERVICE_ID, "sha224", 16),
    ("SHA-256", hmacsha2.HmacSha2.SHA256_SERVICE_ID, "sha256", 24),
    ("SHA-384", hmacsha2.HmacSha2.SAH384_SERVICE_ID, "sha384", 32),
    ("SHA-512", hmacsha2.HmacSha2.SHA512_SERVICE_ID, "sha512", 48),
]


def auth_service(oid):
    if oid == hmacmd5.HmacMd5.SERVICE_ID:
        return hmacmd5.HmacMd5()
    if oid == hmacsha.HmacSha.SERVICE_ID:
        return hmacsha.HmacSha()
    return hmacsha2.HmacSha2(oid)


# (winsnmp name, pysnmp class)
PRIV = [
    ("DES", des.Des),
    ("3DES", des3.Des3),
    ("AES", aes.Aes),
    ("AES-192", aes192.AesBlumenthal192),
    ("AES-256", aes256.AesBlumenthal256),
    ("AES-192-C", aes192.Aes192),
    ("AES-256-C", aes256.Aes256),
]

RFC_ENGINE = bytes.fromhex("000000000000000000000002")
# An engine ID of net-snmp's form (enterprise 8072, format 128, random octets).
NETSNMP_ENGINE = bytes.fromhex("80001f8880e9a6be3f6c0a1f5b00000000")
AUTH_PASSWORD = b"maplesyrup"
PRIV_PASSWORD = b"privacy-pass-42"

# Plaintext lengths, one per auth protocol, none a multiple of 8 (see the aligned cases).
PLAIN_LENGTHS = [1, 7, 9, 37, 100, 15]


def pattern(n, seed):
    return bytes((i * 37 + seed * 11 + 5) & 0xFF or 1 for i in range(n))


def message_with_placeholder(mac_len):
    """A message-like byte string with mac_len zero octets where the MAC goes."""
    head = pattern(41, 1)
    tail = pattern(77, 2)
    return head + bytes(mac_len) + tail


def rs(b):
    return '"' + b.hex() + '"'


def auth_vectors(out):
    out.append("pub(crate) const AUTH: &[AuthVector] = &[")
    for name, oid, hname, mac_len in AUTH:
        svc = auth_service(oid)
        for engine in (RFC_ENGINE, NETSNMP_ENGINE):
            ku = svc.hash_passphrase(AUTH_PASSWORD).asOctets()
            kul = svc.localize_key(univ.OctetString(ku), univ.OctetString(engine)).asOctets()
            msg = message_with_placeholder(mac_len)
            signed = svc.authenticate_outgoing_message(univ.OctetString(kul), msg)
            signed = bytes(signed)
            mac = signed[41 : 41 + mac_len]
            assert signed[:41] == msg[:41] and signed[41 + mac_len :] == msg[41 + mac_len :]
            assert mac == hmac.new(kul, msg, hname).digest()[:mac_len], name
            assert ku == hashlib.new(hname, (AUTH_PASSWORD * 104858)[:1048576]).digest()
            out.append(
                f"    AuthVector {{ auth: {name!r}, password: {AUTH_PASSWORD.decode()!r}, "
                f"engine_id: {rs(engine)}, ku: {rs(ku)}, kul: {rs(kul)}, msg: {rs(msg)}, "
                f"mac: {rs(mac)} }},".replace("'", '"')
            )
    out.append("];")


def encrypt(cls, key, boots, time, salt, data):
    svc = cls()
    # pysnmp takes the salt from this counter: 32 bits for DES/3DES, 64 for AES.
    svc.local_int = salt & 0xFFFFFFFF if cls in (des.Des, des3.Des3) else salt
    ct, params = svc.encrypt_data(univ.OctetString(key), (boots, time, None), data)
    pt = svc.decrypt_data(
        univ.OctetString(key), (boots, time, params), univ.OctetString(bytes(ct))
    )
    assert bytes(pt)[: len(data)] == data
    return bytes(ct), bytes(params)


def priv_vectors(out):
    out.append("pub(crate) const PRIV: &[PrivVector] = &[")
    for pname, cls in PRIV:
        for i, (aname, auth_oid, _, _) in enumerate(AUTH):
            svc = cls()
            # The privacy master key is the privacy password through the auth protocol's
            # password to key; pysnmp's privacy services do that in hash_passphrase.
            ku = svc.hash_passphrase(auth_oid, PRIV_PASSWORD).asOctets()
            key = bytes(
                svc.localize_key(
                    auth_oid, univ.OctetString(ku), univ.OctetString(NETSNMP_ENGINE)
                )
            )
            boots, time = 1 + i * 1000, 7 + i * 86400
            salt = 0x0123456789ABCDEF ^ (i * 0x1111111111)
            plain = pattern(PLAIN_LENGTHS[i], i + 3)
            ct, params = encrypt(cls, key, boots, time, salt, plain)
            out.append(
                f'    PrivVector {{ privacy: "{pname}", auth: "{aname}", '
                f'password: "{PRIV_PASSWORD.decode()}", engine_id: {rs(NETSNMP_ENGINE)}, '
                f"ku: {rs(ku)}, key: {rs(key)}, boots: {boots}, time: {time}, "
                f"salt: 0x{salt:016x}, plaintext: {rs(plain)}, ciphertext: {rs(ct)}, "
                f"params: {rs(params)} }},"
            )
    out.append("];")


def aligned_vectors(out):
    """DES and 3DES with plaintext already a multiple of 8: pysnmp adds a whole block of
    padding (8 - len % 8 octets, so 8); net-snmp and winsnmp add none."""
    out.append("pub(crate) const PYSNMP_ALIGNED: &[AlignedVector] = &[")
    for pname, cls in PRIV[:2]:
        key = bytes(range(0x10, 0x10 + 32))[: cls.KEY_SIZE]
        for n in (0, 8, 16):
            plain = pattern(n, 9)
            ct, params = encrypt(cls, key, 5, 6, 0xFEEDFACE, plain)
            out.append(
                f'    AlignedVector {{ privacy: "{pname}", key: {rs(key)}, boots: 5, '
                f"salt: 0xfeedface, plaintext: {rs(plain)}, pysnmp_ciphertext: {rs(ct)}, "
                f"params: {rs(params)} }},"
            )
    out.append("];")


def main():
    version = importlib.metadata.version("pysnmp")
    out = [
        "//! Known-answer vectors computed by pysnmp " + version + ".",
        "//!",
        "//! GENERATED by `usm_vectors.py` (see its docstring); do not edit by hand.",
        f"//! Auth: password {AUTH_PASSWORD.decode()!r}, engine IDs {RFC_ENGINE.hex()} (RFC 3414 A.3)",
        f"//! and {NETSNMP_ENGINE.hex()}; `msg` has `mac_len` zero octets at offset 41.",
        f"//! Priv: password {PRIV_PASSWORD.decode()!r} through the auth protocol's password to key,",
        "//! localized and extended by pysnmp, engine ID " + NETSNMP_ENGINE.hex() + ".",
        "",
        "use super::usm::{AlignedVector, AuthVector, PrivVector};",
        "",
    ]
    auth_vectors(out)
    out.append("")
    priv_vectors(out)
    out.append("")
    aligned_vectors(out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
