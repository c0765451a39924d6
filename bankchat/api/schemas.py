"""Request and response bodies of the REST API: camelCase JSON, separate from the tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.alias_generators import to_camel

from bankchat.api.fields import Metadata, Text, Username, UserRef
from bankchat.bank import DisputeView, TransactionView
from bankchat.services import MessageView, SessionView, UserView

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class ApiModel(BaseModel):
    """camelCase on the wire, snake_case in Python; built from the services' views."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


def fields_of(view: type[DataclassInstance], *, leave_out: Collection[str] = ()) -> type[ApiModel]:
    """An ApiModel with ``view``'s fields, in its order: the one field list a response schema extends.

    A view with a ``public_id`` shows it as ``id``; its row's integer ``id`` never leaves the server.
    ``leave_out`` names the view's other fields the API does not show. A schema may redeclare a field
    to document it (it keeps its place) and add fields of its own.
    """
    hints = get_type_hints(view)
    public_id = any(f.name == "public_id" for f in dataclasses.fields(view))
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(view):
        if field.name in leave_out or (field.name == "id" and public_id):
            continue
        if field.name == "public_id":
            fields["id"] = (hints["public_id"], Field(validation_alias="public_id"))
        else:
            fields[field.name] = (hints[field.name], ...)
    return create_model(f"{view.__name__}Fields", __base__=ApiModel, __module__=__name__, **fields)


class ErrorOut(ApiModel):
    """Every error answer."""

    detail: str = Field(examples=["Session not found"])
    code: str = Field(examples=["session_not_found"])


# --- auth --------------------------------------------------------------------


class LoginIn(ApiModel):
    """Credentials."""

    username: Username = Field(examples=["alice"])
    password: Text = Field(examples=["Password123!"])


class PasswordChangeIn(ApiModel):
    """The current password and the new one (8 to 1024 characters)."""

    current_password: Text = Field(examples=["Password123!"])
    new_password: Text = Field(examples=["a-new-long-passphrase"])


class UserOut(fields_of(UserView)):  # type: ignore[misc]  # a dynamic base
    """A user as the API shows them (never a hash)."""


class LoginOut(ApiModel):
    """A fresh bearer token, shown once."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: datetime
    user: UserOut


class WebSessionOut(ApiModel):
    """A browser sign-in; the token itself travels only in the HttpOnly cookie."""

    user: UserOut
    expires_at: datetime


# --- sessions ----------------------------------------------------------------


class SessionCreateIn(ApiModel):
    """A new conversation; ``userId`` may only name the caller (by ID or username)."""

    user_id: UserRef | None = None
    metadata: Metadata | None = None


class ChatSessionOut(ApiModel):
    """The conversation as ChatService keeps it."""

    session_id: str
    user_id: int
    title: str
    user_data: dict[str, Any]
    message_count: int
    created_at: datetime


class SessionOut(ApiModel):
    """The session as SessionManager keeps it."""

    session_id: str
    user_id: int
    status: str
    created_at: datetime
    last_activity_at: datetime
    metadata: dict[str, Any]


class SessionCreatedOut(ApiModel):
    """Both views of a new conversation under its one ID."""

    session_id: str
    chat_session: ChatSessionOut
    session: SessionOut
    timestamp: datetime


CONVERSATION_NOT_SHOWN = frozenset({"user_data"})
"""SessionView's fields a conversation in a list leaves out: ChatService's own store."""


class ConversationOut(fields_of(SessionView, leave_out=CONVERSATION_NOT_SHOWN)):  # type: ignore[misc]  # a dynamic base
    """One conversation in a list: lifecycle and title together."""


# --- messages ----------------------------------------------------------------


MESSAGE_NOT_SHOWN = frozenset({"trace"})
"""MessageView's fields the REST API does not show, besides the row's ID: the trace (only the chat page shows it)."""


class MessageOut(fields_of(MessageView, leave_out=MESSAGE_NOT_SHOWN)):  # type: ignore[misc]  # a dynamic base
    """One stored message (the customer's or the agents' reply)."""

    # MessageView's fields; the docstring above is the OpenAPI description, so it names no internals.

    id: str = Field(
        validation_alias="public_id",
        description="Opaque and random (not a count or an order): use it only to rate the reply",
        examples=["msg_Q2f9xJr4T0aVbN7k"],
    )
    feedback: Literal["up", "down"] | None = Field(
        default=None, description="The caller's rating of a bot reply (history only; null when unrated)"
    )


class HistoryOut(ApiModel):
    """A page of messages, oldest first; pass ``nextBefore`` as ``before`` for the page before."""

    messages: list[MessageOut]
    next_before: str | None = Field(description="An opaque cursor; null when this is the conversation's first page")


class MessageIn(ApiModel):
    """A customer's message; ``clientMessageId`` makes a retry safe."""

    content: Text = Field(examples=["What is my balance?"])
    client_message_id: Text | None = Field(default=None, examples=["3f1c2a9e-7b7d-4c55-9a57-0d1c2b3a4f5e"])


