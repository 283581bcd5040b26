"""The wrap-up pages after the count: the summary report to the client (edit, files, send, the client's
answer), the follow-ups (photos and video, the thank-you letter, the client's call a month on) and the
retrospective (the fishbone, actions, lessons). Thin: each POST runs one command."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.events.enums import Stage
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.models import Membership
from huiwu.standards.models import Rule

from . import facts, followup, retro, summary
from .documents import DOCX_NAME, context, render_docx, render_pdf
from .models import Bone, Cause, FollowUp, Lesson, LessonKind, Retro, Summary
from .permits import may_decide
from .views import _id, _version


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def _meeting(request, meeting: int) -> tuple[Meeting, bool]:
    from huiwu.feedback.services import may_set_up

    row = get_scoped(Meeting.objects.select_related("owner", "client"), request.org, pk=meeting)
    return row, may_set_up(request.membership, row)


@org_view()
def report(request, meeting: int):
    row, editor = _meeting(request, meeting)
    found = Summary.objects.filter(meeting=row).first()
    here = redirect("wrapup:summary", org=request.org.slug, meeting=row.pk)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action, version = request.POST.get("action", ""), _version(request)
        try:
            if action == "start":
                summary.start(meeting=row, membership=request.membership)
            elif found is None:
                pass
            elif action == "save":
                sections = {
                    name: request.POST.get(name, "") for name in Summary.SECTIONS if name in request.POST
                }
                summary.save(summary=found, membership=request.membership, sections=sections, version=version)
                messages.success(request, _("Saved."))
            elif action == "redraft":
                summary.redraft(
                    summary=found,
                    membership=request.membership,
                    section=request.POST.get("section", ""),
                    version=version,
                )
            elif action == "send":
                summary.send(
                    summary=found,
                    membership=request.membership,
                    to=request.POST.get("to", ""),
                    version=version,
                )
                messages.success(request, _("Sent to the client."))
            elif action in ("accepted", "changes"):
                summary.record_answer(
                    summary=found,
                    membership=request.membership,
                    accepted=action == "accepted",
                    person=request.POST.get("person", ""),
                    note=request.POST.get("note", ""),
                    version=version,
                )
                messages.success(request, _("The client's answer is recorded."))
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    if found is not None and request.GET.get("file") == "pdf":
        response = HttpResponse(render_pdf(found), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="summary-report.pdf"'
        return response
    if found is not None and request.GET.get("file") == "docx":
        response = HttpResponse(render_docx(found), content_type=summary.DOCX)
        response["Content-Disposition"] = f'attachment; filename="{DOCX_NAME}"'
        return response
    page = {"meeting": row, "summary": found, "editor": editor, "deadline": summary.deadline(row, found)}
    if found is not None:
        page.update(context(found))
        page["contacts"] = [c for c in row.client.contacts.all() if c.email] if row.client_id else []
    return render(request, "wrapup/summary.html", page)


@org_view()
def follow(request, meeting: int):
    row, editor = _meeting(request, meeting)
    found = FollowUp.objects.filter(meeting=row).select_related("call_task").first()
    here = redirect("wrapup:follow", org=request.org.slug, meeting=row.pk)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action, version = request.POST.get("action", ""), _version(request)
        try:
            if action == "start":
                followup.start(meeting=row, membership=request.membership)
            elif found is None:
                pass
            elif action == "media":
                followup.save(
                    follow=found,
                    membership=request.membership,
                    version=version,
                    photos_url=request.POST.get("photos_url", ""),
                    video_url=request.POST.get("video_url", ""),
                )
                messages.success(request, _("Saved."))
            elif action == "letter":
                followup.save(
                    follow=found,
                    membership=request.membership,
                    version=version,
                    letter=request.POST.get("letter", ""),
                )
                messages.success(request, _("Saved."))
            elif action in ("send-media", "send-letter"):
                job = followup.send_now(follow=found, membership=request.membership, what=action[5:])
                return redirect("jobs:detail", org=request.org.slug, job=job.pk)
            elif action == "call":
                followup.record_call(
                    follow=found,
                    membership=request.membership,
                    version=version,
                    outcome=request.POST.get("outcome", ""),
                    satisfaction=request.POST.get("satisfaction", ""),
                    next_business=request.POST.get("next", ""),
                )
                messages.success(request, _("The call is recorded."))
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    page = {
        "meeting": row,
        "follow": found,
        "editor": editor,
        "media_due": followup.media_due(row),
        "call_due": followup.call_due(row),
        "fields": followup.FIELDS,
        "now": timezone.now(),
    }
    if found is not None:
        people = followup.audience(row)
        page["people"] = len(people)
        if people:
            page["preview"] = followup.merge(found.letter, followup.values_for(found, people[0]))
    return render(request, "wrapup/follow.html", page)


@org_view()
def retrospective(request, meeting: int):
    row, editor = _meeting(request, meeting)
    found = Retro.objects.filter(meeting=row).first()
    here = redirect("wrapup:retro", org=request.org.slug, meeting=row.pk)
    decider = may_decide(request.membership)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not editor and not (decider and action == "decide"):
            raise PermissionDenied
        post = request.POST
        try:
            if action == "start":
                retro.start(meeting=row, membership=request.membership)
            elif found is None:
                pass
            elif action == "save":
                retro.save(
                    retro=found,
                    membership=request.membership,
                    held_on=_day(post.get("held_on")),
                    departments=post.get("departments", ""),
                    problem=post.get("problem", ""),
                    notes=post.get("notes", ""),
                    version=_version(request),
                )
                messages.success(request, _("Saved."))
            elif action == "cause":
                retro.add_cause(
                    retro=found,
                    membership=request.membership,
                    bone=post.get("bone", ""),
                    text=post.get("text", ""),
                    evidence=post.get("evidence", ""),
                )
            elif action == "remove-cause":
                cause = Cause.objects.filter(retro=found, pk=_id(post.get("cause"))).first()
                if cause is not None:
                    retro.remove_cause(cause=cause, membership=request.membership)
            elif action == "action":
                member = (
                    Membership.objects.filter(
                        org=request.org, is_active=True, user_id=_id(post.get("assignee"))
                    )
                    .select_related("user")
                    .first()
                )
                retro.add_action(
                    retro=found,
                    membership=request.membership,
                    title=post.get("title", ""),
                    assignee=member.user if member else None,
                    due=_day(post.get("due")),
                    cause=Cause.objects.filter(retro=found, pk=_id(post.get("cause"))).first(),
                )
            elif action == "lesson":
                retro.propose(
                    retro=found,
                    membership=request.membership,
                    text=post.get("text", ""),
                    kind=post.get("kind", ""),
                    rule_key=post.get("rule", ""),
                    low=post.get("low"),
                    high=post.get("high"),
                    task_title=post.get("task_title", ""),
                    task_stage=post.get("task_stage"),
                    task_offset=post.get("task_offset"),
                    cause=Cause.objects.filter(retro=found, pk=_id(post.get("cause"))).first(),
                )
                messages.success(request, _("Lesson proposed: an owner of the organisation decides on it."))
            elif action == "decide":
                lesson = Lesson.objects.filter(retro=found, pk=_id(post.get("lesson"))).first()
                if lesson is not None:
                    retro.decide(
                        lesson=lesson,
                        membership=request.membership,
                        accept=post.get("accept") == "1",
                        reason=post.get("reason", ""),
                    )
                    messages.success(request, _("Decided."))
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    page = {"meeting": row, "retro": found, "editor": editor, "decider": decider}
    if found is not None:
        causes = list(found.causes.all())
        page["bones"] = [
            (value, label, [c for c in causes if c.bone == value]) for value, label in Bone.choices
        ]
        page["causes"] = causes
        page["facts"] = facts.all_of(row)
        page["actions"] = list(found.actions.select_related("task", "task__assignee", "cause"))
        page["lessons"] = list(found.lessons.select_related("rule", "decided_by", "proposed_by"))
        page["members"] = list(
            Membership.objects.filter(org=request.org, is_active=True).select_related("user")
        )
        page["rules"] = list(Rule.objects.filter(org=request.org).exclude(kind="flag").order_by("key"))
        page["stages"] = Stage.choices
        page["kinds"] = LessonKind.choices
        page["today"] = timezone.localdate()
    return render(request, "wrapup/retro.html", page)
