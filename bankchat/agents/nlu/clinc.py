"""CLINC150 (Larson et al., EMNLP 2019, CC BY 3.0) mapped onto BankChat's labels, in one table.

Each of CLINC150's 150 intents has exactly one entry in ``MAPPING``: a BankChat
label (an ``OWN_INTENTS`` or BANKING77 label, ``out_of_scope`` for what a bank's
assistant politely declines) or ``SKIP`` (a banking request BankChat has no label
for: neither trained on nor scored, so it teaches the model nothing false), with
a one-line reason. Domains not listed in ``MAPPED_DOMAINS`` are ``out_of_scope``
wholesale, except the few bank topics named in their ``MAPPING`` rows.

Only CLINC's ``train`` split is ever trained on, through the subset shipped in
``data/clinc150_train.tsv`` (``python -m bankchat.agents.nlu.clinc`` writes it
from ``../shared/data/clinc150``). ``test`` and ``oos_test`` are for reporting
(``python -m bankchat.agents.eval``); nothing is tuned on them.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

SKIP = "-"
"""Target of a CLINC intent that no BankChat label fits: not trained on, not scored."""
OUT_OF_SCOPE = "out_of_scope"
OOS = "oos"
"""CLINC's name for its out-of-scope queries (``oos_train``, ``oos_test``)."""

SHARED_DIR = Path(__file__).resolve().parents[4] / "shared" / "data" / "clinc150"
"""Where the full data set lives (``../shared/data/clinc150`` beside the repository)."""
TRAIN_FILE = Path(__file__).parent / "data" / "clinc150_train.tsv"
"""The train rows BankChat trains on, as ``text<TAB>clinc_intent`` (written by ``write_train_file``)."""

MAPPED_DOMAINS = ("banking", "credit_cards", "small_talk", "meta")
"""Domains mapped intent by intent; every other domain is declined except as its rows below say."""

DECLINED_PER_INTENT = 10
"""Train rows kept per declined intent of a mapped domain (of 100): jokes, voice settings, credit
scores sit close to greetings, yes/no and card questions, and more of them pulls those away."""
FAR_DECLINED_PER_INTENT = 40
"""Train rows kept per intent of the other domains (weather, recipes, flights...), each a class of
its own (``data.PART``). Measured on CLINC's ``val`` split: 10 declined far too little, 100 took
the most in-scope messages away (money-in questions read as taxes, "goodnight" as a declined topic)."""
OOS_TRAIN_ROWS = 100
"""All of CLINC's ``oos_train`` queries (they are varied by design)."""
SAMPLE_SEED = 0


@dataclass(frozen=True)
class Target:
    """Where one CLINC intent goes, and why."""

    label: str
    """A BankChat label, ``out_of_scope``, or ``SKIP``."""
    reason: str


def _t(label: str, reason: str) -> Target:
    return Target(label, reason)


_DECLINE = "not banking: a bank's assistant politely declines"
_VOICE = "a voice assistant's setting; BankChat is a text chat with none"

