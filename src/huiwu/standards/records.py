"""How a rule is recorded in its history: its figures as text, and the source document whose figure it
holds. Plain functions of a rule's fields, so the services and the migrations (with their historical
models) record a change alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .catalogue import DEFAULTS, Default

BY_KEY: dict[str, Default] = {d.key: d for d in DEFAULTS}


def text(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def values(rule: Any) -> dict[str, Any]:
    return {
        "low": text(rule.low),
        "high": text(rule.high),
        "unit": rule.unit,
        "enabled": rule.enabled,
        "variant": rule.variant,
    }


def variant_of(rule: Any) -> str:
    """The source whose figure the rule now holds, else "org" (the organisation's own)."""
    default = BY_KEY.get(rule.key)
    if default is None:
        return "org"
    for v in default.variants or ():
        if (v.low, v.high) == (rule.low, rule.high) and rule.unit == default.unit:
            return v.source
    if not default.variants and (default.low, default.high, default.unit) == (rule.low, rule.high, rule.unit):
        return default.source
    return "org"
