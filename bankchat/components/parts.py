"""Small pieces several pages share: the ghost icon button, the small soft button, notices and tables."""

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx


def ghost_icon_button(
    icon: str | rx.Component, label: str, *, tooltip: str = "", icon_size: int = 16, **props: Any
) -> rx.Component:
    """A grey icon button without a frame, named ``label`` for screen readers.

    Args:
        icon: A Lucide icon name, or a component to show instead (the theme switch's sun or moon).
        label: What the button does, read out by screen readers.
        tooltip: Shown on hover and focus; none when empty.
        icon_size: The icon's size in pixels.
        **props: The button's other props (``on_click``, ``id``, ``size``...).
    """
    button = rx.icon_button(
        rx.icon(icon, size=icon_size) if isinstance(icon, str) else icon,
        variant="ghost",
        color_scheme="gray",
        aria_label=label,
        **props,
    )
    return rx.tooltip(button, content=tooltip) if tooltip else button


def small_button(icon: str, label: str, *, icon_size: int = 14, **props: Any) -> rx.Component:
    """A small soft button: an icon, then a word or two (Refresh, Export CSV, Stop)."""
    return rx.button(rx.icon(icon, size=icon_size), label, size="1", variant="soft", **props)


def notice(text: rx.Var[str], **props: Any) -> rx.Component:
    """``text`` in a callout, shown only while it is not empty."""
    return rx.cond(text != "", rx.callout(text, **props))


def unless_empty(items: rx.Var, content: rx.Component, *, empty: str) -> rx.Component:
    """``content``, or the sentence ``empty`` in grey while ``items`` has nothing in it."""
    return rx.cond(items.length() == 0, rx.text(empty, size="2", color_scheme="gray"), content)


def data_table(headers: Sequence[str | rx.Component], rows: rx.Var, row: Callable[[Any], rx.Component]) -> rx.Component:
    """A small full-width table: a header cell per ``headers`` item (a string or a ready cell), a ``row`` per row."""
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) if isinstance(h, str) else h for h in headers])),
        rx.table.body(rx.foreach(rows, row)),
        size="1",
        width="100%",
    )