MAPPING: dict[str, Target] = {
    # banking
    "freeze_account": _t("freeze_card", "BankChat blocks access by freezing the customer's cards"),
    "routing": _t(SKIP, "account details (US routing number): a bank question with no BankChat label yet"),
    "pin_change": _t("change_pin", "same topic as BANKING77's change_pin"),
    "bill_due": _t("pay_card_bill", "the bill BankChat knows is the credit card's; its flow says when it is due"),
    "pay_bill": _t("transfer_money", "paying a bill is sending money to a payee"),
    "account_blocked": _t(SKIP, "why the bank put a hold on an account: no label; needs a person or a status flow"),
    "interest_rate": _t("fees", "rates are on the price list that the fees answer gives"),
    "min_payment": _t("pay_card_bill", "the minimum payment is the card bill's"),
    "bill_balance": _t("pay_card_bill", "how much is owed on a bill: the card bill's amount"),
    "transfer": _t("transfer_money", "same action"),
    "order_checks": _t(SKIP, "cheque books: a bank request BankChat has no product or label for"),
    "balance": _t("check_balance", "same action"),
    "spending_history": _t("spending_summary", "spending by merchant or category over a period"),
    "transactions": _t("list_transactions", "same action"),
    "report_fraud": _t("report_fraud", "same action (the urgent fraud flow)"),
    # credit_cards
    "replacement_card_duration": _t("card_delivery_estimate", "how long a new card takes to arrive"),
    "expiration_date": _t("card_about_to_expire", "BANKING77's topic for a card's expiry"),
    "damaged_card": _t("card_not_working", "a broken card: BANKING77's card_not_working covers it"),
    "improve_credit_score": _t(OUT_OF_SCOPE, "general credit advice, not the customer's bank"),
    "report_lost_card": _t("lost_or_stolen_card", "same topic (the urgent lost-card flow)"),
    "card_declined": _t("declined_card_payment", "same topic"),
    "credit_limit_change": _t(SKIP, "a credit limit increase: no BankChat flow or label"),
    "apr": _t("fees", "the card's APR is on the price list"),
    "redeem_rewards": _t(OUT_OF_SCOPE, "BankChat's cards have no rewards programme"),
    "credit_limit": _t("check_balance", "the balance answer shows each card's limit and available credit"),
    "rewards_balance": _t(OUT_OF_SCOPE, "BankChat's cards have no rewards programme"),
    "application_status": _t(SKIP, "card applications: no BankChat flow or label"),
    "credit_score": _t(OUT_OF_SCOPE, "credit scores come from credit agencies, not the bank's chat"),
    "new_card": _t("order_physical_card", "asking for a new card: BANKING77's nearest topic"),
    "international_fees": _t("fees", "a price-list question (what using the card abroad costs)"),
    # small_talk
    "who_made_you": _t("bot_identity", "a question about the assistant itself"),
    "meaning_of_life": _t(OUT_OF_SCOPE, _DECLINE),
    "who_do_you_work_for": _t("bot_identity", "a question about the assistant itself"),
    "do_you_have_pets": _t(OUT_OF_SCOPE, _DECLINE),
    "what_are_your_hobbies": _t(OUT_OF_SCOPE, _DECLINE),
    "fun_fact": _t(OUT_OF_SCOPE, _DECLINE),
    "what_is_your_name": _t("bot_identity", "a question about the assistant itself"),
    "where_are_you_from": _t("bot_identity", "a question about the assistant itself"),
    "goodbye": _t("goodbye", "same intent"),
    "thank_you": _t("thanks", "same intent"),
    "greeting": _t("greeting", "same intent ('how's it going' included)"),
    "tell_joke": _t(OUT_OF_SCOPE, _DECLINE),
    "are_you_a_bot": _t("bot_identity", "same intent; asking what it is is not asking for a person"),
    "how_old_are_you": _t("bot_identity", "a question about the assistant itself"),
    "what_can_i_ask_you": _t("help", "asks what the assistant can do"),
    # meta
    "change_speed": _t(OUT_OF_SCOPE, _VOICE),
    "user_name": _t(OUT_OF_SCOPE, "what the assistant calls the customer: no such setting"),
    "whisper_mode": _t(OUT_OF_SCOPE, _VOICE),
    "yes": _t("confirm", "same intent"),
    "change_volume": _t(OUT_OF_SCOPE, _VOICE),
    "no": _t("deny", "same intent"),
    "change_language": _t(OUT_OF_SCOPE, "BankChat answers in English only"),
    "repeat": _t(SKIP, "re-showing the last answer is the dialogue's job; no label, and not a refusal"),
    "change_accent": _t(OUT_OF_SCOPE, _VOICE),
    "cancel": _t("deny", "deny is what stops a waiting step ('never mind, cancel that')"),
    "sync_device": _t(OUT_OF_SCOPE, _VOICE),
    "change_user_name": _t(OUT_OF_SCOPE, "a nickname for the assistant to use, not the legal name on the account"),
    "change_ai_name": _t(OUT_OF_SCOPE, "no such setting"),
    "reset_settings": _t(OUT_OF_SCOPE, _VOICE),
    "maybe": _t(SKIP, "a doubt is neither yes nor no: the assent rule holds the step; as deny it would cancel it"),
    # work: only the pay-related intents are banking
    "income": _t("money_in", "salary and income seen in the account"),
    "payday": _t("money_in", "when the salary comes in, from the account's history"),
    "direct_deposit": _t("receiving_money", "how to get a salary paid in: BANKING77's receiving_money"),
    # travel: two bank topics in an otherwise declined domain
    "exchange_rate": _t("exchange_rate", "BANKING77's exchange_rate: a bank question, not travel"),
    "travel_notification": _t(SKIP, "telling the bank about a trip: a bank request with no BankChat label"),
}
"""Every CLINC150 intent that is not plainly declined; ``mapping()`` adds the rest as ``out_of_scope``."""


