"""The survey sent now (rather than at its time), as a job with progress."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from . import surveys
from .models import Survey


@job_kind("survey_send", label=_("Survey sent"), perm=Perm.EDIT_MEETINGS)
def send_survey(job, progress):
    survey = Survey.objects.select_related("meeting").get(org=job.org, pk=job.params["survey"])
    outcome = surveys.send(survey=survey, progress=progress)
    return {
        "summary": gettext("%(sent)s sent by e-mail; %(without)s without an address (on their e-badge page).")
        % {"sent": outcome["sent"], "without": outcome["without_mail"]},
        "link": reverse("feedback:survey", kwargs={"org": job.org.slug, "meeting": survey.meeting_id}),
        "link_label": gettext("Back to the survey"),
    }
