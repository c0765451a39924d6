"""Views of rows: the frozen dataclasses the bank and the services hand out, copied from a row's columns."""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

V = TypeVar("V", bound="DataclassInstance")


@functools.cache
def _field_names(view: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(view))


def view_of(view: type[V], row: object, **given: Any) -> V:
    """A ``view`` whose fields are ``row``'s like-named attributes, except those ``given`` (computed or renamed).

    ``row`` is a table row or a plain result row; every field not ``given`` must be one of its attributes.
    """
    copied = {name: getattr(row, name) for name in _field_names(view) if name not in given}
    return view(**copied, **given)
