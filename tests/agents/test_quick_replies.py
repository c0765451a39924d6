"""Quick replies: what a reply invites the customer to tap."""

from __future__ import annotations

from bankchat.agents.quick_replies import quick_replies
from bankchat.agents.types import PendingStep, Reply


def test_read_back_offers_yes_and_no() -> None:
    reply = Reply("Please confirm ... Reply **yes** to send it or **no** to cancel.", "transfers", "transfer", 1.0)
    waiting = PendingStep("transfer", "confirm")
    assert quick_replies(Reply(reply.content, "transfers", "x", 1.0, pending=waiting)) == ("Yes", "No")


def test_question_offers_the_choices_it_names_and_cancel() -> None:
    content = "Which card do you mean: your **Visa Debit ending 1234** (active) and your **Mastercard ending 6225**?"
    reply = Reply(content, "cards", "freeze_card", 1.0, pending=PendingStep("freeze_card", "collect", asking="card"))
    assert quick_replies(reply) == ("Visa Debit ending 1234", "Mastercard ending 6225", "Cancel")


def test_clarifying_question_offers_its_options_as_words_to_send() -> None:
    actions = [{"tool": "clarify", "options": ["check your balance", "get help with “My card hasn't arrived”"]}]
    reply = Reply("I'm not quite sure what you need.", "assistant", "clarify", 0.2, actions)
    assert quick_replies(reply) == ("Check your balance", "My card hasn't arrived")


def test_suggested_phrases_become_buttons() -> None:
    content = "Frozen. Say **unfreeze my card** whenever you want. Or just say **show my last transactions**."
    assert quick_replies(Reply(content, "cards", "freeze_card", 1.0)) == (
        "Unfreeze my card",
        "Show my last transactions",
    )


def test_plain_answer_offers_nothing() -> None:
    assert quick_replies(Reply("Your **Savings** balance is **£10.00**.", "accounts", "check_balance", 1.0)) == ()


def test_an_option_named_twice_is_offered_once() -> None:
    content = (
        "Which card do you mean: your **Visa Debit ending 1234** or your **Mastercard ending 6225**? "
        "(Say **cancel** to stop.)"
    )
    reply = Reply(content, "cards", "freeze_card", 1.0, pending=PendingStep("freeze_card", "collect", asking="card"))
    assert quick_replies(reply) == ("Visa Debit ending 1234", "Mastercard ending 6225", "Cancel")


def test_a_question_offers_the_choices_of_its_own_paragraph_not_the_facts_above() -> None:
    content = (
        "On your **Credit Card** you owe **£227.51**. The minimum payment is **£25.00**, due on **25 March**.\n\n"
        "How much would you like to pay: the **full balance**, the **minimum**, or an amount? (Say **cancel** to stop.)"
    )
    reply = Reply(content, "transfers", "x", 1.0, pending=PendingStep("pay_card_bill", "collect", asking="portion"))
    assert quick_replies(reply) == ("Full balance", "Minimum", "Cancel")


def test_an_answer_that_only_reminds_of_a_waiting_step_offers_no_figures() -> None:
    content = (
        "Total in checking and savings: **£16,366.22**.\n\n"
        "By the way, your transfer isn't finished yet: tell me what's missing, or say **cancel**."
    )
    waiting = PendingStep("transfer", "collect", asking="amount")
    assert quick_replies(Reply(content, "accounts", "check_balance", 1.0, pending=waiting)) == ("Cancel",)


def test_five_payees_and_cancel_are_all_offered() -> None:
    names = ["Bob Brown", "Mum", "Priya Shah", "Landlord", "Savings"]
    content = "Who should receive it: " + ", ".join(f"**{n}**" for n in names) + "?"
    waiting = PendingStep("transfer", "collect", asking="target")
    assert quick_replies(Reply(content, "transfers", "transfer", 1.0, pending=waiting)) == (*names, "Cancel")


def test_an_approval_offers_the_passkey_button_only_when_a_passkey_is_a_way() -> None:
    """The chat page turns "Approve with passkey" into the browser's passkey prompt; a code is typed."""
    waiting = PendingStep("transfer", "approve", approval="apv_x")
    both = "One more step: … tap **Approve with passkey** below or type the **6-digit code** from your app."
    assert quick_replies(Reply(both, "transfers", "confirm", 1.0, pending=waiting)) == ("Approve with passkey", "No")
    code = "One more step: … type the **6-digit code** from your authenticator app."
    assert quick_replies(Reply(code, "transfers", "confirm", 1.0, pending=waiting)) == ("No",)
