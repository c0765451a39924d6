"""Pen-test 18.6 at the unit level: one ``redact``, applied to every record, Reflex's own included."""

from __future__ import annotations

import io
import json
import logging
import secrets
import sys
from collections.abc import Iterator

import pytest
from reflex_base.event import Event

from bankchat import logs

TOKEN = "bct_" + secrets.token_urlsafe(32)
COOKIE = f"bankchat_auth={TOKEN}; theme=dark"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """What Reflex's event processor logs, through a plain handler with no filter of ours."""
    logs.install_redaction()
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("reflex_base.event.processor.event_processor")
    logger.addHandler(handler)
    yield out
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("{'host': 'x', 'cookie': '" + COOKIE + "', 'user-agent': 'P'}", "'cookie': '[redacted]', 'user-agent'"),
        ('{"authorization": "Bearer ' + TOKEN + '"}', '"authorization": "[redacted]"'),
        ("Authorization: Basic c2VjcmV0OnBhc3M=\r\nHost: a", "Authorization: [redacted]\r\nHost: a"),
        ('{"accessToken": "' + TOKEN + '", "tokenType": "bearer"}', '"accessToken": "[redacted]", "tokenType"'),
        ("GET /x?access_token=" + TOKEN + "&page=2", "access_token=[redacted]&page=2"),
        ("KeyError: 'state." + TOKEN + "'", "KeyError: 'state.[redacted]'"),
        ("Set-Cookie: " + COOKIE, "Set-Cookie: [redacted]"),
        ("sent Bearer " + "x" * 30, "sent Bearer [redacted]"),
        ("{'password': 'Password123!'}", "{'password': '[redacted]'}"),
    ],
)
def test_redact_replaces_secret_values(text: str, kept: str) -> None:
    redacted = logs.redact(text)
    assert kept in redacted
    assert TOKEN[4:] not in redacted


def test_redact_leaves_plain_words_alone() -> None:
    text = "Password change failed; cookie_secure=True; Bearer authentication; 4 tokens revoked"
    assert logs.redact(text) == text


def test_reflex_event_error_log_has_no_cookie_or_token(captured: io.StringIO) -> None:
    """The original leak: Reflex logs an unhandled event with its router data, headers and cookie."""
    event = Event(
        name=f"state.{TOKEN}",
        router_data={"pathname": "/chat", "headers": {"cookie": COOKIE, "authorization": f"Bearer {TOKEN}"}},
        payload={"accessToken": TOKEN},
    )
    log = logging.getLogger("reflex_base.event.processor.event_processor")
    try:
        raise KeyError(f"No registered handler found for event: {event.name}")
    except KeyError:
        log.exception("Error processing event queue entry for %s [txid=1]:", event)
    text = captured.getvalue()
    assert "Error processing event queue entry" in text
    assert "Traceback" in text  # the traceback is kept, inlined and redacted
    assert "[redacted]" in text
    assert TOKEN[4:20] not in text


def test_traceback_with_a_secret_leaves_no_exc_info_for_handlers_to_reformat() -> None:
    """Reflex's rich console formats ``exc_info`` itself: a record whose traceback held a secret has none left."""
    try:
        raise ValueError(TOKEN)
    except ValueError:
        record = logging.LogRecord("reflex", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    logs.RedactSecrets().filter(record)
    assert record.exc_info is None
    assert "ValueError: [redacted]" in record.getMessage()


def test_json_lines_redact_structured_fields() -> None:
    """``logs.event`` fields reach the record after the factory: the bankchat handler's filter redacts them."""
    record = logging.LogRecord("bankchat.x", logging.WARNING, __file__, 1, "Refused", (), None)
    record.bankchat_fields = {"handler": f"state.{TOKEN}", "count": 3}
    logs.RedactSecrets().filter(record)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["handler"] == "state.[redacted]"
    assert line["count"] == 3
