"""This chat itself: how to delete, clear, rename or start a conversation (the customer does it; the bot does not).

"delete this chat" was read as goodbye and "delete my chat history" as closing the account. The sidebar's list
of conversations is where it is done: each conversation's **⋯** menu has **Rename** and **Delete** (the delete is
confirmed first), and **New conversation** starts afresh. Deleting takes a conversation off the customer's list;
the bank keeps its own record, so the answer never says it is erased.
"""

from __future__ import annotations

import re

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome

_CHAT = r"(?:chats?|conversations?|convos?|chat ?history|conversation history|messages|history of (?:this|our) chat)"
_ASKS = re.compile(
    rf"\b(?P<delete>delete|deleting|clear|clearing|erase|wipe|remove|get rid of|clean)\b.{{0,25}}\b{_CHAT}\b"
    rf"|\b(?P<rename>rename|renaming|retitle|change the (?:name|title) of)\b.{{0,15}}\b{_CHAT}\b"
    rf"|\b(?P<start>start|open|begin)\b.{{0,10}}\b(?:new|fresh|another)\s+(?:chats?|conversations?|convos?)\b"
    r"|\b(?P<remind>remind (?:me|us)|set (?:up )?(?:a |an )?(?:reminder|alert|alarm)|reminders?\b)"
    r"|\b(?P<recap>what (?:were|was) we (?:talking|chatting|on) about|where were we|what did i (?:just )?(?:ask|say)"
    r"|what was i (?:asking|saying|talking about))\b",
    re.IGNORECASE,
)
_WHERE = (
    "in your list of conversations (on a phone, open it first with the **menu** button at the top), open the "
    "**⋯** menu beside a conversation"
)
DELETE = (
    f"I can't delete conversations myself, but you can: {_WHERE} and choose **Delete**, then confirm (each "
    "conversation is deleted on its own). It leaves your list and can't be brought back; nothing in your accounts "
    "changes, and the bank keeps its own record of the conversation. To start afresh without deleting anything, "
    "choose **New conversation** at the top of the list."
)
RENAME = f"To rename a conversation, {_WHERE} and choose **Rename**, then type the new title and **Save**."
START = (
    "To start a new conversation, choose **New conversation** at the top of your list of conversations (on a "
    "phone, open the list first with the **menu** button). This one stays in the list to come back to."
)


REMIND = (
    "I can't set reminders. If it's a payment, I can set it up now to go on the day: say e.g. **pay bob 20 "
    "tomorrow** or **pay bob 20 on friday**. I read it back for your yes first, and nothing is sent before that day."
)


RECAPPED = 3
"""The customer's own latest messages a recap repeats."""


def _recap(ctx: FlowContext) -> str:
    """ "what were we talking about": the customer's latest messages in this conversation, newest last."""
    said = [item.content for item in ctx.turn.history if item.role == "user"][-RECAPPED:]
    if not said:
        return "We've only just started: ask me anything about your accounts, payments or cards."
    asked = "\n".join(f"- \u201c{text}\u201d" for text in said)
    return f"Here's what you asked me last:\n\n{asked}\n\nSay any of it again, or ask something new."


def asks_about_the_chat(text: str) -> bool:
    """ "delete this chat", "clear this conversation", "rename this chat", "start a new chat", "remind me to pay
    bob tomorrow" (no reminders: a payment set up for that day instead)."""
    return _ASKS.search(text) is not None


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    said = _ASKS.search(ctx.turn.text)
    asked = said.lastgroup if said is not None and said.lastgroup else "delete"
    answers = {"delete": DELETE, "rename": RENAME, "start": START, "remind": REMIND}
    answer = _recap(ctx) if asked == "recap" else answers[asked]
    return Outcome(answer, ({"tool": "chat_help", "asked": asked},))


CHAT_HELP = Flow(
    name="chat_help",
    purpose="Say how the customer deletes, renames or starts a conversation in the app (the bot deletes nothing); "
    "no reminders; what the customer asked last.",
    agent="support",
    act=_act,
)
