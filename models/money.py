"""Exact money: integer cents inside, the contract's wire formats at the edge (§0.6)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import overload

CENT = Decimal("0.01")


def to_cents(amount: Decimal | float | int | str) -> int:
    """Convert a decimal amount (at most 2 places, already validated) to integer cents."""
    return int((Decimal(str(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@overload
def cents_to_number(cents: int) -> float: ...
@overload
def cents_to_number(cents: None) -> None: ...
@overload
def cents_to_number(cents: int | None) -> float | None: ...
def cents_to_number(cents: int | None) -> float | None:
    """Wire format for rewards and balances: a JSON number."""
    return None if cents is None else cents / 100


def cents_to_decimal_text(cents: int) -> str:
    """Wire format for adjustment amounts: a decimal string with two places, e.g. ``"-3.50"``."""
    return str((Decimal(cents) / 100).quantize(CENT))


def format_dollars(cents: int) -> str:
    """``$X.XX`` as used in activity descriptions and messages."""
    return f"${cents_to_decimal_text(cents)}"
