"""A guard on what the model wrote, before anyone sees it.

The UI renders Markdown without raw HTML, so this is a second line: drop HTML, script links and images
(an image URL is fetched by the browser unasked, so it could carry data away), and cap the length.
"""

from __future__ import annotations

import html
import re

MAX_CHARS = 4000
"""Longest model answer shown; longer ones are cut."""

_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCKS = re.compile(r"<(script|style|iframe|object|embed|template|noscript)\b.*?(?:</\1\s*>|\Z)", re.I | re.S)
_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAGS = re.compile(r"</?[A-Za-z][^<>]*>|<![A-Za-z\[][^<>]*>")
_LINKS = re.compile(r"(!?)\[([^\]]*)\]\(((?:[^()]|\([^()]*\))*)\)")  # one level of (...) inside
_REFERENCE_IMAGES = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_SCRIPT_SCHEMES = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I)


def safe_text(text: str) -> str:
    """``text`` without HTML tags, script or data links and images, at most ``MAX_CHARS`` long."""
    text = _CONTROL.sub("", text)
    for _ in range(5):  # again until stable, so that removing one piece cannot assemble another
        cleaned = _strip_once(text)
        if cleaned == text:
            break
        text = cleaned
    text = text.strip()
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _strip_once(text: str) -> str:
    text = _BLOCKS.sub("", text)
    text = _COMMENTS.sub("", text)
    text = _TAGS.sub("", text)
    text = _LINKS.sub(_link, text)
    text = _REFERENCE_IMAGES.sub(r"\1", text)
    return _SCRIPT_SCHEMES.sub("", text)


def _link(match: re.Match[str]) -> str:
    """Keep a link to a web, mail or phone address; an image or any other link becomes its text."""
    is_image, label, target = match.groups()
    if is_image:
        return label
    target = re.sub(r"[\s<>]", "", html.unescape(target)).lower()
    scheme = _SCHEME.match(target)
    if scheme and scheme.group(1) not in _SAFE_SCHEMES:
        return label
    return match.group(0)
