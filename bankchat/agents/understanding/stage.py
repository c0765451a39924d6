"""The understanding stage: a message and its context in, an ordered list of commands out.

Context is the waiting step (if any) and the subject of the last answer. Rules decide what
must never be left to a statistical guess (a clear yes or no, a doubt at a read-back, an
urgent card report, "are you a bot?"); the embedded classifier does the rest; entities are
resolved against the customer's own data only where a command needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bankchat.agents import (
    dialogue,
    direct_debit_words,
    dispute_words,
    lookalike_words,
    payee_words,
    refund_words,
    slots,
    smalltalk,
    travel_words,
)
from bankchat.agents.clarify import CONFIDENCE_THRESHOLD
from bankchat.agents.dates import parse_date_range
from bankchat.agents.flows import (
    BY_INTENT,
    BY_NAME,
    balance,
    bank_info,
    card_answers,
    cashback,
    chat_help,
    dispute_timing,
    disputes,
    limits,
    payee_details,
    same_family,
)
from bankchat.agents.flows.spec import Flow
from bankchat.agents.knowledge import LABELS as TOPICS
from bankchat.agents.money import read_amount
from bankchat.agents.reference import without_reference
from bankchat.agents.router import Route, route
from bankchat.agents.textspeak import spelled_out
from bankchat.agents.types import PendingStep, Subject
from bankchat.agents.understanding import evidence, followups, rules, waiting
from bankchat.agents.understanding.commands import (
    Cancel,
    ChitChat,
    Clarify,
    Command,
    Confirm,
    HandOff,
    Hold,
    Knowledge,
    OutOfScope,
    StartFlow,
)
from bankchat.agents.understanding.context import Context
from bankchat.agents.understanding.entities import Entities
from bankchat.agents.understanding.split import ellipsis, split_routed
from bankchat.bank import ledger

URGENT_CONFIDENCE = 0.4
"""An urgent flow acts at once, so a weaker guess gets a clarifying question instead."""
OUT_OF_SCOPE_FLOOR = 0.2
"""Below the clarifying threshold (``CONFIDENCE_THRESHOLD``), a best guess of "not banking" is still
declined rather than clarified."""
SWITCH_CONFIDENCE = 0.9
"""A follow-up keeps the last answer's flow unless the classifier is this sure of its sibling."""
URGENT = frozenset(intent for intent, flow in BY_INTENT.items() if flow.urgent)
_GREETING_OPENER = re.compile(
    r"^\s*(?:yo|hi|hey|hello|hiya|oi|thanks|thank you|thx|ty|cheers|ta|great|cool|perfect|lovely|brilliant)\b"
    r"[\s,!.]+(?=\S+\s+\S)(?=.*\b(?:my|me|what|whats|what's|how|when|where|why|can|"
    r"could|show|check|send|pay|transfer|freeze)\b)",
    re.I,
)
"""A greeting or thanks in front of a request ("yo whats in my acct", "thx. whats my savings balance now"): the
request is what to read ("hey there bankchat!" is all greeting, "thanks a lot" all thanks)."""
_DISMISSAL = r"never ?mind|nvm|forget (?:it|that)|scratch that"
_DISMISSAL_OPENER = re.compile(rf"^\s*(?:{_DISMISSAL})\b[\s,!.]+(?=\S+\s+\S)", re.I)
"""A "never mind" in front of a request, with nothing waiting: the request is what to read."""
_DISMISSES = re.compile(
    rf"^\s*(?:(?:oh|ok|okay|actually|um+|erm*|no)[\s,]+)*(?:{_DISMISSAL}|don'?t bother|no need|cancel (?:it|that))"
    r"(?:[\s,]+(?:then|thanks|thx|i'?m fine|it'?s fine|sorted))*[\s!.]*$",
    re.IGNORECASE,
)
"""A bare "never mind" ("actually nevermind", "nvm then"): right after asking for a person, the request withdrawn."""
_ASKS_FILE = re.compile(r"\b(?:csv|pdf|spreadsheet|excel|download|link|file|print(?:able|out)?)\b", re.I)
"""After a statement: a format or a download asked for ("can i have it as csv"), the same statement again."""
_ORDERS_PAYMENT = re.compile(r"^\s*(?:please |pls |can you |could you )?(?:pay|send|transfer|wire|give)\b", re.I)
"""A message that opens with a payment verb: an order to pay out, never a question about money in."""
_DROPS_ONE = re.compile(
    r"^\W*(?:please\s+|pls\s+|can you\s+)?(?:delete|remove|get rid of)\s+(?P<who>[a-z][\w' -]{0,40}?)\W*$", re.I
)
"""A short "delete bob": which payee (if any) is named is looked up, so "delete my card" is left to the rest."""
STATUS_OF = {"transfer": "transfer_status", "transfer_status": "transfer_status"}
"""The flow that answers "has it arrived?" after an answer of each flow."""


