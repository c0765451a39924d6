"""Accessibility: axe-core on the login, chat and console pages in both themes, and a keyboard-only journey.

axe-core comes from the npm registry into ``.tools`` (``scripts/setup.sh --dev``); its
``axe.min.js`` is injected into each page. The rule set is WCAG 2.1 A and AA (what
EN 301 549 asks of banks under the European Accessibility Act) plus axe's best practices;
a serious or critical violation fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import BrowserErrors
from tests.e2e.helpers import CHAT_URL, DEMO_PASSWORD, LOGIN_URL, bot_messages, new_conversation, send, sign_in
from tests.support.live_server import PROJECT_ROOT

AXE_JS = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
THEMES = ["light", "dark"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run scripts/setup.sh --dev (it installs axe-core from npm)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def report(violations: list[dict[str, Any]]) -> str:
    """One line per failing element: the rule, its impact and axe's summary of what to fix."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{v['id']} ({v['impact']}) {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def _themed_page(browser: Browser, base_url: str, theme: str, watch: Callable[[Page], Page]) -> Page:
    context = browser.new_context(base_url=base_url, color_scheme=theme, viewport={"width": 1280, "height": 900})
    return watch(context.new_page())


def _assert_theme(page: Page, theme: str) -> None:
    expect(page.locator("html")).to_have_class(re.compile(rf"\b{theme}\b"))


def _assert_no_blocking(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{report(violations)}"


@pytest.mark.parametrize("theme", THEMES)
def test_login_page_has_no_serious_axe_violations(
    browser: Browser, base_url: str, theme: str, watch: Callable[[Page], Page], browser_errors: BrowserErrors
) -> None:
    browser_errors.allow("status of 401")  # the wrong password, on purpose
    page = _themed_page(browser, base_url, theme, watch)
    page.goto("/login")
    expect(page.locator("#login-button")).to_be_enabled()
    _assert_theme(page, theme)
    _assert_no_blocking(page, f"/login ({theme})")
    page.fill("#login-username", "alice")
    page.fill("#login-password", "not the password")
    page.click("#login-button")
    expect(page.locator("#login-error")).to_be_visible()
    _assert_no_blocking(page, f"/login with an error ({theme})")
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_chat_page_has_no_serious_axe_violations(
    browser: Browser, base_url: str, theme: str, watch: Callable[[Page], Page]
) -> None:
    page = _themed_page(browser, base_url, theme, watch)
    sign_in(page, "bob")
    _assert_theme(page, theme)
    new_conversation(page)
    _assert_no_blocking(page, f"/chat, empty conversation with starters ({theme})")
    send(page, "show my last 5 transactions")
    send(page, "send 5 to savings")
    expect(page.locator("#quick-replies button").first).to_be_visible()
    page.fill("#chat-input", "x" * 3900)  # the counter near the limit
    expect(page.locator("#char-counter")).to_be_visible()
    _assert_no_blocking(page, f"/chat with a table, a read-back and quick replies ({theme})")
    page.fill("#chat-input", "")
    page.click("#quick-replies button >> text=No")
    expect(bot_messages(page)).to_have_count(3)
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_console_page_has_no_serious_axe_violations(
    browser: Browser, base_url: str, theme: str, watch: Callable[[Page], Page]
) -> None:
    page = _themed_page(browser, base_url, theme, watch)
    sign_in(page, "manager")
    send(page, "What's my balance?")  # at least one active conversation to list
    page.goto("/console")
    expect(page.locator("#console-transcript, [data-testid=queue-item], .console-body").first).to_be_visible()
    _assert_theme(page, theme)
    _assert_no_blocking(page, f"/console ({theme})")
    # A conversation opens from the keyboard too, and the open transcript passes as well.
    opener = page.locator("[data-testid=session-row] .row-open").first
    opener.focus()
    _assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#console-transcript")).to_be_visible()
    _assert_no_blocking(page, f"/console with a transcript open ({theme})")
    page.context.close()


def _tab_to(page: Page, selector: str, most: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus, and check the focus is visible."""
    target = page.locator(selector).first
    for _ in range(most):
        if target.evaluate("el => el === document.activeElement || el.contains(document.activeElement)"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"Tab never reached {selector}")
    _assert_focus_visible(page)


def _assert_focus_visible(page: Page) -> None:
    style = page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {visible: el.matches(':focus-visible'), outline: s.outlineStyle, width: s.outlineWidth,
                    shadow: s.boxShadow, tag: el.tagName, id: el.id};
        }"""
    )
    shows = (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] not in ("none", "")
    assert style["visible"], f"focus is not :focus-visible on {style}"
    assert shows, f"no visible focus indicator on {style}"


def test_keyboard_only_journey(page: Page) -> None:
    page.goto("/login")
    expect(page.locator("#login-button")).to_be_enabled()
    expect(page.locator("#login-username")).to_be_focused()  # the field is focused on arrival
    page.keyboard.type("bob")
    page.keyboard.press("Tab")
    expect(page.locator("#login-password")).to_be_focused()
    _assert_focus_visible(page)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(CHAT_URL)
    expect(page.locator("#chat-input")).to_be_enabled()

    # A new conversation, by keyboard.
    _tab_to(page, "#new-session-button")
    page.keyboard.press("Enter")
    expect(page.locator("#empty-state")).to_be_visible()
    expect(page.locator("#chat-input")).to_be_focused()

    # Send, then answer the read-back with its quick replies.
    page.keyboard.type("send 3 to savings")
    page.keyboard.press("Enter")
    expect(bot_messages(page).last).to_contain_text("Please confirm")
    expect(page.locator("#reply-announcer")).to_contain_text("Please confirm")  # read out politely
    _tab_to(page, "#quick-replies button")
    expect(page.locator("#quick-replies button").first).to_be_focused()
    assert page.evaluate("document.activeElement.textContent").strip() == "Yes"
    page.keyboard.press("Enter")
    expect(bot_messages(page).last).to_contain_text("Done!")

    # Switch to the previous conversation and back, by keyboard.
    rows = page.locator("#session-list .session-row")
    second_title = rows.nth(1).inner_text().strip().splitlines()[0]
    page.keyboard.press("Shift+Tab")  # back out of the message area towards the sidebar
    _tab_to(page, "#session-list .session-row >> nth=1")
    page.keyboard.press("Enter")
    expect(page.locator("#session-title")).to_have_text(second_title)

    # Sign out.
    _tab_to(page, "#logout-button")
    page.keyboard.press("Enter")
    page.wait_for_url(LOGIN_URL)
    expect(page.locator("#login-username")).to_be_visible()


def test_console_table_headers_keep_their_words_whole(
    browser: Browser, base_url: str, watch: Callable[[Page], Page]
) -> None:
    """The console's tables wrap long cells, never a column header in the middle of its word ("Starte|d")."""
    page = _themed_page(browser, base_url, "light", watch)
    sign_in(page, "manager")
    send(page, "What's my balance?")  # at least one active conversation to list
    page.goto("/console")
    expect(page.locator("[data-testid=session-row]").first).to_be_visible()
    headers = page.locator("#active-sessions th, #audit-log th")
    lines = headers.evaluate_all(
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return [cell.textContent, tops.size];
        })"""
    )
    assert len(lines) >= 10
    assert all(n <= 1 for _, n in lines), f"a header wraps: lines per header {lines}"
    page.context.close()
