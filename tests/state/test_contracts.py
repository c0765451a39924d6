"""Each ChatState mixin declares what it uses from ChatState (its ``if TYPE_CHECKING:`` block), and ChatState has it."""

from __future__ import annotations

import ast
import inspect

import pytest
import reflex as rx
from reflex.state import BaseState

from bankchat.state.chat_state import ChatState
from bankchat.state.conversation_actions import ConversationActions
from bankchat.state.conversation_list import ConversationList
from bankchat.state.message_window import MessageWindow
from bankchat.state.streaming import StreamingReply

MIXINS = [MessageWindow, StreamingReply, ConversationActions, ConversationList]


def _declared_needs(mixin: type[BaseState]) -> dict[str, bool]:
    """The names the mixin's ``if TYPE_CHECKING:`` block declares, each with whether it is a method."""
    tree = ast.parse(inspect.getsource(mixin))
    needs: dict[str, bool] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    needs[item.target.id] = False
                elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    needs[item.name] = True
    return needs


def _own_and_used(mixin: type[BaseState]) -> tuple[set[str], set[str]]:
    """The names the mixin defines itself, and the ``self.<name>`` it reads or writes."""
    tree = ast.parse(inspect.getsource(mixin))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    own = {item.name for item in body if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)}
    own |= {item.target.id for item in body if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)}
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
    }
    return own, used


@pytest.mark.parametrize("mixin", MIXINS, ids=[m.__name__ for m in MIXINS])
def test_mixin_declares_everything_it_uses_from_chat_state(mixin: type[BaseState]) -> None:
    own, used = _own_and_used(mixin)

    undeclared = used - own - set(_declared_needs(mixin)) - set(dir(rx.State))

    assert not undeclared, f"{mixin.__name__} uses {sorted(undeclared)} without declaring them"


@pytest.mark.parametrize("mixin", MIXINS, ids=[m.__name__ for m in MIXINS])
def test_chat_state_provides_what_the_mixin_declares(mixin: type[BaseState]) -> None:
    needs = _declared_needs(mixin)

    assert needs, f"{mixin.__name__} declares nothing it needs"
    assert mixin in ChatState.__mro__
    for name, is_method in needs.items():
        assert hasattr(ChatState, name), f"ChatState lacks {name}, which {mixin.__name__} uses"
        assert name not in vars(mixin), f"{mixin.__name__} defines {name} itself: it is no need"
        if is_method:
            assert callable(getattr(ChatState, name)), name
