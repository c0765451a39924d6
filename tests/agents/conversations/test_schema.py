"""The corpus loader refuses anything it does not understand, and says where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.agents.conversations.schema import CorpusError, TransferEffect, load_corpus, load_file

GOOD = """\
about: "A tiny theme."
conversations:
  - name: "savings"
    user: bob
    turns:
      - says: "how much is in savings"
        agent: accounts
        facts: [balance: savings, no_text: "Checking"]
        effect: {transfer: {amount: 12.50, to: savings, from: checking}}
"""


def _write(tmp_path: Path, text: str, name: str = "theme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_file_reads_typed_turns(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, GOOD))
    turn = loaded.conversations[0].turns[0]
    assert [fact.present for fact in turn.facts] == [True, False]
    assert isinstance(turn.effect[0], TransferEffect)
    assert turn.effect[0].transfer.cents == 1250


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("agent: accounts", "agent: accounts\n        agnet: accounts"), "turns.0.agnet"),
        (("agent: accounts", "agent: bank"), "turns.0.agent"),
        (("agent: accounts", "flow: no_such_flow"), "no flow called 'no_such_flow'"),
        (("balance: savings", "balance: pension"), "facts.0.balance"),
        (("balance: savings", "{balance: savings, text: x}"), "exactly one thing"),
        (("user: bob", "user: carol"), "conversations.0.user"),
        (("amount: 12.50", "amount: -3"), "greater than 0"),
        (("agent: accounts", "agent: accounts\n        agent: support"), "given twice"),
        (("agent: accounts", "waiting: later"), "waiting is a flow"),
    ],
)
def test_load_file_refuses_what_it_does_not_know(tmp_path: Path, change: tuple[str, str], reason: str) -> None:
    with pytest.raises(CorpusError) as refused:
        load_file(_write(tmp_path, GOOD.replace(*change)))
    assert reason in str(refused.value)
    assert "theme.yaml" in str(refused.value)


def test_load_file_names_the_conversation_at_fault(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="conversation 'savings'"):
        load_file(_write(tmp_path, GOOD.replace("says:", "sayz:")))


def test_load_corpus_refuses_a_name_used_twice(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "one.yaml")
    _write(tmp_path, GOOD, "two.yaml")
    with pytest.raises(CorpusError, match=r"in both one\.yaml and two\.yaml"):
        load_corpus(tmp_path)


def test_load_corpus_marks_the_failing_file(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "_failing.yaml")
    (case,) = load_corpus(tmp_path)
    assert case.failing
    assert case.id == "_failing/savings"
