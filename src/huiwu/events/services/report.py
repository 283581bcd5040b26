"""The Requirement Analysis Report's approval by the client (its content: ``huiwu.reports.requirements``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.clients.errors import require_contact_of
from huiwu.core.audit import log_action, register_actions

from ..models import Meeting

register_actions({"events.report.approved": _("recorded the client's approval of the report")})


@transaction.atomic
def approve_report(*, meeting: Meeting, contact, actor) -> Meeting:
    require_contact_of(contact, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.report_approved_at = timezone.now()
    meeting.report_approved_by = contact
    meeting.save(update_fields=["report_approved_at", "report_approved_by", "updated_at"])
    log_action("events.report.approved", target=meeting, actor=actor, data={"approved_by": str(contact)})
    return meeting
