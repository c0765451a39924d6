"""``/``: sends visitors to the chat (which sends signed-out visitors to the login page)."""

import reflex as rx


def index_page() -> rx.Component:
    """A blank page that redirects on load."""
    return rx.center(rx.spinner(size="3"), min_height="100dvh")
