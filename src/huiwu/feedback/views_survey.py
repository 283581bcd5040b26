"""The agency's pages after the meeting: the survey (built while a draft, opened to go at T+1, sent now as
a job, its results live), the VIPs' follow-up calls, and the Satisfaction Analysis Report (page and PDF)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.agenda.models import Session
from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.core.text import mask_mobile
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import calls, satisfaction, services, surveys
from .models import Call, CallStatus, Question, QuestionKind, Survey
from .report import charts, render_pdf


def _id(value: str | None) -> int:
    return int(value) if value and value.isdecimal() and len(value) < 19 else 0


def _version(request) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdecimal() and len(raw) < 10 else -1


def _moment(value: str, meeting: Meeting) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=meeting.tz)


@org_view()
def survey(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    found = Survey.objects.filter(meeting=row).first()
    here = redirect("feedback:survey", org=request.org.slug, meeting=row.pk)
    editor = services.may_set_up(request.membership, row)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "make":
                surveys.make_survey(
                    meeting=row, membership=request.membership, title=request.POST.get("title", "")
                )
                messages.success(
                    request, _("Survey made with the usual questions: change them, then open it.")
                )
            elif found is None:
                pass
            elif action in ("add", "change"):
                question = None
                if action == "change":
                    question = Question.objects.filter(
                        survey=found, pk=_id(request.POST.get("question"))
                    ).first()
                    if question is None:
                        return here
                session = Session.objects.filter(meeting=row, pk=_id(request.POST.get("session"))).first()
                surveys.save_question(
                    survey=found, membership=request.membership, version=_version(request), question=question,
                    data=surveys.QuestionInput(
                        kind=request.POST.get("kind", ""), text=request.POST.get("text", ""),
                        choices=request.POST.get("choices", "").splitlines(),
                        required=request.POST.get("required") == "on", session=session,
                    ),
                )  # fmt: skip
                messages.success(request, _("Question saved."))
            elif action == "remove":
                question = Question.objects.filter(survey=found, pk=_id(request.POST.get("question"))).first()
                if question is not None:
                    surveys.remove_question(
                        survey=found,
                        membership=request.membership,
                        question=question,
                        version=_version(request),
                    )
            elif action == "open":
                send_at = request.POST.get("send_at", "")
                when = _moment(send_at, row) if send_at else None
                if send_at and when is None:
                    raise surveys.SurveyInvalid(_("Give the sending time as YYYY-MM-DD HH:MM."))
                remind = request.POST.get("remind_after", "")
                surveys.open_survey(
                    survey=found, membership=request.membership, version=_version(request), send_at=when,
                    remind_after=int(remind) if remind.isdecimal() and len(remind) < 5 else None,
                    intro=request.POST.get("intro"), script=request.POST.get("script"),
                )  # fmt: skip
                messages.success(request, _("Survey opened: it goes to the attendees at the time set."))
            elif action == "send":
                job = surveys.send_now(survey=found, membership=request.membership)
                return redirect("jobs:detail", org=request.org.slug, job=job.pk)
            elif action == "close":
                surveys.close_survey(survey=found, membership=request.membership)
                messages.success(request, _("Survey closed."))
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    context = {
        "meeting": row,
        "survey": found,
        "editor": editor,
        "figures": satisfaction.figures(row),
        "kinds": QuestionKind.choices,
        "sessions": Session.objects.filter(meeting=row, slot__isnull=False).order_by("title")[:200],
    }
    if found is not None:
        context["questions"] = list(found.questions.select_related("session"))
    return render(request, "feedback/survey.html", context)


@org_view()
def results(request, meeting: int):
    """The results region the survey page fetches again when an answer comes in."""
    row = get_scoped(Meeting, request.org, pk=meeting)
    return render(
        request, "feedback/partials/results.html", {"meeting": row, "figures": satisfaction.figures(row)}
    )


@org_view()
def call_list(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    here = redirect("feedback:calls", org=request.org.slug, meeting=row.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "list":
                if not services.may_set_up(request.membership, row):
                    raise PermissionDenied
                made = calls.make_list(meeting=row, membership=request.membership)
                messages.success(request, _("%(n)s calls added.") % {"n": len(made)})
            elif action == "record":
                found = Call.objects.filter(meeting=row, pk=_id(request.POST.get("call"))).first()
                if found is not None:
                    said = calls.CallInput(
                        status=request.POST.get("status", ""),
                        satisfaction=request.POST.get("satisfaction"),
                        outcome=request.POST.get("outcome", ""),
                    )
                    calls.record(
                        call=found, membership=request.membership, version=_version(request), data=said
                    )
                    messages.success(request, _("Call recorded."))
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    survey_row = Survey.objects.filter(meeting=row).first()
    listed = list(Call.objects.filter(meeting=row).select_related("attendee", "caller"))
    now = timezone.now()
    for c in listed:
        c.overdue = c.late(now)
        c.phone = mask_mobile(c.attendee.mobile) if c.attendee.mobile else ""
    return render(
        request,
        "feedback/calls.html",
        {
            "meeting": row, "calls": listed, "script": survey_row.script if survey_row else "",
            "statuses": [s for s in CallStatus.choices if s[0] != CallStatus.PENDING],
            "editor": services.may_set_up(request.membership, row), "due": calls.due_at(row),
            "me": request.user, "see_personal": can(request.membership, Perm.VIEW_PERSONAL),
        },
    )  # fmt: skip


@org_view()
def report(request, meeting: int):
    """The Satisfaction Analysis Report: the page, or its PDF (``?pdf=1``)."""
    row = get_scoped(Meeting, request.org, pk=meeting)
    if request.GET.get("pdf"):
        response = HttpResponse(render_pdf(row), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="satisfaction-{row.pk}.pdf"'
        return response
    found = satisfaction.figures(row)
    return render(
        request, "feedback/report.html", {"meeting": row, "figures": found, "charts": charts(found)}
    )
