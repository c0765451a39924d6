"""Every BankChat setting, read from the environment (``BANKCHAT_*``) or ``.env``.

The database URL is shared with Reflex: ``REFLEX_DB_URL`` (Reflex's own override)
wins over ``BANKCHAT_DATABASE_URL`` so that both layers always use one database.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me-in-production"  # noqa: S105 - a marker, not a secret


class Settings(BaseSettings):
    """BankChat configuration."""

    model_config = SettingsConfigDict(env_prefix="BANKCHAT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    """Where the app runs; production refuses placeholder secrets."""

    database_url: str = Field(
        default="sqlite:///bankchat.db",
        validation_alias=AliasChoices("REFLEX_DB_URL", "BANKCHAT_DATABASE_URL"),
    )
    """SQLAlchemy URL of the one database every layer uses."""

    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("REFLEX_REDIS_URL", "BANKCHAT_REDIS_URL"))
    """Redis for Reflex's state manager (several workers); None keeps state in-process."""

    secret_key: str = PLACEHOLDER_SECRET
    """Server secret (pepper for token hashes); must be set in production."""

    token_ttl_minutes: int = Field(default=12 * 60, ge=1)
    """Lifetime of an API token or browser sign-in."""

    token_idle_minutes: int = Field(default=24 * 60, ge=1)
    """A token unused for this long stops working (besides its absolute lifetime, ``token_ttl_minutes``)."""

    statement_link_minutes: int = Field(default=15, ge=1, le=24 * 60)
    """How long a statement's download link, offered in the chat, keeps working (signed with ``secret_key``)."""

    session_idle_minutes: int = Field(default=30 * 24 * 60, ge=1)
    """A chat session with no activity for this long becomes ``expired``."""

    session_max_age_days: int = Field(default=90, ge=1)
    """A chat session older than this becomes ``expired`` whatever its activity (absolute lifetime)."""

    argon2_memory_kib: int = Field(default=19456, ge=8)
    """argon2id memory cost (OWASP: 19 MiB, 2 iterations, 1 lane)."""

    argon2_time_cost: int = Field(default=2, ge=1)
    """argon2id iterations."""

    argon2_parallelism: int = Field(default=1, ge=1)
    """argon2id lanes."""

    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    """Failed sign-ins older than this are forgotten by the brute-force throttle."""

    login_max_failures_per_user: int = Field(default=5, ge=1)
    """Failures for one username within the window before its sign-ins are refused (429) for a while."""

    login_lockout_base_seconds: int = Field(default=60, ge=1)
    """How long a username is refused after reaching the limit; doubles with each further failure."""

    login_lockout_max_seconds: int = Field(default=15 * 60, ge=1)
    """The longest a username is refused, so the real user is never locked out for long."""

    login_max_failures_per_address: int = Field(default=20, ge=1)
    """Failures from one client address within the window before its sign-ins are refused (429)."""

    trust_forwarded_for: bool = False
    """Take the client address from ``X-Forwarded-For``'s first hop. Only behind a trusted
    reverse proxy that sets the header: otherwise any client picks its own address."""

    messages_per_minute: int = Field(default=30, ge=0)
    """Messages one user may send in any 60 seconds (idempotent replays do not count); 0: no per-user
    limit (a gateway in front limits, or a load test sends faster than any person)."""

    sessions_per_hour: int = Field(default=20, ge=1)
    """Conversations one user may start in any hour."""

    max_message_chars: int = Field(default=4000, ge=1)
    """Longest chat message accepted."""

    turn_threads: int = Field(default=0, ge=0, le=64)
    """Threads a worker runs chat turns on (``services/turns.py``); 0: one on SQLite, four otherwise."""

    history_page_size: int = Field(default=50, ge=1, le=500)
    """The default page of ``GET /api/sessions/{id}/messages``."""

    chat_window_messages: int = Field(default=20, ge=1, le=500)
    """Messages the chat page holds (the latest, then a page more per "Load earlier messages").
    Reflex re-sends a changed list whole, so the window is what opening or switching costs."""

    state_idle_minutes: int = Field(default=15, ge=1)
    """A tab's server-side state unused for this long is dropped (Reflex's token expiration;
    Reflex's default is an hour). A tab that comes back rebuilds it from the database."""

    cookie_name: str = "bankchat_auth"
    """Name of the HttpOnly cookie that carries the browser's sign-in."""

    cookie_secure: bool = False
    """Send the sign-in cookie over HTTPS only (set in production behind TLS)."""

    frontend_origin: str = "http://localhost:3000"
    """Origins of a front end served apart from the back end, comma-separated, trusted by CORS,
    the websocket and the cookie routes besides the page's own origin (``bankchat.origins``)."""

    scam_warning_cents: int = Field(default=50_000, ge=0)
    """A first payment to a saved payee above this many cents (£500) shows a warning about common scams and
    needs a second, explicit yes (issue 17's scam friction); 0: every first payment to a payee is warned."""

    approval_threshold_cents: int = Field(default=100_000, ge=0)
    """A payment to a payee above this many cents (£1,000), like any payment to a payee added in the last 24
    hours, needs the customer's passkey or authenticator-app code, bound to that payment (``bank/approvals.py``)."""

    standing_orders_interval_seconds: int = Field(default=300, ge=0)
    """How often the app pays the standing orders that are due (every worker may: each date is paid once);
    0: not in the app (``python -m bankchat.standing_orders_run`` from cron instead)."""

    four_eyes_threshold_cents: int = Field(default=500_000, ge=0)
    """A payment to a payee above this many cents (£5,000) is held until a member of staff (never its customer)
    approves it in the manager console (``bank/payment_reviews.py``)."""

    seed_demo_data: bool = True
    """Create the demo users on start (idempotent)."""

    log_json: bool = True
    """Log lifecycle events as JSON lines."""

    llm_base_url: str | None = None
    """OpenAI-compatible endpoint, e.g. ``http://127.0.0.1:11434/v1``; None: the embedded agents serve everything."""

    llm_model: str = "gpt-4o-mini"
    """Model name sent to the LLM endpoint."""

    llm_api_key: str | None = Field(default=None, repr=False)
    """Bearer key for the LLM endpoint (optional for local servers); never logged."""

    llm_timeout_seconds: float = Field(default=20, gt=0)
    """Longest wait for the next bytes from the LLM before giving up (the connect timeout is 5 s)."""

    llm_retries: int = Field(default=2, ge=0, le=5)
    """Retries on connect errors, timeouts, 429 and 5xx, only before any text has arrived."""

    @property
    def frontend_origins(self) -> tuple[str, ...]:
        """``frontend_origin`` as a list: lower case, no trailing slash, blanks dropped."""
        return tuple(o.strip().rstrip("/").lower() for o in self.frontend_origin.split(",") if o.strip())

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key == PLACEHOLDER_SECRET:
            msg = "BANKCHAT_SECRET_KEY must be set in production"
            raise ValueError(msg)
        return self


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
