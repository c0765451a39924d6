"""The conversation corpus (``corpus/*.yaml``): its strict schema, and the loader that checks it.

One file per theme::

    about: Balances, by account name, type, number and common names.
    conversations:
      - name: savings balance in slang
        user: bob                          # alice, bob or manager
        turns:
          - says: hw much have i got in savings
            agent: accounts                # the agent that answers, and/or
            flow: check_balance            # a flow the turn ran (asked, read back, acted, cancelled)
            waiting: nothing               # the flow left waiting afterwards, or "nothing"
            facts: [balance: savings, no_text: "Checking"]   # read from the database when the reply arrives
            effect: nothing                # or [transfer, card_frozen], or {transfer: {amount: 40, to: savings}}

Anything the schema does not know (a misspelt key, an unknown agent, flow, account or
period) fails the test collection with the file, the place and the reason.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bankchat.agents.flows import BY_NAME
from bankchat.agents.flows.fees import PRICE_LIST
from bankchat.agents.knowledge import get_article
from tests.agents.conversations import facts as f

AgentName = Literal[
    "accounts", "transactions", "transfers", "cards", "handoff", "support", "smalltalk", "assistant", "guardrails"
]  # fmt: skip
AccountKind = Literal["checking", "savings", "credit"]
CardKind = Literal["debit", "credit"]
Period = Literal[
    "this_month", "last_month", "month_before_last", "last_30_days", "last_90_days", "last_3_whole_months",
    "since_payday",
]  # fmt: skip
EffectName = Literal[
    "transfer", "no_transfer", "card_frozen", "card_active", "card_lost", "credit_card_frozen",
    "credit_card_active", "credit_card_lost", "handoff", "no_handoff", "nothing", "card_paid_in_full",
    "card_paid_minimum", "payee_added", "payee_removed", "payee_renamed", "standing_order",
    "standing_order_cancelled", "no_standing_order", "dispute", "no_dispute",
]  # fmt: skip
"""``transfer``: exactly one new transfer; ``no_transfer``: none. ``card_*``: the debit card's status
afterwards, ``credit_card_*`` the credit card's. ``handoff``: the conversation is queued for a person
once; ``no_handoff``: not. ``nothing``: no transfer, both cards as they were, no hand-off.
``card_paid_in_full`` / ``card_paid_minimum``: one transfer into the credit card of all that was owed / the
minimum payment, or none on a day the card owes nothing. ``payee_added`` / ``payee_removed`` /
``payee_renamed``: one payee more / fewer / changed on the list, and no transfer (``nothing`` also means the
payee list as it was). ``standing_order``: exactly one more active standing order; ``standing_order_cancelled``:
one fewer; ``no_standing_order``: as many as before. ``dispute``: exactly one new dispute case; ``no_dispute``:
none (``nothing`` also means no new case)."""
NOTHING_WAITING = "nothing"


class Strict(BaseModel):
    """Unknown keys are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Statement(Strict):
    """Payments out over a period, optionally for one category or merchant."""

    period: Period
    category: str | None = None
    merchant: str | None = None
    excluding: str | None = None
    """A category left out ("not counting rent"): the total less that category's, each summed on its own."""


class Ranked(Strict):
    """The ``rank``-th largest payment out over a period."""

    period: Period
    rank: int = Field(default=1, ge=1)
    category: str | None = None


class Average(Strict):
    """Spending per month (or per payment) over the last three whole months."""

    category: str | None = None
    per: Literal["month", "payment"] = "month"


class MonthlyStatement(Strict):
    """A figure of one account's statement for a month, summed straight from the ledger."""

    account: AccountKind
    month: Literal["this_month", "last_month"]
    figure: Literal["month", "opening", "closing"] = "closing"
    """``month``: its name ("February 2025"); ``opening`` / ``closing``: the balance before / after it."""


