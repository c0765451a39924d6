"""Who the simulated users are: fresh ones per round and concurrency, so no user's recent messages pile up."""

from __future__ import annotations

from benchmarks.config import Config
from benchmarks.seed import UserSpec

ACCOUNT_SMALL = "acct_small"
ACCOUNT_LARGE = "acct_large"


def chat_users(round_: int, clients: int) -> list[str]:
    """The users of one chat-load cell."""
    return [f"chat_r{round_}_c{clients}_{i}" for i in range(clients)]


def rest_users(round_: int, clients: int) -> list[str]:
    """The users of one REST-load cell."""
    return [f"rest_r{round_}_c{clients}_{i}" for i in range(clients)]


def history_user(messages: int) -> str:
    """The user whose conversation holds ``messages`` stored messages."""
    return f"hist_{messages}"


def scaleout_users(round_: int, clients: int, workers: int) -> list[str]:
    """The users of one scale-out cell."""
    return [f"scale_r{round_}_w{workers}_{i}" for i in range(clients)]


def all_users(config: Config) -> list[UserSpec]:
    """Every user the SQLite run needs, seeded once before measuring."""
    specs: list[UserSpec] = []
    for round_ in range(config.rounds):
        for clients in config.concurrency:
            specs += [UserSpec(name) for name in chat_users(round_, clients)]
            specs += [UserSpec(name) for name in rest_users(round_, clients)]
    specs += [UserSpec(history_user(n), messages=n) for n in config.history]
    specs.append(UserSpec(ACCOUNT_SMALL, sessions=2, messages=10, other_messages=10))
    specs.append(
        UserSpec(ACCOUNT_LARGE, sessions=config.account_sessions, messages=config.account_messages, other_messages=20)
    )
    return specs
