"""bankchat.workers: granian's server respawns a dead worker once the config is read, and an upgrade
that defeats this fails loudly instead of quietly bringing back "one dead worker ends the backend"."""

from __future__ import annotations

from typing import Any

import granian.server
import granian.server.common
import pytest
from reflex.utils import exec as reflex_exec

import rxconfig  # noqa: F401 - applies bankchat.workers, as the reflex command does
from bankchat import workers


@pytest.fixture
def quiet_granian(monkeypatch: pytest.MonkeyPatch) -> None:
    """Granian's server leaves this process's logging alone when built here."""
    monkeypatch.setattr(granian.server.common, "configure_logging", lambda *_args: None)


@pytest.fixture
def unpatched(monkeypatch: pytest.MonkeyPatch) -> type[Any]:
    """Granian's own ``Server`` back in place for the test (the patched one is restored afterwards)."""
    original: type[Any] = granian.server.Server.__mro__[1]
    monkeypatch.setattr(granian.server, "Server", original)
    return original


def test_reading_config_makes_granian_respawn_failed_workers(quiet_granian: None) -> None:
    assert workers.is_applied()
    # Built as Reflex's run_granian_backend_prod builds it: nothing about respawning.
    server = granian.server.Server(target="bankchat.bankchat:app", factory=True, workers=2)
    assert server.respawn_failed_workers is True
    assert server.workers == 2


def test_explicit_respawn_option_wins(quiet_granian: None) -> None:
    server = granian.server.Server(target="bankchat.bankchat:app", respawn_failed_workers=False)
    assert server.respawn_failed_workers is False


def test_applying_twice_keeps_one_subclass() -> None:
    before = granian.server.Server
    workers.respawn_failed_workers()
    assert granian.server.Server is before
    assert [c.__name__ for c in before.__mro__].count("RespawningServer") == 1


def test_granian_without_the_option_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    class OtherServer:
        def __init__(self, target: str, workers: int = 1) -> None: ...

    monkeypatch.setattr(granian.server, "Server", OtherServer)
    with pytest.raises(workers.WorkerRespawnUnavailable, match="respawn_failed_workers"):
        workers.respawn_failed_workers()
    assert granian.server.Server is OtherServer


def test_reflex_building_its_server_otherwise_fails_loudly(
    monkeypatch: pytest.MonkeyPatch, unpatched: type[Any]
) -> None:
    def run_granian_backend_prod(host: str, port: int) -> None:
        from granian.server.mp import MPServer

        MPServer(target="app", address=host, port=port).serve()

    monkeypatch.setattr(reflex_exec, "run_granian_backend_prod", run_granian_backend_prod)
    with pytest.raises(workers.WorkerRespawnUnavailable, match="Reflex"):
        workers.respawn_failed_workers()
    assert granian.server.Server is unpatched


def test_reflex_setting_the_option_itself_fails_loudly(monkeypatch: pytest.MonkeyPatch, unpatched: type[Any]) -> None:
    def run_granian_backend_prod(host: str, port: int) -> None:
        from granian.server import Server

        Server(target="app", address=host, port=port, respawn_failed_workers=False).serve()

    monkeypatch.setattr(reflex_exec, "run_granian_backend_prod", run_granian_backend_prod)
    with pytest.raises(workers.WorkerRespawnUnavailable, match="Reflex"):
        workers.respawn_failed_workers()
    assert granian.server.Server is unpatched
