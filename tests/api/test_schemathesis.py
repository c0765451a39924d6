"""Schemathesis against the live app's OpenAPI document: no 5xx on any route, answers that match the
schema, and every protected route 401 without a token.

The fuzzing signs in as a dedicated user made for it (never a demo user), with the
demo bank, two real conversations and real account IDs that the cases sometimes
use instead of random ones, so the fuzzer reaches past the 404s. Signing out and
changing the password are left out of it (they would end the token it uses).

Two known deviations from the schema are counted and printed rather than failed
(``KNOWN``): FastAPI's undocumented 400 for a body that is not UTF-8, and a
newline inside a path segment, which never reaches the API and gets Reflex's
plain-text 404. Remove an entry once it is fixed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.openapi.checks import UndefinedStatusCode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session as Db

from bankchat.bank import seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import utcnow
from tests.api.helpers import assert_error, bearer, login, new_session
from tests.factories import DEFAULT_PASSWORD, make_user, unique_username
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

MAX_EXAMPLES = 60
"""Cases per operation (each half from valid and half from invalid data, roughly)."""
LOGIN_EXAMPLES = 8
"""Fewer for the sign-in routes: every case is a failed sign-in, and those are throttled."""
SIGN_IN_PATHS = ("/api/auth/login", "/api/auth/session")
FUZZ_ADDRESS = {"X-Forwarded-For": "198.51.100.23"}
"""The sign-in fuzzing's own client address (the live app trusts the header), so its failures never
throttle the suite's other sign-ins from 127.0.0.1."""
PUBLIC = {
    ("GET", "/api/health"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/session"),
    ("POST", "/api/auth/session/logout"),
    ("GET", "/api/statements/{account_id}/{month}.pdf"),
    ("GET", "/api/statements/{account_id}/{month}.csv"),
}
"""The only operations that need no bearer token (docs/architecture.md, REST API: health, login, the cookie routes,
and the signed statement links the chat gives, whose signature is the credential)."""
KNOWN = {
    "bad_body": "400 bad_request for a body that is not UTF-8 JSON, undocumented",
    "newline_path": "a newline inside a path segment gets Reflex's plain-text 404, not the API's JSON",
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _skipped(path: str) -> bool:
    """Routes that would end the fuzzer's own sign-in."""
    return path == "/api/auth/logout" or "password" in path


@dataclass(frozen=True)
class FuzzUser:
    """The fuzzer's own customer: a live token and real IDs to use now and then."""

    token: str
    session_ids: tuple[str, ...]
    account_ids: tuple[int, ...]


@dataclass
class Tally:
    """What the fuzzing sent and saw, printed at the end (the README quotes it)."""

    cases: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    by_operation: dict[str, Counter[int]] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    known: Counter[str] = field(default_factory=Counter)
    """Known deviations from the schema (see the report), by kind."""


@pytest.fixture(scope="module")
def fuzz_user(live_app: LiveServer) -> FuzzUser:
    """A customer of its own on the live app's database, with the demo bank; signed in over HTTP."""
    username = unique_username("fuzz")
    with Db(engine_for(live_app.db_url)) as db:
        user = make_user(db, username=username, display_name="Fuzz Tester")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="bob", today=utcnow().date() - timedelta(days=1))
        db.commit()
    with httpx.Client(base_url=live_app.base_url, timeout=30) as client:
        token = login(client, username, DEFAULT_PASSWORD)
        sessions = tuple(new_session(client, token)["sessionId"] for _ in range(2))
        accounts = client.get("/api/accounts", headers=bearer(token))
        assert accounts.status_code == 200, accounts.text
    return FuzzUser(token=token, session_ids=sessions, account_ids=tuple(a["id"] for a in accounts.json()))


@pytest.fixture(scope="module")
def api_schema(live_app: LiveServer) -> schemathesis.BaseSchema:
    """The OpenAPI document the live app serves."""
    return schemathesis.openapi.from_url(f"{live_app.base_url}/openapi.json")


def _real_ids(case: Case, user: FuzzUser, data: st.DataObject) -> dict[str, str]:
    """Often swap generated IDs for the fuzz user's real ones, to reach the code behind the lookups;
    returns the headers to add."""
    if case.path == "/api/chat/message":
        session_id = data.draw(st.sampled_from((None, *user.session_ids)), label="X-Session-ID")
        return {} if session_id is None else {"X-Session-ID": session_id}
    params = case.path_parameters or {}
    if params and data.draw(st.booleans(), label="real IDs"):
        if "session_id" in params:
            params["session_id"] = data.draw(st.sampled_from(user.session_ids))
        if "account_id" in params:
            params["account_id"] = data.draw(st.sampled_from(user.account_ids))
    return {}


def _fuzz(operation: Any, user: FuzzUser, base_url: str, tally: Tally) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    sign_in = operation.path in SIGN_IN_PATHS
    examples = LOGIN_EXAMPLES if sign_in else MAX_EXAMPLES

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, data=st.data())
    def run(case: Case, data: st.DataObject) -> None:
        headers = {**bearer(user.token), **_real_ids(case, user, data), **(FUZZ_ADDRESS if sign_in else {})}
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        tally.cases += 1
        tally.by_status[response.status_code] += 1
        tally.by_operation.setdefault(label, Counter())[response.status_code] += 1
        if response.status_code >= 500:
            tally.server_errors.append(f"{label}: {response.status_code} {response.text[:200]}")
        if response.status_code == 429:
            return  # a rate limit may answer any route; it is not a schema violation
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                known = _known_deviation(failure, case, response)
                if known is not None:
                    tally.known[f"{label}: {known}"] += 1
                else:
                    tally.failures.append(_describe(label, failure, case, response))

    run()