def understand(text: str, context: Context) -> list[Command]:
    """The commands ``text`` gives, in order (never empty)."""
    pending = context.pending
    if pending is None and (meant := dialogue.meant_instead(text)) is not None:
        text = meant  # "nah i mean just savings" after the balances: the question again, narrowed
    flow = BY_NAME.get(pending.flow) if pending is not None else None
    if pending is not None and (approval := waiting.approval_answer(text, pending)) is not None:
        return [approval]  # a code, or word of a passkey, for the approval the payment waits for
    if pending is not None and (dialogue.is_yes(text) or waiting.assents(text, pending, flow)):
        if pending.held and dialogue.only_acknowledges(text):
            return [Hold(be_sure=True)]  # "is that right?" → "take your time" → "ok": understood, not a yes
        return [Hold() if waiting.yes_to_a_payment(text, pending, flow) else Confirm()]
    short_other = followups.names_other(text) and len(text.split()) <= waiting.OTHER_WORDS
    if pending is not None and short_other and not rules.asks_card_status(text):  # "is my other card ok?" asks
        return [waiting.other_one(text, pending, context)]
    if pending is not None and (each := waiting.every_card(text, pending, context)) is not None:
        return each  # "both" at "which card?": each card in turn
    if pending is not None and waiting.keeps_only_this(text, pending, context):
        return [Cancel(queued_only=True)]  # "no, just the bob one": the one read back stays, the rest go
    if (
        pending is not None
        and dialogue.is_no(text)
        and not waiting.flow_reads(text, flow)
        and not waiting.changes_after_no(text, pending, flow, context)  # "no, to bob": a change, read back
    ):
        return [Cancel(everything=dialogue.cancels_all(text))]
    one_request = (
        dialogue.is_yes(text) or rules.asks_combined_balance(text) or rules.is_vague(text) or rules.changes_payees(text)
    )
    classify = lambda part: _classify(part, context)  # noqa: E731
    routed = None if one_request else split_routed(text, classify, _actionable, _moves_its_own_amount)
    parts: list[tuple[str, Route | None]] = list(routed) if routed else [(text, None)]
    commands = [_command(part, context, fresh=i > 0, chosen=chosen) for i, (part, chosen) in enumerate(parts)]
    if len(parts) == 1 and not one_request:
        commands = _with_ellipsis(text, commands, context)
    commands = [c for command in commands for c in _each_card_named(command, context)]
    urgent = [c for c in commands if isinstance(c, StartFlow) and BY_NAME[c.flow].urgent]
    return urgent + [c for c in commands if c not in urgent]  # a stolen card first, whatever came before it


def _with_ellipsis(text: str, commands: list[Command], context: Context) -> list[Command]:
    """ "groceries last month and also on coffee": the tail asks the same question about something else."""
    first = commands[0] if commands else None
    if not isinstance(first, StartFlow) or not BY_NAME[first.flow].slots:
        return commands
    split = ellipsis(text) or (_second_name(text, context) if BY_NAME[first.flow].slot("merchant") else None)
    if split is None:
        return commands
    head, tail = split
    # "on groceries and how much on coffee last month": the period said at the end is both questions'
    shared = (("period", tail),) if _says_period(tail, context) and not _says_period(head, context) else ()
    return [
        StartFlow(first.flow, head, first.confidence, refers=first.refers, given=shared),
        StartFlow(first.flow, tail, first.confidence, fresh=True, ellipsis=True),
        *commands[1:],
    ]


