"""The UK modulus check on a sort code and account number (Pay.UK/Vocalink, *Validating account numbers*).

The 6-digit sort code and 8-digit account number are read as fourteen digits
``u v w x y z a b c d e f g h``; a row of the weight table gives one weight per digit
and the method:

* ``MOD10``: the sum of each digit times its weight is a multiple of 10;
* ``MOD11``: the same sum is a multiple of 11;
* ``DBLAL`` (double alternate): each product's *digits* are summed (7 × 2 = 14 counts
  1 + 4) and that total is a multiple of 10.

A sort code may have one or two rows; the account passes when every row passes. **A sort
code with no row cannot be checked and is accepted**: the spec says so, since a bank that
publishes no weights issues numbers that no check can refuse.

The table here holds only the rows of the spec's own worked examples, each narrowed to the
sort code of its example (``WEIGHTS``): enough to refuse a mistyped number there, and no
copied data. Rows that carry an exception code (the spec's exceptions 1-14) are not
implemented. The full table, Vocalink's ``valacdos.txt``, can be read with
``parse_weight_table`` and passed as ``table=``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Method = Literal["MOD10", "MOD11", "DBLAL"]


@dataclass(frozen=True)
class WeightRow:
    """One row of the weight table: a range of sort codes, the method and its fourteen weights."""

    start: str
    """First sort code of the range (six digits)."""
    end: str
    """Last sort code of the range (six digits, inclusive)."""
    method: Method
    weights: tuple[int, ...]
    """One weight per digit of the sort code and account number, in order (fourteen)."""
    exception: int = 0
    """The spec's exception code; rows with one are skipped (not implemented)."""


WEIGHTS: tuple[WeightRow, ...] = (
    WeightRow("089999", "089999", "MOD10", (0, 0, 0, 0, 0, 0, 7, 1, 3, 7, 1, 3, 7, 1)),
    WeightRow("107999", "107999", "MOD11", (0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1)),
    WeightRow("202959", "202959", "DBLAL", (2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)),
)
"""The weight rows of the spec's worked examples (standard modulus 10, modulus 11, double alternate)."""


def passes_modulus_check(sort_code: str, account_number: str, *, table: tuple[WeightRow, ...] = WEIGHTS) -> bool:
    """Whether six-digit ``sort_code`` and eight-digit ``account_number`` pass every row of ``table`` for
    that sort code; True when no (implemented) row covers it, as the spec says: it cannot be checked."""
    digits = [int(d) for d in sort_code + account_number]
    rows = [r for r in table if r.start <= sort_code <= r.end and not r.exception]
    return all(_passes(row, digits) for row in rows)


def _passes(row: WeightRow, digits: list[int]) -> bool:
    products = [d * w for d, w in zip(digits, row.weights, strict=True)]
    if row.method == "DBLAL":
        return sum(p // 10 + p % 10 for p in products) % 10 == 0
    return sum(products) % (10 if row.method == "MOD10" else 11) == 0


def parse_weight_table(text: str) -> tuple[WeightRow, ...]:
    """Rows from the weight table's published text: ``start end method w1 … w14 [exception]`` per line."""
    rows = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 17 or fields[2] not in ("MOD10", "MOD11", "DBLAL"):
            continue
        method: Method = fields[2]  # type: ignore[assignment]  # checked just above
        weights = tuple(int(w) for w in fields[3:17])
        exception = int(fields[17]) if len(fields) > 17 else 0
        rows.append(WeightRow(fields[0], fields[1], method, weights, exception))
    return tuple(rows)
