"""The small HTML page a browser gets when a statement link from the chat doesn't work.

A customer clicks the link in the chat, so a browser (``Accept: text/html``) would otherwise show our
raw JSON error. It gets a page saying what happened and how to get a fresh link instead, with the
status that says it: 410 for an expired link, 403 for an altered one, 404 for a statement that isn't
the signed-in customer's. API clients keep the JSON ``{detail, code}`` of ``api/errors.py``.
"""

from __future__ import annotations

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse

from bankchat import errors
from bankchat.api.errors import status_for
from bankchat.settings import get_settings

_FRESH = "Ask the assistant for your statement again and it will give you a fresh link."

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · BankChat</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 34rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ font-size: 1.4rem; }}
a {{ color: #0b57d0; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{reason}</p>
<p>{fresh}</p>
<p><a href="/chat">Back to the chat</a></p>
</main>
</body>
</html>
"""


def wants_html(request: Request) -> bool:
    """Whether the caller is a browser opening the page (it asks for ``text/html``), not an API client."""
    return "text/html" in request.headers.get("accept", "").lower()


def link_problem_page(exc: errors.BankChatError) -> HTMLResponse:
    """The page for a statement link that failed with ``exc``, with its status."""
    if isinstance(exc, errors.LinkExpired):
        minutes = get_settings().statement_link_minutes
        title, reason = "This link has expired", f"Statement links work for {minutes} minutes, to keep them safe."
    elif isinstance(exc, errors.InvalidLink):
        title, reason = "This link isn't valid", "The link has been changed or cut short, so it can't be used."
    else:
        title = "We couldn't find that statement"
        reason = "It isn't one of the signed-in customer's statements. Sign in as its owner, or start again."
    said = {"title": title, "reason": reason, "fresh": _FRESH}
    page = _PAGE.format(**{name: escape(text, quote=False) for name, text in said.items()})
    return HTMLResponse(page, status_code=status_for(exc), headers={"Cache-Control": "no-store"})
