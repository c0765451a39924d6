"""What the browser hears when a handler fails: a kind word, never the exception's text.

Client mistakes are refused before a handler runs (``guard``) or by the handler itself,
so what reaches here is a fault of ours: logged once, with its traceback, for us.
(No ``from __future__ import annotations``: Reflex checks this function's annotations as objects.)
"""

import logging

import reflex as rx
from reflex.event import EventSpec

log = logging.getLogger("bankchat.state")

SORRY = "Something went wrong on our side. Please try again."


def backend_exception_handler(exception: Exception) -> EventSpec:
    """Log the failure for us; tell the user something went wrong, without details."""
    log.error("An event handler failed: %s", type(exception).__name__, exc_info=exception)
    return rx.toast.error(SORRY)
