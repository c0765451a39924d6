"""The phrasings the classifier is not left to guess: act vs ask, combined balances, payees, bots, vague help."""

from __future__ import annotations

import pytest

from bankchat.agents.understanding import rules


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to make a transfer",
        "can you send some money",
        "please make a payment",
        "transfer money",
        "I want to pay someone",
    ],
)
def test_action_intent_request_to_do_it_is_a_transfer(text: str) -> None:
    assert rules.action_intent(text) == "transfer_money"


@pytest.mark.parametrize(
    "text",
    [
        "why hasn't my transfer arrived yet?",
        "when will my payment go through",
        "did my transfer come through",
        "the transfer I made to my friend last week still hasn't arrived at all",
        "I'd like to check my balance",
    ],
)
def test_action_intent_question_about_it_is_none(text: str) -> None:
    assert rules.action_intent(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("savings n checking combined", True),
        ("how much have I got in my accounts altogether", True),
        ("what's my total balance", True),
        ("send 50 to savings, both accounts", False),  # an amount: a transfer, not a question
        ("what's my savings balance", False),
    ],
)
def test_asks_combined_balance(text: str, expected: bool) -> None:
    assert rules.asks_combined_balance(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who's on my payee list?", True),
        ("show my saved payees", True),
        ("list my payees", True),
        ("send 20 to a payee", False),
    ],
)
def test_asks_payee_list(text: str, expected: bool) -> None:
    assert rules.asks_payee_list(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats my sort code", True),
        ("where do i find my iban?", True),
        ("what are my bank details so my employer can pay me", True),
        ("what's my account number", True),
        ("what's bob's sort code", False),
        ("send 20 to account number 12345678", False),
        ("i sent money to the wrong account number", False),
        ("add a payee with sort code 12-34-56", False),
        ("my account number is 12345678, is it right?", False),
    ],
)
def test_asks_account_details(text: str, expected: bool) -> None:
    assert rules.asks_account_details(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's bob's sort code?", True),
        ("mum's bank details please", True),
        ("account number for priya", True),
        ("sort code of my landlord", False),  # "my": answered by the payee list, not a name
        ("what's my sort code", False),
        ("what's the bank's sort code", False),
        ("what's the sort code for my savings", False),
        ("it's sort code is wrong", False),
    ],
)
def test_asks_payee_details(text: str, expected: bool) -> None:
    assert rules.asks_payee_details(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("are you a bot?", True),
        ("r u a robot", True),
        ("am I talking to a real person?", True),
        ("is this an AI", True),
        ("I want to talk to a real person", False),
    ],
)
def test_asks_if_bot(text: str, expected: bool) -> None:
    assert rules.asks_if_bot(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I need help with my account", True),
        ("hi, I have a question", True),
        ("help with my card please", True),
        ("help", False),  # one word: the help menu, by the router's rule
        ("I need help freezing my card", False),
        ("I have a problem with a payment to bob", False),
    ],
)
def test_is_vague(text: str, expected: bool) -> None:
    assert rules.is_vague(text) is expected


