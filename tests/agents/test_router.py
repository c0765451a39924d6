"""The router: exact short phrases by rule, everything else by the embedded classifier."""

from __future__ import annotations

import pytest

from bankchat.agents.router import route


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello", "greeting"),
        ("Hi there", "greeting"),
        ("  HEY!", "greeting"),
        ("Good morning, BankChat", "greeting"),
        ("thanks a lot", "thanks"),
        ("Thank you!", "thanks"),
        ("much appreciated", "thanks"),
        ("bye", "goodbye"),
        ("Goodbye for now", "goodbye"),
        ("that's all", "goodbye"),
        ("goodnight", "goodbye"),
        ("help", "help"),
        ("What can you do?", "help"),
        ("yes", "confirm"),
        ("Yes please", "confirm"),
        ("no", "deny"),
        ("cancel that", "deny"),
    ],
)
def test_route_short_phrase_by_rule(text: str, intent: str) -> None:
    chosen = route(text)
    assert (chosen.intent, chosen.confidence, chosen.source) == (intent, 1.0, "rule")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What's my balance?", "check_balance"),
        ("Send 50 dollars to Bob", "transfer_money"),
        ("show me my last ten transactions", "list_transactions"),
        ("how much did I spend on coffee last week", "spending_summary"),
        ("please freeze my card", "freeze_card"),
        ("my card got stolen", "lost_or_stolen_card"),
        ("when will my new card arrive?", "card_arrival"),
        ("write me a poem about the sea", "out_of_scope"),
        ("I said hello to the teller, is my cheque in?", "balance_not_updated_after_cheque_or_cash_deposit"),
    ],
)
def test_route_sentence_by_classifier(text: str, intent: str) -> None:
    chosen = route(text)
    assert chosen.source == "classifier"
    assert chosen.intent == intent
    assert 0.0 <= chosen.confidence <= 1.0
    assert all(name != chosen.intent for name, _ in chosen.alternatives[1:])


def test_route_gibberish_has_low_confidence() -> None:
    assert route("asdfgh qwerty zxcvb").confidence < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "I was charged twice for the same purchase, I want to talk to a person",
        "can I speak to a human?",
        "Put me through to an agent please",
        "my card was stolen and I need a real person",
        "connect me with a member of staff",
    ],
)
def test_an_explicit_request_for_a_person_wins_over_the_topic(text: str) -> None:
    chosen = route(text)
    assert (chosen.intent, chosen.source) == ("human_handoff", "rule")


@pytest.mark.parametrize(
    "text", ["I don't want to talk to a person, what's my balance?", "no need to speak to an agent, freeze my card"]
)
def test_declining_a_person_is_not_a_request_by_rule(text: str) -> None:
    assert route(text).source == "classifier"


@pytest.mark.parametrize("text", ["absolutely not", "definitely not", "i won't", "certainly not mate"])
def test_a_negated_yes_is_a_no(text: str) -> None:
    assert route(text).intent == "deny"


@pytest.mark.parametrize("text", ["thank you for the chat, goodbye", "thanks, bye", "cheers, see ya"])
def test_thanks_with_a_goodbye_is_a_goodbye(text: str) -> None:
    assert (route(text).intent, route(text).source) == ("goodbye", "rule")


@pytest.mark.parametrize("text", ["thanks thats all", "thanks, that's all i needed", "thank you, nothing else"])
def test_thanks_with_nothing_else_is_a_goodbye(text: str) -> None:
    assert route(text).intent == "goodbye"


def test_thanks_alone_is_thanks() -> None:
    assert route("thanks for your help").intent == "thanks"


@pytest.mark.parametrize("text", ["absolutely", "certainly", "for sure"])
def test_a_yes_without_negation_stays_a_yes(text: str) -> None:
    assert route(text).intent != "deny"


@pytest.mark.parametrize(
    "text",
    [
        "how many times did I buy coffee last month",
        "what did i spend at the pub on friday",
        "is my balance ok",
        "what items do i have on my amex card this month",
        "how much do i have to pay for the cable bill",
    ],
)
def test_a_question_about_the_customers_own_money_is_never_declined(text: str) -> None:
    assert route(text).intent != "out_of_scope"


@pytest.mark.parametrize("text", ["what's the weather like tomorrow", "tell me a joke", "how do i bake sourdough"])
def test_what_a_bank_does_not_do_is_still_declined(text: str) -> None:
    assert route(text).intent == "out_of_scope"
