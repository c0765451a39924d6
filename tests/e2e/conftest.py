"""Playwright in a real headless Chromium against the running app; any browser error fails the test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from tests.support.live_server import LiveServer

expect.set_options(timeout=10_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _chromium_executable() -> str | None:
    """``BANKCHAT_CHROMIUM`` (set by scripts/test.sh), else Playwright's own browser, else the system's."""
    chosen = os.environ.get("BANKCHAT_CHROMIUM")
    if chosen:
        return chosen
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        own = p.chromium.executable_path
    if own and Path(own).exists():
        return None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="session")
def base_url(live_app: LiveServer) -> str:
    """Every page of the suite is opened on the live app."""
    return live_app.base_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Headless Chromium with the flags this closed network needs."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if exe := _chromium_executable():
        args["executable_path"] = exe
    return args


class BrowserErrors:
    """Console errors and uncaught page errors seen during a test."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.allowed: list[str] = []

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.seen.append(f"console: {msg.text}")

    def on_page_error(self, err: Error) -> None:
        self.seen.append(f"pageerror: {err}")

    def allow(self, fragment: str) -> None:
        """Accept errors containing ``fragment`` (an expected 401 of a wrong password, say)."""
        self.allowed.append(fragment)

    def unexpected(self) -> list[str]:
        return [e for e in self.seen if not any(a in e for a in self.allowed)]


@pytest.fixture
def browser_errors() -> BrowserErrors:
    """The errors of this test's pages; the test fails if any is unexpected."""
    return BrowserErrors()


@pytest.fixture
def watch(browser_errors: BrowserErrors) -> Iterator[Any]:
    """Attach the error watcher to a page (``watch(page)``); checked when the test ends."""

    def attach(page: Page) -> Page:
        page.on("console", browser_errors.on_console)
        page.on("pageerror", browser_errors.on_page_error)
        page.set_default_timeout(20_000)
        return page

    yield attach
    assert not browser_errors.unexpected(), "browser errors:\n" + "\n".join(browser_errors.unexpected())


@pytest.fixture
def page(page: Page, watch: Any) -> Page:
    """pytest-playwright's page, watched for errors."""
    return watch(page)
