"""Metrics: shared counters every worker adds to, the Prometheus page, the console's time series."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import select

from bankchat import bank
from bankchat.db import session_scope
from bankchat.errors import InvalidCredentials, NotAManager
from bankchat.models import ChatSession, Handoff, Message, MetricCounter, Session
from bankchat.services import ChatService, SessionView, UserView, auth, console, handoffs, metrics
from tests.bank.helpers import open_account
from tests.factories import DEFAULT_PASSWORD, make_user_view

STAFF = UserView(id=0, username="metrics-reader", display_name="Metrics Reader", role="manager")
"""A manager who only reads the figures (nothing is written under their ID)."""

EXPECTED = {
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


def _scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the Prometheus page, by name and labels."""
    with session_scope() as db:
        text = metrics.prometheus_text(db, manager=STAFF)
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _counter(name: str, label: str) -> int:
    with session_scope() as db:
        row = db.get(MetricCounter, (name, label))
        return row.value if row else 0


def _totals() -> metrics.Totals:
    with session_scope() as db:
        return metrics.totals(db, manager=STAFF)


def test_count_adds_to_one_row() -> None:
    label = uuid.uuid4().hex

    metrics.count("test_counter", label)
    metrics.count("test_counter", label, by=3)

    assert _counter("test_counter", label) == 4
    with session_scope() as db:
        rows = db.exec(select(MetricCounter).where(MetricCounter.label == label)).all()
    assert len(rows) == 1


def test_count_from_many_threads_loses_nothing() -> None:
    label = uuid.uuid4().hex

    def work() -> None:
        for _ in range(20):
            metrics.count("test_race", label)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert _counter("test_race", label) == 120


def test_count_error_logs_instead_of_raising_when_the_database_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(metrics, "get_engine", broken)
    logger = logging.getLogger("bankchat.metrics")
    logger.addHandler(caplog.handler)
    try:
        metrics.count_error("session_not_found")
    finally:
        logger.removeHandler(caplog.handler)

    assert any(r.getMessage() == "Metric not counted" for r in caplog.records)


def test_count_error_labels_by_code() -> None:
    before = _totals().errors_by_code.get("test_code", 0)

    metrics.count_error("test_code")
    metrics.count_error("")  # no code: counted as "unknown", not refused

    assert _totals().errors_by_code["test_code"] == before + 1
    assert _scrape()[("bankchat_errors_total", (("code", "test_code"),))] == before + 1


def test_prometheus_text_has_help_and_type_for_every_metric() -> None:
    with session_scope() as db:
        text = metrics.prometheus_text(db, manager=STAFF)

    families = {f.name: f.type for f in text_string_to_metric_families(text)}
    assert families == EXPECTED
    for name, kind in EXPECTED.items():
        exposed = f"{name}_total" if kind == "counter" else name
        assert f"# HELP {exposed} " in text
        assert f"# TYPE {exposed} {kind}\n" in text


def test_failed_login_moves_logins_failed(user: UserView) -> None:
    before = _scrape()[("bankchat_logins_failed_total", ())]

    with session_scope() as db, pytest.raises(InvalidCredentials):
        auth.login(db=db, username=user.username, password="not-" + DEFAULT_PASSWORD, address="198.51.100.7")
    with session_scope() as db:
        auth.login(db=db, username=user.username, password=DEFAULT_PASSWORD, address="198.51.100.7")

    assert _scrape()[("bankchat_logins_failed_total", ())] == before + 1


def test_message_and_reply_move_their_counters(service: ChatService, user: UserView) -> None:
    before = _scrape()
    with session_scope() as db:
        conversation = service.start_conversation(db=db, user=user)

    service.send_message(session_id=conversation.session_id, user=user, content="hello", client_message_id="c1")
    service.send_message(session_id=conversation.session_id, user=user, content="hello", client_message_id="c1")

    after = _scrape()
    assert after[("bankchat_sessions_created_total", ())] == before[("bankchat_sessions_created_total", ())] + 1
    assert after[("bankchat_messages_processed_total", ())] == before[("bankchat_messages_processed_total", ())] + 1
    fake = ("bankchat_replies_total", (("agent", "fake"),))
    assert after[fake] == before.get(fake, 0) + 1


def test_messages_card_figure_agrees_with_the_per_conversation_counts(service: ChatService, user: UserView) -> None:
    with session_scope() as db:
        staff = make_user_view(db, display_name="Morgan Manager", role="manager")
        first = service.start_conversation(db=db, user=user)
        second = service.start_conversation(db=db, user=user)
    before = _totals()

    for n, session_id in enumerate((first.session_id, first.session_id, second.session_id)):
        service.send_message(session_id=session_id, user=user, content=f"hello {n}", client_message_id=f"m{n}")
    with session_scope() as db:
        db.add(Handoff(session_id=second.session_id, user_id=user.id, summary="wants a person"))
        db.flush()
        handoffs.claim(db, manager=staff, session_id=second.session_id)
        handoffs.reply(db, manager=staff, session_id=second.session_id, content="Morgan here")

    after = _totals()
    with session_scope() as db:
        rows = {s.session_id: s.message_count for s in console.active_sessions(db, manager=staff, limit=1000)}
    per_conversation = rows[first.session_id] + rows[second.session_id]
    assert per_conversation == 3 + 3 + 2  # three customer messages, three bot replies, a claim note and a staff reply
    assert after.messages_all - before.messages_all == per_conversation
    assert after.messages - before.messages == 3  # the customer messages alone, as Prometheus counts them


