"""Markdown for text that people typed: raw HTML stays text, no math (customers' and staff's words are inert)."""

import reflex as rx


def safe_markdown(content: rx.Var | str, **props: object) -> rx.Component:
    """Tables, lists and emphasis render; ``<script>``, ``<img onerror>`` and the like show as text."""
    return rx.markdown(content, use_raw=False, use_math=False, use_katex=False, **props)
