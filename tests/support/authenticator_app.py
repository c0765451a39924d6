"""An authenticator app set up for a test's customer, as the settings page does it (the QR's secret, a first code)."""

from __future__ import annotations

import time

from sqlmodel import Session as Db

from bankchat.bank import authenticators


def set_up_app(db: Db, owner_id: int) -> str:
    """An authenticator app confirmed for ``owner_id`` with the code of the step before now (so the current code is
    still unused); its secret, for ``authenticators.current_code``. Flushed, not committed."""
    secret = authenticators.start_totp(db, owner_id=owner_id, account_name=f"user-{owner_id}").secret
    assert authenticators.confirm_totp(
        db, owner_id=owner_id, code=authenticators.current_code(secret, time.time() - 30)
    )
    return secret
