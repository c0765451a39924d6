"""The floor app's Reflex configuration (it runs from this folder: ``reflex run --env prod``)."""

import reflex as rx

config = rx.Config(
    app_name="floor",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
