"""Reflex configuration, built from BankChat's settings (environment variables)."""

import reflex as rx

from bankchat import workers
from bankchat.settings import get_settings

# Before `reflex run` builds granian's server: a worker that dies is replaced instead of ending the backend.
workers.respawn_failed_workers()

_settings = get_settings()

config = rx.Config(
    app_name="bankchat",
    db_url=_settings.database_url,
    redis_url=_settings.redis_url,
    # Despite its name, the expiry of abandoned tab states for every state manager (memory, disk, Redis).
    redis_token_expiration=_settings.state_idle_minutes * 60,
    # The REST API's CORS; the websocket also trusts the page's own origin (bankchat/origins.py).
    cors_allowed_origins=list(_settings.frontend_origins),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="teal", gray_color="slate", radius="large", scaling="100%")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
