"""The sign-in page."""

import reflex as rx

from bankchat.components.brand import color_mode_button, logo
from bankchat.components.parts import column, muted, notice
from bankchat.state.auth_state import AuthState

LOGIN_SCRIPT = (
    "window.bankchat ? window.bankchat.login() : new Promise((done) => {"
    " const wait = setInterval(() => { if (window.bankchat) { clearInterval(wait); done(window.bankchat.login()); } },"
    " 50); })"
)
"""Sign in through the REST route; waits for ``/bankchat.js`` if the page was faster than the script."""


def _field(label: str, **props: object) -> rx.Component:
    return column(
        rx.el.label(label, html_for=props["id"], class_name="field-label"),
        rx.input(size="3", width="100%", on_change=AuthState.clear_login_error, **props),
        spacing="1",
    )


def login_page() -> rx.Component:
    """Username and password; the REST route sets the HttpOnly sign-in cookie."""
    return rx.center(
        rx.box(color_mode_button(), position="absolute", top="1em", right="1em"),
        rx.card(
            column(
                rx.hstack(logo("2.75em"), rx.heading("BankChat", size="7", weight="bold"), align="center"),
                muted("Sign in to talk to your banking assistant.", size="2"),
                rx.form(
                    column(
                        # No ``name`` attributes: a submit before the page is live must not put the
                        # password in a URL (the script reads the fields by ID).
                        _field("Username", id="login-username", auto_complete="username", auto_focus=True),
                        _field("Password", id="login-password", type="password", auto_complete="current-password"),
                        notice(AuthState.login_error, "circle-alert", "red", id="login-error", width="100%"),
                        rx.button(
                            "Sign in",
                            type="submit",
                            size="3",
                            width="100%",
                            id="login-button",
                            # Usable once the page is live (hydrated, socket open, script loaded).
                            disabled=~AuthState.is_hydrated,
                        ),
                        spacing="4",
                    ),
                    on_submit=rx.call_script(LOGIN_SCRIPT, callback=AuthState.login_answer),
                    reset_on_submit=False,
                    width="100%",
                ),
                muted("Demo users: manager, alice, bob · password Password123! (demo only)"),
                spacing="4",
            ),
            size="4",
            width="min(420px, 92vw)",
        ),
        min_height="100dvh",
        class_name="login-backdrop",
    )
