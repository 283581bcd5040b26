"""Money and percentages as people type them: one reading for every app. Each answers the value as a
``Decimal`` with two places, or ``None`` when it is not one — the caller raises its own coded error
(a contract's amount, a budget's line, a quote's price) naming its field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
TRILLION = Decimal("1e12")


def decimal_of(value: Any) -> Decimal | None:
    """A finite decimal from a number or its text (spaces around allowed), else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        found = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() else None


def amount_of(value: Any, *, negative: bool = False, below: Decimal = TRILLION) -> Decimal | None:
    """An amount of money: two decimals at most, its size below ``below``, negative only if allowed."""
    found = decimal_of(value)
    if found is None or abs(found) >= below or found != found.quantize(CENT) or (found < 0 and not negative):
        return None
    return found.quantize(CENT)


def percent_of(value: Any) -> Decimal | None:
    """A percentage from 0 to 100 with two decimals at most."""
    found = decimal_of(value)
    if found is None or not 0 <= found <= HUNDRED or found != found.quantize(CENT):
        return None
    return found.quantize(CENT)


def rate_of(value: Any) -> Decimal | None:
    """A rate of exchange to the yuan: above 0, below a million, six decimals at most."""
    found = decimal_of(value)
    if found is None or not 0 < found < 1_000_000 or found != found.quantize(Decimal("0.000001")):
        return None
    return found
