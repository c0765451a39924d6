"""``at_position``: a browser's row position (any JSON) names a listed ID, or nothing."""

from __future__ import annotations

import pytest

from bankchat.state.positions import at_position

IDS = ["sess_a", "sess_b"]


@pytest.mark.parametrize(("ref", "expected"), [(0, "sess_a"), (1, "sess_b")])
def test_at_position_listed_row_names_its_id(ref: int, expected: str) -> None:
    assert at_position(IDS, ref) == expected


@pytest.mark.parametrize("ref", [2, -1, True, False, "0", 0.0, None, [0], {"ref": 0}])
def test_at_position_anything_else_names_nothing(ref: object) -> None:
    assert at_position(IDS, ref) is None