def test_reply_latency_fills_the_histogram(conversation: SessionView) -> None:
    before = _scrape()
    with session_scope() as db:
        db.add(Message(session_id=conversation.session_id, role="assistant", content="hi", agent="x", latency_ms=120))
        db.add(Message(session_id=conversation.session_id, role="assistant", content="hi", agent="x", latency_ms=3000))

    after = _scrape()

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after[key] - before[key]

    assert grew("bankchat_reply_latency_seconds_bucket", le="0.1") == 0
    assert grew("bankchat_reply_latency_seconds_bucket", le="0.25") == 1
    assert grew("bankchat_reply_latency_seconds_bucket", le="2.5") == 1
    assert grew("bankchat_reply_latency_seconds_bucket", le="5") == 2
    assert grew("bankchat_reply_latency_seconds_bucket", le="+Inf") == 2
    assert grew("bankchat_reply_latency_seconds_count") == 2
    assert grew("bankchat_reply_latency_seconds_sum") == pytest.approx(3.12)


def test_executed_transfer_moves_transfers_executed(user: UserView) -> None:
    before = _totals().transfers_executed
    with session_scope() as db:
        source = open_account(db, user.id, balance_cents=10_000)
        target = open_account(db, user.id, kind="savings")
        db.commit()
        request = bank.TransferRequest(source, 2_500, target_account_id=target)
        bank.execute_transfer(db=db, owner_id=user.id, request=request, idempotency_key=uuid.uuid4().hex)

    assert _totals().transfers_executed == before + 1


def test_sessions_active_leaves_out_quiet_ones(conversation: SessionView) -> None:
    active = _totals().sessions_active
    with session_scope() as db:
        session = db.get(Session, conversation.session_id)
        assert session is not None
        session.last_activity_at = session.last_activity_at - metrics.ACTIVE_WINDOW - timedelta(minutes=1)
        db.add(session)

    assert _totals().sessions_active == active - 1


def test_queued_handoff_moves_the_gauge(conversation: SessionView, user: UserView) -> None:
    before = _scrape()[("bankchat_handoffs_queued", ())]
    with session_scope() as db:
        db.add(Handoff(session_id=conversation.session_id, user_id=user.id))

    assert _scrape()[("bankchat_handoffs_queued", ())] == before + 1


def test_timeseries_buckets_messages_sessions_and_median_latency(user: UserView) -> None:
    # Long ago, so that no other test's rows fall into the window.
    t0 = datetime(2001, 3, 4, 10, 0, tzinfo=UTC)
    session_id = f"sess_{uuid.uuid4().hex[:8]}_{uuid.uuid4().hex}"
    with session_scope() as db:
        db.add(Session(id=session_id, user_id=user.id, created_at=t0 + timedelta(minutes=1)))
        db.flush()
        db.add(ChatSession(session_id=session_id, user_id=user.id))
        db.flush()
        for minute, role, latency in [(1, "user", None), (2, "assistant", 100), (6, "user", None), (7, "user", None)]:
            db.add(
                Message(
                    session_id=session_id,
                    role=role,
                    content="x",
                    latency_ms=latency,
                    created_at=t0 + timedelta(minutes=minute),
                )
            )
        for latency in (300, 200):
            db.add(Message(session_id=session_id, role="assistant", content="x", latency_ms=latency, created_at=t0))

        points = metrics.timeseries(db, manager=STAFF, minutes=15, bucket_minutes=5, now=t0 + timedelta(minutes=9))

    assert [p.start for p in points] == [t0 - timedelta(minutes=5), t0, t0 + timedelta(minutes=5)]
    assert [p.messages for p in points] == [0, 1, 2]
    assert [p.sessions for p in points] == [0, 1, 0]
    assert [p.replies for p in points] == [0, 3, 0]
    assert [p.p50_latency_ms for p in points] == [None, 200, None]


@pytest.mark.parametrize(("minutes", "bucket"), [(10, 0), (5, 10), (10_000, 1)])
def test_timeseries_refuses_impossible_buckets(minutes: int, bucket: int) -> None:
    with session_scope() as db, pytest.raises(ValueError, match="bucket"):
        metrics.timeseries(db, manager=STAFF, minutes=minutes, bucket_minutes=bucket)


def test_read_figures_as_customer_is_not_a_manager(user: UserView) -> None:
    for read in (
        lambda db: metrics.totals(db, manager=user),
        lambda db: metrics.prometheus_text(db, manager=user),
        lambda db: metrics.timeseries(db, manager=user),
    ):
        with session_scope() as db, pytest.raises(NotAManager):
            read(db)
