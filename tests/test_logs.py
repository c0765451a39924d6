"""Pen-test 18.6 at the unit level: one ``redact``, applied to every record, Reflex's own included."""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
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
        ("GET /api/statements/1/2025-02.pdf?expires=9&signature=" + TOKEN[4:], "expires=9&signature=[redacted]"),
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


def _every_pattern(text: str, cookie_names: tuple[str, ...] = ("bankchat_auth",)) -> str:
    """What ``redact`` returned before it skipped lines: every pattern run on every line."""
    for pattern in logs._SECRETS:
        text = pattern.sub(rf"\1{logs.REDACTED}", text)
    for name in cookie_names:
        text = re.sub(rf"({re.escape(name)}=)[^;\s'\"]+", rf"\1{logs.REDACTED}", text)
    return text


# Each line holds one secret and, lowercased, only the one clue its pattern needs, in a casing
# the pattern accepts: a clue missing from the quick check (or compared in the wrong case) fails here.
_ONE_CLUE_EACH = [
    "COOKIE: theme=dark",
    "x-Set-Cookie=abc",
    "Proxy-AUTHORIZATION: Basic Zm9vOmJhcg==",
    "REFRESH_TOKEN=abc123",
    "{'AccessToken': 'abc123'}",
    "PassWord=hunter2",
    "APIKEY: k-123",
    "Api_Key=k-123",
    "SECRET_KEY=s3cr3t",
    "sent BEARER " + "y" * 20,
    "state.bct_abc-DEF_123",
    "bankchat_auth=abc; theme=dark",
    "SIGNATURE=abc-DEF_1",
]


@pytest.mark.parametrize("text", _ONE_CLUE_EACH)
def test_redact_finds_a_secret_whatever_clue_it_carries(text: str) -> None:
    assert logs.REDACTED in _every_pattern(text)
    assert logs.redact(text) == _every_pattern(text)


@pytest.mark.parametrize(
    "text",
    [
        "paſſword=hunter2",  # re.I reads the long s as an s; str.lower() does not
        "authorızation: Basic Zm9vOmJhcg==",  # and the dotless i as an i
        "coo\u212aie: theme=dark",  # the Kelvin sign as a k
        "£5 sent; ſecret=abc",
    ],
)
def test_redact_runs_every_pattern_on_non_ascii_text(text: str) -> None:
    assert logs.REDACTED in _every_pattern(text)
    assert logs.redact(text) == _every_pattern(text)


def test_redact_checks_the_cookie_names_it_is_given() -> None:
    text = "Cookie-less request; SID=abc123; sid=def456"
    assert logs.redact(text, cookie_names=("SID",)) == _every_pattern(text, ("SID",))
    assert "SID=[redacted]" in logs.redact(text, cookie_names=("SID",))
    assert logs.redact("sid=def456", cookie_names=("sid",)) == "sid=[redacted]"


_PIECES = [
    *_ONE_CLUE_EACH,
    "cookie",
    "Authorization",
    "token",
    "password",
    "api",
    "secret",
    "Bearer",
    "bct_",
    "bankchat_auth",
    "signature",
    "=",
    ": ",
    "'",
    '"',
    "; ",
    "&",
    " ",
    "_",
    "-",
    "abcdefghijklmnopqrst",
    "Message processed successfully",
    "ſ",
    "ı",
    "\u212a",
    "£",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.sampled_from(["", "upper", "title"]))
def test_redact_is_every_pattern_on_any_line(pieces: list[str], casing: str) -> None:
    """The quick check for clues only ever skips lines on which no pattern would have changed a byte."""
    text = "".join(pieces)
    text = {"": text, "upper": text.upper(), "title": text.title()}[casing]
    assert logs.redact(text) == _every_pattern(text)