_NEW_CARD = re.compile(r"\b(?:new one|new card|replacement|another (?:one|card)|replace (?:it|the card))\b", re.I)
"""A new card asked for right after a card was blocked: its replacement is already on its way."""


def _says_period(text: str, context: Context) -> bool:
    return parse_date_range(text, context.today) is not None


_JOINT = re.compile(r"\s+(?:and|n|&|\+|plus|or|vs\.?|v\.?|versus|compared (?:to|with)|against)\s+", re.IGNORECASE)
"""What joins two names asked the same question: "amazon n asos", "tesco vs sainsburys" (each answered)."""
NAME_WORDS = 3
"""The longest merchant or category name looked for after an "and"."""


def _each_card_named(command: Command, context: Context) -> list[Command]:
    """ "i lost both my cards": the flow for each card (each read back for its own yes), not "which card?"."""
    if not isinstance(command, StartFlow) or not dialogue.means_every_card(command.text):
        return [command]
    return waiting.for_each_card(command.flow, {}, context, first=command) or [command]


def _second_name(text: str, context: Context) -> tuple[str, str] | None:
    """ "spent at amazon n asos this month": ``(the message without the second name, the second name)`` when
    an "and" joins two merchants or two categories, so each gets the same question (the period is shared)."""
    joints = list(_JOINT.finditer(text)) if context.db is not None else []
    if not joints:
        return None
    assert context.db is not None
    known = ledger.known_merchants(db=context.db, owner_id=context.owner)  # read once, not per candidate

    def named(words: str) -> tuple[str | None, str | None]:
        return slots.merchant_in(words, known), slots.category_in(words)

    for joint in joints:
        head, rest = text[: joint.start()], text[joint.end() :].split()
        before = named(head)
        for n in range(1, min(NAME_WORDS, len(rest)) + 1):
            after = named(" ".join(rest[:n]))
            if any(None not in pair and pair[0] != pair[1] for pair in zip(before, after, strict=True)):
                return " ".join([head, *rest[n:]]), " ".join(rest[:n])
    return None


def _moves_its_own_amount(part: str, chosen: Route) -> bool:
    """A request to move money that names its own amount ("... and alice 15"): one of several, each confirmed."""
    flow = BY_INTENT.get(chosen.intent)
    return flow is not None and flow.confirm and flow.slot("amount") is not None and read_amount(part).cents is not None


def _actionable(chosen: Route) -> bool:
    return chosen.intent in BY_INTENT or chosen.intent in TOPICS or chosen.intent == "human_handoff"


def _command(text: str, context: Context, *, fresh: bool, chosen: Route | None = None) -> Command:
    chosen = chosen or _classify(text, context)  # a part of a split message comes with its route
    pending = context.pending
    if chosen.intent in URGENT and chosen.confidence >= URGENT_CONFIDENCE:
        return StartFlow(BY_INTENT[chosen.intent].name, text, chosen.confidence, refers=_referent(text, context))
    if pending is not None and rules.asks_if_arrived(text) and waiting.asks_of_waiting_payment(text, pending, context):
        return Hold(unsent=True)  # "is my transfer still waiting?" while it waits, even behind a card report
    if chosen.intent in ("card_status", "transfer_status"):  # a question, even one naming what a step asks for
        return StartFlow(chosen.intent, text, chosen.confidence, fresh=True)
    if pending is not None and not fresh and pending.flow in followups.WAIT_TOPICS and followups.asks_how_long(text):
        return Knowledge(followups.WAIT_TOPICS[pending.flow], 1.0)  # "how long will it take" at a read-back
    flow = BY_NAME.get(pending.flow) if pending is not None else None
    if pending is not None and flow is not None and not fresh and context.db is not None:
        command = _follow_up_while_waiting(text, chosen, pending, flow, context)
        if command is not None:
            return command
        command = waiting.about_waiting(text, chosen, pending, flow, context)
        if command is not None:
            return command
    if context.last is not None and pending is None and context.db is not None:
        command = _follow_up(text, chosen, context.last, context)
        if command is not None:
            return command
    return _general(text, chosen, fresh=fresh, refers=_referent(text, context))


