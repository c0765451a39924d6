"""A passkey in software, for tests below the browser: it answers WebAuthn registration and sign-in
challenges exactly as an authenticator does (attestation ``none``, ES256), so the server's real
verification (the ``webauthn`` package) runs on every test. The browser journeys use Chromium's own
virtual authenticator instead (``tests/e2e``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


def b64(data: bytes) -> str:
    """base64url without padding, as WebAuthn's JSON uses."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class SoftPasskey:
    """One credential on one software authenticator."""

    rp_id: str = "localhost"
    origin: str = "http://localhost:3000"
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    sign_count: int = 0

    def register(self, options_json: str) -> dict[str, Any]:
        """The browser's answer to ``navigator.credentials.create(options)``."""
        options = json.loads(options_json)
        client_data = self._client_data("webauthn.create", options["challenge"])
        numbers = self.key.public_key().public_numbers()
        cose = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + cose
        auth_data = self._auth_data(0x45) + attested  # user present, user verified, attested data
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {"clientDataJSON": b64(client_data), "attestationObject": b64(attestation)},
        }

    def sign(self, options_json: str, *, challenge: str | None = None, origin: str | None = None) -> dict[str, Any]:
        """The browser's answer to ``navigator.credentials.get(options)`` (``challenge``/``origin``: lie about them,
        as a tampered or phished approval would)."""
        options = json.loads(options_json)
        client_data = self._client_data("webauthn.get", challenge or options["challenge"], origin)
        self.sign_count += 1
        auth_data = self._auth_data(0x05)  # user present, user verified
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": None,
            },
        }

    def _client_data(self, kind: str, challenge: str, origin: str | None = None) -> bytes:
        body = {"type": kind, "challenge": challenge, "origin": origin or self.origin, "crossOrigin": False}
        return json.dumps(body).encode()

    def _auth_data(self, flags: int) -> bytes:
        return hashlib.sha256(self.rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.sign_count)
