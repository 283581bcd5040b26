"""The satisfaction survey after the meeting: made with the usual questions (overall satisfaction 1-10,
would-recommend 0-10, one rating per session of the agenda, what to improve), changed while a draft, opened
to be sent at T+1 to the attendees who came (VIPs get a call instead), reminded once, answered once per
person through a personal link. Every rule here; the pages, the API and the queue call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from huiwu.agenda.enums import SessionType
from huiwu.agenda.models import Session
from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn
from huiwu.core import realtime
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.core.tokens import new_secret
from huiwu.events.models import Meeting
from huiwu.jobs.models import Job
from huiwu.jobs.services import start_job
from huiwu.orgs.models import Membership

from .errors import SurveyAnswered, SurveyClosed, SurveyInvalid, SurveyStale
from .models import Question, QuestionKind, Recipient, Reply, Response, Survey, SurveyStatus
from .services import _planner

register_actions(
    {
        "feedback.survey.made": gettext_lazy("Survey made"),
        "feedback.survey.changed": gettext_lazy("Survey changed"),
        "feedback.survey.opened": gettext_lazy("Survey opened for sending"),
        "feedback.survey.closed": gettext_lazy("Survey closed"),
        "feedback.survey.sent": gettext_lazy("Survey sent"),
    }
)

TEXT_LIMIT = 2000
MAX_QUESTIONS = 60
MAX_CHOICES = 20
SEND_HOUR = dt.time(10)  # T+1 at ten in the morning, the meeting's time


def _mine(survey: Survey, membership: Membership | None) -> Membership:
    return _planner(membership, survey.org, survey.meeting)


@dataclass(frozen=True, kw_only=True)
class QuestionInput:
    kind: str
    text: str
    choices: list[str] = field(default_factory=list)
    required: bool = False
    session: Session | None = None


def _checked(survey: Survey, data: QuestionInput) -> dict[str, Any]:
    if data.kind not in QuestionKind.values:
        raise SurveyInvalid(gettext("Choose a kind of question."), details={"field": "kind"})
    try:
        text = clean_text(data.text, max_length=300)
        choices = [clean_text(c, max_length=100) for c in data.choices if str(c or "").strip()]
    except ValidationError as exc:
        raise SurveyInvalid(" ".join(exc.messages), details={"field": "text"}) from None
    if not text:
        raise SurveyInvalid(gettext("Write the question."), details={"field": "text"})
    if data.kind in (QuestionKind.CHOICE, QuestionKind.MULTI):
        if not 2 <= len(choices) <= MAX_CHOICES or len(set(choices)) != len(choices):
            raise SurveyInvalid(
                gettext("Give 2 to %(n)s different choices.") % {"n": MAX_CHOICES},
                details={"field": "choices"},
            )
    else:
        choices = []
    session = data.session
    if data.kind == QuestionKind.SESSION:
        if session is None or session.meeting_id != survey.meeting_id:
            raise SurveyInvalid(gettext("Choose a session of this meeting."), details={"field": "session"})
    else:
        session = None
    return {"kind": data.kind, "text": text, "choices": choices, "required": bool(data.required),
            "session": session}  # fmt: skip


def usual_questions(meeting: Meeting) -> list[QuestionInput]:
    """Overall satisfaction, would-recommend, each session of the agenda that has a place in it (not the
    meals and breaks), and what to improve."""
    rows = [
        QuestionInput(kind=QuestionKind.SATISFACTION, required=True,
                      text=gettext("Overall, how satisfied are you with the meeting?")),
        QuestionInput(kind=QuestionKind.NPS, required=True,
                      text=gettext("How likely are you to recommend this meeting to a colleague?")),
    ]  # fmt: skip
    sessions = (
        Session.objects.filter(meeting=meeting, slot__isnull=False)
        .exclude(session_type__in=(SessionType.MEAL, SessionType.TEA_BREAK, SessionType.NETWORKING))
        .select_related("slot")
        .order_by("slot__date", "slot__start", "id")
    )
    for session in sessions[:40]:
        rows.append(QuestionInput(kind=QuestionKind.SESSION, text=session.title[:300], session=session))
    rows.append(QuestionInput(kind=QuestionKind.TEXT, text=gettext("What should we do better next time?")))
    return rows


def default_send_at(meeting: Meeting) -> dt.datetime:
    return dt.datetime.combine(meeting.end_date + dt.timedelta(days=1), SEND_HOUR, tzinfo=meeting.tz)


@transaction.atomic
def make_survey(*, meeting: Meeting, membership: Membership | None, title: str = "") -> Survey:
    """The meeting's survey, a draft with the usual questions, to be sent at T+1."""
    who = _planner(membership, meeting.org, meeting)
    try:
        name = clean_text(title, max_length=200) or gettext("How was %(meeting)s?") % {
            "meeting": meeting.name
        }
    except ValidationError as exc:
        raise SurveyInvalid(" ".join(exc.messages), details={"field": "title"}) from None
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                org=meeting.org, meeting=meeting, title=name[:200], send_at=default_send_at(meeting),
                script=gettext(
                    "Hello %(name)s, this is %(caller)s from the organisers of %(meeting)s. Do you have two "
                    "minutes? How satisfied were you overall, from 0 to 10? What did you like most? What "
                    "should we do better?"
                ),
            )  # fmt: skip
    except IntegrityError:
        raise SurveyInvalid(
            gettext("The meeting has its survey already."), details={"field": "title"}
        ) from None
    for n, row in enumerate(usual_questions(meeting)):
        Question.objects.create(survey=survey, position=n, **_checked(survey, row))
    log_action("feedback.survey.made", target=meeting, actor=who.user, org=meeting.org,
               data={"survey": survey.pk, "questions": survey.questions.count()})  # fmt: skip
    return survey


