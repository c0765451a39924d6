"""Lists the browser addresses by position: it never holds the IDs behind the rows, only each row's ``ref``."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class ListedRow:
    """A row of such a list: ``ref`` is its position, which the browser sends back to act on it."""

    ref: int = 0


def at_position(ids: list[str], ref: object) -> str | None:
    """The ID at list position ``ref`` (a browser's word: anything), or None when there is no such row."""
    if isinstance(ref, bool) or not isinstance(ref, int) or not 0 <= ref < len(ids):
        return None
    return ids[ref]
