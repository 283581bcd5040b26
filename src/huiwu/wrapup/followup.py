"""After the meeting, for the attendees and the client: the photos and the highlight video link mailed
within ``care.photos`` hours of the end, the thank-you letter (the organisation's words with merge
fields), and the call to the client ``wrap_up.follow_up`` days after the end — a task for the PM — with
its outcome recorded. Each mailing goes to those who came (the confirmed attendees when nobody checked
in), each person claimed once, so a second run never mails twice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.events.enums import Stage, TaskStatus
from huiwu.events.models import Meeting
from huiwu.events.services.tasks import TaskInput, create_task, update_task
from huiwu.jobs.models import Job
from huiwu.jobs.services import start_job
from huiwu.notifications.services import claim
from huiwu.orgs.models import Membership
from huiwu.standards.selectors import standards

from .errors import FollowUpInvalid, NotEnded, Stale
from .models import FollowUp
from .permits import planner

register_actions(
    {
        "wrapup.followup.saved": gettext_lazy("Follow-up changed"),
        "wrapup.followup.sent": gettext_lazy("Follow-up mailed to the attendees"),
        "wrapup.followup.called": gettext_lazy("Client's follow-up call recorded"),
    }
)

FIELDS = ("name", "meeting", "date", "organisation", "sender")
FIELD = re.compile(r"\{([^{}]*)\}")
MEDIA, LETTER = "media", "letter"


def default_letter() -> str:
    return gettext(
        "Dear {name},\n\nthank you for joining {meeting} on {date}. Your questions and ideas made the "
        "meeting what it was. We hope to see you again soon.\n\nWith best regards,\n{sender}"
    )


def media_due(meeting: Meeting) -> dt.datetime:
    rule = standards(meeting.org, meeting=meeting).get("care.photos")
    hours = rule.duration() if rule is not None and rule.enabled else dt.timedelta(hours=24)
    return meeting.ends_at() + hours


def call_due(meeting: Meeting) -> dt.date | None:
    rule = standards(meeting.org, meeting=meeting).get("wrap_up.follow_up")
    if rule is None or not rule.enabled:
        return None
    return (meeting.ends_at() + rule.duration()).date()


def merge(letter: str, values: dict[str, str]) -> str:
    """The letter with each ``{field}`` replaced (plain text: no template language runs)."""
    return FIELD.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), letter)


def check_letter(letter: Any) -> str:
    try:
        text = clean_text(letter, max_length=5000, multiline=True)
    except ValidationError as exc:
        raise FollowUpInvalid(" ".join(exc.messages), details={"field": "letter"}) from None
    unknown = sorted({m.strip() for m in FIELD.findall(text)} - set(FIELDS))
    if unknown:
        raise FollowUpInvalid(
            gettext("Unknown merge fields: %(unknown)s. Use %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(f"{{{f}}}" for f in FIELDS)},
            details={"field": "letter"},
        )
    if text.count("{") != text.count("}"):
        raise FollowUpInvalid(gettext("A brace of a merge field is not closed."), details={"field": "letter"})
    return text


def _url(value: Any, field: str) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(text)
    except ValidationError:
        raise FollowUpInvalid(gettext("Give a web address (https://…)."), details={"field": field}) from None
    if len(text) > 500:
        raise FollowUpInvalid(gettext("At most 500 characters."), details={"field": field})
    return text


@transaction.atomic
def start(*, meeting: Meeting, membership: Membership | None) -> FollowUp:
    """The meeting's follow-up, with the PM's task to call the client (once)."""
    who = planner(membership, meeting)
    try:
        with transaction.atomic():
            made = FollowUp.objects.create(org=meeting.org, meeting=meeting, letter=default_letter())
    except IntegrityError:
        return FollowUp.objects.get(meeting=meeting)
    day = call_due(meeting)
    if day is not None:
        client = meeting.client.name if meeting.client is not None else ""
        title = gettext("Follow-up call to the client %(client)s: %(meeting)s") % {
            "client": client,
            "meeting": meeting.name,
        }
        made.call_task = create_task(
            meeting=meeting,
            actor=who.user,
            title=title[:200],
            due=day,
            assignee=meeting.owner or who.user,
            stage=Stage.WRAPUP,
        )
        made.save(update_fields=["call_task"])
    log_action("wrapup.followup.saved", target=meeting, actor=who.user, org=meeting.org, data={"made": True})
    return made


def _locked(follow: FollowUp, version: int) -> FollowUp:
    row = FollowUp.objects.select_for_update().get(pk=follow.pk)
    if row.version != version:
        raise Stale()
    return row


@transaction.atomic
def save(
    *,
    follow: FollowUp,
    membership: Membership | None,
    photos_url: Any = None,
    video_url: Any = None,
    letter: Any = None,
    version: int,
) -> FollowUp:
    """The photos' and video's addresses and the letter (those given), against the version seen."""
    who = planner(membership, follow.meeting)
    changes: dict[str, str] = {}
    if photos_url is not None:
        changes["photos_url"] = _url(photos_url, "photos_url")
    if video_url is not None:
        changes["video_url"] = _url(video_url, "video_url")
    if letter is not None:
        changes["letter"] = check_letter(letter)
        if not changes["letter"]:
            raise FollowUpInvalid(gettext("Write the letter."), details={"field": "letter"})
    row = _locked(follow, version)
    changed = [k for k, v in changes.items() if getattr(row, k) != v]
    if not changed:
        return row
    for k in changed:
        setattr(row, k, changes[k])
    row.version += 1
    row.save()
    log_action(
        "wrapup.followup.saved", target=row.meeting, actor=who.user, org=row.org, data={"fields": changed}
    )
    return row


def audience(meeting: Meeting) -> list[Attendee]:
    """Those who came (checked in; the confirmed ones when nobody did), staff left out."""
    people = Attendee.objects.filter(meeting=meeting, status=Status.CONFIRMED).exclude(
        category=Category.STAFF
    )
    if CheckIn.objects.filter(meeting=meeting).exists():
        people = people.filter(pk__in=CheckIn.objects.filter(meeting=meeting).values("attendee_id"))
    return list(people.order_by("pk"))


def send_now(*, follow: FollowUp, membership: Membership | None, what: str) -> Job:
    """Mail the photos and video (``media``) or the letter (``letter``) to those who came, as a job."""
    who = planner(membership, follow.meeting)
    if timezone.now() < follow.meeting.ends_at():
        raise NotEnded()
    if what == MEDIA and not (follow.photos_url or follow.video_url):
        raise FollowUpInvalid(gettext("Give the photos' or the video's address first."))
    if what == LETTER and not follow.letter.strip():
        raise FollowUpInvalid(gettext("Write the letter first."))
    if what not in (MEDIA, LETTER):
        raise FollowUpInvalid(details={"field": "what"})
    return start_job(membership=who, kind="followup_send", params={"follow": follow.pk, "what": what})


def values_for(follow: FollowUp, attendee: Attendee) -> dict[str, str]:
    """The merge fields' values for one person (the page's preview and each letter)."""
    meeting = follow.meeting
    owner = meeting.owner.name if meeting.owner is not None else ""
    return {
        "name": attendee.name,
        "meeting": meeting.name,
        "date": meeting.start_date.isoformat(),
        "organisation": attendee.organisation,
        "sender": owner or meeting.org.name,
    }


def send(*, follow: FollowUp, what: str, progress: Any = None) -> dict[str, int]:
    """Each person claimed once per mailing (a second run mails nobody twice); those without an
    e-mail address counted."""
    people = audience(follow.meeting)
    sent = without = 0
    for n, attendee in enumerate(people, 1):
        if not attendee.email:
            without += 1
        elif claim(follow.org_id, f"followup-{what}:{follow.pk}:{attendee.pk}"):
            _mail(follow, attendee, what)
            sent += 1
        if progress is not None and n % 50 == 0:
            progress(n, len(people))
    now = timezone.now()
    if what == MEDIA:
        FollowUp.objects.filter(pk=follow.pk, media_sent_at__isnull=True).update(media_sent_at=now)
        FollowUp.objects.filter(pk=follow.pk).update(media_sent=sent + follow.media_sent)
    else:
        FollowUp.objects.filter(pk=follow.pk, letter_sent_at__isnull=True).update(letter_sent_at=now)
        FollowUp.objects.filter(pk=follow.pk).update(letter_sent=sent + follow.letter_sent)
    log_action(
        "wrapup.followup.sent",
        target=follow.meeting,
        actor=None,
        org=follow.org,
        data={"what": what, "sent": sent, "without_mail": without},
    )
    return {"sent": sent, "without_mail": without}


def _mail(follow: FollowUp, attendee: Attendee, what: str) -> None:
    meeting = follow.meeting
    with translation.override(attendee.language if attendee.language in ("zh-hans", "en") else "zh-hans"):
        if what == LETTER:
            subject = gettext("Thank you for joining %(meeting)s") % {"meeting": meeting.name}
            body = merge(follow.letter, values_for(follow, attendee))
        else:
            subject = gettext("Photos and video of %(meeting)s") % {"meeting": meeting.name}
            lines = [
                gettext("Dear %(name)s,") % {"name": attendee.name},
                "",
                gettext("the photos and the highlight video of %(meeting)s are online:")
                % {"meeting": meeting.name},
            ]
            if follow.photos_url:
                lines.append(gettext("Photos: %(url)s") % {"url": follow.photos_url})
            if follow.video_url:
                lines.append(gettext("Video: %(url)s") % {"url": follow.video_url})
            body = "\n".join(lines)
    send_mail(subject, body, None, [attendee.email], fail_silently=True)


@transaction.atomic
def record_call(
    *,
    follow: FollowUp,
    membership: Membership | None,
    outcome: Any,
    satisfaction: Any = None,
    next_business: Any = "",
    version: int,
) -> FollowUp:
    """The client's call a month on: what they said (required), their satisfaction of 10 if asked,
    any next business; the PM's task done."""
    who = planner(membership, follow.meeting)
    try:
        words = clean_text(outcome, max_length=2000, multiline=True)
        nxt = clean_text(next_business, max_length=300)
    except ValidationError as exc:
        raise FollowUpInvalid(" ".join(exc.messages), details={"field": "outcome"}) from None
    if not words:
        raise FollowUpInvalid(gettext("Say what the client said."), details={"field": "outcome"})
    score: int | None = None
    if satisfaction not in (None, ""):
        raw = str(satisfaction).strip()
        if not raw.isdecimal() or not 0 <= int(raw) <= 10:
            raise FollowUpInvalid(gettext("A satisfaction from 0 to 10."), details={"field": "satisfaction"})
        score = int(raw)
    row = _locked(follow, version)
    row.call_outcome, row.call_satisfaction, row.call_next = words, score, nxt
    row.called_at = timezone.now()
    row.version += 1
    row.save()
    task = row.call_task
    if task is not None and task.status != TaskStatus.DONE:
        update_task(
            task=task,
            actor=who.user,
            data=TaskInput(
                title=task.title,
                status=TaskStatus.DONE,
                assignee=task.assignee,
                deliverable=task.deliverable,
                stage=task.stage,
                role=task.role,
            ),
        )
    log_action(
        "wrapup.followup.called",
        target=row.meeting,
        actor=who.user,
        org=row.org,
        data={"satisfaction": score},
    )
    return row


