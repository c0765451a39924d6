"""The BankChat logo and name."""

import reflex as rx

from bankchat.components.parts import ghost_icon_button


def logo(size: str = "2.25em") -> rx.Component:
    """A round badge with a bank icon."""
    return rx.center(
        rx.icon("landmark", size=18, color="white"),
        width=size,
        height=size,
        border_radius="10px",
        background="linear-gradient(135deg, var(--accent-9), var(--accent-11))",
        flex_shrink="0",
    )


def brand() -> rx.Component:
    """Logo and product name side by side."""
    return rx.hstack(logo(), rx.heading("BankChat", size="5", weight="bold"), align="center", spacing="2")


def color_mode_button() -> rx.Component:
    """Switches between the light and the dark theme."""
    return ghost_icon_button(
        rx.color_mode_cond(light=rx.icon("moon", size=16), dark=rx.icon("sun", size=16)),
        "Switch light or dark theme",
        on_click=rx.toggle_color_mode,
        id="color-mode-toggle",
    )