def domains(directory: Path = SHARED_DIR) -> dict[str, list[str]]:
    """CLINC150's domains and their 15 intents each (``domains.json``)."""
    table: dict[str, list[str]] = json.loads((directory / "domains.json").read_text(encoding="utf-8"))
    return table


def mapping(directory: Path = SHARED_DIR) -> dict[str, Target]:
    """The whole table: ``MAPPING``, plus every other intent of the unmapped domains as ``out_of_scope``."""
    table: dict[str, Target] = {}
    for domain, intents in domains(directory).items():
        for intent in intents:
            default = None if domain in MAPPED_DOMAINS else Target(OUT_OF_SCOPE, f"{domain}: {_DECLINE}")
            target = MAPPING.get(intent, default)
            if target is None:
                raise KeyError(f"CLINC intent {intent!r} of mapped domain {domain!r} has no MAPPING row")
            table[intent] = target
    return table


def declined_domain_intents(directory: Path = SHARED_DIR) -> frozenset[str]:
    """Intents of the domains outside ``MAPPED_DOMAINS`` that are declined (scored as out-of-scope recall)."""
    table = mapping(directory)
    return frozenset(
        intent
        for domain, intents in domains(directory).items()
        if domain not in MAPPED_DOMAINS
        for intent in intents
        if table[intent].label == OUT_OF_SCOPE
    )


def split(name: str, directory: Path = SHARED_DIR) -> list[tuple[str, str]]:
    """One split of ``data_full.json`` as ``(text, clinc_intent)`` pairs (``oos`` for the oos splits)."""
    data = json.loads((directory / "data_full.json").read_text(encoding="utf-8"))
    return [(text, intent) for text, intent in data[name]]


def training_rows(directory: Path = SHARED_DIR) -> list[tuple[str, str]]:
    """The ``train`` (+ ``oos_train``) rows BankChat trains on, as ``(text, clinc_intent)``.

    All rows of intents mapped to a label; seeded samples of each intent mapped to
    ``out_of_scope`` (``FAR_DECLINED_PER_INTENT`` outside the mapped domains, else
    ``DECLINED_PER_INTENT``); all of ``oos_train``; nothing of a ``SKIP``.
    """
    table = mapping(directory)
    far = declined_domain_intents(directory)
    by_intent: dict[str, list[str]] = {}
    for text, intent in split("train", directory):
        by_intent.setdefault(intent, []).append(text)
    rng = random.Random(SAMPLE_SEED)  # noqa: S311 - a reproducible sample of data, not a secret
    rows: list[tuple[str, str]] = []
    for intent in sorted(by_intent):
        label = table[intent].label
        texts = by_intent[intent]
        if label == SKIP:
            continue
        if label == OUT_OF_SCOPE:
            kept = FAR_DECLINED_PER_INTENT if intent in far else DECLINED_PER_INTENT
            texts = rng.sample(texts, min(kept, len(texts)))
        rows += [(text, intent) for text in texts]
    rows += [(text, OOS) for text, _ in split("oos_train", directory)[:OOS_TRAIN_ROWS]]
    return rows


def write_train_file(directory: Path = SHARED_DIR, path: Path = TRAIN_FILE) -> int:
    """Write the shipped training subset; returns its row count."""
    rows = training_rows(directory)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    return len(rows)


def _read_train_file(path: Path) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [(text, intent) for text, intent in csv.reader(handle, delimiter="\t")]


def label_of(intent: str) -> str:
    """The BankChat label of a CLINC intent (``oos`` and unlisted intents are ``out_of_scope``)."""
    target = MAPPING.get(intent)
    return OUT_OF_SCOPE if target is None else target.label


def training_pairs(path: Path = TRAIN_FILE) -> list[tuple[str, str, str]]:
    """The shipped CLINC150 training rows as ``(text, BankChat label, CLINC intent)``."""
    rows = [(text, label_of(intent), intent) for text, intent in _read_train_file(path)]
    return [row for row in rows if row[1] != SKIP]


if __name__ == "__main__":
    print(f"wrote {write_train_file()} rows to {TRAIN_FILE}")