def watch(now: dt.datetime | None = None) -> int:
    """Meetings whose photos and video were not mailed by ``care.photos`` hours after the end: the PM
    (or, without one, the planners) told once."""
    from django.urls import reverse

    from huiwu.notifications.services import in_language, notify
    from huiwu.risks.deadlines import recipients

    now = now or timezone.now()
    today = timezone.localdate(now)
    meetings = Meeting.objects.filter(
        end_date__lte=today, end_date__gte=today - dt.timedelta(days=7), archived_at__isnull=True
    ).select_related("org", "owner")
    sent = set(
        FollowUp.objects.filter(meeting__in=meetings, media_sent_at__isnull=False).values_list(
            "meeting_id", flat=True
        )
    )
    told = 0
    for meeting in meetings:
        if meeting.pk in sent or now < media_due(meeting):
            continue
        if not claim(meeting.org_id, f"followup-media-late:{meeting.pk}"):
            continue

        def title(m: Meeting = meeting) -> str:
            return gettext("Photos and video not sent yet: %(meeting)s") % {"meeting": m.name}

        people = recipients(meeting)
        url = reverse("wrapup:follow", kwargs={"org": meeting.org.slug, "meeting": meeting.pk})
        for user in people:
            notify(user=user, org=meeting.org, title=in_language(user, title), url=url)
        told += 1
    return told
