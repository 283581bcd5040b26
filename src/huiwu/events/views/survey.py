"""The attendee-profile questionnaire: the staff page (link, QR, live charts) and the public form."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.orgs.access import org_view, require
from huiwu.orgs.enums import Perm

from ..forms import ProfileAnswerForm, SurveySettingsForm
from ..models import ProfileSurvey
from ..services import survey as survey_services
from .meetings import _meeting


@org_view()
def survey_staff(request, meeting: int):
    obj = _meeting(request, meeting)
    survey = survey_services.survey_for(obj)
    form = SurveySettingsForm(
        request.POST or None, initial={"interests": "\n".join(survey.interests), "is_open": survey.is_open}
    )
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if form.is_valid():
            try:
                survey_services.configure_survey(survey=survey, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("interests", exc)
            else:
                messages.success(request, _("Questionnaire saved."))
                return redirect("events:survey", org=request.org.slug, meeting=obj.pk)
    link = request.build_absolute_uri(reverse("public-survey", kwargs={"token": survey.token}))
    context = {
        "meeting": obj,
        "survey": survey,
        "form": form,
        "link": link,
        "qr_svg": segno.make(link).svg_inline(scale=4, title=_("Questionnaire link")),
        "summary": survey_services.summary(survey),
    }
    return render(request, "events/survey.html", context)


def survey_public(request, token: str):
    survey = ProfileSurvey.objects.select_related("meeting").filter(token=token).first()
    if survey is None:
        raise Http404
    form = ProfileAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.submit_response(
                survey=survey, source=request.META.get("REMOTE_ADDR", ""), **form.cleaned_data
            )
        except DomainError as exc:
            return render(
                request,
                "events/survey_public.html",
                {"survey": survey, "form": form, "error": exc.message},
                status=exc.status,
            )
        return render(request, "events/survey_thanks.html", {"survey": survey})
    status = 410 if not survey.is_open else (400 if form.errors else 200)
    return render(request, "events/survey_public.html", {"survey": survey, "form": form}, status=status)