def _known_deviation(failure: Failure, case: Case, response: Any) -> str | None:
    """A deviation already reported to the lead (see the module docstring), tolerated here but counted."""
    code = response.json().get("code") if _content_type(response).startswith("application/json") else None
    if isinstance(failure, UndefinedStatusCode) and response.status_code == 400 and code == "bad_request":
        return KNOWN["bad_body"]
    newline_in_path = any("\n" in unquote(str(value)) for value in (case.path_parameters or {}).values())
    if newline_in_path and response.status_code == 404 and response.text == "Not Found":
        return KNOWN["newline_path"]
    return None


def _content_type(response: Any) -> str:
    value = response.headers.get("content-type") or [""]
    return str(value[0] if isinstance(value, list) else value)


def _describe(label: str, failure: Failure, case: Case, response: Any) -> str:
    answer = f"{response.status_code} {response.text[:120]!r}"
    return f"{label}: {failure.title}: {failure.message[:200]}\n  {case.as_curl_command()}\n  -> {answer}"


def test_fuzz_every_operation_no_server_error_and_schema_conformance(
    api_schema: schemathesis.BaseSchema, fuzz_user: FuzzUser, live_app: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = Tally()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    fuzzed = [op for op in operations if not _skipped(op.path)]
    fuzzed.sort(key=lambda op: op.method.upper() == "DELETE")  # closing the real sessions comes last
    for operation in fuzzed:
        _fuzz(operation, fuzz_user, live_app.base_url, tally)

    with capsys.disabled():
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(tally.by_status.items()))
        print(
            f"\nschemathesis: {len(fuzzed)} operations, {tally.cases} cases, "
            f"5xx: {len(tally.server_errors)}, schema failures: {len(tally.failures)} ({statuses})"
        )
        for label, counts in tally.by_operation.items():
            print(f"  {label}: " + ", ".join(f"{status} x{n}" for status, n in sorted(counts.items())))
        for kind, n in sorted(tally.known.items()):
            print(f"schemathesis: known deviation x{n}: {kind}")
    assert not tally.server_errors, "\n".join(tally.server_errors[:20])
    assert not tally.failures, "\n".join(sorted(set(tally.failures))[:20])


def _protected(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and operation.get("security")
    ]


def _concrete(path: str) -> str:
    return path.replace("{session_id}", "sess_zzzzzzzz_0123456789abcdefghijklmno").replace("{account_id}", "1")


def test_every_protected_operation_is_401_without_a_valid_token(live_app: LiveServer) -> None:
    with httpx.Client(base_url=live_app.base_url, timeout=30) as client:
        spec = client.get("/openapi.json").json()
        everything = {
            (method.upper(), path) for path, item in spec["paths"].items() for method in item if method != "parameters"
        }
        protected = _protected(spec)
        assert everything - set(protected) <= PUBLIC, "a route without a bearer token requirement"
        assert len(protected) >= 10
        for method, path in protected:
            for headers in ({}, bearer("bct_not-a-real-token"), {"Authorization": "Basic YWxpY2U6eA=="}):
                response = client.request(method, _concrete(path), json={"content": "hi"}, headers=headers)
                assert_error(response, 401, "invalid_token")
                assert response.headers.get("www-authenticate", "").lower().startswith("bearer"), (method, path)