def _draft(survey: Survey, membership: Membership | None, version: int) -> tuple[Survey, Membership]:
    who = _mine(survey, membership)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.version != version:
        raise SurveyStale()
    if locked.status != SurveyStatus.DRAFT:
        raise SurveyClosed(gettext("The survey is sent: its questions stay as they were asked."))
    return locked, who


def _bump(survey: Survey) -> Survey:
    Survey.objects.filter(pk=survey.pk).update(version=survey.version + 1, updated_at=timezone.now())
    survey.refresh_from_db()
    return survey


@transaction.atomic
def save_question(
    *, survey: Survey, membership: Membership | None, data: QuestionInput, version: int,
    question: Question | None = None,
) -> Question:  # fmt: skip
    """A question added or changed while the survey is a draft, against the survey's version seen."""
    locked, who = _draft(survey, membership, version)
    if question is not None and question.survey_id != locked.pk:
        raise SurveyInvalid(details={"field": "question"})
    fields = _checked(locked, data)
    if question is None:
        if locked.questions.count() >= MAX_QUESTIONS:
            raise SurveyInvalid(gettext("At most %(n)s questions.") % {"n": MAX_QUESTIONS})
        last = locked.questions.aggregate(m=Max("position"))["m"]
        question = Question.objects.create(survey=locked, position=(last or 0) + 1, **fields)
    else:
        Question.objects.filter(pk=question.pk).update(**fields)
        question.refresh_from_db()
    _bump(locked)
    log_action("feedback.survey.changed", target=locked.meeting, actor=who.user, org=locked.org,
               data={"survey": locked.pk, "question": question.pk, "text": fields["text"]})  # fmt: skip
    return question


@transaction.atomic
def remove_question(
    *, survey: Survey, membership: Membership | None, question: Question, version: int
) -> Survey:
    locked, who = _draft(survey, membership, version)
    if question.survey_id != locked.pk:
        raise SurveyInvalid(details={"field": "question"})
    question.delete()
    log_action("feedback.survey.changed", target=locked.meeting, actor=who.user, org=locked.org,
               data={"survey": locked.pk, "removed": question.text})  # fmt: skip
    return _bump(locked)


@transaction.atomic
def open_survey(
    *, survey: Survey, membership: Membership | None, version: int, send_at: dt.datetime | None = None,
    remind_after: int | None = None, title: str | None = None, intro: str | None = None,
    script: str | None = None,
) -> Survey:  # fmt: skip
    """Opened: it goes to the attendees at ``send_at`` (T+1 by default; now when that has passed)."""
    locked, who = _draft(survey, membership, version)
    if not locked.questions.exists():
        raise SurveyInvalid(gettext("Add a question first."))
    try:
        if title is not None:
            locked.title = clean_text(title, max_length=200) or locked.title
        if intro is not None:
            locked.intro = clean_text(intro, max_length=2000, multiline=True)
        if script is not None:
            locked.script = clean_text(script, max_length=2000, multiline=True)
    except ValidationError as exc:
        raise SurveyInvalid(" ".join(exc.messages)) from None
    if remind_after is not None:
        if not 1 <= int(remind_after) <= 240:
            raise SurveyInvalid(gettext("Remind after 1 to 240 hours."), details={"field": "remind_after"})
        locked.remind_after = int(remind_after)
    locked.send_at = send_at or locked.send_at or default_send_at(locked.meeting)
    locked.status = SurveyStatus.OPEN
    locked.version += 1
    locked.save()
    log_action("feedback.survey.opened", target=locked.meeting, actor=who.user, org=locked.org,
               data={"survey": locked.pk, "send_at": locked.send_at.isoformat()})  # fmt: skip
    return locked


