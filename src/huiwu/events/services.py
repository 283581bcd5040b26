from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import register_actions
from huiwu.core.records import create_record, update_record

from .models import Meeting

register_actions(
    {"events.meeting.created": _("created the meeting"), "events.meeting.changed": _("changed the meeting")}
)


def create_meeting(*, org, actor, **fields) -> Meeting:
    return create_record(Meeting, org=org, actor=actor, action="events.meeting.created", fields=fields)


def update_meeting(*, meeting: Meeting, actor, **fields) -> Meeting:
    return update_record(meeting, actor=actor, action="events.meeting.changed", fields=fields)
