"""Create and change meetings, their KPIs and their requirement checklist."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiwu.clients.errors import require_client_of, require_contact_of
from huiwu.core.audit import diff, log_action, register_actions, snapshot
from huiwu.core.idempotency import once
from huiwu.core.inputs import RecordInput
from huiwu.core.records import create_record, update_record
from huiwu.orgs.selectors import require_member

from ..enums import KPIKind, MeetingMode, MeetingType, Priority, Stage
from ..errors import StaleMeeting
from ..models import KPI, Meeting, RequirementItem
from ..signals import meeting_created
from .playbook import instantiate_playbook, reschedule_meeting_tasks

register_actions(
    {
        "events.meeting.created": _("created the meeting"),
        "events.meeting.changed": _("changed the meeting"),
        "events.kpi.created": _("added a KPI"),
        "events.kpi.changed": _("changed a KPI"),
        "events.kpi.deleted": _("removed a KPI"),
        "events.requirement.created": _("added a requirement"),
        "events.requirement.changed": _("changed a requirement"),
        "events.requirement.deleted": _("removed a requirement"),
    }
)

SCHEDULE_FIELDS = ("start_date", "end_date", "start_time", "end_time", "timezone")


@dataclass(frozen=True, kw_only=True)
class MeetingInput(RecordInput):
    """A meeting as the meeting form, the API, the imports and the demo send it."""

    name: str
    start_date: dt.date
    end_date: dt.date
    client: Any = None  # a Client of the organisation
    theme: str = ""
    meeting_type: str = MeetingType.SUMMIT
    mode: str = MeetingMode.ONSITE
    stage: int = Stage.INTAKE
    start_time: dt.time = dt.time(9, 0)
    end_time: dt.time = dt.time(18, 0)
    timezone: str = "Asia/Shanghai"
    city: str = ""
    expected_attendance: int = 0
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    owner: Any = None  # a member of the organisation


def _meeting_fields(org, data: MeetingInput) -> dict[str, Any]:
    require_client_of(data.client, org)
    require_member(org, data.owner, field="owner")
    return data.values()


@transaction.atomic
def create_meeting(
    *, org, actor, data: MeetingInput, with_playbook: bool = True, request_key: str = ""
) -> Meeting:
    """Create the meeting and, by default, its tasks from the playbook of its type, then send
    ``signals.meeting_created`` (the risk register adds its suggestions). The same ``request_key``
    twice (a double click) creates one meeting."""
    fields = _meeting_fields(org, data)

    def create() -> Meeting:
        meeting = create_record(Meeting, org=org, actor=actor, action="events.meeting.created", fields=fields)
        if with_playbook:
            instantiate_playbook(meeting=meeting, actor=actor)
            meeting_created.send(sender=Meeting, meeting=meeting, actor=actor)  # e.g. suggested risks
        return meeting

    return once(scope=f"meeting:{org.pk}", key=request_key, model=Meeting, create=create)


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor, data: MeetingInput, version: int | None = None) -> Meeting:
    """Change the meeting; when T, the end or the times move, every open task moves with them.

    ``version`` is the one the editor saw: if the meeting changed since, nothing is saved and
    StaleMeeting (409) says so. Without it (an API client that does not care) the change applies."""
    old = copy.copy(Meeting.objects.select_for_update().get(pk=meeting.pk))
    if version is not None and version != old.version:
        raise StaleMeeting(details={"version": old.version})
    fields = _meeting_fields(meeting.org, data)
    meeting = update_record(meeting, actor=actor, action="events.meeting.changed", fields=fields)
    Meeting.objects.filter(pk=meeting.pk).update(version=old.version + 1)
    meeting.version = old.version + 1
    if any(getattr(old, f) != getattr(meeting, f) for f in SCHEDULE_FIELDS):
        reschedule_meeting_tasks(meeting=meeting, old=old, actor=actor)
    return meeting


@dataclass(frozen=True, kw_only=True)
class KPIInput(RecordInput):
    """A target the meeting is measured against (DOMAIN.md's KPI review): what, how much, in what unit."""

    target: Decimal
    unit: str
    kind: str = KPIKind.ATTENDANCE
    name: str = ""
    measured_by: str = ""
    actual: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class RequirementInput(RecordInput):
    """One line of the requirement checklist, with the client's contact who asked for it."""

    dimension: str
    title: str
    detail: str = ""
    priority: str = Priority.MUST
    requested_by: Any = None  # a Contact of the meeting's client


def _save_child(model, *, meeting, obj, actor, prefix: str, fields: dict):
    if obj is None:
        obj = model(meeting=meeting, **fields)
        obj.full_clean()
        obj.save()
        log_action(
            f"events.{prefix}.created",
            target=obj,
            actor=actor,
            org=meeting.org,
            changes=diff({}, snapshot(obj, list(fields))),
        )
        return obj
    before = snapshot(obj, list(fields))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    changes = diff(before, snapshot(obj, list(fields)))
    if changes:
        log_action(f"events.{prefix}.changed", target=obj, actor=actor, org=meeting.org, changes=changes)
    return obj


@transaction.atomic
def save_kpi(*, meeting: Meeting, actor, kpi: KPI | None = None, data: KPIInput) -> KPI:
    return _save_child(KPI, meeting=meeting, obj=kpi, actor=actor, prefix="kpi", fields=data.values())


@transaction.atomic
def save_requirement(
    *, meeting: Meeting, actor, item: RequirementItem | None = None, data: RequirementInput
) -> RequirementItem:
    """Add or change a requirement; who asked for it is a contact of the meeting's own client."""
    if data.requested_by is not None:
        require_contact_of(data.requested_by, meeting)
    return _save_child(
        RequirementItem, meeting=meeting, obj=item, actor=actor, prefix="requirement", fields=data.values()
    )


@transaction.atomic
def delete_child(*, obj, actor, prefix: str) -> None:
    log_action(
        f"events.{prefix}.deleted", target=obj, actor=actor, org=obj.meeting.org, data={"was": str(obj)}
    )
    obj.delete()
