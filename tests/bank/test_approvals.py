"""Approvals bound to one operation: a code or a passkey signature approves that payment once, and nothing else.

The passkey tests run the ``webauthn`` package's real verification against a software authenticator
(``tests/support/soft_passkey.py``): a wrong key, a replayed signature and a tampered challenge fail.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import approvals, authenticators, passkey_registration
from bankchat.errors import AlreadyEnrolled, ApprovalRefused, AuthenticatorNotFound
from bankchat.models import Approval, AuditEntry, Payee, utcnow
from tests.bank.helpers import make_customer, make_payee
from tests.factories import settings_env
from tests.support.authenticator_app import set_up_app
from tests.support.soft_passkey import SoftPasskey, b64

RP = "localhost"
ORIGINS = ["http://localhost:3000"]


def _payment(amount_cents: int = 150_000, payee_id: int = 7, to: str = "Bob Brown") -> approvals.Operation:
    return approvals.payment(
        amount_cents=amount_cents, currency="GBP", source_account_id=1, to=to, payee_id=payee_id, account_id=None
    )


def _enrolled(db: Db) -> tuple[int, str]:
    """A customer with a confirmed authenticator app, and its secret (the enrolment code's step used up)."""
    owner = make_customer(db)
    secret = set_up_app(db, owner)
    db.commit()
    return owner, secret


def _with_passkey(db: Db) -> tuple[int, SoftPasskey]:
    owner = make_customer(db)
    key = SoftPasskey()
    public_id, options = passkey_registration.registration_options(
        db, owner_id=owner, user_name="casey", display_name="Casey", rp_id=RP
    )
    passkey_registration.register(
        db, owner_id=owner, public_id=public_id, credential=key.register(options), rp_id=RP, origins=ORIGINS
    )
    db.commit()
    return owner, key


def test_a_code_approves_its_operation_once_and_no_other(db: Db) -> None:
    owner, secret = _enrolled(db)
    opened = approvals.open_approval(db, owner_id=owner, operation=_payment())
    assert opened.methods == ("totp",)
    assert approvals.verify_code(
        db, owner_id=owner, public_id=opened.public_id, code=authenticators.current_code(secret)
    ).ok

    assert not approvals.consume(db, owner_id=owner, public_id=opened.public_id, operation=_payment(150_001))
    assert not approvals.consume(db, owner_id=owner, public_id=opened.public_id, operation=_payment(payee_id=8))
    assert not approvals.consume(db, owner_id=owner, public_id=opened.public_id, operation=_payment(to="Mallory"))
    assert not approvals.consume(db, owner_id=owner + 1, public_id=opened.public_id, operation=_payment())
    assert approvals.consume(db, owner_id=owner, public_id=opened.public_id, operation=_payment())
    assert not approvals.consume(db, owner_id=owner, public_id=opened.public_id, operation=_payment())  # used


def test_a_code_is_used_once_even_for_another_approval(db: Db) -> None:
    """A code seen over a shoulder can't approve a second payment: its time step is spent."""
    owner, secret = _enrolled(db)
    code = authenticators.current_code(secret)
    first = approvals.open_approval(db, owner_id=owner, operation=_payment())
    second = approvals.open_approval(db, owner_id=owner, operation=_payment(100_000_00))
    assert approvals.verify_code(db, owner_id=owner, public_id=first.public_id, code=code).ok
    verdict = approvals.verify_code(db, owner_id=owner, public_id=second.public_id, code=code)
    assert (verdict.ok, verdict.reason) == (False, "wrong_code")


def test_wrong_codes_are_counted_then_the_approval_is_locked(db: Db) -> None:
    owner, secret = _enrolled(db)
    opened = approvals.open_approval(db, owner_id=owner, operation=_payment())
    tries = [approvals.verify_code(db, owner_id=owner, public_id=opened.public_id, code="000000") for _ in range(5)]
    assert [v.tries_left for v in tries[:4]] == [4, 3, 2, 1]
    assert tries[-1].reason == "locked"
    right = approvals.verify_code(
        db, owner_id=owner, public_id=opened.public_id, code=authenticators.current_code(secret)
    )
    assert (right.ok, right.reason) == (False, "locked")
    refused = db.exec(select(AuditEntry).where(AuditEntry.actor_id == owner, AuditEntry.action == "approval_refused"))
    assert len(refused.all()) == 5


def test_an_expired_approval_approves_nothing(db: Db) -> None:
    owner, secret = _enrolled(db)
    opened = approvals.open_approval(db, owner_id=owner, operation=_payment())
    row = db.exec(select(Approval).where(Approval.public_id == opened.public_id)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    verdict = approvals.verify_code(
        db, owner_id=owner, public_id=opened.public_id, code=authenticators.current_code(secret)
    )
    assert (verdict.ok, verdict.reason) == (False, "expired")


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5"])
def test_a_malformed_code_is_wrong(db: Db, code: str) -> None:
    owner, _secret = _enrolled(db)
    opened = approvals.open_approval(db, owner_id=owner, operation=_payment())
    assert approvals.verify_code(db, owner_id=owner, public_id=opened.public_id, code=code).reason == "wrong_code"


def test_enrolment_needs_a_matching_code_and_happens_once(db: Db) -> None:
    owner = make_customer(db)
    started = authenticators.start_totp(db, owner_id=owner, account_name="casey")
    assert started.uri.startswith("otpauth://totp/BankChat:casey?secret=")
    assert not authenticators.confirm_totp(db, owner_id=owner, code="000000")
    assert authenticators.methods(db, owner_id=owner) == ()
    assert authenticators.confirm_totp(db, owner_id=owner, code=authenticators.current_code(started.secret))
    assert authenticators.methods(db, owner_id=owner) == ("totp",)
    with pytest.raises(AlreadyEnrolled):
        authenticators.start_totp(db, owner_id=owner, account_name="casey")


def test_removing_an_authenticator_is_owner_only(db: Db) -> None:
    owner, _secret = _enrolled(db)
    [app] = authenticators.list_authenticators(db, owner_id=owner)
    with pytest.raises(AuthenticatorNotFound):
        authenticators.remove(db, owner_id=owner + 1, authenticator_id=app.id)
    authenticators.remove(db, owner_id=owner, authenticator_id=app.id)
    assert authenticators.methods(db, owner_id=owner) == ()


def test_a_passkey_signs_its_own_approval(db: Db) -> None:
    owner, key = _with_passkey(db)
    opened = approvals.open_approval(db, owner_id=owner, operation=_payment())
    assert opened.methods == ("passkey",)
    options = approvals.passkey_options(db, owner_id=owner, public_id=opened.public_id, rp_id=RP)
    assert options is not None
    verdict = approvals.verify_passkey(
        db, owner_id=owner, public_id=opened.public_id, credential=key.sign(options), rp_id=RP, origins=ORIGINS
    )
    assert verdict.ok
    assert approvals.consume(db, owner_id=owner, public_id=opened.public_id, operation=_payment())


def test_a_wrong_key_a_replay_and_a_tampered_challenge_fail(db: Db) -> None:
    owner, key = _with_passkey(db)
    first = approvals.open_approval(db, owner_id=owner, operation=_payment())
    options = approvals.passkey_options(db, owner_id=owner, public_id=first.public_id, rp_id=RP)
    assert options is not None
    signed = key.sign(options)
    assert approvals.verify_passkey(
        db, owner_id=owner, public_id=first.public_id, credential=signed, rp_id=RP, origins=ORIGINS
    ).ok

    second = approvals.open_approval(db, owner_id=owner, operation=_payment(999_999))
    other = approvals.passkey_options(db, owner_id=owner, public_id=second.public_id, rp_id=RP)
    assert other is not None

    def attempt(credential: dict[str, object]) -> approvals.Verdict:
        return approvals.verify_passkey(
            db, owner_id=owner, public_id=second.public_id, credential=credential, rp_id=RP, origins=ORIGINS
        )

    stranger = SoftPasskey(credential_id=key.credential_id)  # the same credential ID, another private key
    assert attempt(stranger.sign(other)).reason == "bad_signature"
    assert attempt(signed).reason == "bad_signature"  # the first approval's signature, replayed
    tampered = key.sign(other, challenge=b64(b"\x00" * 32))  # signed over an operation the server never made
    assert attempt(tampered).reason == "bad_signature"
    phished = key.sign(other, origin="https://bankchat.example.evil")
    assert attempt(phished).reason == "bad_signature"
    assert attempt(key.sign(other)).ok  # and the genuine one still works


def test_a_registration_response_is_used_once(db: Db) -> None:
    owner = make_customer(db)
    key = SoftPasskey()
    public_id, options = passkey_registration.registration_options(
        db, owner_id=owner, user_name="casey", display_name="Casey", rp_id=RP
    )
    answer = key.register(options)
    passkey_registration.register(db, owner_id=owner, public_id=public_id, credential=answer, rp_id=RP, origins=ORIGINS)
    with pytest.raises(ApprovalRefused) as refused:
        passkey_registration.register(
            db, owner_id=owner, public_id=public_id, credential=answer, rp_id=RP, origins=ORIGINS
        )
    assert refused.value.reason == "expired"
    assert authenticators.methods(db, owner_id=owner) == ("passkey",)


def test_payments_that_need_approval(db: Db) -> None:
    """Over the threshold to a payee, or any amount to a payee added in the last day; never to one's own account."""
    owner = make_customer(db)
    payee = make_payee(db, owner)
    row = db.get(Payee, payee)
    assert row is not None
    row.created_at = utcnow() - timedelta(days=2)
    db.add(row)
    with settings_env(BANKCHAT_APPROVAL_THRESHOLD_CENTS="100000"):
        assert not approvals.payment_needs_approval(db=db, owner_id=owner, amount_cents=100_000, payee_id=payee)
        assert approvals.payment_needs_approval(db=db, owner_id=owner, amount_cents=100_001, payee_id=payee)
        assert not approvals.payment_needs_approval(db=db, owner_id=owner, amount_cents=10**9, payee_id=None)
        row.created_at = utcnow() - timedelta(hours=23)
        db.add(row)
        assert approvals.payment_needs_approval(db=db, owner_id=owner, amount_cents=100, payee_id=payee)
