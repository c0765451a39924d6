"""Field types for request bodies: text every layer can store, bounded JSON, user references.

Each refuses, as a 422, input that would otherwise fail deep inside (a lone
surrogate no database accepts, JSON nested too deep to serialise back).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import AfterValidator, PlainValidator

MAX_METADATA_BYTES = 8192
"""Largest ``metadata`` accepted, in bytes of UTF-8 JSON."""
MAX_METADATA_DEPTH = 8
"""Deepest nesting of objects and arrays accepted in ``metadata``."""
PUBLIC_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
"""What a public ID or a paging cursor looks like (both opaque; the services check the rest)."""
MAX_ID = 2**63 - 1
"""Largest integer ID a path or query takes: the database's 64-bit keys hold no more (a larger one is a 422)."""


def _unicode(value: str) -> str:
    # JSON may carry lone surrogates ("\ud800"), which no database or encoder accepts.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        msg = "must be valid Unicode text"
        raise ValueError(msg) from None
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        msg = "must not contain NUL characters"
        raise ValueError(msg)
    return value


def _user_ref(value: object) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _unicode(value)
    msg = "must be a user ID or a username"
    raise ValueError(msg)


Text = Annotated[str, AfterValidator(_unicode)]
"""Any string that can be stored and sent back."""

UserRef = Annotated[int | str, PlainValidator(_user_ref, json_schema_input_type=int | str)]
"""A user named by ID or username (a JSON ``true`` is neither)."""


def _depth(value: object) -> int:
    """How deeply ``value`` nests objects and arrays (iterative: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            if deepest > MAX_METADATA_DEPTH:
                break
            stack.extend((child, level + 1) for child in children)
    return deepest


def _small_json(value: dict[str, Any]) -> dict[str, Any]:
    if _depth(value) > MAX_METADATA_DEPTH:
        msg = f"must nest at most {MAX_METADATA_DEPTH} levels deep"
        raise ValueError(msg)
    try:
        size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    except UnicodeEncodeError:
        msg = "must be valid Unicode text"
        raise ValueError(msg) from None
    if size > MAX_METADATA_BYTES:
        msg = f"must be at most {MAX_METADATA_BYTES} bytes of JSON"
        raise ValueError(msg)
    return value


Username = Annotated[Text, AfterValidator(_no_nul)]
"""A username as typed (no NUL: no stored username has one)."""

Metadata = Annotated[dict[str, Any], AfterValidator(_small_json)]
"""Free-form JSON object stored with a session: small and shallow."""
