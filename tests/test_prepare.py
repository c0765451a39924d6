"""bankchat.prepare: each stage is visible while it runs, and the process is ready only after the last."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import bankchat.agents.nlu
from bankchat import prepare, readiness


@pytest.fixture(autouse=True)
def starting() -> Iterator[None]:
    """This process's readiness reset to "starting" for the test, restored afterwards."""
    was_ready = readiness.is_ready()
    readiness.reset()
    yield
    readiness.reset()
    if was_ready:
        readiness.mark_ready()


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """The slow steps replaced by recorders of the stage the server reports while each runs."""
    seen: list[tuple[str, str | None]] = []
    monkeypatch.setattr(prepare, "prepare_database", lambda: seen.append(("database", readiness.stage())))
    monkeypatch.setattr(bankchat.agents.nlu, "get_classifier", lambda: seen.append(("classifier", readiness.stage())))
    return seen


@pytest.mark.parametrize(("cached", "stage"), [(False, readiness.TRAINING), (True, readiness.LOADING)])
def test_prepare_reports_each_stage_while_it_runs(
    steps: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch, cached: bool, stage: str
) -> None:
    monkeypatch.setattr(prepare, "_classifier_cached", lambda: cached)
    reported: list[str] = []

    prepare.prepare(reported.append)

    assert steps == [("database", readiness.MIGRATING), ("classifier", stage)]
    assert [line.split(" (")[0] for line in reported] == [readiness.MIGRATING, stage]
    assert readiness.is_ready()
    assert readiness.stage() is None


def test_prepare_that_fails_leaves_the_server_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(prepare, "prepare_database", broken)

    with pytest.raises(RuntimeError):
        prepare.prepare()

    assert not readiness.is_ready()
    assert readiness.stage() == readiness.MIGRATING


def test_command_line_prints_each_stage_and_ready(
    steps: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(prepare, "_classifier_cached", lambda: False)
    monkeypatch.setattr(prepare.logs, "configure", lambda: None)

    assert prepare.main() == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"prepare: {readiness.MIGRATING}"
    assert lines[2].startswith(f"prepare: {readiness.TRAINING} (first run only")
    assert lines[-1] == "prepare: ready"
    assert sum(line.startswith("prepare:   done in") for line in lines) == 2
