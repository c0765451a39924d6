"""The knowledge base: one specific, distinct article per BANKING77 label, validated at load, searchable."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from bankchat.agents import knowledge
from bankchat.agents.knowledge import LABELS, KnowledgeBaseError, all_articles, get_article, load_knowledge_base, search

# The data set's own list, shipped with the classifier (a copy of ../shared/data/banking77/categories.json).
CATEGORIES = Path(__file__).resolve().parents[2] / "bankchat" / "agents" / "nlu" / "data" / "banking77_categories.json"
MAX_SHARED_WORDS = 0.6


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _sentences(text: str) -> set[str]:
    return {part.strip() for part in re.split(r"(?<=[.!?])\s+|\n", text) if len(part.strip()) > 30}


def test_labels_match_dataset_categories_exactly() -> None:
    assert list(LABELS) == json.loads(CATEGORIES.read_text(encoding="utf-8"))


def test_all_articles_cover_each_label_once_in_order() -> None:
    assert len(set(LABELS)) == 77
    assert [article.intent for article in all_articles()] == list(LABELS)


def test_get_article_returns_article_for_each_label() -> None:
    for label in LABELS:
        article = get_article(label)
        assert article is not None, label
        assert article.intent == label


@pytest.mark.parametrize("intent", ["unknown", "", "Lost_or_stolen_card", "reverted_card_payment"])
def test_get_article_returns_none_for_unknown_intent(intent: str) -> None:
    assert get_article(intent) is None


def test_articles_have_title_and_substantial_answer() -> None:
    for article in all_articles():
        assert 0 < len(article.title) <= 60, article.intent
        assert len(article.answer) >= 120, article.intent


def test_answers_share_at_most_sixty_percent_of_words_pairwise() -> None:
    words = {article.intent: _words(article.answer) for article in all_articles()}
    too_close = [
        (a, b, round(len(words[a] & words[b]) / len(words[a] | words[b]), 2))
        for a, b in itertools.combinations(words, 2)
        if len(words[a] & words[b]) / len(words[a] | words[b]) > MAX_SHARED_WORDS
    ]
    assert too_close == []


def test_answers_repeat_no_sentence_of_another_answer() -> None:
    seen: dict[str, str] = {}
    for article in all_articles():
        for sentence in _sentences(article.answer):
            assert sentence not in seen, f"{article.intent} repeats a sentence of {seen.get(sentence)}"
            seen[sentence] = article.intent


def test_related_labels_exist_and_exclude_own_article() -> None:
    for article in all_articles():
        assert article.related, article.intent
        assert set(article.related) <= set(LABELS), article.intent
        assert article.intent not in article.related


def test_answers_leave_no_fact_placeholder_unfilled() -> None:
    for article in all_articles():
        assert "{" not in article.answer, article.intent
        assert "}" not in article.answer, article.intent


@pytest.mark.parametrize(
    ("fact", "intents"),
    [
        ("£10,000", ["declined_transfer"]),
        ("3-5 business days", ["lost_or_stolen_card", "compromised_card", "card_swallowed", "card_linking"]),
        ("£200", ["atm_support", "cash_withdrawal_charge"]),
        ("1.5%", ["top_up_by_card_charge", "topping_up_by_card", "automatic_top_up"]),
        ("0.5%", ["exchange_rate", "exchange_charge", "card_payment_fee_charged"]),
        (
            "by 23:59 on the next business day",
            ["top_up_by_cash_or_cheque", "balance_not_updated_after_cheque_or_cash_deposit"],
        ),
    ],
)
def test_answers_quote_shared_fact_consistently(fact: str, intents: list[str]) -> None:
    for intent in intents:
        article = get_article(intent)
        assert article is not None
        assert fact in article.answer, intent


def test_suggestions_name_chat_requests_other_agents_handle() -> None:
    offered = {suggestion.say for article in all_articles() for suggestion in article.actions}
    assert {"freeze my card", "report my card lost", "show my last transactions", "talk to a person"} <= offered
    handoff = knowledge.get_suggestion("handoff")
    assert handoff is not None
    assert handoff.say == "talk to a person"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("my card was stolen", "lost_or_stolen_card"),
        ("when will my new card come", "card_arrival"),
        ("I paid in a cheque and it is not showing", "balance_not_updated_after_cheque_or_cash_deposit"),
        ("how do I close my account", "terminate_account"),
    ],
)
def test_search_ranks_matching_article_first(text: str, intent: str) -> None:
    assert search(text)[0].intent == intent


def test_search_returns_nothing_for_unrelated_words() -> None:
    assert search("zebra xylophone") == []
    assert search("") == []


def test_search_respects_limit() -> None:
    assert len(search("card payment fee", limit=5)) == 5
    assert len(search("card payment fee", limit=1)) == 1
    assert search("card payment fee", limit=0) == []


# The loader, on small throw-away data directories.

FACTS = """
[facts]
fee = "£3"

[commands.handoff]
say = "talk to a person"
offer = "Our team can help"
"""

GOOD_A = """
[[article]]
intent = "alpha"
title = "Alpha"
answer = "Alpha costs {fee}."
actions = ["handoff"]
related = ["beta"]
"""

GOOD_B = """
[[article]]
intent = "beta"
title = "Beta"
answer = "Beta is free."
"""


def _write(folder: Path, **files: str) -> Path:
    for name, text in {"facts": FACTS, **files}.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_load_knowledge_base_fills_facts_and_resolves_actions(tmp_path: Path) -> None:
    base = load_knowledge_base(_write(tmp_path, one=GOOD_A + GOOD_B), labels=("alpha", "beta"))
    alpha = base.articles[0]
    assert alpha.answer == "Alpha costs £3."
    assert [suggestion.say for suggestion in alpha.actions] == ["talk to a person"]
    assert alpha.related == ("beta",)


@pytest.mark.parametrize(
    ("articles", "problem"),
    [
        (GOOD_A, "no article for intent 'beta'"),
        (GOOD_A + GOOD_B + GOOD_B, "a second article for this intent"),
        (GOOD_A + GOOD_B.replace('"beta"', '"gamma"', 1), "'gamma' is not a known intent"),
        (GOOD_A.replace('["beta"]', '["gamma"]') + GOOD_B, "related intent 'gamma' does not exist"),
        (GOOD_A.replace('["beta"]', '["alpha"]') + GOOD_B, "cannot be related to itself"),
        (GOOD_A + GOOD_B.replace("Beta is free.", "  "), "the answer is empty"),
        (GOOD_A.replace("{fee}", "{price}") + GOOD_B, "unknown fact {price}"),
        (GOOD_A.replace('["handoff"]', '["teleport"]') + GOOD_B, "unknown command 'teleport'"),
        (GOOD_A + GOOD_B.replace('title = "Beta"', 'titel = "Beta"'), "unknown field 'titel'"),
    ],
)
def test_load_knowledge_base_rejects_invalid_data(tmp_path: Path, articles: str, problem: str) -> None:
    with pytest.raises(KnowledgeBaseError, match=re.escape(problem)):
        load_knowledge_base(_write(tmp_path, one=articles), labels=("alpha", "beta"))


def test_load_knowledge_base_rejects_same_intent_across_files(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match=re.escape("b.toml: article 'alpha': a second article")):
        load_knowledge_base(_write(tmp_path, a=GOOD_A + GOOD_B, b=GOOD_A), labels=("alpha", "beta"))


def test_knowledge_exports_declared_names() -> None:
    assert all(hasattr(knowledge, name) for name in knowledge.__all__)