class FactSpec(Strict):
    """One thing the reply must state, named by exactly one key."""

    text: str | None = None
    """A fixed phrase."""
    no_text: str | None = None
    """A phrase the reply must not contain."""
    balance: AccountKind | None = None
    available: AccountKind | None = None
    account_name: AccountKind | None = None
    account_last4: AccountKind | None = None
    combined: tuple[AccountKind, ...] | None = None
    """The sum of these accounts' balances."""
    card_last4: CardKind | None = None
    card_bill: Literal["owed", "minimum", "due"] | None = None
    payee: str | None = None
    """A payee's full name, by the nickname the customer saved."""
    payee_details: str | None = None
    """A payee's masked sort code and account number, by the nickname the customer saved."""
    fee: str | None = None
    """A line of the price list, by its name."""
    price: str | None = None
    """The price the price list quotes for the line of that name."""
    article: str | None = None
    """A knowledge article's title, by its intent."""
    spent: Statement | None = None
    largest: Ranked | None = None
    smallest: Period | None = None
    count: Statement | None = None
    average: Average | None = None
    salary: Literal["amount", "date", "employer"] | None = None
    """The latest salary payment."""
    salary_in: Period | None = None
    refund: Literal["amount", "merchant"] | None = None
    """The latest refund on the customer's statement."""
    statement: MonthlyStatement | None = None

    @model_validator(mode="after")
    def _one_key(self) -> FactSpec:
        named = [k for k, v in self.model_dump(exclude_none=True).items() if v is not None]
        if len(named) != 1:
            raise ValueError(f"a fact names exactly one thing, this one names {named or 'nothing'}")
        return self

    @field_validator("fee", "price")
    @classmethod
    def _known_fee(cls, value: str | None) -> str | None:
        if value is not None and value not in {fee.name for fee in PRICE_LIST}:
            raise ValueError(f"no fee called {value!r} in the price list (bankchat/agents/flows/fees.py)")
        return value

    @field_validator("article")
    @classmethod
    def _known_article(cls, value: str | None) -> str | None:
        if value is not None and get_article(value) is None:
            raise ValueError(f"no knowledge article on {value!r}")
        return value

    @property
    def present(self) -> bool:
        """Whether the reply must contain the fact (else it must not)."""
        return self.no_text is None

    def build(self) -> f.Fact:
        """The fact function this expression names."""
        if self.text is not None or self.no_text is not None:
            return f.text(self.text if self.text is not None else str(self.no_text))
        simple = {
            "balance": f.balance,
            "available": f.available,
            "account_name": f.account_name,
            "account_last4": f.account_last4,
            "card_last4": f.card_last4,
            "card_bill": f.card_bill,
            "payee": f.payee,
            "payee_details": f.payee_details,
            "fee": f.fee,
            "price": f.price,
            "article": f.article,
            "smallest": f.smallest,
            "salary": f.salary,
            "salary_in": f.salary_in,
            "refund": f.refund,
        }
        for key, build in simple.items():
            value = getattr(self, key)
            if value is not None:
                return build(value)  # type: ignore[operator]
        if self.combined is not None:
            return f.combined(self.combined)
        if self.spent is not None:
            spent = self.spent
            return f.spent(spent.period, category=spent.category, merchant=spent.merchant, excluding=spent.excluding)
        if self.count is not None:
            return f.count(self.count.period, category=self.count.category, merchant=self.count.merchant)
        if self.largest is not None:
            return f.largest(self.largest.period, rank=self.largest.rank, category=self.largest.category)
        if self.statement is not None:
            return f.statement(self.statement.account, self.statement.month, self.statement.figure)
        assert self.average is not None
        return f.average(category=self.average.category, per=self.average.per)


class Moved(Strict):
    """The one transfer a turn must make: how much, and between which of the customer's accounts or payees."""

    amount: Decimal = Field(gt=0, decimal_places=2)
    """In pounds: ``40`` or ``12.50``."""
    to: str
    """An account kind (``savings``) or a payee's nickname (``bob``)."""
    source: AccountKind | None = Field(default=None, alias="from")
    reference: str | None = None
    """The reference the payee sees (the transfer's memo), when the conversation gave one."""

    @property
    def cents(self) -> int:
        return int(self.amount * 100)


class TransferEffect(Strict):
    transfer: Moved


Effect = EffectName | TransferEffect


