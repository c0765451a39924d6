"""Monitoring over real HTTP: managers only, Prometheus text that parses, counters that move."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bankchat.errors import NotAManager
from tests.api.helpers import assert_error, bearer, login, new_session, send

pytestmark = pytest.mark.live

ADMIN_ROUTES = ["/api/admin/metrics", "/api/admin/stats"]
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def manager(client: httpx.Client) -> str:
    """A fresh bearer token for the demo ``manager``."""
    return login(client, "manager")


@pytest.fixture
def scrape(client: httpx.Client, manager: str) -> Callable[[], Samples]:
    """Reads ``/api/admin/metrics`` and returns every sample by name and labels."""

    def read() -> Samples:
        response = client.get("/api/admin/metrics", headers=bearer(manager))
        assert response.status_code == 200, response.text
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text)
            for s in family.samples
        }

    return read


def _total(samples: Samples, name: str) -> float:
    """The sum of a metric over all its labels."""
    return sum(v for (n, _), v in samples.items() if n == name)


@pytest.mark.parametrize("path", ADMIN_ROUTES)
def test_admin_route_answers_manager(client: httpx.Client, manager: str, path: str) -> None:
    assert client.get(path, headers=bearer(manager)).status_code == 200


@pytest.mark.parametrize("path", ADMIN_ROUTES)
def test_admin_route_refuses_customer_with_403(client: httpx.Client, alice: str, path: str) -> None:
    assert_error(client.get(path, headers=bearer(alice)), 403, "forbidden")


@pytest.mark.parametrize("path", ADMIN_ROUTES)
def test_read_metrics_as_customer_says_it_needs_a_manager(client: httpx.Client, alice: str, path: str) -> None:
    refused = assert_error(client.get(path, headers=bearer(alice)), 403, "forbidden")
    assert refused["detail"] == NotAManager.default_detail


@pytest.mark.parametrize("path", ADMIN_ROUTES)
def test_admin_route_refuses_anonymous_with_401(client: httpx.Client, path: str) -> None:
    assert_error(client.get(path), 401, "invalid_token")
    assert_error(client.get(path, headers=bearer("bct_not-a-real-token")), 401, "invalid_token")


def test_metrics_are_prometheus_text(client: httpx.Client, manager: str) -> None:
    response = client.get("/api/admin/metrics", headers=bearer(manager))

    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    families = {f.name: f.type for f in text_string_to_metric_families(response.text)}
    assert families == {
        "bankchat_sessions_created": "counter",
        "bankchat_messages_processed": "counter",
        "bankchat_replies": "counter",
        "bankchat_reply_latency_seconds": "histogram",
        "bankchat_errors": "counter",
        "bankchat_logins_failed": "counter",
        "bankchat_transfers_executed": "counter",
        "bankchat_sessions_active": "gauge",
        "bankchat_handoffs_queued": "gauge",
    }
    for line in response.text.splitlines():
        assert (
            line.startswith("# HELP bankchat_") or line.startswith("# TYPE bankchat_") or line.startswith("bankchat_")
        )


def test_message_moves_sessions_messages_and_replies(
    client: httpx.Client, alice: str, scrape: Callable[[], Samples]
) -> None:
    before = scrape()
    sid = new_session(client, alice)["sessionId"]

    reply = send(client, alice, sid, "hello").json()["reply"]

    after = scrape()
    assert _total(after, "bankchat_sessions_created_total") == _total(before, "bankchat_sessions_created_total") + 1
    assert _total(after, "bankchat_messages_processed_total") == _total(before, "bankchat_messages_processed_total") + 1
    agent = ("bankchat_replies_total", (("agent", reply["agent"]),))
    assert after[agent] == before.get(agent, 0) + 1
    assert after[("bankchat_sessions_active", ())] >= 1


def test_failed_login_moves_logins_failed_and_errors(client: httpx.Client, scrape: Callable[[], Samples]) -> None:
    before = scrape()
    # An address of its own, so that this failure never throttles the rest of the suite.
    headers = {"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250 + 1}"}

    response = client.post(
        "/api/auth/login", json={"username": f"nobody_{uuid.uuid4().hex[:8]}", "password": "wrong"}, headers=headers
    )

    assert_error(response, 401, "invalid_credentials")
    after = scrape()
    assert after[("bankchat_logins_failed_total", ())] == before[("bankchat_logins_failed_total", ())] + 1
    code = ("bankchat_errors_total", (("code", "invalid_credentials"),))
    assert after[code] == before.get(code, 0) + 1


def test_error_answers_are_counted_by_code(client: httpx.Client, alice: str, scrape: Callable[[], Samples]) -> None:
    before = scrape()

    assert_error(client.get("/api/sessions/sess_0_00000000000000000000", headers=bearer(alice)), 404)
    assert_error(client.get("/api/accounts/abc/transactions", headers=bearer(alice)), 422)

    after = scrape()
    for code in ("session_not_found", "invalid_request"):
        key = ("bankchat_errors_total", (("code", code),))
        assert after[key] == before.get(key, 0) + 1, code


def test_confirmed_transfer_moves_transfers_executed(
    client: httpx.Client, bob: str, scrape: Callable[[], Samples]
) -> None:
    before = scrape()[("bankchat_transfers_executed_total", ())]
    sid = new_session(client, bob)["sessionId"]

    asked = send(client, bob, sid, "send 1 to savings").json()["reply"]
    assert asked["agent"] == "transfers", asked
    assert scrape()[("bankchat_transfers_executed_total", ())] == before  # nothing moves before the "yes"
    done = send(client, bob, sid, "yes").json()["reply"]

    assert done["agent"] == "transfers", done
    assert scrape()[("bankchat_transfers_executed_total", ())] == before + 1


def test_stats_has_totals_series_and_feedback(client: httpx.Client, manager: str) -> None:
    response = client.get("/api/admin/stats", params={"minutes": 60, "bucketMinutes": 10}, headers=bearer(manager))

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"generatedAt", "bucketMinutes", "totals", "series", "feedback"}
    assert body["bucketMinutes"] == 10
    assert len(body["series"]) == 6
    assert set(body["series"][0]) == {"start", "messages", "sessions", "replies", "p50LatencyMs"}
    totals = body["totals"]
    assert {"sessionsCreated", "messages", "transfersExecuted", "loginsFailed", "errorsByCode"} <= set(totals)
    assert totals["messages"] >= sum(p["messages"] for p in body["series"])
    assert totals["messagesAll"] >= totals["messages"] + totals["replies"]  # staff messages too
    assert totals["errors"] == sum(totals["errorsByCode"].values())


@pytest.mark.parametrize("params", [{"minutes": 2}, {"bucketMinutes": 0}, {"minutes": 1440, "bucketMinutes": 1}])
def test_stats_refuses_impossible_windows(client: httpx.Client, manager: str, params: dict[str, int]) -> None:
    assert_error(client.get("/api/admin/stats", params=params, headers=bearer(manager)), 422)
