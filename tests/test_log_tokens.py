"""Reflex's log lines that carry a client (state) token reach no handler with the token in them."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import pytest

from bankchat import log_tokens


@pytest.fixture
def factory_installed() -> Iterator[None]:
    previous = logging.getLogRecordFactory()
    log_tokens.install()
    yield
    logging.setLogRecordFactory(previous)


def test_disconnected_client_line_is_masked(factory_installed: None, caplog: pytest.LogCaptureFixture) -> None:
    token = str(uuid.uuid4())
    with caplog.at_level(logging.WARNING, logger="reflex.app"):
        logging.getLogger("reflex.app").warning(f"Attempting to send delta to disconnected client {token!r}")
        logging.getLogger("reflex_base.event.processor").warning("Dropping stale x for token %s", token)
    assert token not in caplog.text
    assert caplog.text.count(log_tokens.CLIENT_TOKEN_MASK) == 2


def test_own_logs_keep_their_ids(factory_installed: None, caplog: pytest.LogCaptureFixture) -> None:
    key = str(uuid.uuid4())  # e.g. a REST client's idempotency key: ours to keep
    with caplog.at_level(logging.INFO, logger="bankchat.test"):
        logging.getLogger("bankchat.test").info("replayed %s", key)
    assert key in caplog.text


def test_abandoned_states_expire_after_the_setting() -> None:
    import rxconfig
    from bankchat.settings import get_settings

    assert rxconfig.config.redis_token_expiration == get_settings().state_idle_minutes * 60 < 60 * 60
