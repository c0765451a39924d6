"""``/settings``: the customer's passkeys and authenticator app, which approve large payments and new payees."""

import reflex as rx

from bankchat.components.brand import brand, color_mode_button
from bankchat.components.parts import column, header_bar, muted, notice, row, small_button, text_field
from bankchat.state.security_state import AuthenticatorRow, SecurityState, approval_limits


def _header() -> rx.Component:
    return header_bar(
        brand(),
        rx.badge("Security", variant="soft", size="2"),
        rx.spacer(),
        rx.link(small_button("message-circle", "Back to chat"), href="/chat", id="back-to-chat"),
        color_mode_button(),
        width="100%",
    )


def _authenticator(item: AuthenticatorRow) -> rx.Component:
    return row(
        rx.cond(item.kind == "passkey", rx.icon("key-round", size=18), rx.icon("smartphone", size=18)),
        column(rx.text(item.name, size="2", weight="medium"), muted("Added " + item.added), spacing="0", flex="1"),
        small_button("trash-2", "Remove", color_scheme="red", on_click=SecurityState.remove(item.id)),
        spacing="3",
        class_name="authenticator-row",
    )


def _approval_rules() -> str:
    """What needs the customer's approval, and what a colleague checks too: the amounts from the settings."""
    own, colleague = approval_limits()
    return (
        f"Payments over {own}, payments to a payee added in the last 24 hours and new payees need "
        "your approval: a passkey (your fingerprint, face or screen lock) or a code from an "
        "authenticator app. The approval covers exactly that payment: its amount and who it goes to. "
        f"Payments over {colleague} are also checked by a colleague before they leave."
    )


def _totp_setup() -> rx.Component:
    return column(
        rx.text("1. Scan this code with your authenticator app (Google Authenticator, 1Password, Authy …):", size="2"),
        rx.image(src=SecurityState.totp_qr, alt="QR code for your authenticator app", width="200px", id="totp-qr"),
        muted("Can't scan it? Type this key into the app instead:"),
        rx.code(SecurityState.totp_secret, id="totp-secret", size="2"),
        rx.text("2. Type the 6-digit code the app shows:", size="2"),
        row(
            text_field(
                SecurityState.totp_code,
                SecurityState.set_totp_code,
                label="Code from your authenticator app",
                max_length=6,
                placeholder="123456",
                input_mode="numeric",
                auto_complete="one-time-code",
                id="totp-code",
                width="9em",
            ),
            rx.button("Confirm", on_click=SecurityState.confirm_totp, id="totp-confirm"),
            spacing="2",
        ),
        spacing="3",
        class_name="totp-setup",
    )


def settings_page() -> rx.Component:
    """Signed-in customers only (``SecurityState.open_settings`` sends anyone else to /login)."""
    return rx.box(
        _header(),
        rx.center(
            rx.card(
                column(
                    rx.heading("Approving payments", size="5"),
                    muted(_approval_rules(), size="2", id="approval-rules"),
                    notice(SecurityState.notice, "circle-check", "green", id="security-notice"),
                    rx.heading("Your passkeys and apps", size="3"),
                    rx.cond(
                        SecurityState.authenticators.length() == 0,
                        muted("None yet: add one below.", size="2"),
                        column(rx.foreach(SecurityState.authenticators, _authenticator), spacing="2"),
                    ),
                    rx.separator(),
                    row(
                        rx.button(
                            rx.icon("key-round", size=16),
                            "Add a passkey",
                            on_click=SecurityState.add_passkey,
                            id="add-passkey",
                        ),
                        rx.cond(
                            ~SecurityState.has_app,
                            rx.button(
                                rx.icon("smartphone", size=16),
                                "Set up an authenticator app",
                                variant="soft",
                                on_click=SecurityState.start_totp,
                                id="start-totp",
                            ),
                        ),
                        spacing="3",
                        wrap="wrap",
                    ),
                    rx.cond(SecurityState.totp_qr != "", _totp_setup()),
                    spacing="4",
                ),
                size="3",
                width="min(640px, 94vw)",
            ),
            padding_y="2em",
        ),
        min_height="100dvh",
    )