_RULED: tuple[tuple[Callable[[str], bool], str], ...] = (
    (rules.describes_scam, "scam_check"),
    (rules.has_money_worries, "money_worries"),
    (rules.reports_bereavement, "bereavement"),
    (rules.wants_to_complain, "bank_complaint"),
    (rules.withdraws_handoff, "withdraw_handoff"),
    (rules.asks_if_bot, "bot_identity"),
    (rules.complains, "complaint"),
    (lookalike_words.names_greeting_card, "out_of_scope"),  # "send my mum a birthday card": no bank card
    (rules.asks_card_status, "card_status"),
    (rules.asks_if_it_is_frozen, "card_status"),  # "is it frozen now?": asked, never a second freeze
    (card_answers.asks_freeze_or_block, "freeze_or_block"),  # "should i freeze or cancel": asked, not done
    (rules.asks_transfer_status, "transfer_status"),
    (rules.asks_standing_order, "standing_order"),
    (rules.orders_later_payment, "pay_later"),  # "pay bob 15 on friday": a payment that day, never now
    (rules.reports_lost_or_stolen_card, "lost_or_stolen_card"),
    (rules.asks_to_review_payments, "list_transactions"),  # "do any of them look dodgy": shown, nothing frozen
    (rules.asks_person_about_fraud, "report_fraud"),
    (rules.reports_account_access, "report_fraud"),  # "someone has access to my account": not the lost-phone article
    (dispute_words.appeals_decision, "appeal_dispute"),
    (rules.asks_dispute_status, "dispute_status"),
    (dispute_timing.asks_dispute_time, "dispute_timing"),  # "how long does a dispute take": not a new one
    (rules.disputes_payment, "dispute_payment"),
    (card_answers.asks_card_details, "card_details"),  # "whats the cvv on my card": never an unfreeze
    (direct_debit_words.asks_direct_debit, "direct_debits"),
    (refund_words.asks_own_refunds, "list_transactions"),
    (rules.asks_money_from, "money_in"),
    (rules.asks_combined_balance, "check_balance"),
    (balance.asks_borrowing, "check_balance"),
    (rules.asks_account_balance, "check_balance"),
    (rules.asks_ranked, "list_transactions"),
    (rules.asks_count, "list_transactions"),
    (rules.pays_off_card, "pay_card_bill"),
    (rules.asks_about_a_payment, "list_transactions"),
    (rules.asks_if_paid, "list_transactions"),  # "did i pay bob 15 on friday": asked, never paid again
    (rules.asks_transfer_time, "transfer_timing"),
    (rules.sent_to_wrong_payee, "cancel_transfer"),
    (cashback.asks_cashback, "cashback"),  # "is there a fee for cashback": its own answer says what it costs
    (rules.asks_price, "fees"),
    (limits.asks_limits, "limits"),  # "whats my card limit": the limits, not the balance
    (travel_words.asks_card_abroad, "card_acceptance"),  # "is my card ok to use in spain": not the price list
    (travel_words.asks_payment_abroad, "fees"),  # "send 100 euros to my friend in spain": what it costs, who can
    (bank_info.asks_about_the_bank, "bank_info"),
    (chat_help.asks_about_the_chat, "chat_help"),
    (rules.asks_what_is_paid, "spending_summary"),
    (rules.asks_where_money_goes, "spending_summary"),
    (rules.compares_periods, "spending_summary"),
    (rules.asks_past_bill, "list_transactions"),
    (rules.asks_spendable, "check_balance"),
    (rules.asks_how_to_top_up, "topping_up_by_card"),
    (payee_details.asks_to_change_payee_details, "payee_details_change"),  # "update bob's sort code"
    (rules.changes_payees, "change_payees"),  # which change: ``rules.payee_change``
    (rules.asks_statement, "statement"),
    (rules.asks_payee_list, "list_payees"),
    (rules.asks_payee_details, "list_payees"),
)
"""What must not be guessed, first match wins: each rule and the intent it decides."""
_REFINED: dict[str, Callable[[str], str | None]] = {
    "standing_order": rules.standing_order_intent,
    "change_payees": rules.payee_change,
}
"""A ruled intent that names a family of flows, and the rule that picks one (read only when it matched)."""


