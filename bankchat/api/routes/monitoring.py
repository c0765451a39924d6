"""Metrics for managers: the Prometheus text page and the console's figures (the role is declared on the router)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import PlainTextResponse
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from bankchat.api.deps import CurrentUser, DbSession, require_manager
from bankchat.api.errors import documented, text_answer
from bankchat.api.schemas_monitoring import AgentFeedbackOut, PointOut, StatsOut, TotalsOut
from bankchat.errors import InvalidInput
from bankchat.models import utcnow
from bankchat.services import feedback, metrics

router = APIRouter(prefix="/admin", tags=["monitoring"], dependencies=[Depends(require_manager)])


@router.get(
    "/metrics",
    summary="Prometheus metrics (manager only)",
    # ``Response``, not ``PlainTextResponse``: the errors stay documented as JSON.
    response_class=Response,
    responses={
        **text_answer("text/plain", f"The Prometheus text format (`{CONTENT_TYPE_PLAIN_0_0_4}`)"),
        **documented(401, 403),
    },
)
def prometheus_metrics(db: DbSession, user: CurrentUser) -> PlainTextResponse:
    """Sessions, messages, replies per agent, reply latency, errors by code, failed sign-ins, transfers.

    Read from the database, so every worker serves the same figures.
    """
    return PlainTextResponse(metrics.prometheus_text(db, manager=user), media_type=CONTENT_TYPE_PLAIN_0_0_4)


@router.get(
    "/stats", summary="The console's figures and time series (manager only)", responses=documented(401, 403, 422)
)
def stats(
    db: DbSession,
    user: CurrentUser,
    minutes: Annotated[int, Query(ge=5, le=1440, description="How far back the series goes")] = 120,
    bucket_minutes: Annotated[int, Query(alias="bucketMinutes", ge=1, le=60, description="Bucket width")] = 5,
) -> StatsOut:
    """Key totals, activity per bucket (messages, sessions, replies, median latency) and feedback per agent."""
    try:
        series = metrics.timeseries(db, manager=user, minutes=minutes, bucket_minutes=bucket_minutes)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return StatsOut(
        generated_at=utcnow(),
        bucket_minutes=bucket_minutes,
        totals=TotalsOut.model_validate(metrics.totals(db, manager=user)),
        series=[PointOut.model_validate(p) for p in series],
        feedback=[AgentFeedbackOut.model_validate(f) for f in feedback.counts_per_agent(db=db, manager=user)],
    )