@transaction.atomic
def close_survey(*, survey: Survey, membership: Membership | None) -> Survey:
    who = _mine(survey, membership)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED, version=survey.version + 1)
    survey.refresh_from_db()
    log_action("feedback.survey.closed", target=survey.meeting, actor=who.user, org=survey.org,
               data={"survey": survey.pk})  # fmt: skip
    return survey


# --- sending -------------------------------------------------------------------------------------


def audience(meeting: Meeting) -> list[Attendee]:
    """Who gets the survey: the confirmed attendees who checked in (all confirmed ones when nobody
    checked in), without the VIPs (they get a call) and the staff."""
    confirmed = Attendee.objects.filter(meeting=meeting, status=Status.CONFIRMED).exclude(
        category__in=(Category.VIP, Category.STAFF)
    )
    came = CheckIn.objects.filter(meeting=meeting).values("attendee_id")
    if CheckIn.objects.filter(meeting=meeting).exists():
        confirmed = confirmed.filter(pk__in=came)
    return list(confirmed.order_by("pk"))


def link(recipient: Recipient) -> str:
    return settings.SITE_URL + reverse("feedback_public:survey", kwargs={"token": recipient.token})


def _mail(recipient: Recipient, survey: Survey, *, reminder: bool) -> None:
    attendee = recipient.attendee
    with translation.override(attendee.language if attendee.language in ("zh-hans", "en") else "zh-hans"):
        subject = (gettext("Reminder: %(title)s") if reminder else "%(title)s") % {"title": survey.title}
        body = gettext(
            "Dear %(name)s,\n\nthank you for coming to %(meeting)s. Two minutes of your time tell us what to "
            "keep and what to do better:\n%(link)s\n\nThis link is yours: one answer per person."
        ) % {"name": attendee.name, "meeting": survey.meeting.name, "link": link(recipient)}
    send_mail(subject, body, None, [attendee.email], fail_silently=True)


def send(*, survey: Survey, now: dt.datetime | None = None, progress: Any = None) -> dict[str, int]:
    """Send an open survey whose time has come: each person of the audience gets their link once (a
    recipient is claimed before its mail goes, so two runs never send it twice); those without an
    e-mail address find it on their e-badge page."""
    now = now or timezone.now()
    survey = Survey.objects.select_related("meeting", "org").get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN or survey.send_at is None or survey.send_at > now:
        return {"sent": 0, "without_mail": 0}
    people = audience(survey.meeting)
    have = set(Recipient.objects.filter(survey=survey).values_list("attendee_id", flat=True))
    Recipient.objects.bulk_create(
        [Recipient(survey=survey, attendee=a, token=new_secret(16)) for a in people if a.pk not in have],
        ignore_conflicts=True,
    )
    pending = list(Recipient.objects.filter(survey=survey, sent_at__isnull=True).select_related("attendee"))
    sent = without = 0
    for n, recipient in enumerate(pending, start=1):
        if not Recipient.objects.filter(pk=recipient.pk, sent_at__isnull=True).update(sent_at=now):
            continue  # another run has it
        if recipient.attendee.email:
            _mail(recipient, survey, reminder=False)
            sent += 1
        else:
            without += 1
        if progress is not None and n % 50 == 0:
            progress(n, len(pending))
    if Survey.objects.filter(pk=survey.pk, sent_at__isnull=True).update(sent_at=now):
        log_action("feedback.survey.sent", target=survey.meeting, actor=None, org=survey.org,
                   data={"survey": survey.pk, "sent": sent, "without_mail": without})  # fmt: skip
    return {"sent": sent, "without_mail": without}


def send_now(*, survey: Survey, membership: Membership | None) -> Job:
    """Send an open survey whose time has come now, as a job with progress (rather than at the next
    five-minute round)."""
    who = _mine(survey, membership)
    if survey.status != SurveyStatus.OPEN or (survey.send_at is not None and survey.send_at > timezone.now()):
        raise SurveyInvalid(gettext("Open the survey with a sending time that has come first."))
    return start_job(membership=who, kind="survey_send", params={"survey": survey.pk})


