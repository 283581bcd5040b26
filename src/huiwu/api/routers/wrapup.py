"""The wrap-up by meeting: the KPI review (actuals), the summary report (draft, edit, send, the client's
answer), the follow-up (the client's call), the retrospective (causes, actions, lessons and their
decision), archiving (a job) and the archive. Every write is one command of ``huiwu.wrapup``."""

from django.http import Http404
from ninja import Query, Router, Status

from huiwu.events.models import KPI, Meeting
from huiwu.feedback import satisfaction
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.wrapup import archive, facts, followup, kpis, retro, summary
from huiwu.wrapup.errors import RetroInvalid
from huiwu.wrapup.models import Archive, Cause, FollowUp, Lesson, Result, Retro, Summary

from ..schemas.base import ErrorOut
from ..schemas.jobs import JobOut
from ..schemas.wrapup import (
    ArchiveDetailOut,
    ArchiveOut,
    ClientCallIn,
    FollowUpOut,
    KpiActualIn,
    KpiRowOut,
    LessonDecisionIn,
    RetroActionIn,
    RetroCauseIn,
    RetroLessonIn,
    RetroOut,
    SummaryAnswerIn,
    SummaryIn,
    SummaryOut,
    SummarySendIn,
)

router = Router(tags=["wrap-up"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int) -> Meeting:
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting.objects.select_related("org", "owner", "client"), request.org, pk=meeting_id)


def _row(kpi: KPI, figures: satisfaction.Figures, result: Result | None) -> dict:
    found = kpis.variance(kpi)
    offered = kpis.suggest(kpi, figures)
    return {
        "kpi_id": kpi.pk,
        "label": kpi.label,
        "unit": kpi.unit,
        "target": str(kpi.target),
        "actual": None if kpi.actual is None else str(kpi.actual),
        "variance_percent": None if found is None or found[1] is None else str(found[1]),
        "explanation": result.explanation if result else "",
        "version": result.version if result else 0,
        "suggested": None if offered is None else str(offered.value),
        "suggested_from": None if offered is None else offered.source,
    }


