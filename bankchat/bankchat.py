"""The BankChat Reflex app: pages, the REST API on the backend, start-up migrations."""

import asyncio

import reflex as rx

from bankchat import log_tokens, logs, origins
from bankchat.api import build_api
from bankchat.pages.chat import chat_page
from bankchat.pages.console import console_page
from bankchat.pages.index import index_page
from bankchat.pages.login import login_page
from bankchat.pages.settings import settings_page
from bankchat.prepare import prepare
from bankchat.services.standing_order_schedule import keep_paying
from bankchat.settings import get_settings
from bankchat.state import AuthState, ChatState, guard
from bankchat.state.binding import CookieBinding
from bankchat.state.console_state import ConsoleState
from bankchat.state.failures import backend_exception_handler
from bankchat.state.readiness_state import ReadinessState
from bankchat.state.security_state import SecurityState

logs.configure(json_lines=get_settings().log_json)
log_tokens.install()


async def _prepare() -> None:
    """Migrate and seed, then load (or train) the intent classifier before the first message needs it."""
    await asyncio.to_thread(prepare)


app = rx.App(
    api_transformer=build_api(),
    stylesheets=["/styles.css"],
    head_components=[rx.script(src="/bankchat.js")],
    backend_exception_handler=backend_exception_handler,
)
# Reflex hands python-engineio a fixed list of origins (rxconfig's); a page's own origin
# depends on the address it was opened under, so the websocket asks bankchat.origins instead.
if app.sio is not None:
    app.sio.eio.cors_allowed_origins = origins.websocket_origin_allowed
app.add_middleware(CookieBinding())
guard.install(app)
app.register_lifespan_task(_prepare)
app.register_lifespan_task(keep_paying)  # pays standing orders when due (each date once, any number of workers)
app.add_page(index_page, route="/", title="BankChat", on_load=rx.redirect("/chat"))
app.add_page(login_page, route="/login", title="Sign in · BankChat", on_load=AuthState.open_login_page)
app.add_page(chat_page, route="/chat", title="BankChat", on_load=[ReadinessState.check, ChatState.open_chat_page])
app.add_page(settings_page, route="/settings", title="Security · BankChat", on_load=SecurityState.open_settings)
app.add_page(console_page, route="/console", title="Console · BankChat", on_load=ConsoleState.open_console)