def remind(*, survey: Survey, now: dt.datetime | None = None) -> int:
    """Once, ``remind_after`` hours after sending, those who have not answered are reminded."""
    now = now or timezone.now()
    if survey.status != SurveyStatus.OPEN or survey.sent_at is None:
        return 0
    due = now - dt.timedelta(hours=survey.remind_after)
    rows = Recipient.objects.filter(
        survey=survey, answered_at__isnull=True, reminded_at__isnull=True, sent_at__lte=due
    ).select_related("attendee")
    told = 0
    for recipient in rows:
        if not Recipient.objects.filter(pk=recipient.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        if recipient.attendee.email:
            _mail(recipient, survey, reminder=True)
            told += 1
    if told:
        Survey.objects.filter(pk=survey.pk).update(reminded_at=now)
    return told


def send_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The queue's round (every five minutes): surveys whose time has come go, reminders fall due."""
    now = now or timezone.now()
    done = {"surveys": 0, "sent": 0, "reminded": 0}
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, send_at__lte=now):
        if survey.sent_at is None:
            done["surveys"] += 1
            done["sent"] += send(survey=survey, now=now)["sent"]
        done["reminded"] += remind(survey=survey, now=now)
    return done


# --- answering -----------------------------------------------------------------------------------


def _reply(question: Question, value: Any) -> dict[str, Any] | None:
    """One answer checked against its question: a whole number on its scale, choices of its list, text of
    2000 characters at most; None when not answered."""
    if question.scale is not None:
        if value in (None, ""):
            return None
        text = str(value).strip()
        low, high = question.scale
        if (
            isinstance(value, bool)
            or not text.lstrip("-").isdecimal()
            or len(text) > 3
            or not low <= int(text) <= high
        ):
            raise SurveyInvalid(
                gettext("%(question)s: give a whole number from %(low)s to %(high)s.")
                % {"question": question.text, "low": low, "high": high},
                details={"field": f"q{question.pk}"},
            )
        return {"number": int(text)}
    if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTI):
        picked = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        picked = [str(p) for p in picked]
        if not picked:
            return None
        if (
            any(p not in question.choices for p in picked)
            or len(set(picked)) != len(picked)
            or (question.kind == QuestionKind.CHOICE and len(picked) > 1)
        ):
            raise SurveyInvalid(
                gettext("%(question)s: choose among the choices given.") % {"question": question.text},
                details={"field": f"q{question.pk}"},
            )
        return {"picked": picked}
    raw = "" if value is None else str(value)
    if len(raw) > TEXT_LIMIT * 4:
        raise SurveyInvalid(
            gettext("%(question)s: at most %(n)s characters.") % {"question": question.text, "n": TEXT_LIMIT},
            details={"field": f"q{question.pk}"},
        )
    try:
        text = clean_text(raw, max_length=TEXT_LIMIT, multiline=True)
    except ValidationError as exc:
        raise SurveyInvalid(
            f"{question.text}: {' '.join(exc.messages)}", details={"field": f"q{question.pk}"}
        ) from None
    return {"text": text} if text else None


@transaction.atomic
def submit(*, recipient: Recipient, values: dict[int, Any], now: dt.datetime | None = None) -> Response:
    """A person's answers, all checked before any is kept; once per person."""
    now = now or timezone.now()
    survey = recipient.survey
    if survey.status != SurveyStatus.OPEN:
        raise SurveyClosed()
    if recipient.answered_at is not None or Response.objects.filter(recipient=recipient).exists():
        raise SurveyAnswered()
    replies: list[tuple[Question, dict[str, Any]]] = []
    for question in survey.questions.all():
        checked = _reply(question, values.get(question.pk))
        if checked is None:
            if question.required:
                raise SurveyInvalid(
                    gettext("%(question)s: this one needs an answer.") % {"question": question.text},
                    details={"field": f"q{question.pk}"},
                )
            continue
        replies.append((question, checked))
    if not replies:
        raise SurveyInvalid(gettext("Answer at least one question."))
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, recipient=recipient, submitted_at=now)
    except IntegrityError:
        raise SurveyAnswered() from None
    Reply.objects.bulk_create([Reply(response=response, question=q, **c) for q, c in replies])
    Recipient.objects.filter(pk=recipient.pk).update(answered_at=now)
    realtime.publish(f"org:{survey.org_id}", {"type": "feedback.changed", "meeting": survey.meeting_id},
                     coalesce=f"feedback:{survey.meeting_id}")  # fmt: skip
    return response
