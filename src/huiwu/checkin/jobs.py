"""Check-in jobs: e-mail the confirmed attendees who have not arrived yet."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions
from huiwu.events.models import Meeting
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from .dashboard import not_arrived

register_actions({"checkin.not_arrived.reminded": _("reminded the attendees not yet arrived")})


@job_kind("checkin_not_arrived", label=_("Reminders to attendees not yet arrived"), perm=Perm.EDIT_MEETINGS)
def remind_not_arrived(job, progress):
    meeting = Meeting.objects.get(pk=job.params["meeting"], org=job.org)
    day = dt.date.fromisoformat(job.params["day"])
    rows = list(not_arrived(meeting, day).order_by("id"))
    sent, skipped = 0, []
    for i, attendee in enumerate(rows, start=1):
        if attendee.email:
            language = attendee.language if attendee.language in ("zh-hans", "en") else "zh-hans"
            with translation.override(language):
                subject = gettext("%(meeting)s has begun: we are expecting you") % {"meeting": meeting.name}
                body = gettext(
                    "Dear %(name)s,\n\n%(meeting)s is under way at %(venue)s. Show the QR code of your "
                    "e-badge at the fast lane, or give your name at the manual desk.\n"
                ) % {"name": attendee.name, "meeting": meeting.name, "venue": meeting.city or "—"}
            send_mail(subject, body, None, [attendee.email], fail_silently=False)
            sent += 1
        else:
            skipped.append(attendee.name)
        progress(i, len(rows))
    log_action(
        "checkin.not_arrived.reminded", target=meeting, actor=job.created_by, org=job.org,
        data={"sent": sent, "day": day.isoformat()},
    )  # fmt: skip
    return {
        "summary": ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", sent) % {"n": sent},
        "problems": (
            [gettext("No e-mail address: %(names)s") % {"names": "、".join(skipped[:30])}] if skipped else []
        ),
        "link": reverse("checkin:gates", kwargs={"org": job.org.slug, "meeting": meeting.pk}),
        "link_label": gettext("Back to check-in"),
    }