class TurnSpec(Strict):
    """One message of the customer's, and what must be true of the answer."""

    says: Annotated[str, Field(min_length=1)]
    agent: AgentName | None = None
    flow: str | None = None
    waiting: str | None = None
    facts: tuple[FactSpec, ...] = ()
    effect: tuple[Effect, ...] = ()

    @field_validator("effect", mode="before")
    @classmethod
    def _effects_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | dict) else value

    @field_validator("flow")
    @classmethod
    def _known_flow(cls, value: str | None) -> str | None:
        if value is not None and value not in BY_NAME:
            raise ValueError(f"no flow called {value!r}; flows: {', '.join(sorted(BY_NAME))}")
        return value

    @field_validator("waiting")
    @classmethod
    def _known_waiting(cls, value: str | None) -> str | None:
        if value is not None and value != NOTHING_WAITING and value not in BY_NAME:
            raise ValueError(f"waiting is a flow or {NOTHING_WAITING!r}, not {value!r}")
        return value

    @model_validator(mode="after")
    def _says_who_answers(self) -> TurnSpec:
        if self.agent is None and self.flow is None and not self.facts and not self.effect and self.waiting is None:
            raise ValueError("a turn asserts something: the agent, the flow, facts, the effect or what waits")
        return self


class Conversation(Strict):
    """A customer's conversation, turn by turn."""

    name: Annotated[str, Field(min_length=1)]
    user: Literal["alice", "bob", "manager"]
    authenticator: Literal["app"] | None = None
    """``app``: the customer has an authenticator app set up, and a turn that says ``{app code}`` types its
    current code (each later one the next time step's, as an app shows after 30 seconds)."""
    turns: tuple[TurnSpec, ...] = Field(min_length=1)
    note: str | None = None
    """Why the conversation is here, when its name does not say it."""


class CorpusFile(Strict):
    about: str
    conversations: tuple[Conversation, ...] = Field(min_length=1)


class CorpusError(ValueError):
    """A corpus file that does not follow the schema."""


class Case(BaseModel):
    """A conversation with the theme (its file) it belongs to."""

    model_config = ConfigDict(frozen=True)

    theme: str
    conversation: Conversation
    failing: bool
    """Listed in ``_failing.yaml``: a known misunderstanding the lead is fixing (skipped, still validated)."""

    @property
    def id(self) -> str:
        return f"{self.theme}/{self.conversation.name}"


FAILING = "_failing"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        if key in seen:
            raise CorpusError(f"line {key_node.start_mark.line + 1}: the key {key!r} is given twice")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_file(path: Path) -> CorpusFile:
    """One corpus file, checked; ``CorpusError`` naming the file, the place and the reason otherwise."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
        return CorpusFile.model_validate(data)
    except CorpusError as exc:
        raise CorpusError(f"{path.name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path.name}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        raise CorpusError(f"{path.name}: {_explain(exc, data)}") from None


def _explain(exc: ValidationError, data: Any) -> str:
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        name = _conversation_name(data, error["loc"])
        lines.append(f"{where}{f' (conversation {name!r})' if name else ''}: {error['msg']}")
    return "\n  ".join(lines)


def _conversation_name(data: Any, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "conversations" and isinstance(loc[1], int) and isinstance(data, dict):
        conversations = data.get("conversations")
        if isinstance(conversations, list) and loc[1] < len(conversations) and isinstance(conversations[loc[1]], dict):
            name = conversations[loc[1]].get("name")
            return str(name) if name else None
    return None


def load_corpus(folder: Path) -> list[Case]:
    """Every conversation in ``folder``'s ``*.yaml``, theme by theme; names are unique across the corpus."""
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        loaded = load_file(path)
        cases += [Case(theme=path.stem, conversation=c, failing=path.stem == FAILING) for c in loaded.conversations]
    seen: dict[str, str] = {}
    for case in cases:
        name = case.conversation.name
        if name in seen:
            raise CorpusError(f"the conversation {name!r} is in both {seen[name]}.yaml and {case.theme}.yaml")
        seen[name] = case.theme
    if not cases:
        raise CorpusError(f"no conversations in {folder}")
    return cases
