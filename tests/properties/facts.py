"""What the database says about a customer's conversations and money, and the invariants over it.

Each ``assert_*`` reads fresh rows, so a check after a step sees what a new
process would see after a restart.
"""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.agents.types import PendingStep
from bankchat.models import Account, ChatSession, ConversationState, Message, Transfer
from tests.bank.helpers import assert_ledger_explains_balances, balances


def session_messages(db: Db, session_id: str) -> list[Message]:
    """Every message of one session, oldest first."""
    return list(db.exec(select(Message).where(Message.session_id == session_id).order_by(col(Message.id))).all())


def pending_step(db: Db, session_id: str) -> PendingStep | None:
    """The step the session is waiting on, as stored."""
    state = db.get(ConversationState, session_id)
    return PendingStep.from_json(state.pending) if state is not None else None


def transfers(db: Db, owner_id: int) -> list[Transfer]:
    """The customer's transfer rows, oldest first."""
    return list(db.exec(select(Transfer).where(Transfer.owner_id == owner_id).order_by(col(Transfer.id))).all())


def total_balance(db: Db, owner_id: int) -> int:
    """The sum of the customer's balances, in cents."""
    return sum(balances(db, owner_id).values())


def executed_transfer_ids(db: Db, session_ids: list[str]) -> list[int]:
    """Transfer IDs that replies in these sessions report as newly executed (not replayed), by their reference."""
    references: list[str] = []
    replies = db.exec(
        select(Message).where(col(Message.session_id).in_(session_ids), Message.role == "assistant")
    ).all()
    for reply in replies:
        for action in reply.trace.get("actions", []):
            if action.get("step") == "executed" and not action.get("replayed"):
                references.append(str(action["reference"]))
    by_reference = dict(
        db.exec(select(Transfer.reference, Transfer.id).where(col(Transfer.reference).in_(references))).all()
    )
    return [int(by_reference[r]) for r in references]


def assert_conversation_whole(db: Db, session_id: str, *, answered: bool = True) -> None:
    """One user row per client message ID, at most one reply per message (exactly one when ``answered``),
    replies in the same session after their message, and the stored count matching the rows."""
    rows = session_messages(db, session_id)
    by_id = {m.id: m for m in rows}
    client_ids = Counter(m.client_message_id for m in rows if m.role == "user" and m.client_message_id)
    assert all(n == 1 for n in client_ids.values()), f"duplicate client message IDs: {client_ids}"
    replies = Counter(m.reply_to_id for m in rows if m.role == "assistant")
    for message in rows:
        if message.role == "assistant":
            asked = by_id.get(message.reply_to_id)
            assert asked is not None, f"reply {message.id} answers no message of {session_id}"
            assert asked.role == "user"
            assert message.id is not None
            assert asked.id is not None
            assert message.id > asked.id
        else:
            expected = {1} if answered else {0, 1}
            assert replies[message.id] in expected, f"message {message.id} has {replies[message.id]} replies"
    chat = db.exec(select(ChatSession).where(ChatSession.session_id == session_id)).one()
    assert chat.message_count == len(rows), (chat.message_count, len(rows))


def assert_money_right(db: Db, owner_id: int, opening: tuple[int, int], session_ids: list[str]) -> None:
    """Balances move only by payee transfers, stay within limits, equal their ledgers, and every
    transfer since the opening is one confirmation the agents executed (none doubled, none unreported).

    ``opening`` is the customer's total balance and number of transfers (the demo history has some) at the start.
    """
    opening_total, opening_transfers = opening
    rows = transfers(db, owner_id)[opening_transfers:]
    paid_out = sum(t.amount_cents for t in rows if t.payee_id is not None)
    assert total_balance(db, owner_id) == opening_total - paid_out
    for account in db.exec(select(Account).where(Account.owner_id == owner_id)).all():
        floor = -(account.overdraft_limit_cents + account.credit_limit_cents)
        assert account.balance_cents >= floor, (account.name, account.balance_cents, floor)
    assert_ledger_explains_balances(db, owner_id)
    executed = executed_transfer_ids(db, session_ids)
    assert sorted(executed) == [t.id for t in rows], (executed, [t.id for t in rows])
