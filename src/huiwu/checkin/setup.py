"""Setting up the gates of a meeting and reviewing offline clashes: the writes of the gates page and
of the API (the scans themselves are `services.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.attendees.enums import Category
from huiwu.core.audit import log_action, register_actions
from huiwu.core.records import create_record, update_record

from .errors import GateInvalid
from .models import Direction, Gate, GateKind, Scan

register_actions(
    {
        "checkin.gate.created": _("Gate added"),
        "checkin.gate.changed": _("Gate changed"),
        "checkin.clash.reviewed": _("reviewed an offline check-in clash"),
    }
)


@dataclass(frozen=True, kw_only=True)
class GateInput:
    """A gate: who it admits (categories; none = everyone) and when (meeting days; none = every day)."""

    name: str
    kind: str = GateKind.FAST
    direction: str = Direction.IN
    categories: tuple[str, ...] = field(default_factory=tuple)
    days: tuple[dt.date, ...] = field(default_factory=tuple)
    is_active: bool = True


def _fields(meeting, data: GateInput) -> dict:
    if any(c not in Category.values for c in data.categories):
        raise GateInvalid(details={"field": "categories"})
    if any(not meeting.start_date <= d <= meeting.end_date for d in data.days):
        raise GateInvalid(_("Choose days of this meeting."), details={"field": "days"})
    return {
        "name": data.name, "kind": data.kind, "direction": data.direction, "is_active": data.is_active,
        "categories": list(dict.fromkeys(data.categories)),
        "days": sorted({d.isoformat() for d in data.days}),
    }  # fmt: skip


def add_gate(*, meeting, actor, data: GateInput) -> Gate:
    return create_record(
        Gate, org=meeting.org, actor=actor, action="checkin.gate.created",
        fields={"meeting": meeting, **_fields(meeting, data)},
    )  # fmt: skip


def change_gate(*, gate: Gate, actor, data: GateInput) -> Gate:
    return update_record(gate, actor=actor, action="checkin.gate.changed", fields=_fields(gate.meeting, data))


@transaction.atomic
def review_clash(*, scan: Scan, actor) -> None:
    """An offline clash looked at: it leaves the list (the scan and its flag stay on record)."""
    if Scan.objects.filter(pk=scan.pk, flagged=True, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=actor
    ):
        log_action("checkin.clash.reviewed", target=scan.meeting, actor=actor, org=scan.org,
                   data={"scan": scan.scan_id})  # fmt: skip