def test_vague_options_are_flows_and_a_person() -> None:
    assert rules.VAGUE_OPTIONS[-1] == "human_handoff"
    assert len(set(rules.VAGUE_OPTIONS)) == len(rules.VAGUE_OPTIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my card got nicked on the bus", True),
        ("someone pinched my wallet", True),
        ("my visa was stolen", True),
        ("i got mugged and they took my cards", True),
        ("pickpocketed on the tube, debit card gone", True),
        ("block my card i lost it", True),
        ("I can't find my debit card anywhere", True),
        ("i've lost track of my card payments", False),
        ("a payment on my card is missing", False),
        ("my new card got lost in the post", False),
        ("if my credit card was stolen, how long will it take to replace", False),
        ("I think someone stole my card details", False),  # compromised: the fraud flow
        ("my phone was stolen", False),
        ("card swiped twice", False),
        ("what is my balance", False),
    ],
)
def test_reports_lost_or_stolen_card(text: str, expected: bool) -> None:
    assert rules.reports_lost_or_stolen_card(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is my mastercard frozen", True),
        ("are my cards blocked?", True),
        ("is the visa one still frozen", True),
        ("has my debit card been cancelled", True),
        ("freeze my card", False),
        ("my card is frozen, unfreeze it", False),
        ("is my card working", False),  # a support question (card_not_working), not a status
        ("is my credit card ok", True),
        ("are my cards still working?", True),
        ("what about my visa, is it ok", True),
        ("wat about my credit card is that ok", False),  # text-speak is spelled out before the rules read it
        ("is my card ok to use in spain", False),
        ("wait is my other card ok?", True),  # asked while a lost card waits for its yes
        ("hang on, is my mastercard frozen", True),
    ],
)
def test_asks_card_status(text: str, expected: bool) -> None:
    assert rules.asks_card_status(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("did my 20 to bob go thru", True),
        ("has the transfer to savings worked?", True),
        ("hey did the money i sent mum arrive", True),
        ("was the £50 payment to priya sent", False),  # "sent" alone is no arrival
        ("have i sent bob anything this month", False),
        ("is my transfer still waiting?", True),
        ("has the money gone to bob yet", True),
        ("has my salary arrived", False),  # money coming in
        ("did my card payment go through", False),  # a card payment, not a transfer
        ("has the money from bob arrived", False),
        ("send bob 20", False),
        ("why hasn't my transfer arrived", False),  # a support question
    ],
)
def test_asks_transfer_status(text: str, expected: bool) -> None:
    assert rules.asks_transfer_status(text) is expected


def test_asks_if_arrived_needs_no_money_word() -> None:
    assert rules.asks_if_arrived("has it arrived?")
    assert rules.asks_if_arrived("did it go through")
    assert not rules.asks_if_arrived("it arrived")


@pytest.mark.parametrize(
    ("text", "repeats"),
    [
        ("set up a standing order to my landlord", True),
        ("pay mum 50 every month", True),
        ("can you send bob 20 every friday", True),
        ("i want to pay 100 monthly to savings", True),
        ("how do standing orders work", True),
        ("how much do i pay a month for netflix", False),
        ("what did i spend each month", False),
        ("send bob 20", False),
    ],
)
def test_a_repeating_payment_is_a_standing_order(text: str, repeats: bool) -> None:
    assert rules.asks_standing_order(text) is repeats


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("pay mum 50 on the 1st of every month", "standing_order"),
        ("standing order of 900 to my landlord every month from january", "standing_order"),
        ("set up a standing order", "standing_order"),
        ("my standing orders", "list_standing_orders"),
        ("what regular payments do i have", "list_standing_orders"),
        ("how do standing orders work", "list_standing_orders"),
        ("change my rent one to 950", "amend_standing_order"),
        ("increase the standing order to mum to 60", "amend_standing_order"),
        ("cancel the standing order to mum", "cancel_standing_order"),
        ("stop my rent one", "cancel_standing_order"),
        ("why wasn't my rent paid", "standing_order_skipped"),
        ("my standing order to mum was skipped", "standing_order_skipped"),
    ],
)
def test_standing_order_intent_picks_the_flow(text: str, intent: str) -> None:
    assert rules.asks_standing_order(text)
    assert rules.standing_order_intent(text) == intent


@pytest.mark.parametrize(
    "text", ["change my debit one", "cancel my card", "why wasn't my salary paid", "send 900 to my landlord"]
)
def test_other_requests_are_no_standing_order(text: str) -> None:
    assert not rules.asks_standing_order(text)


@pytest.mark.parametrize(
    "text", ["need help w my money", "i need money", "i need some cash", "need help with my card pls"]
)
def test_money_openers_with_nothing_in_them_are_vague(text: str) -> None:
    assert rules.is_vague(text)