def _classify(text: str, context: Context) -> Route:
    """Rules for what must not be guessed, then the classifier (a guess under the floor is "unknown").

    The rules read the message as the classifier does, text-speak written out and typos of key words mended
    ("can i get my statment for october" asks for a statement): spelled out once, here, for both.
    """
    text = without_reference(text)  # "send mum 15 for pizza" is a payment, not a question about food
    text = _GREETING_OPENER.sub("", text, count=1)  # "yo whats in my acct" asks for the balance
    if context.pending is None:  # with a step waiting, "never mind" is a no to it
        text = _DISMISSAL_OPENER.sub("", text, count=1)
    if lookalike_words.only_a_pay_idiom(text):
        return Route("out_of_scope", 1.0, source="rule")  # "pay attention to this": no payment asked for
    text = lookalike_words.without_pay_idiom(text)  # "pay attention and show my balance": the balance
    if context.pending is not None and disputes.answers_waiting(text, context.pending):
        return Route(context.pending.flow, 1.0, source="rule")  # "i never bought it" at "why?": no fraud report
    spelled = spelled_out(text)
    ruled = next((intent for says, intent in _RULED if says(spelled)), None)
    if ruled in _REFINED:
        ruled = _REFINED[ruled](spelled)  # "cancel the standing order to mum": which flow; which payee change
    if ruled == "list_transactions" and refund_words.asks_own_refunds(spelled) and _from_payee(text, context):
        ruled = "money_in"  # "did bob give me my money back": a friend pays back, only a company refunds
    if ruled is not None:
        return Route(ruled, 1.0, source="rule")
    if rules.asks_account_details(spelled):
        return Route("list_payees" if _names_payee(text, context) else "account_details", 1.0, source="rule")
    said = _DROPS_ONE.match(spelled)
    if said is not None and _names_payee(said.group("who"), context):
        return Route("remove_payee", 1.0, source="rule")  # "delete bob": a saved payee named alone
    if rules.is_vague(spelled):
        return Route("vague", 1.0, source="rule")
    chosen = context.classify(text) if context.classify is not None else route(text, spelled)
    # "a virtual card" without "disposable": the plain virtual card article. The classifier's belief
    # in every reading the message bears out as that topic (itself, or a sibling it moves) goes to it.
    target = evidence.sibling(chosen.intent, spelled) or chosen.intent
    moved = sum(p for intent, p in chosen.alternatives[1:] if target in (intent, evidence.sibling(intent, spelled)))
    if target != chosen.intent or moved:
        source = "rule" if target != chosen.intent else chosen.source
        chosen = Route(target, min(chosen.confidence + moved, 1.0), chosen.alternatives, source)
    ordered = chosen.intent == "money_in" and _ORDERS_PAYMENT.match(spelled) is not None  # "pay priya 30 …"
    unread = ordered or chosen.intent in ("confirm", "out_of_scope")
    if unread and rules.says_pay(spelled) and read_amount(text).cents is not None:
        return Route("transfer_money", max(chosen.confidence, 0.9), source="rule")  # "i owe tom 15, send it"
    if chosen.intent == "out_of_scope" and _ORDERS_PAYMENT.match(spelled) and payee_words.names_bill(spelled):
        return Route("transfer_money", 0.9, source="rule")  # "pay my council tax": a payment, whoever to
    if chosen.intent == "deny" and context.pending is None and _stops_paying_merchant(text, context):
        return Route("direct_debits", 1.0, source="rule")  # "cancel my spotify", with nothing waiting to cancel
    action = rules.action_intent(spelled)
    if action is not None and chosen.intent != action and chosen.intent not in BY_INTENT:
        return Route(action, max(chosen.confidence, 0.9), source="rule")
    return chosen


def _stops_paying_merchant(text: str, context: Context) -> bool:
    """ "cancel my spotify", "stop paying netflix": a company the customer pays, named with a word of stopping."""
    if context.db is None or not direct_debit_words.stops(text):
        return False
    return Entities(context.db, context.owner, text, context.today).merchant is not None


def _from_payee(text: str, context: Context) -> bool:
    """A saved payee named anywhere in the message ("did bob give me my money back")."""
    return context.db is not None and Entities(context.db, context.owner, text, context.today).payee is not None


