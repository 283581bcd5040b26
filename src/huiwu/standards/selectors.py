"""Reading the standards: every figure the product uses comes through ``standard`` (or ``standards``).

The catalogue of an organisation is read once per process and kept until it changes: each change gives
the catalogue a new random stamp, published in the shared cache after commit (Redis in production, so
every process sees it; in the embedded default web and worker share one process); a process whose
copy carries another stamp reads the catalogue again. A meeting's overrides are part of the catalogue
(changing one changes the stamp), so a figure for a meeting is as cheap as one without.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from huiwu.events.models import Meeting
from huiwu.orgs.models import Organization

from . import visual
from .catalogue import DEFAULTS
from .enums import SECONDS, Kind, Unit
from .errors import UnknownStandard
from .models import Catalogue, Identity, Override, Rule, RuleChange
from .records import BY_KEY


@dataclass(frozen=True)
class Standard:
    """One rule as it holds for an organisation (and a meeting, when it has an override)."""

    key: str
    area: str
    kind: str
    unit: str
    anchor: str
    low: Decimal | None
    high: Decimal | None
    enabled: bool
    version: int  # the catalogue version it comes from
    overridden: bool = False

    @property
    def figure(self) -> Decimal:
        """The one figure of a minimum, a ratio or a deadline (``low``), or of a maximum (``high``)."""
        value = self.high if self.kind == Kind.MAXIMUM else self.low
        if value is None:
            raise UnknownStandard(details={"key": self.key})
        return value

    def number(self) -> float:
        return float(self.figure)

    def duration(self) -> dt.timedelta:
        """The figure as a length of time (for units of time and calendar days)."""
        if self.unit not in SECONDS:
            raise TypeError(f"{self.key} is in {self.unit!r}, not a time")
        return dt.timedelta(seconds=float(self.figure) * SECONDS[Unit(self.unit)])

    def minutes(self) -> float:
        return self.duration().total_seconds() / 60

    def holds(self, value: Any) -> bool:
        """Whether a measured value (or a yes/no) keeps the rule; a rule not in force always holds."""
        if not self.enabled:
            return True
        if self.kind == Kind.FLAG:
            return bool(value)
        number = Decimal(str(value))
        if self.low is not None and number < self.low:
            return False
        return self.high is None or number <= self.high

    def describe(self) -> str:
        """The figure as people read it: "≥ 1.2 m", "22-26 °C", "≤ 3 min"."""
        return describe(self.kind, self.unit, self.low, self.high)


def describe(kind: str, unit: str, low: Decimal | str | None, high: Decimal | str | None) -> str:
    """A rule's figure as people read it, from its values (a rule now, or as a change recorded them)."""
    low_text, high_text = _plain(low), _plain(high)
    suffix = f" {unit}" if unit else ""
    if kind == Kind.FLAG:
        return "✓"
    if kind == Kind.RANGE:
        return f"{low_text}-{high_text}{suffix}"
    if kind == Kind.MAXIMUM:
        return f"≤ {high_text}{suffix}"
    if kind in (Kind.RATIO, Kind.DEADLINE):
        return f"{low_text}{suffix}"
    return f"≥ {low_text}{suffix}"


def recorded(kind: str, values: dict[str, Any] | None) -> str:
    """What a recorded change's values read as ("" for none), "(not in force)" added when so."""
    if values is None:
        return ""
    text = describe(kind, values.get("unit", ""), values.get("low"), values.get("high"))
    return text if values.get("enabled", True) else f"{text} ({gettext('not in force')})"


def _plain(value: Decimal | str | None) -> str:
    if value is None:
        return "?"
    return format(Decimal(value).normalize(), "f")


@dataclass
class _Copy:
    stamp: str
    version: int
    rules: dict[str, Standard]
    meetings: dict[int, dict[str, Standard]]


_copies: dict[int, _Copy] = {}
_lock = threading.Lock()


def stamp_key(org_id: int) -> str:
    return f"standards:stamp:{org_id}"


def _copy(org: Organization) -> _Copy:
    stamp = cache.get(stamp_key(org.pk))
    copy = _copies.get(org.pk)
    if copy is not None and stamp is not None and copy.stamp == stamp:
        return copy
    catalogue = Catalogue.objects.filter(org=org).first()
    if catalogue is None:  # made with the organisation (``receivers``): only a raw insert has none
        return _Copy("", 0, defaults(), {})
    if copy is None or copy.stamp != catalogue.stamp:
        rules = {r.key: _standard(r, catalogue.version) for r in Rule.objects.filter(org=org)}
        copy = _Copy(catalogue.stamp, catalogue.version, rules, {})
        with _lock:
            _copies[org.pk] = copy
    if stamp is None and not transaction.get_connection().in_atomic_block:
        # only what is committed, and only where no change has put its stamp since
        cache.add(stamp_key(org.pk), catalogue.stamp, None)
    return copy


def _standard(rule: Rule, version: int) -> Standard:
    return Standard(
        key=rule.key,
        area=rule.area,
        kind=rule.kind,
        unit=rule.unit,
        anchor=rule.anchor,
        low=rule.low,
        high=rule.high,
        enabled=rule.enabled,
        version=version,
    )


def forget(org_id: int) -> None:
    """A change of the catalogue: this process reads it again at its next figure (within the change's
    transaction too); ``publish`` tells the others once it commits."""
    with _lock:
        _copies.pop(org_id, None)


