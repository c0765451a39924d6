"""The manager console's decision queues (disputes, held payments): one panel, whatever the queue decides.

Each item shows its own lines, then the queue's yes button and "Reject with note"; under the list, the
note the decision takes (required to reject), and a timer that refreshes the list while the console is open.
"""

from collections.abc import Callable
from typing import Any

import reflex as rx

from bankchat.components.console_panels import panel
from bankchat.components.parts import column, row, small_button, text_field, unless_empty
from bankchat.state.decision_queue import DecisionQueue

REFRESH_MS = 3000


def decision_queue(
    title: str,
    state: type[DecisionQueue],
    items: Any,
    lines: Callable[[Any], list[rx.Component]],
    *,
    yes: tuple[str, str, rx.EventHandler],
    name: str,
    empty: str,
    note_label: str,
    note_placeholder: str,
) -> rx.Component:
    """A titled card listing ``items`` of ``state``'s queue, each as its ``lines`` with the decision buttons.

    Args:
        title: The panel's title.
        state: The queue's state (a ``DecisionQueue``).
        items: The state's list of rows (each with its position as ``ref``).
        lines: What one item shows above its buttons.
        yes: The yes button's icon, words and handler (called with the item's ``ref``).
        name: What the ids say: the panel is ``<name>-queue``, the note box ``<name>-note``, each item's
            ``data-testid`` ``<name>-item``.
        empty: What the panel says while nothing waits.
        note_label: The note box's name for screen readers.
        note_placeholder: The hint in the empty note box.
    """
    icon, words, on_yes = yes

    def item(entry: Any) -> rx.Component:
        return rx.box(
            *lines(entry),
            row(
                small_button(icon, words, on_click=on_yes(entry.ref)),
                small_button("x", "Reject with note", on_click=state.reject(entry.ref)),
            ),
            class_name="console-item",
            data_testid=f"{name}-item",
        )

    return panel(
        title,
        unless_empty(items, column(rx.foreach(items, item), spacing="2"), empty=empty),
        text_field(
            state.note,
            state.set_note,
            label=note_label,
            max_length=state._desk.note_chars,  # the queue's declared limit (its ``Desk``)
            multiline=True,
            placeholder=note_placeholder,
            id=f"{name}-note",
            rows="2",
            width="100%",
        ),
        rx.moment(interval=REFRESH_MS, on_change=state.refresh, display="none"),
        id=f"{name}-queue",
        on_mount=state.refresh,
    )
