"""Metrics for operators: a Prometheus text page and the console's small charts.

Everything is read from the database, so every worker answers alike and a
restart loses nothing. Sessions, messages, replies, latencies and transfers are
counted from their own rows; what leaves no row (errors by code, failed sign-ins)
goes to ``metric_counter``, which every worker adds to in one ``UPDATE``-or-``INSERT``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from statistics import median_low
from typing import cast

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import case, func
from sqlmodel import Session as Db
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from bankchat import logs
from bankchat.db import get_engine
from bankchat.models import Handoff, Message, MetricCounter, Session, Transfer, table_of, utcnow
from bankchat.services.roles import require_manager
from bankchat.services.upsert import upsert
from bankchat.services.views import UserView
from bankchat.settings import get_settings

log = logging.getLogger("bankchat.metrics")

ERRORS = "errors"
"""``metric_counter`` name of errors answered, labelled by error code."""
LOGINS_FAILED = "logins_failed"
"""``metric_counter`` name of sign-ins refused for a wrong username or password (no label)."""
LATENCY_BUCKETS_MS = (2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
"""Upper bounds of the reply latency histogram, in milliseconds."""
ACTIVE_WINDOW = timedelta(minutes=15)
"""A session counts as active while open and used within this window (or the idle timeout, if shorter)."""
MAX_LABEL_CHARS = 64
MAX_POINTS = 500


def count(name: str, label: str = "", by: int = 1) -> None:
    """Add ``by`` to the shared counter ``name{label}``, in a short transaction of its own."""
    table = table_of(MetricCounter)
    with get_engine().begin() as conn:
        upsert(
            conn,
            table,
            values={"name": name[:MAX_LABEL_CHARS], "label": label[:MAX_LABEL_CHARS], "value": by},
            keys=("name", "label"),
            on_conflict=lambda excluded: {"value": table.c.value + excluded.value},
        )


def _count_quietly(name: str, label: str) -> None:
    try:
        count(name, label)
    except Exception as exc:  # noqa: BLE001 - a metric must never turn an answer into a failure
        logs.event(log, "Metric not counted", level=logging.WARNING, metric=name, label=label, error=repr(exc)[:200])


def count_error(code: str) -> None:
    """Count one error answered with ``code`` (API or UI); never raises, logs a failure instead."""
    _count_quietly(ERRORS, code if isinstance(code, str) and code else "unknown")


def count_failed_login() -> None:
    """Count one sign-in refused for wrong credentials; never raises."""
    _count_quietly(LOGINS_FAILED, "")


# --- totals -------------------------------------------------------------------


@dataclass(frozen=True)
class LatencyHistogram:
    """Bot replies by latency: cumulative counts per bound of ``LATENCY_BUCKETS_MS``."""

    cumulative: tuple[int, ...]
    count: int
    sum_ms: int


@dataclass(frozen=True)
class Totals:
    """The key figures, as of now."""

    sessions_created: int
    sessions_active: int
    """Open sessions used within ``ACTIVE_WINDOW``."""
    messages: int
    """Customer messages processed (stored)."""
    messages_all: int
    """Every message in every conversation (customer, bot, staff): the sum of the per-conversation counts."""
    replies_by_agent: dict[str, int]
    transfers_executed: int
    logins_failed: int
    errors_by_code: dict[str, int]
    handoffs_queued: int
    latency: LatencyHistogram = field(default_factory=lambda: LatencyHistogram((0,) * len(LATENCY_BUCKETS_MS), 0, 0))

    @property
    def replies(self) -> int:
        return sum(self.replies_by_agent.values())

    @property
    def errors(self) -> int:
        return sum(self.errors_by_code.values())


def _scalar(db: Db, query: SelectOfScalar[int]) -> int:
    return int(db.exec(query).one() or 0)


def _counters(db: Db, name: str) -> dict[str, int]:
    rows = db.exec(select(MetricCounter.label, MetricCounter.value).where(MetricCounter.name == name)).all()
    return {label: int(value) for label, value in rows}


def _latency(db: Db) -> LatencyHistogram:
    latency = col(Message.latency_ms)
    statement = select(
        func.count(),
        func.coalesce(func.sum(latency), 0),
        *(func.coalesce(func.sum(case((latency <= bound, 1), else_=0)), 0) for bound in LATENCY_BUCKETS_MS),
    ).where(Message.role == "assistant", latency.is_not(None))
    # Integers all (a COUNT, then COALESCE(SUM(...), 0)s); sqlmodel's select types a starred list as two columns.
    row = cast("tuple[int, ...]", db.exec(statement).one())
    return LatencyHistogram(cumulative=tuple(int(v) for v in row[2:]), count=int(row[0]), sum_ms=int(row[1]))


def totals(db: Db, *, manager: UserView) -> Totals:
    """Counts of the rows behind every metric (managers only)."""
    require_manager(manager)
    settings = get_settings()
    now = utcnow()
    replies = db.exec(
        select(Message.agent, func.count()).where(Message.role == "assistant").group_by(col(Message.agent))
    ).all()
    return Totals(
        sessions_created=_scalar(db, select(func.count()).select_from(Session)),
        sessions_active=_scalar(
            db,
            select(func.count()).where(
                Session.status == "active",
                col(Session.last_activity_at)
                > now - min(ACTIVE_WINDOW, timedelta(minutes=settings.session_idle_minutes)),
                col(Session.created_at) > now - timedelta(days=settings.session_max_age_days),
            ),
        ),
        messages=_scalar(db, select(func.count()).where(Message.role == "user")),
        messages_all=_scalar(db, select(func.count()).select_from(Message)),
        replies_by_agent={agent or "unknown": int(n) for agent, n in replies},
        transfers_executed=_scalar(db, select(func.count()).where(Transfer.status == "completed")),
        logins_failed=sum(_counters(db, LOGINS_FAILED).values()),
        errors_by_code=_counters(db, ERRORS),
        handoffs_queued=_scalar(db, select(func.count()).where(Handoff.status == "queued")),
        latency=_latency(db),
    )


# --- Prometheus ---------------------------------------------------------------


class _Snapshot(Collector):
    """Hands prometheus_client metric families already read from the database."""

    def __init__(self, families: Sequence[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterable[Metric]:
        return self.families


def _families(t: Totals) -> list[Metric]:
    replies = CounterMetricFamily("bankchat_replies", "Bot replies, by the agent that answered", labels=["agent"])
    for agent, n in sorted(t.replies_by_agent.items()):
        replies.add_metric([agent], n)
    errors = CounterMetricFamily("bankchat_errors", "Errors answered, by error code", labels=["code"])
    for code, n in sorted(t.errors_by_code.items()):
        errors.add_metric([code], n)
    buckets = [(f"{bound / 1000:g}", n) for bound, n in zip(LATENCY_BUCKETS_MS, t.latency.cumulative, strict=True)]
    latency = HistogramMetricFamily(
        "bankchat_reply_latency_seconds",
        "How long the agents took to answer",
        buckets=[*buckets, ("+Inf", t.latency.count)],
        sum_value=t.latency.sum_ms / 1000,
    )
    return [
        CounterMetricFamily("bankchat_sessions_created", "Chat sessions created", value=t.sessions_created),
        CounterMetricFamily("bankchat_messages_processed", "Customer messages processed", value=t.messages),
        replies,
        latency,
        errors,
        CounterMetricFamily("bankchat_logins_failed", "Sign-ins refused for wrong credentials", value=t.logins_failed),
        CounterMetricFamily("bankchat_transfers_executed", "Transfers that moved money", value=t.transfers_executed),
        GaugeMetricFamily(
            "bankchat_sessions_active", "Open sessions used in the last 15 minutes", value=t.sessions_active
        ),
        GaugeMetricFamily("bankchat_handoffs_queued", "Conversations waiting for a human", value=t.handoffs_queued),
    ]


def prometheus_text(db: Db, *, manager: UserView) -> str:
    """Every metric in the Prometheus text exposition format (version 0.0.4); managers only."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Snapshot(_families(totals(db, manager=manager))))
    return generate_latest(registry).decode("utf-8")


