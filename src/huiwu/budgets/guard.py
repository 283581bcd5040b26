"""The ±5% guard (DOMAIN.md stage 3: keep the total within ±5%). The tolerance is the catalogue's
``budget.total_variance`` (the meeting's override when it has one); a category may have its own.
When the forecast total leaves the tolerance around the approved total, or a category's forecast goes
past its target by more than its tolerance, an alert opens once per crossing — the PM and finance are
told in the app and by mail, the organisation's webhooks hear ``budget.guard_crossed`` — and it is
cleared (``budget.guard_cleared``) when the forecast is back inside. ``check`` is called by every
write that moves a forecast: the budget's own commands and, through ``contracts.signals``, the
contracts' (signing, payments, adjustments)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from huiwu.accounts.models import User
from huiwu.core import realtime
from huiwu.core.text import plain_number
from huiwu.events.models import Meeting
from huiwu.notifications.services import in_language, notify
from huiwu.orgs.enums import Perm
from huiwu.orgs.selectors import members_with
from huiwu.standards.selectors import standards
from huiwu.webhooks.services import emit

from . import selectors
from .enums import Direction
from .models import Alert, Budget

TOTAL = "total"
DEFAULT_TOLERANCE = Decimal(5)


def tolerance(budget: Budget) -> Decimal:
    """The catalogue's tolerance for this meeting; none when the organisation switched the rule off."""
    rule = standards(budget.org, meeting=budget.meeting).get("budget.total_variance")
    if rule is None:
        return DEFAULT_TOLERANCE
    if not rule.enabled or rule.figure is None:
        return Decimal(-1)  # switched off: nothing is ever outside
    return Decimal(rule.figure)


@dataclass(frozen=True)
class Breach:
    scope: str
    label: str
    direction: str
    planned: Decimal
    forecast: Decimal
    tolerance: Decimal


def breaches(sheet: selectors.Sheet, limit: Decimal) -> list[Breach]:
    """Where the forecast stands outside: the total on either side, a category above its target."""
    if limit < 0:
        return []
    out = []
    total = sheet.total
    if total.planned and abs(total.forecast - total.planned) * 100 > limit * total.planned:
        side = Direction.OVER if total.forecast > total.planned else Direction.UNDER
        out.append(Breach(TOTAL, pgettext("budget", "Total"), side, total.planned, total.forecast, limit))
    for category in sheet.order:
        f = sheet.categories[category.pk]
        own = limit if category.tolerance is None else category.tolerance
        if f.planned > 0 and (f.forecast - f.planned) * 100 > own * f.planned:
            out.append(Breach(category.key, category.name, Direction.OVER, f.planned, f.forecast, own))
    return out


def _people(budget: Budget) -> list[User]:
    """The meeting's project manager and the organisation's finance people."""
    found = {u.pk: u for u in members_with(budget.org, Perm.EDIT_FINANCE)}
    owner = budget.meeting.owner
    if owner is not None:
        found.setdefault(owner.pk, owner)
    return list(found.values())


def _say(alert: Alert) -> str:
    words = {
        "scope": alert.label,
        "share": alert.share,
        "tolerance": plain_number(alert.tolerance),
        "meeting": alert.budget.meeting.name,
    }
    if alert.direction == Direction.OVER:
        return (
            gettext("%(meeting)s: %(scope)s forecast %(share)s%% over plan (tolerance ±%(tolerance)s%%)")
            % words
        )
    return (
        gettext("%(meeting)s: %(scope)s forecast %(share)s%% under plan (tolerance ±%(tolerance)s%%)") % words
    )


def changed(meeting: Meeting) -> None:
    """Pages showing this meeting's budget (the workspace's guard, the review) fetch it again."""
    realtime.publish(
        f"org:{meeting.org_id}",
        {"type": "budget.changed", "meeting": meeting.pk},
        coalesce=f"budget:{meeting.pk}",
    )


def _payload(alert: Alert) -> dict[str, object]:
    return {
        "meeting": alert.budget.meeting_id,
        "budget": alert.budget_id,
        "scope": alert.scope,
        "direction": alert.direction,
        "planned": str(alert.planned),
        "forecast": str(alert.forecast if alert.cleared_forecast is None else alert.cleared_forecast),
        "tolerance": str(alert.tolerance),
    }


@transaction.atomic
def check(*, budget: Budget) -> list[Alert]:
    """Open an alert for each new crossing, clear those back inside; the open alerts after it."""
    locked = (
        Budget.objects.select_for_update(of=("self",))
        .select_related("meeting__owner", "org")
        .get(pk=budget.pk)
    )
    sheet = selectors.sheet(locked)
    found = {b.scope: b for b in breaches(sheet, tolerance(locked))}
    open_ = {a.scope: a for a in Alert.objects.filter(budget=locked, cleared_at__isnull=True)}
    now = timezone.now()
    moved = False
    for scope, alert in open_.items():
        if scope not in found or found[scope].direction != alert.direction:
            current = sheet.total.forecast if scope == TOTAL else _category_forecast(sheet, scope)
            Alert.objects.filter(pk=alert.pk).update(cleared_at=now, cleared_forecast=current)
            alert.cleared_at, alert.cleared_forecast = now, current
            emit(locked.org, "budget.guard_cleared", _payload(alert))
            moved = True
    still = {s: a for s, a in open_.items() if a.cleared_at is None}
    url = reverse("budgets:meeting", kwargs={"org": locked.org.slug, "meeting": locked.meeting_id})
    for scope, b in found.items():
        if scope in still:
            continue
        alert = Alert.objects.create(
            budget=locked, scope=scope, label=b.label, direction=b.direction, planned=b.planned,
            forecast=b.forecast, tolerance=b.tolerance, opened_at=now,
        )  # fmt: skip
        still[scope] = alert
        emit(locked.org, "budget.guard_crossed", _payload(alert))
        for person in _people(locked):
            title = in_language(person, _say, alert)
            notify(user=person, org=locked.org, title=title, url=url, email=True)
        moved = True
    if moved:
        changed(locked.meeting)
    return sorted(still.values(), key=lambda a: (a.scope != TOTAL, a.label))


def _category_forecast(sheet: selectors.Sheet, key: str) -> Decimal | None:
    for category in sheet.order:
        if category.key == key:
            return sheet.categories[category.pk].forecast
    return None


def open_alerts(budget: Budget) -> list[Alert]:
    return sorted(
        Alert.objects.filter(budget=budget, cleared_at__isnull=True),
        key=lambda a: (a.scope != TOTAL, a.label),
    )


def check_meeting(meeting_id: int) -> None:
    """The guard of a meeting's budget, if it has one (called when a contract's money moved)."""
    budget = Budget.objects.filter(meeting_id=meeting_id).first()
    if budget is not None:
        check(budget=budget)
