"""Reading and validating the knowledge base: TOML files of articles plus one table of facts.

The data lives in ``data/``: ``facts.toml`` holds the bank's fees, limits and
timings (``[facts]``) and the chat requests articles may suggest
(``[commands.<name>]``); every other ``*.toml`` file holds ``[[article]]``
entries for one theme. Any mistake in the data is reported all at once, with
the file and the intent it concerns, when the knowledge base is loaded.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from bankchat.agents.knowledge.labels import LABELS

FACTS_FILE = "facts.toml"
_ARTICLE_KEYS = frozenset({"intent", "title", "answer", "actions", "related"})
_REQUIRED_KEYS = frozenset({"intent", "title", "answer"})
_MAX_TITLE = 60


class KnowledgeBaseError(ValueError):
    """The knowledge base data is inconsistent; the message lists every problem found."""


@dataclass(frozen=True)
class Suggestion:
    """Something another BankChat agent can do in chat, offered at the end of an answer."""

    name: str
    """The command's key in ``facts.toml``, e.g. ``freeze_card``."""
    say: str
    """What the customer types to ask for it, e.g. ``freeze my card``."""
    offer: str
    """How the assistant proposes it, e.g. ``I can freeze your card right now``."""


@dataclass(frozen=True)
class Article:
    """The answer to one BANKING77 intent."""

    intent: str
    """The BANKING77 label this article answers."""
    title: str
    """A short, human heading."""
    answer: str
    """Markdown, with every ``{fact}`` already filled in."""
    actions: tuple[Suggestion, ...] = ()
    """Requests the customer can make next, handled by other agents."""
    related: tuple[str, ...] = ()
    """Intents of articles on neighbouring topics."""


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from one data directory."""

    articles: tuple[Article, ...]
    """One article per label, in ``LABELS`` order."""
    facts: Mapping[str, str]
    """Fees, limits and timings by name."""
    commands: Mapping[str, Suggestion]
    """Suggestions by name."""


def load_knowledge_base(source: Traversable | Path, labels: Iterable[str] = LABELS) -> KnowledgeBase:
    """Read every data file in ``source`` and check it against ``labels``.

    Raises:
        KnowledgeBaseError: listing every problem found (missing, duplicate or unknown intents,
            empty fields, unknown facts, commands or related intents).
    """
    wanted = tuple(labels)
    problems: list[str] = []
    facts_data = _read_toml(source / FACTS_FILE)
    facts = {str(k): str(v) for k, v in facts_data.get("facts", {}).items()}
    commands = {
        name: Suggestion(name=name, say=str(spec.get("say", "")).strip(), offer=str(spec.get("offer", "")).strip())
        for name, spec in facts_data.get("commands", {}).items()
    }
    for command in commands.values():
        if not (command.say and command.offer):
            problems.append(f"{FACTS_FILE}: command {command.name!r} needs both 'say' and 'offer'")

    found: dict[str, Article] = {}
    article_files = [p for p in source.iterdir() if p.name.endswith(".toml") and p.name != FACTS_FILE]
    for path in sorted(article_files, key=lambda p: p.name):
        for index, raw in enumerate(_read_toml(path).get("article", [])):
            where = f"{path.name}: article {raw.get('intent', f'#{index + 1}')!r}"
            article = _build_article(raw, where, facts, commands, set(wanted), problems)
            if article is None:
                continue
            if article.intent in found:
                problems.append(f"{where}: a second article for this intent")
            found[article.intent] = article

    problems += [f"no article for intent {label!r}" for label in wanted if label not in found]
    if problems:
        raise KnowledgeBaseError("invalid knowledge base:\n- " + "\n- ".join(problems))
    return KnowledgeBase(articles=tuple(found[label] for label in wanted), facts=facts, commands=commands)


def _read_toml(path: Traversable | Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeBaseError(f"cannot read {path.name}: {exc}") from exc


def _build_article(
    raw: dict[str, Any],
    where: str,
    facts: Mapping[str, str],
    commands: Mapping[str, Suggestion],
    labels: set[str],
    problems: list[str],
) -> Article | None:
    """One validated article, or ``None`` (with ``problems`` extended) if it is unusable."""
    before = len(problems)
    problems += [f"{where}: unknown field {key!r}" for key in sorted(set(raw) - _ARTICLE_KEYS)]
    problems += [f"{where}: missing field {key!r}" for key in sorted(_REQUIRED_KEYS - set(raw))]
    if len(problems) > before:
        return None
    intent, title, answer = (str(raw[key]).strip() for key in ("intent", "title", "answer"))
    actions, related = list(raw.get("actions", [])), list(raw.get("related", []))
    if intent not in labels:
        problems.append(f"{where}: {intent!r} is not a known intent")
    if not title or len(title) > _MAX_TITLE:
        problems.append(f"{where}: the title must be 1 to {_MAX_TITLE} characters")
    if not answer:
        problems.append(f"{where}: the answer is empty")
    problems += [f"{where}: unknown command {name!r} in actions" for name in actions if name not in commands]
    problems += [f"{where}: related intent {name!r} does not exist" for name in related if name not in labels]
    if intent in related:
        problems.append(f"{where}: an article cannot be related to itself")
    if len(set(related)) != len(related) or len(set(actions)) != len(actions):
        problems.append(f"{where}: repeated entries in related or actions")
    filled = _fill_facts(answer, facts, where, problems)
    if len(problems) > before:
        return None
    return Article(
        intent=intent,
        title=title,
        answer=filled,
        actions=tuple(commands[name] for name in actions),
        related=tuple(related),
    )


def _fill_facts(text: str, facts: Mapping[str, str], where: str, problems: list[str]) -> str:
    """Replace each ``{name}`` with its fact; only plain names are allowed."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        problems.append(f"{where}: malformed braces in the answer ({exc})")
        return text
    bad = False
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in facts or spec or conversion:
            problems.append(f"{where}: unknown fact {{{name}}} in the answer")
            bad = True
    return text if bad else text.format_map(facts)
