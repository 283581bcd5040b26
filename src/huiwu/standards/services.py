"""Writing the standards: the catalogue made from DOMAIN.md, a rule changed (or a document's variant
chosen), a meeting's override set or removed. Each change is checked in full, gives the catalogue its
next version, keeps the values before and after with the reason, and is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_text
from huiwu.events.models import Meeting
from huiwu.orgs.models import Organization

from . import visual
from .catalogue import DEFAULTS, SEEDED
from .enums import DIMENSION, SECONDS, Kind, Unit
from .errors import (
    BadRange,
    BelowStandard,
    ColourInvalid,
    FigureInvalid,
    FigureMissing,
    ReasonRequired,
    Stale,
    UnitMismatch,
    UnknownStandard,
    UnknownVariant,
)
from .models import Catalogue, Identity, Override, Rule, RuleChange
from .records import text, values, variant_of
from .selectors import BY_KEY, forget, identity_checks, publish
from .signals import catalogue_changed

register_actions(
    {
        "standards.rule.changed": _("changed a service standard"),
        "standards.override.set": _("set a meeting's own service standard"),
        "standards.override.removed": _("removed a meeting's own service standard"),
        "standards.identity.changed": _("changed the visual identity"),
    }
)

LIMIT = Decimal("1e9")  # no figure of a standard is this large
MAX_DAYS = 366  # a deadline or a time of a standard (dates are counted from them)


@dataclass(frozen=True, kw_only=True)
class FigureInput(RecordInput):
    """A rule's figure: ``low`` for a minimum, a ratio and a deadline, ``high`` for a maximum, both for
    a range, neither for a yes/no; the unit (of the rule's own dimension) and whether it is in force."""

    low: Any = None
    high: Any = None
    unit: str = ""
    enabled: bool = True


@transaction.atomic
def seed_catalogue(*, org: Organization) -> Catalogue:
    """The organisation's catalogue from DOMAIN.md (``catalogue.DEFAULTS``), made when the organisation
    is (``receivers``); a rule added to the defaults later joins an existing catalogue at its next
    version (audited then)."""
    try:
        with transaction.atomic():
            catalogue, created = Catalogue.objects.get_or_create(
                org=org, defaults={"stamp": uuid.uuid4().hex}
            )
    except IntegrityError:  # another request made it first
        catalogue, created = Catalogue.objects.get(org=org), False
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    have = set(Rule.objects.filter(org=org).values_list("key", flat=True))
    missing = [d for d in DEFAULTS if d.key not in have]
    if not missing:
        return catalogue
    if not created:
        _next_version(catalogue)
    rules = Rule.objects.bulk_create(Rule(org=org, **d.fields()) for d in missing)
    RuleChange.objects.bulk_create(
        RuleChange(rule=r, catalogue_version=catalogue.version, before=None, after=values(r), reason=SEEDED)
        for r in rules
    )
    if not created:
        log_action(
            "standards.rule.changed",
            target=catalogue,
            org=org,
            data={"added": [d.key for d in missing], "version": catalogue.version},
        )
    _after_commit(catalogue)
    return catalogue


@transaction.atomic
def update_rule(*, rule: Rule, actor: User | None, data: FigureInput, reason: str, version: int) -> Rule:
    """Change a rule's figure, unit or whether it is in force. ``version`` is the rule's version the
    editor saw: an older one is ``Stale`` (409) and changes nothing."""
    reason = clean_reason(reason)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    if rule.version != version:
        raise Stale()
    low, high = _figures(rule, data)
    before = values(rule)
    rule.low, rule.high, rule.unit, rule.enabled = low, high, data.unit, data.enabled
    rule.variant = variant_of(rule)
    if values(rule) == before:
        return rule
    return _save(rule, actor=actor, before=before, reason=reason)


@transaction.atomic
def choose_variant(*, rule: Rule, actor: User | None, variant: str, reason: str, version: int) -> Rule:
    """Take the figure one source document gives (where the two differ)."""
    reason = clean_reason(reason)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    if rule.version != version:
        raise Stale()
    default = BY_KEY.get(rule.key)
    chosen = next((v for v in (default.variants if default else ()) if v.source == variant), None)
    if default is None or chosen is None:
        raise UnknownVariant(details={"field": "variant"})
    before = values(rule)
    rule.low, rule.high, rule.unit, rule.variant = chosen.low, chosen.high, default.unit, chosen.source
    if values(rule) == before:
        return rule
    return _save(rule, actor=actor, before=before, reason=reason)


@transaction.atomic
def set_override(
    *, meeting: Meeting, rule: Rule, actor: User | None, data: FigureInput, reason: str
) -> Override:
    """The meeting's own figure for ``rule`` (its client asks for another one), replacing any it had;
    in the rule's own unit."""
    reason = clean_reason(reason)
    if rule.org_id != meeting.org_id:
        raise UnknownStandard(details={"field": "rule"})
    rule = Rule.objects.get(pk=rule.pk)
    low, high = _figures(
        rule, FigureInput(low=data.low, high=data.high, unit=rule.unit, enabled=data.enabled)
    )
    override = Override.objects.select_for_update().filter(meeting=meeting, rule=rule).first()
    before = _override_values(override)
    if override is None:
        override = Override(meeting=meeting, rule=rule)
    override.low, override.high, override.enabled, override.reason = low, high, data.enabled, reason
    after = _override_values(override)
    if after == before:
        return override
    override.save()
    _overridden(
        "standards.override.set", rule, meeting, actor=actor, before=before, after=after, reason=reason
    )
    return override


@transaction.atomic
def remove_override(*, override: Override, actor: User | None, reason: str) -> None:
    reason = clean_reason(reason)
    override = Override.objects.select_for_update().select_related("rule", "meeting").get(pk=override.pk)
    before = _override_values(override)
    rule, meeting = override.rule, override.meeting
    override.delete()
    _overridden(
        "standards.override.removed", rule, meeting, actor=actor, before=before, after=None, reason=reason
    )


def _overridden(
    action: str,
    rule: Rule,
    meeting: Meeting,
    *,
    actor: User | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
) -> None:
    """A meeting's override changed: the catalogue's next version, the change kept, the audit entry."""
    catalogue = _bump(rule.org_id)
    RuleChange.objects.create(
        rule=rule,
        meeting=meeting,
        catalogue_version=catalogue.version,
        before=before,
        after=after,
        reason=reason,
        actor=_person(actor),
    )
    log_action(
        action,
        target=meeting,
        actor=actor,
        changes={rule.key: [before, after]},
        data={"reason": reason, "version": catalogue.version},
    )


# --- the rules of a figure -------------------------------------------------------------------------


def parse_figure(value: Any, *, field: str) -> Decimal | None:
    """A figure as typed (a form, an Excel cell, JSON): a finite number, or None when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FigureInvalid(details={"field": field})
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise FigureInvalid(details={"field": field}) from exc
    if not number.is_finite() or abs(number) >= LIMIT:
        raise FigureInvalid(details={"field": field})
    if int(number.as_tuple().exponent) < -4:
        raise FigureInvalid(_("At most four decimals."), details={"field": field})
    return number


def _figures(rule: Rule, data: FigureInput) -> tuple[Decimal | None, Decimal | None]:
    """The figures ``data`` gives ``rule``, or the error that says what is wrong with them."""
    if data.unit not in Unit.values or DIMENSION[Unit(data.unit)] != DIMENSION[Unit(rule.unit)]:
        raise UnitMismatch(details={"field": "unit"})
    low, high = parse_figure(data.low, field="low"), parse_figure(data.high, field="high")
    if rule.kind == Kind.FLAG:
        return None, None
    if rule.kind == Kind.MAXIMUM:
        low = None
    elif rule.kind != Kind.RANGE:
        high = None
    for name, value in (("low", low), ("high", high)):
        needed = rule.kind == Kind.RANGE or (name == "high") == (rule.kind == Kind.MAXIMUM)
        if needed and value is None:
            raise FigureMissing(details={"field": name})
        if value is not None and value < 0 and DIMENSION[Unit(rule.unit)] != "temperature":
            raise FigureInvalid(_("A figure of this standard cannot be negative."), details={"field": name})
        if value is not None and _days(value, data.unit) > MAX_DAYS:
            raise FigureInvalid(_("A time of a standard is at most a year."), details={"field": name})
    if low is not None and high is not None and low > high:
        raise BadRange(details={"field": "low"})
    return low, high


def _days(value: Decimal, unit: str) -> Decimal:
    """A time in days (0 for a figure that is not a time)."""
    if unit in (Unit.DAY, Unit.WORKING_DAY):
        return value
    if unit in SECONDS:
        return value * Decimal(str(SECONDS[Unit(unit)])) / 86400
    return Decimal(0)


def clean_reason(reason: str) -> str:
    """The reason a change of the standards is made with (kept in its history), or ``ReasonRequired``."""
    cleaned = clean_text(reason, max_length=500)
    if not cleaned:
        raise ReasonRequired(details={"field": "reason"})
    return cleaned


def _override_values(override: Override | None) -> dict[str, Any] | None:
    if override is None:
        return None
    return {"low": text(override.low), "high": text(override.high), "enabled": override.enabled}


def _save(rule: Rule, *, actor: User | None, before: dict[str, Any], reason: str) -> Rule:
    rule.version += 1
    rule.save()
    catalogue = _bump(rule.org_id)
    after = values(rule)
    RuleChange.objects.create(
        rule=rule,
        catalogue_version=catalogue.version,
        before=before,
        after=after,
        reason=reason,
        actor=_person(actor),
    )
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    log_action(
        "standards.rule.changed",
        target=rule,
        actor=actor,
        changes=changes,
        data={"reason": reason, "version": catalogue.version},
    )
    return rule


def _bump(org_id: int) -> Catalogue:
    catalogue = Catalogue.objects.select_for_update().get(org_id=org_id)
    _next_version(catalogue)
    return catalogue


def _next_version(catalogue: Catalogue) -> None:
    catalogue.version += 1
    catalogue.stamp = uuid.uuid4().hex
    catalogue.save(update_fields=["version", "stamp"])
    _after_commit(catalogue)


def _after_commit(catalogue: Catalogue) -> None:
    org_id, stamp = catalogue.org_id, catalogue.stamp
    forget(org_id)
    transaction.on_commit(lambda: publish(org_id, stamp))
    catalogue_changed.send(sender=Catalogue, org_id=org_id)


def _person(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


@dataclass(frozen=True, kw_only=True)
class IdentityInput(RecordInput):
    """The visual identity: four colours as ``#rrggbb`` and the signage text size in points."""

    primary: str
    on_primary: str
    text: str
    background: str
    signage_font: int


@transaction.atomic
def set_identity(*, org: Organization, actor: User | None, data: IdentityInput, version: int) -> Identity:
    """Save the organisation's visual identity when it meets the standards (text contrast ≥
    ``visual.contrast``, signage ≥ ``visual.signage_font``): else ``BelowStandard`` names each failure
    and nothing changes. ``version``: the one the editor saw (an older one is ``Stale``)."""
    for name in ("primary", "on_primary", "text", "background"):
        if not visual.is_colour(getattr(data, name)):
            raise ColourInvalid(details={"field": name})
    if isinstance(data.signage_font, bool) or not isinstance(data.signage_font, int):
        raise FigureInvalid(details={"field": "signage_font"})
    if not 1 <= data.signage_font <= 1000:
        raise FigureInvalid(details={"field": "signage_font"})
    failures = [c for c in identity_checks(org, data) if not c.holds]
    if failures:
        raise BelowStandard(
            "; ".join(c.text() for c in failures),
            details={"field": failures[0].field, "failures": [c.field for c in failures]},
        )
    Identity.objects.get_or_create(org=org)
    identity = Identity.objects.select_for_update().get(org=org)
    if identity.version != version:
        raise Stale()
    before = {name: getattr(identity, name) for name in data.values()}
    for name, value in data.values().items():
        setattr(identity, name, value.lower() if isinstance(value, str) else value)
    identity.version += 1
    identity.save()
    changes = {k: [before[k], getattr(identity, k)] for k in before if before[k] != getattr(identity, k)}
    log_action("standards.identity.changed", target=identity, actor=actor, org=org, changes=changes)
    return identity
