"""Who may use the manager console: the one check every console service makes before it reads or acts.

The API's admin router and the console's state call the same services, so the
rule lives here once; the adapters only map ``NotAManager`` to a 403 or to the
console's friendly refusal.
"""

from __future__ import annotations

from bankchat.errors import NotAManager
from bankchat.services.views import UserView

MANAGER = "manager"
"""The role that may read customers' conversations, take them over and see the figures."""


def require_manager(user: UserView) -> UserView:
    """``user`` when they hold the manager role; ``NotAManager`` for anyone else."""
    if user.role != MANAGER:
        raise NotAManager
    return user
