"""Strong customer authentication in the browser. Passkeys with Chromium's virtual authenticator (the DevTools
``WebAuthn`` domain): register one on the settings page, approve a large payment with it in chat; a wrong key,
a replayed approval and a tampered one send nothing. An authenticator app: enrolled with its QR code's key, a
payment approved by its code.

Each test signs in as a new customer with the demo bank, so the demo users stay as the other journeys expect.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import CDPSession, Page, expect
from sqlmodel import Session as Db

from bankchat.bank import authenticators, list_payees, seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import utcnow
from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.live_server import LiveServer


@pytest.fixture
def customer(live_app: LiveServer) -> tuple[str, str]:
    """A new customer with alice's demo bank: (username, a payee's first name)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Pat Passkey")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        payee = list_payees(db=db, owner_id=user.id)[0].name.split()[0]
        db.commit()
        return user.username, payee


@pytest.fixture
def authenticator(page: Page) -> Iterator[tuple[CDPSession, str]]:
    """A virtual platform authenticator (user verification always succeeds) on the page's browser tab."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    created = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    yield cdp, created["authenticatorId"]
    cdp.send("WebAuthn.disable")


def _register(page: Page, username: str) -> None:
    sign_in(page, username, DEFAULT_PASSWORD)
    page.click("#settings-link")
    page.wait_for_url(re.compile(r".*/settings/?$"))
    page.click("#add-passkey")
    expect(page.locator("#security-notice")).to_contain_text("Your passkey is saved")
    expect(page.locator(".authenticator-row")).to_have_count(1)
    expect(page.locator(".authenticator-row")).to_contain_text("Passkey 1")
    page.click("#back-to-chat")
    page.wait_for_url(re.compile(r".*/chat/?$"))
    expect(page.locator("#chat-input")).to_be_enabled()


def _to_approval(page: Page, payee: str, *, first: bool = True, pounds: int = 1500) -> None:
    """A payment of ``pounds`` to ``payee`` read back, confirmed (past the scam warning of a first payment) and
    waiting for approval."""
    new_conversation(page)
    send(page, f"send {pounds} to {payee}")
    expect(bot_messages(page).last).to_contain_text("Please confirm")
    send(page, "yes")
    if first:
        expect(bot_messages(page).last).to_contain_text("first payment")
        send(page, "yes, I'm sure")
    expect(bot_messages(page).last).to_contain_text("needs your approval")


def _approve(page: Page) -> None:
    """Tap the passkey button: the browser signs, then the page says so in the chat."""
    page.click("#approve-with-passkey")


def test_a_passkey_registered_in_settings_approves_a_large_payment(
    page: Page, customer: tuple[str, str], authenticator: tuple[CDPSession, str]
) -> None:
    username, payee = customer
    _register(page, username)
    _to_approval(page, payee)
    expect(page.locator("#approve-with-passkey")).to_be_visible()
    before = bot_messages(page).count()
    _approve(page)
    expect(bot_messages(page)).to_have_count(before + 1)
    expect(bot_messages(page).last).to_contain_text("Done! I've sent £1,500.00")
    expect(page.locator(".message-user").last).to_contain_text("Approved with my passkey")


def _wrong_key(cdp: CDPSession, authenticator_id: str) -> None:
    """The registered credential's ID, now holding another private key: a stolen ID is not the key."""
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    cdp.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator_id})
    key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    forged = {**credential, "privateKey": base64.b64encode(key).decode(), "signCount": credential["signCount"] + 1}
    cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator_id, "credential": forged})


_CAPTURE = """() => {
  const real = window.bankchatPasskey.get;
  window.bankchatPasskey.get = async (options) => {
    window.lastSigned = await real(options);
    return window.lastSigned;
  };
}"""
_REPLAY = """() => { window.bankchatPasskey.get = async () => window.lastSigned; }"""
_TAMPER = """() => {
  const real = window.bankchatPasskey.get;
  window.bankchatPasskey.get = async (options) => {
    const signed = await real(options);
    const data = JSON.parse(atob(signed.response.clientDataJSON.replace(/-/g, "+").replace(/_/g, "/")));
    data.challenge = data.challenge.slice(0, -4) + "AAAA";  // another operation than the one read back
    const text = btoa(JSON.stringify(data));
    signed.response.clientDataJSON = text.replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
    return signed;
  };
}"""


@pytest.mark.parametrize("attack", ["wrong_key", "replayed", "tampered"])
def test_a_wrong_key_a_replayed_or_a_tampered_approval_sends_nothing(
    page: Page, customer: tuple[str, str], authenticator: tuple[CDPSession, str], attack: str
) -> None:
    username, payee = customer
    _register(page, username)
    if attack == "replayed":  # a genuine approval of one payment, captured, then sent for the next
        page.evaluate(_CAPTURE)
        _to_approval(page, payee, pounds=1050)
        _approve(page)
        expect(bot_messages(page).last).to_contain_text("Done!")
        page.evaluate(_REPLAY)
    _to_approval(page, payee, first=attack != "replayed", pounds=1100)
    if attack == "wrong_key":
        _wrong_key(*authenticator)
    if attack == "tampered":
        page.evaluate(_TAMPER)
    before = bot_messages(page).count()
    _approve(page)
    expect(page.get_by_text("That passkey didn't approve it")).to_be_visible()
    expect(bot_messages(page)).to_have_count(before)  # nothing sent to the chat, nothing paid
    send(page, "approved")
    expect(bot_messages(page).last).to_contain_text("haven't received your passkey's approval")
    expect(bot_messages(page).last).not_to_contain_text("Done")


def test_an_authenticator_app_set_up_with_its_qr_code_approves_by_code(page: Page, customer: tuple[str, str]) -> None:
    """The fallback without a passkey: the QR code and the key on the settings page, a first code to confirm,
    then a payment approved by typing the app's code in chat (a wrong one first: nothing sent)."""
    username, payee = customer
    sign_in(page, username, DEFAULT_PASSWORD)
    page.goto("/settings")
    page.click("#start-totp")
    expect(page.locator("#totp-qr")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.fill("#totp-code", "000000")
    page.click("#totp-confirm")
    expect(page.get_by_text("That code doesn't match")).to_be_visible()
    page.fill("#totp-code", authenticators.current_code(secret, time.time() - 30))
    page.click("#totp-confirm")
    expect(page.locator("#security-notice")).to_contain_text("authenticator app is set up")
    expect(page.locator(".authenticator-row")).to_contain_text("Authenticator app")
    page.click("#back-to-chat")
    page.wait_for_url(re.compile(r".*/chat/?$"))
    _to_approval(page, payee)
    expect(page.locator("#approve-with-passkey")).to_have_count(0)  # no passkey: the code is the way
    send(page, "111111")
    expect(bot_messages(page).last).to_contain_text("didn't match")
    send(page, authenticators.current_code(secret))
    expect(bot_messages(page).last).to_contain_text("Done! I've sent £1,500.00")
