"""The calm banner the chat page shows while the server is still preparing."""

import reflex as rx

from bankchat.components.parts import banner, muted
from bankchat.state.readiness_state import ReadinessState


def getting_ready_banner() -> rx.Component:
    """ "Getting ready", what the server is doing, and that sending opens by itself."""
    return rx.cond(
        ReadinessState.preparing,
        banner(
            rx.spinner(size="2"),
            "BankChat is getting ready. You can send your message in a moment; this page updates by itself.",
            muted(ReadinessState.stage),
            status="preparing",
            wrap="wrap",
            role="status",
            id="getting-ready-banner",
        ),
    )
