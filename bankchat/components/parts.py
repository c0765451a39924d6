"""Small pieces several pages share: buttons, rows and columns, grey text, the header bar, banners, notices, tables."""

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx
from reflex.vars.sequence import ArrayVar


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


def icon_text_button(icon: str, label: str, *, icon_size: int = 16, **props: Any) -> rx.Component:
    """A button with an icon before its words (New conversation, Claim conversation, Send)."""
    return rx.button(rx.icon(icon, size=icon_size), label, **props)


def small_button(icon: str, label: str, *, icon_size: int = 14, **props: Any) -> rx.Component:
    """A small soft button: an icon, then a word or two (Refresh, Export CSV, Stop)."""
    return icon_text_button(icon, label, icon_size=icon_size, size="1", variant="soft", **props)


def row(*children: rx.Component, **props: Any) -> rx.Component:
    """A full-width row, its items centred on one line (panel headers, list items, the user's card)."""
    return rx.hstack(*children, align="center", **props, width="100%")


def column(*children: rx.Component, **props: Any) -> rx.Component:
    """A full-width column (a panel's or a form's parts, one under the other)."""
    return rx.vstack(*children, **props, width="100%")


def muted(*children: str | rx.Var | rx.Component, size: str = "1", **props: Any) -> rx.Component:
    """Grey secondary text: times, captions, hints (small unless ``size`` says otherwise)."""
    return rx.text(*children, size=size, color_scheme="gray", **props)


def text_field(
    value: rx.Var[str],
    on_change: rx.EventHandler,
    *,
    label: str,
    max_length: int,
    multiline: bool = False,
    **props: Any,
) -> rx.Component:
    """A text box showing ``value`` and sending every change to ``on_change`` (the state bounds it again).

    Args:
        value: The state var it shows.
        on_change: The handler that keeps what is typed.
        label: Its name for screen readers.
        max_length: The most characters it takes: the longest the state keeps.
        multiline: A text area (a note, a message) rather than a one-line input.
        **props: Its other props (``id``, ``placeholder``, ``rows``, ``width``...).
    """
    box = rx.text_area if multiline else rx.input
    return box(value=value, on_change=on_change, aria_label=label, max_length=max_length, **props)


def more_button(label: str, on_click: rx.EventHandler, **props: Any) -> rx.Component:
    """A small frameless button that shows more of a list (older conversations, earlier messages)."""
    return rx.button(label, on_click=on_click, variant="ghost", size="1", **props)


def header_bar(*children: rx.Component, **props: Any) -> rx.Component:
    """The bar along the top of the chat and the console pages."""
    return rx.hstack(*children, align="center", spacing="3", class_name="chat-header", **props)


def banner(
    icon: rx.Component, message: str | rx.Var[str], *extras: rx.Component, status: str | rx.Var[str], **props: Any
) -> rx.Component:
    """A calm line above the composer ("getting ready", a colleague joining): ``icon``, ``message``, then ``extras``.

    ``status`` goes in ``data-status``.
    """
    return rx.hstack(
        icon,
        rx.text(message, size="2"),
        *extras,
        align="center",
        spacing="2",
        class_name="handoff-banner",
        data_status=status,
        **props,
    )


def notice(text: rx.Var[str], icon: str, color_scheme: str, **props: Any) -> rx.Component:
    """``text`` in a callout read out at once (``role="alert"``), shown only while it is not empty."""
    return rx.cond(text != "", rx.callout(text, icon=icon, color_scheme=color_scheme, role="alert", **props))


def unless_empty(items: ArrayVar[Any], content: rx.Component, *, empty: str) -> rx.Component:
    """``content``, or the sentence ``empty`` in grey while ``items`` has nothing in it."""
    return rx.cond(items.length() == 0, muted(empty, size="2"), content)


def data_table(
    headers: Sequence[str | rx.Component], rows: ArrayVar[Any], row: Callable[[Any], rx.Component]
) -> rx.Component:
    """A small full-width table: a header cell per ``headers`` item (a string or a ready cell), a ``row`` per row."""
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) if isinstance(h, str) else h for h in headers])),
        rx.table.body(rx.foreach(rows, row)),
        size="1",
        width="100%",
        class_name="data-table",  # its cells wrap (assets/styles.css): no sideways scroll a keyboard can't reach
    )