def publish(org_id: int, stamp: str) -> None:
    """After a change commits: every process reads the catalogue again at its next figure."""
    forget(org_id)
    cache.set(stamp_key(org_id), stamp, None)


def standards(org: Organization, *, meeting: Meeting | None = None) -> dict[str, Standard]:
    """Every rule of ``org`` as it holds now (for ``meeting``: with its overrides)."""
    copy = _copy(org)
    if meeting is None:
        return copy.rules
    mine = copy.meetings.get(meeting.pk)
    if mine is None:
        mine = dict(copy.rules)
        for o in Override.objects.filter(meeting=meeting).select_related("rule"):
            mine[o.rule.key] = replace(
                mine[o.rule.key], low=o.low, high=o.high, enabled=o.enabled, overridden=True
            )
        copy.meetings[meeting.pk] = mine
    return mine


def defaults() -> dict[str, Standard]:
    """DOMAIN.md's figures as they stand before any organisation changed them (version 0): for pure
    calculations tested without a database, and for pages that explain a figure's origin."""
    return {
        d.key: Standard(
            key=d.key,
            area=d.area,
            kind=d.kind,
            unit=d.unit,
            anchor=d.anchor,
            low=d.low,
            high=d.high,
            enabled=True,
            version=0,
        )
        for d in DEFAULTS
    }


def standard(org: Organization, key: str, *, meeting: Meeting | None = None) -> Standard:
    """The rule ``key`` of ``org`` (and of ``meeting``, with its override). An unknown key is a
    defect of the caller: ``UnknownStandard``."""
    found = standards(org, meeting=meeting).get(key)
    if found is None:
        raise UnknownStandard(details={"key": key})
    return found


def catalogue_version(org: Organization) -> int:
    return _copy(org).version


def rules(org: Organization, *, area: str = "", search: str = "") -> QuerySet[Rule]:
    """The catalogue's rows for its pages: by area, or those whose key or words hold ``search``."""
    found = Rule.objects.filter(org=org)
    if area:
        found = found.filter(area=area)
    if search:
        found = found.filter(key__in=matching_keys(search))
    return found.order_by("area", "key")


def matching_keys(search: str) -> list[str]:
    """The keys whose key, words or scope (in the reader's language or in English) hold ``search``."""
    needle = search.strip().lower()
    return [
        d.key
        for d in DEFAULTS
        if any(
            needle in text.lower()
            for text in (d.key, d.label, gettext(d.label), d.applies_to, gettext(d.applies_to))
        )
    ]


def label(key: str) -> str:
    """What the rule says, in the reader's language."""
    found = BY_KEY.get(key)
    return gettext(found.label) if found else key


def applies_to(key: str) -> str:
    found = BY_KEY.get(key)
    return gettext(found.applies_to) if found else ""


def values_at(org: Organization, version: int) -> dict[str, dict[str, Any] | None]:
    """Each rule's values as they stood at catalogue ``version`` (the organisation's, not a
    meeting's): from the last change of each rule made at or before it."""
    out: dict[str, dict[str, Any] | None] = {}
    changes = (
        RuleChange.objects.filter(rule__org=org, meeting__isnull=True, catalogue_version__lte=version)
        .select_related("rule")
        .order_by("rule_id", "catalogue_version", "id")
    )
    for change in changes:
        out[change.rule.key] = change.after
    return out


@dataclass(frozen=True)
class VisualCheck:
    """One check of the visual identity against the standards: a contrast ratio or a text size."""

    field: str  # the form field it concerns
    what: str
    value: Decimal
    required: Decimal
    unit: str
    holds: bool

    def text(self) -> str:
        words = {"what": self.what, "value": _plain(self.value), "required": _plain(self.required)}
        if self.unit == ":1":
            return (
                gettext("%(what)s: contrast %(value)s:1, the standards ask at least %(required)s:1") % words
            )
        return gettext("%(what)s: %(value)s pt, the standards ask at least %(required)s pt") % words


def contrast_check(
    org: Organization, *, field: str, what: str, foreground: str, background: str
) -> VisualCheck:
    """Text in ``foreground`` on ``background`` against ``visual.contrast`` (the WCAG ratio, cut, not
    rounded, to two decimals: 4.499 is below 4.5)."""
    rule = standard(org, "visual.contrast")
    ratio = Decimal(str(visual.contrast(foreground, background))).quantize(Decimal("0.01"), ROUND_DOWN)
    return VisualCheck(field, what, ratio, rule.figure, ":1", rule.holds(ratio))


def identity_checks(org: Organization, identity: Any) -> list[VisualCheck]:
    """The visual identity's checks: text on the brand colour, text on the background, signage size."""
    font = standard(org, "visual.signage_font")
    size = Decimal(identity.signage_font)
    return [
        contrast_check(
            org,
            field="on_primary",
            what=gettext("Text on the brand colour"),
            foreground=identity.on_primary,
            background=identity.primary,
        ),
        contrast_check(
            org,
            field="text",
            what=gettext("Text on the background"),
            foreground=identity.text,
            background=identity.background,
        ),
        VisualCheck("signage_font", gettext("Signage text"), size, font.figure, "pt", font.holds(size)),
    ]


def identity_of(org: Organization) -> Identity:
    """The organisation's visual identity (Huiwu's own colours until it sets its own)."""
    return Identity.objects.filter(org=org).first() or Identity(org=org)
