"""Customers who need a person's care: a scam in progress, money worries, a bereavement, a complaint about the
bank. Answered with care and a way to a person, never with a transfer ("someone is asking me to move my money to
a safe account" once started one) and never declined as out of scope."""

from __future__ import annotations

import re
from collections.abc import Callable

from bankchat.agents.flows import handoff
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome

SCAM_WARNING = (
    '**Please stop: this sounds like a scam.** We will never ask you to move money to a "safe account", and '
    "nobody from BankChat, the police or another bank will ask for your PIN, passcode or a one-time code. "
    "Hang up or stop replying, don't open any link it sent, and don't send anything.\n\n"
    "- **Already sent money or shared details?** Say **talk to a person** now: our fraud team can try to stop "
    "or recover a payment, and the sooner the better.\n"
    "- **Worried about your card?** Say **freeze my card** and I'll stop it at once.\n"
    "- Forward scam texts to **7726** (free) and report scam calls to Action Fraud on **0300 123 2040**."
)
SCAM_ALREADY_PAID = (
    "**I'm so sorry: this sounds like a scam.** Don't send anything more, and don't reply to them. We will never ask "
    'you to move money to a "safe account". The sooner our fraud team looks, the better the chance of stopping or '
    "recovering the payment, so I've brought them in now.\n\n"
    "- **Worried about your card?** Say **freeze my card** and I'll stop it at once.\n"
    "- Report scam calls to Action Fraud on **0300 123 2040**."
)
_ALREADY_PAID = re.compile(
    r"\b(?:i|we)\s+(?:already\s+|just\s+)?(?:sent|paid|transferred|moved|gave|shared|told them|read out)\b"
    r"|\b(?:sent|paid|transferred|gave)\s+(?:them|him|her|it)\b|\balready (?:sent|paid|transferred)\b",
    re.IGNORECASE,
)
"""Money already gone, or details already given: the fraud team is brought in, not only offered."""
MONEY_WORRIES = (
    "I'm sorry things are hard at the moment. You're not alone, and talking to us early really helps.\n\n"
    "- **Talk to us in confidence:** say **talk to a person** and a colleague will look at what can help, such as "
    "a lower credit card payment for a while or a plan to catch up, with no fee and no judgement.\n"
    "- **Free, independent advice:** MoneyHelper (0800 138 7777) and StepChange (0800 138 1111) help with bills "
    "and debt, at no cost.\n"
    "- **See where your money goes:** say **spending this month** and I'll break it down by category."
)


CONDOLENCES = (
    "I'm so sorry for your loss. Our bereavement team looks after everything to do with the accounts of someone "
    "who has died, at your pace: there is nothing you need to do in a hurry, and no fees along the way."
)
COMPLAINT = "I'm sorry we've let you down. A colleague will take your complaint and see it through to the end."


def _says(text: str, tool: str) -> Callable[[FlowContext, Filled], Outcome]:
    """An act that answers ``text`` and does nothing else."""
    return lambda ctx, filled: Outcome(text, ({"tool": tool},))


def _scam_act(ctx: FlowContext, filled: Filled) -> Outcome:
    """The warning; with money already sent or details given, the fraud team joins at once (no need to ask); once
    they are on their way, "what do i do now" is where the customer is in their queue."""
    if handoff.open_handoff(ctx.db, ctx.turn.session_id) is not None:
        return handoff.HANDOFF_WAIT.act(ctx, filled)
    if _ALREADY_PAID.search(ctx.turn.text) is None:
        return Outcome(SCAM_WARNING, ({"tool": "scam_warning"},))
    return _brings_in("our fraud team", SCAM_ALREADY_PAID)(ctx, filled)


def _brings_in(team: str, preface: str) -> Callable[[FlowContext, Filled], Outcome]:
    """An act that says ``preface``, then queues the conversation for ``team`` (once, like any hand-off)."""

    def act(ctx: FlowContext, filled: Filled) -> Outcome:
        queued = handoff.queue(ctx, team=team, urgent_hint=False)
        return Outcome(f"{preface}\n\n{queued.text}", queued.actions)

    return act


SCAM_CHECK = Flow(
    name="scam_check",
    purpose="Someone is pushing the customer to move money or share details: stop them, warn, offer the fraud team.",
    agent="cards",
    urgent=True,
    stops_payments=True,
    act=_scam_act,
)
MONEY_SUPPORT = Flow(
    name="money_worries",
    purpose="A customer struggling with bills or debt: the help we offer, free advice, and a person.",
    agent="support",
    act=_says(MONEY_WORRIES, "money_worries"),
)
BEREAVEMENT = Flow(
    name="bereavement",
    purpose="Someone close to the customer has died: condolences and the bereavement team, who join the chat.",
    agent="handoff",
    act=_brings_in("our bereavement team", CONDOLENCES),
)
COMPLAINT_FLOW = Flow(
    name="bank_complaint",
    purpose="A complaint about the bank (not about this chat): an apology, and the complaints team joins the chat.",
    agent="handoff",
    act=_brings_in("a colleague from our complaints team", COMPLAINT),
)
