"""The settings page says the approval amounts the bank applies: read from the settings, never written in."""

from __future__ import annotations

import json
from collections.abc import Iterator

import reflex as rx
from reflex.components.base.bare import Bare

from bankchat.pages.settings import settings_page
from tests.factories import settings_env


def _components(root: rx.Component) -> Iterator[rx.Component]:
    yield root
    for child in root.children:
        yield from _components(child)


def _approval_rules() -> str:
    """The words of the page's ``#approval-rules`` paragraph."""
    rules = next(c for c in _components(settings_page()) if getattr(c, "id", None) == "approval-rules")
    return "".join(json.loads(str(c.contents)) for c in _components(rules) if isinstance(c, Bare))


def test_settings_page_states_the_thresholds_from_the_settings() -> None:
    with settings_env(BANKCHAT_APPROVAL_THRESHOLD_CENTS="250000", BANKCHAT_FOUR_EYES_THRESHOLD_CENTS="1234567"):
        rules = _approval_rules()

    assert rules.startswith("Payments over £2,500.00, payments to a payee added in the last 24 hours")
    assert rules.endswith("Payments over £12,345.67 are also checked by a colleague before they leave.")


def test_settings_page_states_the_default_thresholds() -> None:
    rules = _approval_rules()

    assert "Payments over £1,000.00," in rules
    assert "Payments over £5,000.00 are also checked" in rules