# --- the console's charts -----------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One bucket of the time series."""

    start: datetime
    messages: int
    """Customer messages received."""
    sessions: int
    """Sessions created."""
    replies: int
    p50_latency_ms: int | None
    """Median reply latency in the bucket (None without a timed reply)."""


def timeseries(
    db: Db, *, manager: UserView, minutes: int = 120, bucket_minutes: int = 5, now: datetime | None = None
) -> list[Point]:
    """Activity over the last ``minutes``, in buckets of ``bucket_minutes`` (the last one holds now).

    Errors are not in it: their counters keep no time. Managers only.
    """
    require_manager(manager)
    if not 1 <= bucket_minutes <= minutes or minutes // bucket_minutes > MAX_POINTS:
        msg = f"need 1 <= bucket_minutes <= minutes and at most {MAX_POINTS} buckets"
        raise ValueError(msg)
    width = timedelta(minutes=bucket_minutes)
    now = (now or utcnow()).astimezone(UTC)
    end = datetime.fromtimestamp((now.timestamp() // width.total_seconds() + 1) * width.total_seconds(), UTC)
    n = minutes // bucket_minutes
    start = end - n * width
    messages, sessions, replies = [0] * n, [0] * n, [0] * n
    latencies: list[list[int]] = [[] for _ in range(n)]

    def slot(when: datetime) -> int:
        return min(n - 1, int((when - start) / width))

    in_window = (col(Message.created_at) >= start, col(Message.created_at) < end)
    rows = db.exec(select(Message.role, Message.created_at, Message.latency_ms).where(*in_window)).all()
    for role, created_at, latency_ms in rows:
        i = slot(created_at)
        if role == "user":
            messages[i] += 1
        elif role == "assistant":
            replies[i] += 1
            if latency_ms is not None:
                latencies[i].append(latency_ms)
    created = select(Session.created_at).where(col(Session.created_at) >= start, col(Session.created_at) < end)
    for created_at in db.exec(created).all():
        sessions[slot(created_at)] += 1
    return [
        Point(
            start=start + i * width,
            messages=messages[i],
            sessions=sessions[i],
            replies=replies[i],
            p50_latency_ms=median_low(latencies[i]) if latencies[i] else None,
        )
        for i in range(n)
    ]
