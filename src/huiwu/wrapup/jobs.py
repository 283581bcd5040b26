"""The follow-up mailed now to those who came, as a job with progress."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from . import followup
from .models import FollowUp


@job_kind("followup_send", label=_("Follow-up mailed"), perm=Perm.EDIT_MEETINGS)
def send_follow_up(job, progress):
    follow = FollowUp.objects.select_related("meeting", "meeting__owner", "org").get(
        org=job.org, pk=job.params["follow"]
    )
    outcome = followup.send(follow=follow, what=job.params["what"], progress=progress)
    return {
        "summary": gettext("%(sent)s sent by e-mail; %(without)s without an address.")
        % {"sent": outcome["sent"], "without": outcome["without_mail"]},
        "link": reverse("wrapup:follow", kwargs={"org": job.org.slug, "meeting": follow.meeting_id}),
        "link_label": gettext("Back to the follow-up"),
    }


@job_kind("meeting_archive", label=_("Meeting archived"), perm=Perm.EDIT_MEETINGS)
def archive_meeting(job, progress):
    from huiwu.events.models import Meeting

    from . import archive

    meeting = Meeting.objects.select_related("org", "client").get(org=job.org, pk=job.params["meeting"])
    made = archive.archive(meeting=meeting, actor=job.created_by, progress=progress)
    return {
        "summary": gettext("%(meeting)s archived: %(n)s attendees de-identified.")
        % {"meeting": meeting.name, "n": made.figures.get("attendees", 0)},
        "link": reverse("wrapup:archived", kwargs={"org": job.org.slug, "archive": made.pk}),
        "link_label": gettext("Open the archive"),
    }
