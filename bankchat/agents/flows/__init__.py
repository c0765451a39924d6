"""Every flow BankChat runs, declared as data (``spec.Flow``) and wired here, in one place."""

from bankchat.agents.flows.account_details import ACCOUNT_DETAILS
from bankchat.agents.flows.add_payee import ADD_PAYEE
from bankchat.agents.flows.balance import BALANCE
from bankchat.agents.flows.bank_info import BANK_INFO
from bankchat.agents.flows.card_answers import CARD_DETAILS, FREEZE_OR_BLOCK_FLOW
from bankchat.agents.flows.card_bill import PAY_CARD_BILL
from bankchat.agents.flows.card_status import CARD_STATUS
from bankchat.agents.flows.cards import FREEZE, REPORT_LOST, UNFREEZE
from bankchat.agents.flows.cashback import CASHBACK
from bankchat.agents.flows.chat_help import CHAT_HELP
from bankchat.agents.flows.direct_debits import DIRECT_DEBITS
from bankchat.agents.flows.dispute_appeals import APPEAL
from bankchat.agents.flows.dispute_status import DISPUTE_STATUS
from bankchat.agents.flows.dispute_timing import DISPUTE_TIMING
from bankchat.agents.flows.disputes import DISPUTE
from bankchat.agents.flows.fees import FEES_FLOW
from bankchat.agents.flows.fraud import REPORT_FRAUD
from bankchat.agents.flows.handoff import HANDOFF, HANDOFF_WAIT, WITHDRAW_HANDOFF
from bankchat.agents.flows.limits import LIMITS_FLOW
from bankchat.agents.flows.money_in import MONEY_IN
from bankchat.agents.flows.payee_details import PAYEE_DETAILS_CHANGE
from bankchat.agents.flows.payee_edits import REMOVE_PAYEE, RENAME_PAYEE
from bankchat.agents.flows.payees import LIST_PAYEES
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.standing_order_changes import (
    AMEND_STANDING_ORDER,
    CANCEL_STANDING_ORDER,
    LIST_STANDING_ORDERS,
    STANDING_ORDER_SKIPPED,
)
from bankchat.agents.flows.standing_orders import STANDING_ORDER
from bankchat.agents.flows.statements import STATEMENT
from bankchat.agents.flows.transaction_details import TRANSACTION_DETAILS
from bankchat.agents.flows.transactions import SEARCH, SPENDING
from bankchat.agents.flows.transfer import TRANSFER
from bankchat.agents.flows.transfer_status import TRANSFER_STATUS
from bankchat.agents.flows.wellbeing import BEREAVEMENT, COMPLAINT_FLOW, MONEY_SUPPORT, SCAM_CHECK

FLOWS: tuple[Flow, ...] = (
    BALANCE,
    ACCOUNT_DETAILS,
    SEARCH,
    SPENDING,
    TRANSACTION_DETAILS,
    DISPUTE,
    DISPUTE_STATUS,
    DISPUTE_TIMING,
    APPEAL,
    STATEMENT,
    TRANSFER,
    TRANSFER_STATUS,
    STANDING_ORDER,
    LIST_STANDING_ORDERS,
    AMEND_STANDING_ORDER,
    CANCEL_STANDING_ORDER,
    STANDING_ORDER_SKIPPED,
    LIST_PAYEES,
    ADD_PAYEE,
    RENAME_PAYEE,
    REMOVE_PAYEE,
    FREEZE,
    UNFREEZE,
    CARD_STATUS,
    CARD_DETAILS,
    FREEZE_OR_BLOCK_FLOW,
    REPORT_LOST,
    HANDOFF,
    HANDOFF_WAIT,
    WITHDRAW_HANDOFF,
    PAY_CARD_BILL,
    MONEY_IN,
    FEES_FLOW,
    LIMITS_FLOW,
    DIRECT_DEBITS,
    BANK_INFO,
    CHAT_HELP,
    CASHBACK,
    REPORT_FRAUD,
    PAYEE_DETAILS_CHANGE,
    SCAM_CHECK,
    MONEY_SUPPORT,
    BEREAVEMENT,
    COMPLAINT_FLOW,
)
"""Every flow; names are unique and each classifier intent starts at most one flow."""

BY_NAME: dict[str, Flow] = {flow.name: flow for flow in FLOWS}
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({SEARCH.name, SPENDING.name}),
    frozenset({TRANSFER.name, TRANSFER_STATUS.name}),
)
"""Flows with the same slots: a follow-up may carry an answer's slots from one to the other."""


def same_family(one: str, other: str) -> bool:
    """Whether flows ``one`` and ``other`` share their slots (or are the same flow)."""
    return one == other or any(one in family and other in family for family in FAMILIES)


BY_INTENT: dict[str, Flow] = {intent: flow for flow in FLOWS for intent in flow.starts_on}

__all__ = [
    "BY_INTENT",
    "BY_NAME",
    "FAMILIES",
    "FLOWS",
    "Filled",
    "Flow",
    "FlowContext",
    "Outcome",
    "Problem",
    "Slot",
    "same_family",
]