def _names_payee(text: str, context: Context) -> bool:
    """Account details asked of a saved payee, not of "my" accounts ("whats bobs sort code")."""
    if context.db is None or rules.says_mine(text):
        return False
    return Entities(context.db, context.owner, text, context.today).payee is not None


def _follow_up_while_waiting(
    text: str, chosen: Route, pending: PendingStep, flow: Flow, context: Context
) -> Command | None:
    """ "and the month before?" after a spending answer, while a transfer waits: a follow-up to that answer.

    Only when the last answer was about something else than the waiting flow and the message fills
    none of the waiting flow's slots ("and make it 40" still amends the transfer); the engine then
    answers it and reminds the customer of what is waiting.
    """
    last = context.last
    if last is None or last.flow == pending.flow or same_family(last.flow, pending.flow):
        return None
    if not (followups.is_follow_up(text) or followups.asks_how_long(text) or followups.list_of_last(text, last)):
        return None
    if dialogue.corrects(text) or waiting.fills_something(text, pending, flow, context):
        return None
    return _follow_up(text, chosen, last, context)


def _referent(text: str, context: Context) -> Subject | None:
    """What "it" or "that card" points at: the waiting step's slots, else the last answer's; nothing when the
    message names its own recipient ("send 25 to mum for her birthday" is no payment to the last payee)."""
    if not followups.refers_back(text) or slots.recipient_named(text):
        return None
    if context.pending is not None:
        return Subject(context.pending.flow, dict(context.pending.slots))
    return context.last


def _follow_up(text: str, chosen: Route, last: Subject, context: Context) -> Command | None:
    if last.flow in followups.CARD_TROUBLE and chosen.intent not in BY_INTENT and _points_at_card(text, context):
        return StartFlow("card_status", text)  # "it's the debit one" after "my card isn't working": how it stands
    if last.flow in followups.CARD_ACTIONS and followups.names_only_card(text) and chosen.intent not in BY_INTENT:
        return StartFlow(last.flow, text)  # "freeze my mastercard" → "the visa one": the visa frozen too
    row = followups.picked(text, last) if chosen.intent != "dispute_payment" else None  # "dispute the 2nd one"
    if row is not None:  # "the 2nd one" after a list: that row, as if asked about alone
        return StartFlow(row.flow, "", 1.0, inherit=row)
    listed = followups.list_of_last(text, last)
    if listed is not None:  # "list them" after a total: the same filters, as a list
        return StartFlow(listed.flow, text, 1.0, inherit=listed)
    extreme = followups.extreme_of_last(text, last)
    if extreme is not None:  # "what was the biggest one?" after "how much on coffee this month"
        return StartFlow(extreme.flow, text, 1.0, inherit=extreme)
    new_card = last.flow == "report_lost" and _NEW_CARD.search(text) and not followups.asks_how_long(text)
    if new_card:  # "order me a new one" after the block: its replacement is on its way
        return StartFlow("card_status", "", 1.0, refers=last)
    other_way = followups.other_way_of_last(text, last)
    if other_way is not None:  # "and what came in" after what went out: the same period, the other way
        return StartFlow(other_way.flow, text, 1.0, inherit=other_way)
    if last.flow in STATUS_OF and (rules.asks_if_arrived(text) or followups.asks_reference(text)):  # "has it arrived?"
        return StartFlow(STATUS_OF[last.flow], text, 1.0, inherit=last)
    if followups.asks_how_long(text):
        if last.flow in ("handoff", "report_fraud"):  # a colleague (of the fraud team) joins next
            return StartFlow("handoff_wait", text)
        if last.flow == "scam_check":  # the fraud team's queue once they are on their way, else what to do
            return StartFlow("scam_check", text)
        if last.flow in followups.WAIT_TOPICS:
            return Knowledge(followups.WAIT_TOPICS[last.flow], 1.0)
    if last.flow in followups.ACCOUNT_ANSWERS and followups.names_only_account(text):
        return StartFlow(last.flow, text, 1.0, inherit=last)  # "for savings" after a statement: savings' statement
    if last.flow in followups.SENT and followups.asks_undo(text):
        return Knowledge("cancel_transfer", 1.0)  # "undo that" once sent: why it can't be, and what to do instead
    if last.flow == "statement" and _ASKS_FILE.search(text) and chosen.intent not in BY_INTENT:
        return StartFlow("statement", text, 1.0, inherit=last)  # "can i have it as csv": its links again
    if last.flow == "handoff" and _DISMISSES.match(text):
        return StartFlow("withdraw_handoff", text)  # "talk to a human" → "actually nevermind"
    if (
        last.flow == "handoff"
        and chosen.intent in ("bot_identity", "human_handoff", "complaint", "greeting")
        and not rules.asks_if_bot(text)
    ):
        return StartFlow("handoff_wait", text)  # "this bot is useless" while waiting for a person: the queue
    if last.flow not in BY_NAME or not followups.is_follow_up(text):
        return None
    named = BY_INTENT.get(chosen.intent)
    if (
        named is not None
        and chosen.confidence >= 0.8
        and not same_family(named.name, last.flow)
        and not followups.names_only(text)  # "and savings?" after a balance asks the same again
    ):
        return None  # "and freeze my card": a request of its own
    assert context.db is not None
    subject = followups.resolve(context.db, context.owner, text, last)
    if subject.slots == last.slots and followups.names_other(text):
        return Clarify((), 1.0, "other")  # "the other one" when the last answer had no one to swap: ask
    name = followups.named_words(text) if last.flow in followups.RANKABLE else None
    if name is not None and not _names_anything(text, context):
        subject = followups.at_merchant(subject, name)  # "what about deliveroo": none there, never Uber's again
    flow = last.flow  # "the month before?" asks the same question again, whatever the classifier leans to
    if named is not None and chosen.confidence >= SWITCH_CONFIDENCE and same_family(named.name, last.flow):
        flow = named.name  # "and list them" after a total: the same filters, as a list
    if flow == "search_transactions" and followups.compares(text):  # "vs january?" after the biggest one
        kept = {name: value for name, value in subject.slots.items() if name not in ("ordering", "count")}
        flow, subject = "spending_summary", Subject("spending_summary", kept)
    return StartFlow(flow, text, 1.0, inherit=subject)


