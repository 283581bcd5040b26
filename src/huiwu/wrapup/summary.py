"""The summary report to the client: due ``wrap_up.summary_report`` Chinese working days after the last
day (a watched deadline: the PM told once when it comes due and once when it is missed), its sections —
overview, highlights, improvements, data comparison, improvement plan — drafted from what the product
knows (the KPI review, the satisfaction figures, the incidents, the budget, the inspections, the
retrospective's actions) and edited by the PM against the version seen; sent to the client with its PDF
and Word files, the client's answer recorded. Once accepted it no longer changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.core.workdays import add_workdays
from huiwu.events.enums import TaskStatus
from huiwu.events.models import KPI, Meeting
from huiwu.feedback import satisfaction
from huiwu.notifications.services import claim, in_language, notify
from huiwu.orgs.models import Membership
from huiwu.risks.deadlines import ALERTING, State, recipients, state_at
from huiwu.standards.enums import Unit
from huiwu.standards.selectors import standards

from . import facts, kpis
from .errors import ReportAccepted, ReportInvalid, Stale
from .models import Action, ReportStatus, Summary
from .permits import ended, planner

register_actions(
    {
        "wrapup.summary.drafted": gettext_lazy("Summary report drafted"),
        "wrapup.summary.edited": gettext_lazy("Summary report edited"),
        "wrapup.summary.sent": gettext_lazy("Summary report sent to the client"),
        "wrapup.summary.answered": gettext_lazy("Client's answer to the summary report recorded"),
    }
)

DEFAULT_DAYS = 3
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIMIT = 20_000  # characters per section


def due_on(meeting: Meeting) -> dt.date:
    """The last day to send it: N Chinese working days after the last day (holidays off, make-up days
    on), or N calendar days when the organisation counts it so."""
    rule = standards(meeting.org, meeting=meeting).get("wrap_up.summary_report")
    if rule is None or not rule.enabled:
        return add_workdays(meeting.end_date, DEFAULT_DAYS)
    n = int(rule.figure)
    if rule.unit == Unit.WORKING_DAY:
        return add_workdays(meeting.end_date, n)
    return (meeting.ends_at() + rule.duration()).date()


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date
    due_at: dt.datetime
    done_at: dt.datetime | None
    state: State


def deadline(meeting: Meeting, found: Summary | None, now: dt.datetime | None = None) -> Deadline:
    """Met by the first sending to the client."""
    now = now or timezone.now()
    day = due_on(meeting)
    due_at = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=meeting.tz)
    warning = standards(meeting.org, meeting=meeting)["planning.deadline_warning"].duration()
    done = found.sent_at if found is not None else None
    return Deadline(day, due_at, done, state_at(due_at, done, warning, now))


# --- the draft


def _n(value: Decimal | None, places: str = "0.1") -> str:
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal(places))}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Row:
    """A line of the data comparison: a KPI's target and actual."""

    label: str
    unit: str
    target: Decimal
    actual: Decimal | None
    diff: Decimal | None
    share: Decimal | None  # the variance in percent of the target
    explanation: str

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.target

    @property
    def reached(self) -> Decimal | None:
        """The actual in percent of the target (the chart)."""
        if self.actual is None or not self.target:
            return None
        return (self.actual * 100 / self.target).quantize(Decimal("0.1"))


def comparison(meeting: Meeting) -> list[Row]:
    rows = []
    for kpi in KPI.objects.filter(meeting=meeting).select_related("result"):
        found = kpis.variance(kpi)
        result = getattr(kpi, "result", None)
        rows.append(
            Row(
                kpi.label,
                kpi.unit,
                kpi.target,
                kpi.actual,
                found[0] if found else None,
                found[1] if found else None,
                result.explanation if result is not None else "",
            )
        )
    return rows


