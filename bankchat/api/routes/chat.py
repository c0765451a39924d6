"""Chat: one customer message in, the agents' reply out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from bankchat.api.deps import CurrentUser
from bankchat.api.errors import documented
from bankchat.api.schemas import ExchangeOut, MessageIn, MessageOut
from bankchat.models import utcnow
from bankchat.services import chat_service
from bankchat.services.turns import run_turn

router = APIRouter(prefix="/chat", tags=["chat"])


@router.post("/message", summary="Send a message to the agents", responses=documented(400, 401, 404, 409, 422, 429))
async def send_message(
    body: MessageIn,
    user: CurrentUser,
    session_id: Annotated[str | None, Header(alias="X-Session-ID", description="From `POST /api/sessions`")] = None,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", description="Used as clientMessageId when the body has none")
    ] = None,
) -> ExchangeOut:
    """The message is stored before the agents run; the same clientMessageId twice returns the stored exchange.

    A user may send `messages_per_minute` messages a minute (a replay does not count); past that, 429
    `rate_limited` with `Retry-After`.
    """
    exchange = await run_turn(
        chat_service().send_message,
        session_id=session_id,
        user=user,
        content=body.content,
        client_message_id=body.client_message_id if body.client_message_id is not None else idempotency_key,
    )
    return ExchangeOut(
        session_id=exchange.message.session_id,
        message=MessageOut.model_validate(exchange.message),
        reply=MessageOut.model_validate(exchange.reply) if exchange.reply is not None else None,
        replayed=exchange.replayed,
        held=exchange.held,
        timestamp=utcnow(),
    )