_FOUND = (
    "merchant", "category", "payee", "account", "period", "direction", "ordering", "aggregate", "excluded",
    "at_least", "at_most", "exactly", "against",
)  # fmt: skip
"""What a follow-up may name of the customer's statement: naming any, it is read as usual."""


def _names_anything(text: str, context: Context) -> bool:
    assert context.db is not None
    entities = Entities(context.db, context.owner, text, context.today)
    return any(entities.get(name) is not None for name in _FOUND) or bool(followups.names_other(text))


def _points_at_card(text: str, context: Context) -> bool:
    assert context.db is not None
    short = len(text.split()) <= followups.NAMING_WORDS
    return short and Entities(context.db, context.owner, text, context.today).card is not None


def _general(text: str, chosen: Route, *, fresh: bool, refers: Subject | None = None) -> Command:
    intent, confidence = chosen.intent, chosen.confidence
    if intent == "vague" or (intent in URGENT and confidence < URGENT_CONFIDENCE):
        return Clarify(rules.VAGUE_OPTIONS, confidence, intent)
    if intent == "out_of_scope" and confidence >= OUT_OF_SCOPE_FLOOR:
        return OutOfScope(confidence)  # a polite no beats a list of banking options for the weather
    if confidence < CONFIDENCE_THRESHOLD:
        options = tuple(dict.fromkeys(i for i, p in ((intent, confidence), *chosen.alternatives) if p >= 0.1))
        return Clarify(options[:3], confidence, intent)
    if intent == "human_handoff":
        return HandOff(confidence)
    if intent in BY_INTENT:
        return StartFlow(BY_INTENT[intent].name, text, confidence, fresh=fresh, refers=refers)
    if intent in smalltalk.INTENTS or intent in ("confirm", "deny"):
        return ChitChat(intent, confidence)
    if intent == "out_of_scope":
        return OutOfScope(confidence)
    if intent in TOPICS:
        return Knowledge(intent, confidence)
    return Clarify((intent,), confidence, intent)
