"""Bot and staff Markdown: links stay links only into our own API (a statement's signed download) and to the
security settings page."""

from __future__ import annotations

import reflex as rx

from bankchat.components.safe_markdown import OWN_LINKS, OWN_PAGE, safe_markdown


def _link_renderer() -> str:
    """The JavaScript that renders a Markdown link in a reply."""

    def find(component: rx.Component) -> rx.Component | None:
        if hasattr(component, "format_component_map"):
            return component
        return next((found for child in component.children if (found := find(child)) is not None), None)

    markdown = find(safe_markdown("[PDF](/api/statements/1/2025-02.pdf)"))
    assert markdown is not None
    return str(markdown.format_component_map()["a"])  # type: ignore[attr-defined]


def test_link_into_own_api_is_followed_by_browser_and_any_other_is_text() -> None:
    js = _link_renderer()

    assert f'(props.href ?? "").startsWith("{OWN_LINKS}")' in js
    assert f'"{OWN_PAGE}"' in js  # the security settings, where a reply sends a customer to add a passkey
    own, other = js.split(":(jsx(Fragment", 1)
    assert "reloadDocument:true" in own  # a real request (the download), not routing inside the page
    assert 'jsx("span",{},children)' in other  # elsewhere: the words, no href
    assert "href" not in other.replace("props.href", "")
