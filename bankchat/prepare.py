"""Everything a server does before it can answer a message, in one place.

1. Migrate the database to the newest schema and seed the demo users.
2. Load the intent classifier from ``.cache/nlu``, or train and cache it when there
   is none for the current data and code (a few minutes and several GB, once).

The server runs :func:`prepare` at start and reports each stage in
``bankchat.readiness``. ``python -m bankchat.prepare`` runs it ahead of the server
(``scripts/run.sh`` does), printing each stage and the time spent, so the server then
finds a migrated database and a cached model and is ready within seconds.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

from bankchat import logs, readiness
from bankchat.migrate import prepare_database

Report = Callable[[str], None]


def _quiet(_line: str) -> None:
    return None


def _classifier_cached() -> bool:
    from bankchat.agents.nlu import cache

    key = cache.cache_key()
    return any(cache.cache_dir().glob(f"*{key}*.joblib"))


def prepare(report: Report = _quiet) -> None:
    """Migrate and seed, then load or train the intent classifier; marks the process ready."""
    from bankchat.agents.nlu import get_classifier

    readiness.enter(readiness.MIGRATING)
    report(readiness.MIGRATING)
    prepare_database()
    stage = readiness.LOADING if _classifier_cached() else readiness.TRAINING
    readiness.enter(stage)
    report(stage + ("" if stage == readiness.LOADING else " (first run only: about 3 minutes, up to 5 GB)"))
    get_classifier()
    readiness.mark_ready()


class _Progress:
    """Prints each stage, then the seconds spent on it every ``every`` seconds until the next one."""

    def __init__(self, every: float = 10.0) -> None:
        self._every = every
        self._stage = ""
        self._since = time.monotonic()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="prepare-progress", daemon=True)

    def __enter__(self) -> _Progress:
        self._ticker.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_rest: object) -> None:
        self._stop.set()
        self._ticker.join()
        if exc_type is None:
            self._done()

    def __call__(self, stage: str) -> None:
        self._done()
        self._stage, self._since = stage, time.monotonic()
        print(f"prepare: {stage}", flush=True)

    def _done(self) -> None:
        if self._stage:
            print(f"prepare:   done in {time.monotonic() - self._since:.0f} s", flush=True)

    def _tick(self) -> None:
        while not self._stop.wait(self._every):
            if self._stage:
                print(f"prepare:   ... {time.monotonic() - self._since:.0f} s", flush=True)


def main() -> int:
    """``python -m bankchat.prepare``: prepare ahead of the server, with progress on stdout."""
    logs.configure()
    with _Progress() as progress:
        prepare(progress)
    print("prepare: ready", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