def test_money_needed_for_something_named_is_no_vague_opener() -> None:
    assert not rules.is_vague("i need money for rent, send 500 from savings")


@pytest.mark.parametrize(
    ("text", "orders"),
    [
        ("i owe tom 15, can you send it", True),
        ("pay bob 20", True),
        ("give me 5 ideas", False),
        ("pay off 5000", False),
    ],
)
def test_a_verb_that_moves_money_to_someone(text: str, orders: bool) -> None:
    assert rules.says_pay(text) is orders


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i need to talk to someone about a fraudulent payment on my card", True),
        ("let me speak to a person, there's a payment i didn't make", True),
        ("i want to talk to a person", False),
        ("there's a payment i didn't make", False),  # the classifier's to read, not a request for a person
    ],
)
def test_asks_person_about_fraud(text: str, expected: bool) -> None:
    assert rules.asks_person_about_fraud(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what are my biggest purchases this month", True),
        ("tell me the highest amount i can spend on my credit card", False),
        ("what's the highest limit on my card", False),
    ],
)
def test_asks_ranked_is_not_a_limit(text: str, expected: bool) -> None:
    assert rules.asks_ranked(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what does a transfer cost", True),
        ("is there a fee to pay a bill", True),
        ("how much do my bills cost this month", False),
        ("how much does my electricity bill cost", False),
    ],
)
def test_asks_price_is_not_the_customers_own_bills(text: str, expected: bool) -> None:
    assert rules.asks_price(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("did bob send me anything", True),
        ("has my landlord paid me back", True),
        ("any money in from bob?", True),
        ("any payments from priya this month", True),
        ("did you send me a code", False),
        ("send money from savings to bob", False),
        ("i got money from mum, move it to savings", False),
        ("money from my savings", False),
    ],
)
def test_asks_money_from(text: str, expected: bool) -> None:
    assert rules.asks_money_from(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats my total across everything", True),
        ("what's my net worth", True),
        ("how much did i spend across all my accounts", False),
        ("my total across everything is 500", False),
    ],
)
def test_a_total_across_everything_is_a_combined_balance(text: str, expected: bool) -> None:
    assert rules.asks_combined_balance(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many transfers did i make today", True),
        ("how many times have i paid netflix", True),
        ("how many payments did i make last month", True),
        ("how many days does a transfer take", False),
        ("how many cards can i have", False),
    ],
)
def test_asks_count(text: str, expected: bool) -> None:
    assert rules.asks_count(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ur useless", True),
        ("you're not helpful at all", True),
        ("this bot is rubbish", True),
        ("useless bot", True),
        ("my card is useless it doesnt work", False),
        ("are you a bot", False),
        ("you've been very helpful", False),
    ],
)
def test_complains(text: str, expected: bool) -> None:
    assert rules.complains(text) is expected


@pytest.mark.parametrize(
    "text", ["move funds from chase into my savings", "whats the quickest way to get money from one account to another"]
)
def test_an_order_to_move_money_from_somewhere_is_no_money_in(text: str) -> None:
    assert not rules.asks_money_from(text)


@pytest.mark.parametrize(
    ("text", "pays_off"),
    [
        ("pay it off", True),
        ("pay off my credit card", True),
        ("can you clear the card balance", True),
        ("i want to pay the whole balance off", True),
        ("can i pay off my overdraft", False),
        ("pay bob 20", False),
        ("show me what i paid off last month", False),
    ],
)
def test_pays_off_card_is_the_card_bill_in_full(text: str, pays_off: bool) -> None:
    assert rules.pays_off_card(text) is pays_off


@pytest.mark.parametrize(
    ("text", "scam"),
    [
        ("someone is asking me to move my money to a safe account", True),
        ("a guy on the phone told me to transfer my savings to protect them", True),
        ("i got a text from the bank asking for my details", True),
        ("i think ive been scammed", True),
        ("move 100 to my savings account", False),
        ("can you send my statement to my email", False),
        ("i got an email from the bank about my statement", False),
    ],
)
def test_describes_scam(text: str, scam: bool) -> None:
    assert rules.describes_scam(text) is scam


