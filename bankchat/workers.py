"""Granian replaces a backend worker that dies, instead of the whole backend exiting with it.

Reflex 0.10.1 starts the production backend in ``reflex/utils/exec.py``,
``run_granian_backend_prod``: ``from granian.server import Server``, then
``Server(target=…, workers=GRANIAN_WORKERS, …)`` with no ``respawn_failed_workers``, and
granian 2.8.9 defaults it to False. Then one worker that exits unexpectedly (``kill -9``,
the out-of-memory killer, a crash in native code) ends granian's serve loop: the other
workers are stopped and the backend exits with status 1. There is no supported switch:
granian reads ``GRANIAN_RESPAWN_FAILED_WORKERS`` only in its own command line (click's
``auto_envvar_prefix``), which Reflex does not use, and Reflex passes through only
``GRANIAN_WORKERS`` and ``GRANIAN_LOG_LEVEL``.

:func:`respawn_failed_workers` (called from ``rxconfig.py``: the ``reflex`` command reads
the config before it looks ``granian.server.Server`` up) puts a subclass in its place whose
``respawn_failed_workers`` defaults to True. Granian then starts a new worker on the same
socket, and the others keep serving. Granian's own guard still holds: a worker that dies
again within 5.5 s of its respawn is a crash loop, and the backend exits (its supervisor
starts it again, whole).

Checked against Reflex 0.10.1 and granian 2.8.9 (``granian/server/common.py``,
``AbstractServer._serve_loop``). Both assumptions are checked whenever this is applied, and
:class:`WorkerRespawnUnavailable` is raised if either no longer holds, so an upgrade cannot
quietly bring back the old behaviour.
"""

from __future__ import annotations

import inspect
from typing import Any

import granian.server

__all__ = ["WorkerRespawnUnavailable", "is_applied", "respawn_failed_workers"]

RESPAWN_OPTION = "respawn_failed_workers"
REFLEX_IMPORT = "from granian.server import Server"
"""How Reflex's ``run_granian_backend_prod`` gets granian's server class (looked up when it runs)."""


class WorkerRespawnUnavailable(RuntimeError):
    """Reflex or granian changed in a way that defeats :func:`respawn_failed_workers`."""


def respawn_failed_workers() -> None:
    """Make granian's ``Server`` respawn a worker that dies (idempotent).

    Raises:
        WorkerRespawnUnavailable: granian's ``Server`` no longer takes ``respawn_failed_workers``, or
            Reflex no longer builds its production server from ``granian.server.Server`` (or now sets
            the option itself): re-check this module against the new versions.
    """
    if is_applied():
        return
    base: type[Any] = granian.server.Server
    if RESPAWN_OPTION not in inspect.signature(base.__init__).parameters:
        msg = f"granian.server.Server takes no {RESPAWN_OPTION!r} any more: see {__name__}'s docstring"
        raise WorkerRespawnUnavailable(msg)
    _check_reflex()

    class RespawningServer(base):
        """Granian's server with ``respawn_failed_workers=True`` unless the caller says otherwise."""

        def __init__(self, *args: Any, respawn_failed_workers: bool = True, **kwargs: Any) -> None:
            super().__init__(*args, respawn_failed_workers=respawn_failed_workers, **kwargs)

    RespawningServer.__qualname__ = f"RespawningServer({base.__qualname__})"
    granian.server.Server = RespawningServer


def is_applied() -> bool:
    """Whether :func:`respawn_failed_workers` has replaced granian's ``Server`` in this process."""
    return granian.server.Server.__name__ == "RespawningServer" and granian.server.Server.__module__ == __name__


def _check_reflex() -> None:
    from reflex.utils import exec as reflex_exec

    run = getattr(reflex_exec, "run_granian_backend_prod", None)
    source = inspect.getsource(run) if run is not None else ""
    if REFLEX_IMPORT not in source or RESPAWN_OPTION in source:
        msg = (
            "Reflex no longer builds its production server from granian.server.Server without "
            f"{RESPAWN_OPTION!r} (reflex.utils.exec.run_granian_backend_prod): see {__name__}'s docstring"
        )
        raise WorkerRespawnUnavailable(msg)