class ExchangeOut(ApiModel):
    """The stored message and the agents' stored reply (null while BankChat staff hold the conversation)."""

    session_id: str
    message: MessageOut
    reply: MessageOut | None = Field(description="Null when `held`: a person answers in the conversation instead")
    held: bool = Field(default=False, description="True when BankChat staff hold the conversation: the bot is quiet")
    replayed: bool = Field(description="True when the clientMessageId had been seen and nothing new was stored")
    timestamp: datetime


# --- accounts ----------------------------------------------------------------


class AccountOut(ApiModel):
    """One of the caller's accounts; amounts in integer cents (a credit card's negative balance is owed)."""

    id: int
    name: str = Field(examples=["Everyday Checking"])
    kind: Literal["checking", "savings", "credit"]
    masked_number: str = Field(examples=["•••• 4821"])
    balance_cents: int = Field(examples=[184250])
    currency: str = Field(examples=["GBP"])
    available_cents: int = Field(description="Balance plus credit limit plus overdraft", examples=[234250])
    credit_limit_cents: int = Field(examples=[0])


class StatementMonthOut(ApiModel):
    """A month the account has a statement for, with where to download it (by bearer token)."""

    month: str = Field(examples=["2025-02"], description="`YYYY-MM`")
    to_date: bool = Field(description="The current month: its statement runs to today", examples=[False])
    pdf_url: str = Field(examples=["/api/accounts/1/statements/2025-02.pdf"])
    csv_url: str = Field(examples=["/api/accounts/1/statements/2025-02.csv"])


class TransactionOut(fields_of(TransactionView)):  # type: ignore[misc]  # a dynamic base
    """One statement line; ``amountCents`` is negative for money out."""

    # TransactionView's fields; only ``id`` is redeclared, to document it.

    id: str = Field(
        validation_alias="public_id",
        description="Opaque and random (not a count or an order)",
        examples=["txn_bK0c1Zs8uE5pW3yA"],
    )


class TransactionPageOut(ApiModel):
    """A page of transactions, newest first; pass ``nextBefore`` as ``before`` for older ones."""

    transactions: list[TransactionOut]
    next_before: str | None = Field(description="An opaque cursor; null when there are no older transactions")


# --- disputes ------------------------------------------------------------------


DisputeReason = Literal[
    "not_recognised", "wrong_amount", "not_received", "charged_twice", "cancelled_subscription", "other"
]
"""``bankchat.models.DISPUTE_REASONS``, spelled out for the OpenAPI schema (a test keeps them equal)."""


class DisputeIn(ApiModel):
    """A payment out to dispute: a statement line's ``id`` and why."""

    transaction_id: str = Field(
        pattern=r"^[A-Za-z0-9_-]{1,64}$", description="A statement line's `id`", examples=["txn_bK0c1Zs8uE5pW3yA"]
    )
    reason: DisputeReason = Field(examples=["not_recognised"])
    words: Text = Field(default="", max_length=500, description="What happened, in the customer's own words")


class DisputeReopenIn(ApiModel):
    """The new information that should make the bank look at a rejected case again."""

    note: Text = Field(
        min_length=1,
        max_length=500,
        description="What is new since the decision, in the customer's own words",
        examples=["The courier has now confirmed in writing that the parcel was never delivered"],
    )


class DisputeOut(fields_of(DisputeView, leave_out={"owner_id"})):  # type: ignore[misc]  # a dynamic base
    """A dispute case; ``status`` is `open`, `refunded` or `rejected` (with the staff's note)."""

    reference: str = Field(examples=["DS-7KQ2-M9XD"])
    amount_cents: int = Field(description="The disputed amount, positive")
    transaction_id: str = Field(description="The disputed statement line's `id`")