@pytest.mark.parametrize(
    ("text", "worried"),
    [
        ("im struggling to pay my bills", True),
        ("i cant afford my rent this month", True),
        ("i'm in debt and don't know what to do", True),
        ("how do i pay my bills", False),
        ("what bills do i have", False),
    ],
)
def test_has_money_worries(text: str, worried: bool) -> None:
    assert rules.has_money_worries(text) is worried


@pytest.mark.parametrize(
    ("text", "bereaved", "complaint"),
    [
        ("my husband passed away and i need to sort his account", True, False),
        ("my mum died last week", True, False),
        ("my phone died and i cant log in", False, False),
        ("i lost my card", False, False),
        ("i want to make a complaint", False, True),
        ("how do i raise a complaint", False, True),
        ("you're useless", False, False),
    ],
)
def test_bereavement_and_complaints_to_the_bank(text: str, bereaved: bool, complaint: bool) -> None:
    assert rules.reports_bereavement(text) is bereaved
    assert rules.wants_to_complain(text) is complaint


@pytest.mark.parametrize(
    ("text", "withdraws"),
    [
        ("never mind, cancel the request for a person", True),
        ("i sorted it", True),
        ("i don't need a person anymore", True),
        ("cancel the transfer request", False),
        ("cancel my card", False),
        ("talk to a person", False),
    ],
)
def test_withdraws_handoff(text: str, withdraws: bool) -> None:
    assert rules.withdraws_handoff(text) is withdraws


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("can i get my statement for october", True),
        ("download last month's savings statement", True),
        ("statement pls", True),
        ("show my statement for last month", True),
        ("i need a bank statement for my landlord", True),
        ("credit card statement for this month", True),
        ("my savings statement as a pdf", True),
        ("can i have my statement for june 2031", True),
        ("show my transactions from october", False),
        ("how much is due on my credit card statement", False),
        ("what's my statement balance", False),
        ("show the items on my credit card statement", False),
        ("there's a payment on my statement i don't recognise", False),
        ("how much does it cost to get a paper statement", False),
        ("can you send my statement to my email", False),
        ("I have an unusual payment in my statement", False),
        ("Why isn't my refund showing up in my statement?", False),
        ("My statement shows different transaction times.", False),
        ("I was checking my statement and my top-up has been reverted", False),
        ("I keep checking my statements but nothing shows up, can you help me get the money back", False),
        ("I have received my statement but I do not see my refund, why is that?", False),
        ("that statement was correct", False),
        ("i would say that the statement is definitely false", False),
        ("show me my statement for the last 2 weeks", False),  # a calendar month is a statement; days are a list
        ("my statement for this week", False),
    ],
)
def test_asks_statement_is_a_month_to_download_not_the_card_bill_or_its_lines(text: str, statement: bool) -> None:
    assert rules.asks_statement(text) is statement


@pytest.mark.parametrize("text", ["check my savings", "can you check my savings", "show me my current account"])
def test_asks_account_balance(text: str) -> None:
    assert rules.asks_account_balance(text)


@pytest.mark.parametrize("text", ["check my savings transactions", "check my savings 50", "show my accounts"])
def test_more_than_a_balance_is_not_asks_account_balance(text: str) -> None:
    assert not rules.asks_account_balance(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("what is this 10.99 charge", "10.99"), ("show me the £3.91 payment", "3.91"), ("my last 5 transactions", None)],
)
def test_exact_payment_amount(text: str, amount: str | None) -> None:
    assert rules.exact_payment_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "general"),
    [("how long do transfers take", True), ("how long does a payment take to arrive", True),
     ("how long will my transfer take", False)],
)  # fmt: skip
def test_asks_transfer_time(text: str, general: bool) -> None:
    assert rules.asks_transfer_time(text) is general