def _lines(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def draft(meeting: Meeting) -> dict[str, str]:
    """Each section's first text, from the data, in the reader's language."""
    found = satisfaction.figures(meeting)
    rows = comparison(meeting)
    came = kpis.came(meeting)
    days = (meeting.end_date - meeting.start_date).days + 1
    overview = [
        gettext("%(name)s (%(theme)s), %(first)s to %(last)s (%(days)s days), %(city)s.")
        % {
            "name": meeting.name,
            "theme": meeting.theme or "—",
            "first": meeting.start_date.isoformat(),
            "last": meeting.end_date.isoformat(),
            "days": days,
            "city": meeting.city or "—",
        },
        gettext("%(came)s people checked in of %(expected)s expected.")
        % {"came": came, "expected": meeting.expected_attendance},
    ]
    if found.satisfaction is not None:
        overview.append(
            gettext("Satisfaction %(score)s/10 from %(n)s answers; NPS %(nps)s; response rate %(rate)s%%.")
            % {
                "score": _n(found.satisfaction),
                "n": found.satisfaction_answers,
                "nps": found.nps.score if found.nps.score is not None else "—",
                "rate": _n(found.response_rate),
            }
        )
    highlights = [
        gettext("%(kpi)s: %(actual)s %(unit)s against a target of %(target)s.")
        % {"kpi": r.label, "actual": _n(r.actual, "0.01"), "unit": r.unit, "target": _n(r.target, "0.01")}
        for r in rows
        if r.met
    ]
    best = sorted((q for q in found.sessions if q.average is not None), key=lambda q: q.average or 0)[::-1]
    highlights += [
        gettext("Best rated session: %(session)s (%(score)s of 5).")
        % {"session": q.question.text, "score": _n(q.average)}
        for q in best[:2]
    ]
    improvements = [
        gettext("%(kpi)s: %(actual)s %(unit)s against a target of %(target)s.")
        % {"kpi": r.label, "actual": _n(r.actual, "0.01"), "unit": r.unit, "target": _n(r.target, "0.01")}
        for r in rows
        if r.met is False
    ]
    improvements += [f.label for f in facts.themes(meeting, found)[:3]]
    improvements += [f.label for f in facts.incidents(meeting) if f.serious]
    improvements += [f.label for f in facts.variances(meeting)]
    failed = facts.failed_inspections(meeting)
    if failed:
        improvements.append(gettext("%(n)s inspection items failed.") % {"n": len(failed)})
    compared = [
        gettext("%(kpi)s: target %(target)s, actual %(actual)s %(unit)s (%(share)s%%).")
        % {
            "kpi": r.label,
            "target": _n(r.target, "0.01"),
            "actual": _n(r.actual, "0.01"),
            "unit": r.unit,
            "share": ("+" if (r.share or 0) > 0 else "") + _n(r.share),
        }
        for r in rows
        if r.actual is not None
    ]
    actions = Action.objects.filter(retro__meeting=meeting).select_related("task", "task__assignee")
    plan = [
        gettext("%(action)s — %(owner)s, by %(due)s")
        % {
            "action": a.task.title,
            "owner": a.task.assignee.name if a.task.assignee else "—",
            "due": timezone.localdate(a.task.due_at, meeting.tz).isoformat(),
        }
        + (" ✓" if a.task.status == TaskStatus.DONE else "")
        for a in actions
    ]
    if not plan and improvements:
        plan = [gettext("Each improvement above gets an owner and a deadline at the retrospective.")]
    return {
        "overview": "\n".join(overview),
        "highlights": _lines(highlights),
        "improvements": _lines(improvements),
        "comparison": _lines(compared),
        "plan": _lines(plan),
    }


# --- the commands


@transaction.atomic
def start(*, meeting: Meeting, membership: Membership | None) -> Summary:
    """The report, its sections drafted from the data (once: a second call returns it)."""
    who = planner(membership, meeting)
    ended(meeting)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    found = Summary.objects.filter(meeting=meeting).first()
    if found is not None:
        return found
    made = Summary.objects.create(org=meeting.org, meeting=meeting, **draft(meeting))
    log_action("wrapup.summary.drafted", target=meeting, actor=who.user, org=meeting.org)
    return made


def _section(value: Any, name: str) -> str:
    try:
        return clean_text(value, max_length=LIMIT, multiline=True)
    except ValidationError as exc:
        raise ReportInvalid(" ".join(exc.messages), details={"field": name}) from None


def _locked(summary: Summary, version: int) -> Summary:
    row = Summary.objects.select_for_update().get(pk=summary.pk)
    if row.status == ReportStatus.ACCEPTED:
        raise ReportAccepted()
    if row.version != version:
        raise Stale()
    return row


@transaction.atomic
def save(
    *, summary: Summary, membership: Membership | None, sections: dict[str, Any], version: int
) -> Summary:
    """The PM's text of the sections given (the others kept), against the version seen. A report sent
    and changed goes back to draft: the client is asked again."""
    who = planner(membership, summary.meeting)
    unknown = set(sections) - set(Summary.SECTIONS)
    if unknown:
        raise ReportInvalid(details={"field": sorted(unknown)[0]})
    texts = {name: _section(value, name) for name, value in sections.items()}
    row = _locked(summary, version)
    changed = [name for name, text in texts.items() if getattr(row, name) != text]
    if not changed:
        return row
    for name in changed:
        setattr(row, name, texts[name])
    if row.status == ReportStatus.SENT:
        row.status = ReportStatus.DRAFT
    row.version += 1
    row.save()
    log_action(
        "wrapup.summary.edited", target=row.meeting, actor=who.user, org=row.org, data={"sections": changed}
    )
    return row


@transaction.atomic
def redraft(*, summary: Summary, membership: Membership | None, section: str, version: int) -> Summary:
    """One section drawn again from the data as it is now (replacing the PM's text)."""
    if section not in Summary.SECTIONS:
        raise ReportInvalid(details={"field": "section"})
    return save(
        summary=summary,
        membership=membership,
        version=version,
        sections={section: draft(summary.meeting)[section]},
    )


@transaction.atomic
def send(*, summary: Summary, membership: Membership | None, to: str, version: int) -> Summary:
    """Sent to the client's person by mail with the PDF and the Word file; the deadline is met by the
    first sending."""
    who = planner(membership, summary.meeting)
    address = (to or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ReportInvalid(gettext("Give the client's e-mail address."), details={"field": "to"}) from None
    row = _locked(summary, version)
    if not any(getattr(row, name).strip() for name in Summary.SECTIONS):
        raise ReportInvalid(gettext("The report is empty."))
    now = timezone.now()
    first = row.sent_at is None
    row.status, row.sent_to = ReportStatus.SENT, address
    row.sent_at = row.sent_at or now
    row.version += 1
    row.save()
    log_action("wrapup.summary.sent", target=row.meeting, actor=who.user, org=row.org, data={"first": first})
    transaction.on_commit(lambda: _mail(row, address))
    return row


def _mail(row: Summary, address: str) -> None:
    from .documents import render_docx, render_pdf

    meeting = row.meeting
    subject = gettext("Summary report: %(meeting)s") % {"meeting": meeting.name}
    body = gettext(
        "Please find the summary report of %(meeting)s attached (PDF, and Word to edit). "
        "Tell us whether you accept it or what should change."
    ) % {"meeting": meeting.name}
    message = EmailMessage(subject, body, None, [address])
    message.attach("summary-report.pdf", render_pdf(row), "application/pdf")
    message.attach("summary-report.docx", render_docx(row), DOCX)
    message.send(fail_silently=True)


@transaction.atomic
def record_answer(
    *,
    summary: Summary,
    membership: Membership | None,
    accepted: bool,
    person: str,
    note: str = "",
    version: int,
) -> Summary:
    """The client's answer: accepted (the report is final), or changes asked (back to draft)."""
    who = planner(membership, summary.meeting)
    name = _section(person, "person")[:100].strip()
    if not name:
        raise ReportInvalid(gettext("Name the client's person who answered."), details={"field": "person"})
    words = _section(note, "note")
    row = _locked(summary, version)
    if row.status != ReportStatus.SENT:
        raise ReportInvalid(gettext("Send the report to the client first."))
    row.status = ReportStatus.ACCEPTED if accepted else ReportStatus.DRAFT
    row.answered_at, row.answered_by, row.answer_note = timezone.now(), name, words
    row.version += 1
    row.save()
    log_action(
        "wrapup.summary.answered",
        target=row.meeting,
        actor=who.user,
        org=row.org,
        data={"accepted": bool(accepted)},
    )
    return row


# --- the watch


def watch(now: dt.datetime | None = None) -> int:
    """Meetings ended in the last month whose report is due soon or missed: the PM (or, without one, the
    planners) told once per state."""
    from django.urls import reverse

    now = now or timezone.now()
    today = timezone.localdate(now)
    told = 0
    meetings = Meeting.objects.filter(
        end_date__lt=today + dt.timedelta(days=1), end_date__gte=today - dt.timedelta(days=31)
    ).select_related("org", "owner")
    reports = {s.meeting_id: s for s in Summary.objects.filter(meeting__in=meetings)}
    for meeting in meetings:
        if now < meeting.ends_at():
            continue
        found = deadline(meeting, reports.get(meeting.pk), now)
        if found.state not in ALERTING:
            continue
        if not claim(meeting.org_id, f"summary-report:{meeting.pk}:{found.due_on}:{found.state}"):
            continue

        def words(m: Meeting = meeting, d: Deadline = found) -> tuple[str, str]:
            what = {"meeting": m.name}
            if d.state == State.OVERDUE:
                title = gettext("Missed: the summary report to the client (%(meeting)s)") % what
            else:
                title = gettext("Due soon: the summary report to the client (%(meeting)s)") % what
            return title, gettext("Due by %(day)s") % {"day": d.due_on.isoformat()}

        people = recipients(meeting)
        url = reverse("wrapup:summary", kwargs={"org": meeting.org.slug, "meeting": meeting.pk})
        for user in people:
            title, body = in_language(user, words)
            notify(user=user, org=meeting.org, title=title, body=body, url=url, email=True)
        told += 1
    return told
