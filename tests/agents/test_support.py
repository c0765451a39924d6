"""The support specialist: the right article for each BANKING77 intent, an honest answer otherwise."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bankchat.agents import support
from bankchat.agents.knowledge import LABELS, get_article
from bankchat.agents.types import Customer, Reply, Turn

SESSION_ID = "sess_mgpresmh_" + "b" * 25


def _ask(intent: str, text: str = "a support question", confidence: float = 0.83) -> Reply:
    turn = Turn(session_id=SESSION_ID, customer=Customer(user_id=3, display_name="Alice Anderson"), text=text)
    return support.handle(turn, intent, confidence)


def test_intents_cover_every_banking77_label() -> None:
    assert support.NAME == "support"
    assert frozenset(LABELS) == support.INTENTS
    assert len(support.INTENTS) == 77


@pytest.mark.parametrize("intent", LABELS)
def test_handle_label_returns_its_article_with_trace(intent: str) -> None:
    article = get_article(intent)
    assert article is not None
    reply = _ask(intent)
    assert (reply.agent, reply.intent, reply.confidence) == ("support", intent, 0.83)
    assert reply.content.startswith(f"**{article.title}**\n\n{article.answer}")
    assert reply.actions == [{"tool": "knowledge_base", "article": intent}]
    for suggestion in article.actions:
        assert f"just say **{suggestion.say}**" in reply.content


def test_handle_lost_or_stolen_card_offers_freeze_and_permanent_block() -> None:
    content = _ask("lost_or_stolen_card").content
    assert content.startswith("**Lost or stolen card**")
    assert "Freeze the card" in content
    assert "blocks the card permanently" in content
    assert "3-5 business days" in content
    assert "just say **freeze my card**" in content
    assert "just say **report my card lost**" in content


def test_handle_exchange_rate_explains_how_rates_are_set() -> None:
    content = _ask("exchange_rate").content
    assert "interbank (mid-market) rate" in content
    assert "0.5%" in content
    assert "22:00 on Friday" in content


def test_handle_top_up_by_card_charge_states_fees() -> None:
    content = _ask("top_up_by_card_charge").content
    assert "**Debit cards** issued in the UK or the EEA: free." in content
    assert "**Credit cards**: 1.5% of the amount." in content


def test_handle_declined_transfer_states_daily_limit() -> None:
    content = _ask("declined_transfer").content
    assert "£10,000 daily transfer limit" in content


def test_handle_balance_not_updated_suggests_recent_transactions() -> None:
    content = _ask("balance_not_updated_after_bank_transfer").content
    assert "just say **show my last transactions**" in content
    assert "just say **talk to a person**" in content


def test_handle_unknown_intent_admits_no_article_and_suggests_nearest() -> None:
    reply = _ask("unknown", text="my card was stolen", confidence=0.2)
    assert reply.content.startswith(support.NO_ARTICLE)
    assert "- Lost or stolen card" in reply.content
    assert "just say **talk to a person**" in reply.content
    assert (reply.agent, reply.intent, reply.confidence) == ("support", "unknown", 0.2)
    assert reply.actions[0]["article"] is None
    assert reply.actions[0]["suggested"][0] == "lost_or_stolen_card"


def test_handle_unknown_intent_without_matches_offers_only_person() -> None:
    reply = _ask("unknown", text="zebra xylophone")
    assert "might be close" not in reply.content
    assert "just say **talk to a person**" in reply.content
    assert reply.actions == [{"tool": "knowledge_base", "article": None, "suggested": []}]


def test_import_support_loads_no_web_framework() -> None:
    code = "import sys, bankchat.agents.support; print(sorted(m for m in ('reflex', 'fastapi') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