@pytest.mark.parametrize(
    ("text", "wrong"),
    [("i sent money to the wrong person", True), ("i paid the wrong account by mistake", True),
     ("my transfer hasn't arrived", False), ("send 20 to the right person", False)],
)  # fmt: skip
def test_sent_to_wrong_payee(text: str, wrong: bool) -> None:
    assert rules.sent_to_wrong_payee(text) is wrong


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tesco this month vs last month", True),
        ("groceries last week compared to this week", True),
        ("did i pay rent this month or last month", False),  # which one, not how much
        ("tesco vs sainsburys last month", False),  # two shops, one period: each shop's spending
        ("how much did i spend this month", False),
    ],
)
def test_compares_periods(text: str, expected: bool) -> None:
    assert rules.compares_periods(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how much was my last gas bill", True),
        ("show my last water bill payment", True),
        ("what was the council tax payment last month", True),
        ("pay my gas bill", False),
        ("i need to pay my credit card bill", False),
        ("whats my mortgage payment", True),
        ("how much is my netflix subscription", True),
        ("did my rent go out", True),
        ("whats my credit card payment", False),
        ("how do i cancel my gym membership", False),
    ],
)
def test_asks_past_bill(text: str, expected: bool) -> None:
    assert rules.asks_past_bill(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how much can i spend today", True),
        ("how much do i have available", True),
        ("whats my available balance", True),
        ("how much did i spend today", False),
    ],
)
def test_asks_spendable(text: str, expected: bool) -> None:
    assert rules.asks_spendable(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is it frozen now?", True),
        ("is it frozen", True),
        ("are they both unfrozen", True),
        ("ok is it still frozen", True),
        ("is that cancelled now", True),
        ("is it blocked", False),  # after a PIN question this is the PIN
        ("freeze it", False),
        ("is it frozen because i lost it", False),
    ],
)
def test_asks_if_it_is_frozen(text: str, expected: bool) -> None:
    assert rules.asks_if_it_is_frozen(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how do i top up", True),
        ("how can i top up my account", True),
        ("how do i top up with cash", False),  # the cash and cheque article
        ("how do i top up without a fee", False),
        ("can i top up with my card", False),  # the classifier's already
    ],
)
def test_asks_how_to_top_up(text: str, expected: bool) -> None:
    assert rules.asks_how_to_top_up(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pay bob 15 on friday", True),
        ("can you send priya 10 tomorrow", True),
        ("did i pay bob 15 on friday", False),
        ("pay bob 15 every friday", False),
        ("pay bob 15", False),
        ("i paid bob 15 on friday", False),
    ],
)
def test_orders_later_payment(text: str, expected: bool) -> None:
    assert rules.orders_later_payment(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("did i pay bob 15 on friday", True),
        ("have i already paid the landlord", True),
        ("did we send mum anything", True),
        ("pay bob 15", False),
        ("did my transfer go through", False),
    ],
)
def test_asks_if_paid(text: str, expected: bool) -> None:
    assert rules.asks_if_paid(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i got a text saying my account is locked and to click a link", True),
        ("got an email asking me to verify my account details", True),
        ("someone messaged me on whatsapp saying to tap the link to unlock my card", True),
        ("i got a text about my new card, is that normal", False),
        ("how do i send a payment link", False),
    ],
)
def test_describes_scam_reads_phishing_messages(text: str, expected: bool) -> None:
    assert rules.describes_scam(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im worried someone has access to my account", True),
        ("somebody got into my banking app", True),
        ("can my partner have access to my account", False),
    ],
)
def test_reports_account_access(text: str, expected: bool) -> None:
    assert rules.reports_account_access(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you tell me what my last 5 purchases were and whether any of them look dodgy", True),
        ("is there anything suspicious on my account", True),
        ("any dodgy payments this week?", True),
        ("there's a suspicious payment on my card", False),
        ("someone used my card without permission", False),
    ],
)
def test_asks_to_review_payments(text: str, expected: bool) -> None:
    assert rules.asks_to_review_payments(text) is expected
