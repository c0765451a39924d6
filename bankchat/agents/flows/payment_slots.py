"""The slots of a payment, declared once: how much, to whom, from which account, with what reference.

A transfer, a standing order (set up or changed), the card bill and "where's my transfer?" all
speak of these. What fills each one (the value types, the entities that name it, the answers to
its question) is the same in every flow; only how a flow describes it, and whether it needs it,
differ.
"""

from __future__ import annotations

from bankchat.agents import reference as reference_words
from bankchat.agents.flows.spec import Filled, FlowContext, Slot
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef


def amount(description: str, *, required: bool = True, group: str = "") -> Slot:
    """``amount``: a sum of money the customer names ("50", "forty quid")."""
    return Slot("amount", (Money,), fills=("amount",), required=required, group=group, description=description)


def target(description: str, *, required: bool = True, answerable: bool = True) -> Slot:
    """``target``: where the money goes, one of the customer's accounts or a saved payee; ``answerable``: an
    account or a payee said alone answers the question for it."""
    return Slot(
        "target",
        (AccountRef, PayeeRef),
        fills=("destination",),
        answers=("account", "payee") if answerable else (),
        required=required,
        description=description,
    )


def source(description: str, *, required: bool = True, answerable: bool = True) -> Slot:
    """``source``: the customer's account the money comes from; ``answerable``: an account said alone answers
    the question for it."""
    return Slot(
        "source",
        (AccountRef,),
        fills=("source",),
        answers=("account",) if answerable else (),
        required=required,
        description=description,
    )


def reference(description: str) -> Slot:
    """``reference``: what the payee sees on their statement, taken as it stands when quoted alone."""
    return Slot(
        "reference",
        (str,),
        fills=("reference",),
        reads=reference_words.names_reference,
        description=description,
        quoted=reference_words.quoted,
    )


def own_name_reference(ctx: FlowContext, filled: Filled) -> Filled:
    """ "use my name as the reference": the customer's name as the reference, not the words "my name"."""
    said = filled.get("reference", str)
    named = reference_words.with_own_name(said, ctx.customer.display_name) if said else said
    return filled.with_values({"reference": named}) if named != said else filled