@router.get("/meetings/{meeting_id}/kpi-review", response={200: list[KpiRowOut], **ERRORS})
def kpi_review(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    figures = satisfaction.figures(meeting)
    results = {r.kpi_id: r for r in Result.objects.filter(kpi__meeting=meeting)}
    return [_row(k, figures, results.get(k.pk)) for k in KPI.objects.filter(meeting=meeting)]


@router.put(
    "/meetings/{meeting_id}/kpi-actuals", response={200: KpiRowOut, **ERRORS}, summary="Record an actual"
)
def record_actual(request, meeting_id: int, payload: KpiActualIn):
    meeting = _meeting(request, meeting_id)
    kpi = KPI.objects.filter(meeting=meeting, pk=payload.kpi_id).first()
    if kpi is None:
        raise Http404
    kpis.record_actual(
        kpi=kpi,
        membership=request.membership,
        actual=payload.actual,
        unit=payload.unit,
        explanation=payload.explanation,
        source=payload.source,
        version=payload.version,
    )
    kpi.refresh_from_db()
    return _row(kpi, satisfaction.figures(meeting), Result.objects.filter(kpi=kpi).first())


# --- the summary report


def _summary(found: Summary) -> dict:
    line = summary.deadline(found.meeting, found)
    return {
        "id": found.pk,
        "meeting_id": found.meeting_id,
        "status": found.status,
        **{name: getattr(found, name) for name in Summary.SECTIONS},
        "due_on": line.due_on,
        "deadline": str(line.state),
        "sent_at": found.sent_at,
        "sent_to": found.sent_to,
        "answered_at": found.answered_at,
        "answered_by": found.answered_by,
        "answer_note": found.answer_note,
        "version": found.version,
    }


def _report(request, meeting_id: int) -> Summary:
    found = Summary.objects.filter(meeting=_meeting(request, meeting_id)).select_related("meeting").first()
    if found is None:
        raise Http404
    return found


@router.get("/meetings/{meeting_id}/summary-report", response={200: SummaryOut, **ERRORS})
def get_summary(request, meeting_id: int):
    return _summary(_report(request, meeting_id))


@router.post(
    "/meetings/{meeting_id}/summary-report", response={201: SummaryOut, **ERRORS}, summary="Draft it"
)
def draft_summary(request, meeting_id: int):
    made = summary.start(meeting=_meeting(request, meeting_id), membership=request.membership)
    return Status(201, _summary(made))


@router.patch(
    "/meetings/{meeting_id}/summary-report", response={200: SummaryOut, **ERRORS}, summary="Edit it"
)
def edit_summary(request, meeting_id: int, payload: SummaryIn):
    found = _report(request, meeting_id)
    sections = {n: v for n in Summary.SECTIONS if (v := getattr(payload, n)) is not None}
    done = summary.save(
        summary=found, membership=request.membership, sections=sections, version=payload.version
    )
    return _summary(done)


@router.post("/meetings/{meeting_id}/summary-report/send", response={200: SummaryOut, **ERRORS})
def send_summary(request, meeting_id: int, payload: SummarySendIn):
    found = _report(request, meeting_id)
    done = summary.send(summary=found, membership=request.membership, to=payload.to, version=payload.version)
    return _summary(done)


@router.post(
    "/meetings/{meeting_id}/summary-report/answer",
    response={200: SummaryOut, **ERRORS},
    summary="The client's answer",
)
def answer_summary(request, meeting_id: int, payload: SummaryAnswerIn):
    found = _report(request, meeting_id)
    done = summary.record_answer(
        summary=found,
        membership=request.membership,
        accepted=payload.accepted,
        person=payload.person,
        note=payload.note,
        version=payload.version,
    )
    return _summary(done)


# --- the follow-up


def _follow(found: FollowUp) -> dict:
    return {
        "id": found.pk,
        "meeting_id": found.meeting_id,
        "photos_url": found.photos_url,
        "video_url": found.video_url,
        "media_due_at": followup.media_due(found.meeting),
        "media_sent_at": found.media_sent_at,
        "media_sent": found.media_sent,
        "letter": found.letter,
        "letter_sent_at": found.letter_sent_at,
        "call_task_id": found.call_task_id,
        "call_outcome": found.call_outcome,
        "call_satisfaction": found.call_satisfaction,
        "called_at": found.called_at,
        "version": found.version,
    }


def _follow_of(request, meeting_id: int) -> FollowUp:
    found = FollowUp.objects.filter(meeting=_meeting(request, meeting_id)).select_related("meeting").first()
    if found is None:
        raise Http404
    return found


@router.get("/meetings/{meeting_id}/follow-up", response={200: FollowUpOut, **ERRORS})
def get_follow_up(request, meeting_id: int):
    return _follow(_follow_of(request, meeting_id))


@router.post("/meetings/{meeting_id}/follow-up", response={201: FollowUpOut, **ERRORS}, summary="Start it")
def start_follow_up(request, meeting_id: int):
    made = followup.start(meeting=_meeting(request, meeting_id), membership=request.membership)
    return Status(201, _follow(made))


@router.post("/meetings/{meeting_id}/follow-up/call", response={200: FollowUpOut, **ERRORS})
def record_call(request, meeting_id: int, payload: ClientCallIn):
    found = _follow_of(request, meeting_id)
    done = followup.record_call(
        follow=found,
        membership=request.membership,
        outcome=payload.outcome,
        satisfaction=payload.satisfaction,
        next_business=payload.next_business,
        version=payload.version,
    )
    return _follow(done)


# --- the retrospective


def _retro(found: Retro, *, with_facts: bool = False) -> dict:
    """The retrospective; the facts a cause may rest on (read from every domain, the budget sheet
    included) only when asked: the GET."""
    known = facts.all_of(found.meeting) if with_facts else None
    return {
        "id": found.pk,
        "meeting_id": found.meeting_id,
        "held_on": found.held_on,
        "departments": found.departments,
        "problem": found.problem,
        "causes": [
            {
                "id": c.pk,
                "bone": c.bone,
                "text": c.text,
                "evidence": c.evidence,
                "evidence_ref": c.evidence_ref,
                "evidence_label": c.evidence_label,
            }
            for c in found.causes.all()
        ],
        "actions": [
            {
                "id": a.pk,
                "task_id": a.task_id,
                "title": a.task.title,
                "status": a.task.status,
                "assignee_id": a.task.assignee_id,
                "due_at": a.task.due_at.isoformat(),
                "cause_id": a.cause_id,
            }
            for a in found.actions.select_related("task")
        ],
        "lessons": [
            {
                "id": le.pk,
                "text": le.text,
                "kind": le.kind,
                "status": le.status,
                "rule_key": le.rule.key if le.rule else None,
                "low": None if le.low is None else str(le.low),
                "high": None if le.high is None else str(le.high),
                "task_title": le.task_title,
                "task_offset": le.task_offset,
                "reason": le.reason,
            }
            for le in found.lessons.select_related("rule")
        ],
        "facts": None
        if known is None
        else [{"key": f.key, "kind": f.kind, "label": f.label} for group in known.values() for f in group],
    }


def _retro_of(request, meeting_id: int) -> Retro:
    found = Retro.objects.filter(meeting=_meeting(request, meeting_id)).select_related("meeting").first()
    if found is None:
        raise Http404
    return found


def _cause(found: Retro, cause_id: int | None) -> Cause | None:
    if cause_id is None:
        return None
    cause = Cause.objects.filter(retro=found, pk=cause_id).first()
    if cause is None:
        raise RetroInvalid(details={"field": "cause_id"})
    return cause


@router.get("/meetings/{meeting_id}/retrospective", response={200: RetroOut, **ERRORS})
def get_retro(request, meeting_id: int):
    return _retro(_retro_of(request, meeting_id), with_facts=True)


@router.post("/meetings/{meeting_id}/retrospective", response={201: RetroOut, **ERRORS}, summary="Start it")
def start_retro(request, meeting_id: int):
    made = retro.start(meeting=_meeting(request, meeting_id), membership=request.membership)
    return Status(201, _retro(made))


@router.post("/meetings/{meeting_id}/retrospective/causes", response={201: RetroOut, **ERRORS})
def add_cause(request, meeting_id: int, payload: RetroCauseIn):
    found = _retro_of(request, meeting_id)
    retro.add_cause(
        retro=found,
        membership=request.membership,
        bone=payload.bone,
        text=payload.text,
        evidence=payload.evidence,
    )
    return Status(201, _retro(found))


@router.post("/meetings/{meeting_id}/retrospective/actions", response={201: RetroOut, **ERRORS})
def add_action(request, meeting_id: int, payload: RetroActionIn):
    found = _retro_of(request, meeting_id)
    member = Membership.objects.filter(org=request.org, user_id=payload.assignee_id, is_active=True).first()
    retro.add_action(
        retro=found,
        membership=request.membership,
        title=payload.title,
        assignee=member.user if member else None,
        due=payload.due,
        cause=_cause(found, payload.cause_id),
    )
    return Status(201, _retro(found))


@router.post("/meetings/{meeting_id}/retrospective/lessons", response={201: RetroOut, **ERRORS})
def propose_lesson(request, meeting_id: int, payload: RetroLessonIn):
    found = _retro_of(request, meeting_id)
    retro.propose(
        retro=found,
        membership=request.membership,
        text=payload.text,
        kind=payload.kind,
        rule_key=payload.rule_key,
        low=payload.low,
        high=payload.high,
        task_title=payload.task_title,
        task_stage=payload.task_stage,
        task_offset=payload.task_offset,
        cause=_cause(found, payload.cause_id),
    )
    return Status(201, _retro(found))


@router.post("/meetings/{meeting_id}/retrospective/lesson-decisions", response={200: RetroOut, **ERRORS})
def decide_lesson(request, meeting_id: int, payload: LessonDecisionIn):
    found = _retro_of(request, meeting_id)
    lesson = Lesson.objects.filter(retro=found, pk=payload.lesson_id).first()
    if lesson is None:
        raise Http404
    retro.decide(lesson=lesson, membership=request.membership, accept=payload.accept, reason=payload.reason)
    return _retro(found)


# --- the archive


def _archive(a: Archive, *, detail: bool = False) -> dict:
    out = {
        "id": a.pk,
        "meeting_id": a.meeting_id,
        "meeting": a.meeting.name,
        "client": a.client,
        "theme": a.theme,
        "first_day": a.first_day,
        "last_day": a.last_day,
        "archived_at": a.archived_at,
        "figures": a.figures,
        "documents": a.documents,
        "guests": len(a.guests),
    }
    if detail:
        out.update(guest_list=a.guests, feedback=a.feedback)
    return out


@router.post(
    "/meetings/{meeting_id}/archive", response={202: JobOut, **ERRORS}, summary="Archive the meeting"
)
def archive_meeting(request, meeting_id: int):
    """De-identifies the attendees and makes the meeting read-only, as a job."""
    job = archive.start(meeting=_meeting(request, meeting_id), membership=request.membership)
    return Status(202, job)


@router.get("/meetings/{meeting_id}/archive", response={200: ArchiveDetailOut, **ERRORS})
def get_archive(request, meeting_id: int):
    found = Archive.objects.filter(meeting=_meeting(request, meeting_id)).select_related("meeting").first()
    if found is None:
        raise Http404
    return _archive(found, detail=True)


@router.get("/archives", response={200: list[ArchiveOut], **ERRORS}, summary="Search the archive")
def search_archives(request, q: str = "", client: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    require(request.membership, Perm.VIEW)
    return [_archive(a) for a in archive.search(request.org, q=q[:200], client=client[:200], year=year)[:200]]
