"""The REST API: a FastAPI app mounted on Reflex's backend, thin over ``services``."""

from bankchat.api.app import build_api

__all__ = ["build_api"]
