"""How to reach the optional LLM: one frozen value built from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from bankchat.settings import Settings, get_settings


@dataclass(frozen=True)
class LLMConfig:
    """Where the OpenAI-compatible endpoint is and how patiently to call it."""

    base_url: str
    """The API root, e.g. ``http://127.0.0.1:8080/v1``; ``/chat/completions`` is appended."""
    model: str = "gpt-4o-mini"
    """Model name sent with every request."""
    api_key: str | None = field(default=None, repr=False)
    """Sent as ``Authorization: Bearer``; None sends no header. Kept out of ``repr`` and logs."""
    timeout_seconds: float = 20.0
    """Read timeout: the longest wait for the next bytes of the answer."""
    retries: int = 2
    """Extra attempts after a retryable failure, only before any text has arrived."""
    connect_timeout_seconds: float = 5.0
    """Longest wait to open the connection."""
    backoff_seconds: float = 0.25
    """First retry delay; it doubles on each further retry."""
    max_backoff_seconds: float = 4.0
    """Upper bound of the doubling delay."""
    max_retry_after_seconds: float = 5.0
    """Upper bound on a server's ``Retry-After``; a longer wait is cut to this."""
    temperature: float = 0.2
    """Sampling temperature: low, since answers restate facts."""
    max_tokens: int = 400
    """Longest answer, in tokens."""

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            msg = "the LLM base URL must start with http:// or https://"
            raise ValueError(msg)
        if self.retries < 0 or self.timeout_seconds <= 0 or self.connect_timeout_seconds <= 0:
            msg = "LLM retries must be >= 0 and timeouts > 0"
            raise ValueError(msg)

    @property
    def completions_url(self) -> str:
        """The chat-completions endpoint."""
        return self.base_url.rstrip("/") + "/chat/completions"

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> LLMConfig | None:
        """The configuration from ``BANKCHAT_LLM_*``; None when no base URL is set (the LLM is off)."""
        settings = settings or get_settings()
        base_url = (settings.llm_base_url or "").strip()
        if not base_url:
            return None
        return cls(
            base_url=base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key or None,
            timeout_seconds=settings.llm_timeout_seconds,
            retries=settings.llm_retries,
        )
