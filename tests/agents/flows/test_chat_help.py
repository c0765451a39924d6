"""Deleting, renaming or starting a conversation: how the customer does it in the app."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.chat_help import asks_about_the_chat


@pytest.mark.parametrize(
    "text",
    ["delete this chat", "clear this conversation", "delete my chat history", "rename this chat", "start a new chat"],
)
def test_asks_about_the_chat(text: str) -> None:
    assert asks_about_the_chat(text)


@pytest.mark.parametrize("text", ["delete bob", "clear my card balance", "delete my payee", "bye", "close my account"])
def test_other_deletions_are_not_about_the_chat(text: str) -> None:
    assert not asks_about_the_chat(text)
