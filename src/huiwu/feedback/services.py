"""The feedback station's writes: the organisation's topics, a meeting's stations, an answer from a phone
(one a day per badge or phone) and the frequent request it may raise — the same topic from
``feedback.frequent_count`` people within ``feedback.frequent_window`` minutes becomes the PM's task due
today, told at once (in the app, live on the command centre, by webhook). Every rule here; the public
page, the agency's pages and the API call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from huiwu.attendees.models import Attendee
from huiwu.core import realtime
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.core.tokens import hash_secret, new_secret
from huiwu.events.enums import TaskStatus
from huiwu.events.models import Meeting
from huiwu.events.selectors import is_planner
from huiwu.events.services.tasks import create_task, task_url
from huiwu.notifications.services import in_language, notify
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.selectors import members_with
from huiwu.standards.selectors import standards
from huiwu.webhooks.services import emit

from .errors import (
    Answered,
    Busy,
    Closed,
    Empty,
    NotAllowed,
    RatingInvalid,
    StationInvalid,
    TextInvalid,
    TopicInvalid,
    UnknownPhone,
)
from .models import Answer, Station, Surge, Topic
from .selectors import topic_in

register_actions(
    {
        "feedback.topic.saved": gettext_lazy("Feedback topic saved"),
        "feedback.topics.seeded": gettext_lazy("Feedback topics started from the usual list"),
        "feedback.station.made": gettext_lazy("Feedback station made"),
        "feedback.station.opened": gettext_lazy("Feedback station opened or closed"),
        "feedback.surge.raised": gettext_lazy("Frequent request raised at the feedback station"),
    }
)

TEXT_LIMIT = 500
PER_STATION_PER_MINUTE = 600  # a flood guard only: one venue's Wi-Fi is one address for everyone

# The usual topics of a meeting's requests, and the words that name them in free text.
USUAL_TOPICS = (
    (gettext_lazy("Tea break crowded"), "拥挤,挤,排队,座位不够,没座,crowded,queue,seats"),
    (gettext_lazy("Food and drinks"), "茶歇,咖啡,饮料,点心,水果,餐,coffee,food,drink,snack"),
    (gettext_lazy("Temperature and air"), "冷,热,空调,闷,温度,cold,hot,air conditioning,stuffy"),
    (gettext_lazy("Sound"), "听不清,音响,声音,话筒,麦,回声,sound,microphone,hear"),
    (gettext_lazy("Screen and slides"), "屏幕,看不清,投影,字太小,screen,slides,projector"),
    (gettext_lazy("Wi-Fi and network"), "网络,wifi,信号,上不了网,network,signal"),
    (gettext_lazy("Directions and signs"), "找不到,指引,标识,路线,方向,signs,directions,lost"),
    (gettext_lazy("Toilets"), "洗手间,卫生间,厕所,toilet,restroom"),
    (gettext_lazy("Agenda and timing"), "超时,拖堂,延迟,议程,时间,overrun,late,agenda"),
    (gettext_lazy("Staff and service"), "工作人员,服务,态度,staff,service"),
)


# Who sets up stations and topics: the meeting's planners (and its project manager).
may_set_up = is_planner


def _planner(membership: Membership | None, org: Organization, meeting: Meeting | None = None) -> Membership:
    if membership is None or membership.org_id != org.pk or not may_set_up(membership, meeting):
        raise NotAllowed()
    return membership


# --- topics ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TopicInput:
    name: str
    words: str = ""
    active: bool = True


def _topic_fields(data: TopicInput) -> dict[str, Any]:
    try:
        name = clean_text(data.name, max_length=40)
        words = clean_text(data.words, max_length=300)
    except ValidationError as exc:
        raise TopicInvalid(" ".join(exc.messages), details={"field": "name"}) from None
    if not name:
        raise TopicInvalid(gettext("Give the topic a name."), details={"field": "name"})
    return {"name": name, "words": words, "active": bool(data.active)}


@transaction.atomic
def seed_topics(*, org: Organization, membership: Membership | None) -> list[Topic]:
    """The usual topics, in the organisation's language of the moment, when it has none yet."""
    _planner(membership, org)
    if Topic.objects.filter(org=org).exists():
        return list(Topic.objects.filter(org=org))
    made = [
        Topic.objects.create(org=org, name=str(name), words=words, position=n)
        for n, (name, words) in enumerate(USUAL_TOPICS)
    ]
    log_action("feedback.topics.seeded", target=org, actor=membership.user if membership else None, org=org,
               data={"topics": [t.name for t in made]})  # fmt: skip
    return made


@transaction.atomic
def save_topic(
    *, org: Organization, membership: Membership | None, data: TopicInput, topic: Topic | None = None
) -> Topic:
    """A topic of the organisation's list, new or changed (its name once in the list)."""
    who = _planner(membership, org)
    if topic is not None and topic.org_id != org.pk:
        raise TopicInvalid(details={"field": "topic"})
    fields = _topic_fields(data)
    twin = Topic.objects.filter(org=org, name=fields["name"])
    if topic is not None:
        twin = twin.exclude(pk=topic.pk)
    if twin.exists():
        raise TopicInvalid(gettext("The list already has this topic."), details={"field": "name"})
    if topic is None:
        last = Topic.objects.filter(org=org).aggregate(m=Max("position"))["m"]
        topic = Topic.objects.create(org=org, position=(last or 0) + 1, **fields)
    else:
        Topic.objects.filter(pk=topic.pk).update(**fields, updated_at=timezone.now())
        topic.refresh_from_db()
    log_action("feedback.topic.saved", target=org, actor=who.user, org=org,
               data={"topic": topic.pk, **fields})  # fmt: skip
    return topic


# --- stations -------------------------------------------------------------------------------------


@transaction.atomic
def make_station(*, meeting: Meeting, membership: Membership | None, name: str) -> Station:
    """A station of the meeting (its QR leads to the public page); the usual topics when the
    organisation has none yet."""
    who = _planner(membership, meeting.org, meeting)
    try:
        text = clean_text(name, max_length=80)
    except ValidationError as exc:
        raise StationInvalid(" ".join(exc.messages), details={"field": "name"}) from None
    if not text:
        raise StationInvalid(details={"field": "name"})
    if not Topic.objects.filter(org=meeting.org).exists():
        seed_topics(org=meeting.org, membership=who)
    station = Station.objects.create(org=meeting.org, meeting=meeting, name=text, token=new_secret(12))
    log_action("feedback.station.made", target=meeting, actor=who.user, org=meeting.org,
               data={"station": station.pk, "name": text})  # fmt: skip
    return station


@transaction.atomic
def set_open(*, station: Station, membership: Membership | None, is_open: bool) -> Station:
    who = _planner(membership, station.org, station.meeting)
    Station.objects.filter(pk=station.pk).update(is_open=bool(is_open), updated_at=timezone.now())
    station.refresh_from_db()
    log_action("feedback.station.opened", target=station.meeting, actor=who.user, org=station.org,
               data={"station": station.pk, "is_open": station.is_open})  # fmt: skip
    return station


# --- answers --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AnswerInput:
    rating: Any = None
    topic: Any = None  # a topic's id
    text: Any = ""


def device_key(raw: str) -> str:
    """What is kept of a phone's cookie: its hash (the cookie itself opens nothing)."""
    return hash_secret(raw) if raw else ""


def _rating(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise RatingInvalid(details={"field": "rating"})
    text = str(value).strip()
    if not text.isdecimal() or len(text) > 2 or not 1 <= int(text) <= 5:
        raise RatingInvalid(details={"field": "rating"})
    return int(text)


def _busy(station: Station) -> bool:
    key = f"feedback:station:{station.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, 120)
    try:
        return cache.incr(key) > PER_STATION_PER_MINUTE
    except ValueError:
        return False


@transaction.atomic
def answer(
    *, station: Station, data: AnswerInput, attendee: Attendee | None = None, device: str = "",
    now: dt.datetime | None = None,
) -> Answer:  # fmt: skip
    """An answer at the station: a rating of 1 to 5, a topic of the organisation's list, a comment of
    500 characters at most (no invisible direction marks), at least one of them. One a day per badge
    (``attendee``, the phone that opened its e-badge) or else per phone (``device``, its cookie)."""
    now = now or timezone.now()
    if not station.is_open:
        raise Closed()
    if attendee is not None and attendee.meeting_id != station.meeting_id:
        attendee = None
    key = device_key(device)
    if attendee is None and not key:
        raise UnknownPhone()
    rating = _rating(data.rating)
    raw = "" if data.text is None else str(data.text)
    if len(raw) > TEXT_LIMIT * 4:  # not read further: far beyond any comment
        raise TextInvalid(
            gettext("At most %(limit)s characters.") % {"limit": TEXT_LIMIT}, details={"field": "text"}
        )
    try:
        text = clean_text(raw, max_length=TEXT_LIMIT, multiline=True)
    except ValidationError as exc:
        raise TextInvalid(" ".join(exc.messages), details={"field": "text"}) from None
    offered = list(Topic.objects.filter(org_id=station.org_id, active=True))
    topic = None
    if data.topic not in (None, ""):
        wanted = str(data.topic).strip()
        topic = next((t for t in offered if str(t.pk) == wanted), None)
        if topic is None:
            raise TopicInvalid(details={"field": "topic"})
    if rating is None and topic is None and not text:
        raise Empty()
    guessed = topic_in(text, offered) if topic is None and text else None
    if _busy(station):
        raise Busy()
    meeting = station.meeting
    day = timezone.localtime(now, meeting.tz).date()
    mine = Answer.objects.filter(station=station, day=day)
    mine = mine.filter(attendee=attendee) if attendee is not None else mine.filter(device=key)
    if mine.exists():
        raise Answered()
    try:
        with transaction.atomic():
            made = Answer.objects.create(
                station=station, meeting=meeting, day=day, rating=rating, topic=topic or guessed,
                topic_found=guessed is not None, text=text, attendee=attendee,
                device="" if attendee is not None else key, created_at=now,
            )  # fmt: skip
    except IntegrityError:
        raise Answered() from None
    realtime.publish(
        f"org:{station.org_id}", {"type": "feedback.changed", "meeting": meeting.pk},
        coalesce=f"feedback:{meeting.pk}",
    )  # fmt: skip
    if made.topic is not None:
        _surge(meeting, made.topic, now, day)
    return made


def _surge(meeting: Meeting, topic: Topic, now: dt.datetime, day: dt.date) -> Surge | None:
    """The same topic from N people within M minutes (the catalogue's figures): the PM's task due today,
    once while it is open (its count grows); once it is done, N people asking after that raise it again."""
    rules = standards(meeting.org, meeting=meeting)
    count_rule, window_rule = rules.get("feedback.frequent_count"), rules.get("feedback.frequent_window")
    if count_rule is None or window_rule is None or not count_rule.enabled or not window_rule.enabled:
        return None
    needed, window = int(count_rule.figure), window_rule.duration()
    Topic.objects.select_for_update().filter(pk=topic.pk).first()  # one answer of a topic counts at a time
    last = Surge.objects.filter(meeting=meeting, topic=topic, day=day).select_related("task").first()
    since = now - window
    if last is not None:
        if last.task is not None and last.task.status not in (TaskStatus.DONE, TaskStatus.SKIPPED):
            people = _people(meeting, topic, last.first_at)
            Surge.objects.filter(pk=last.pk).update(count=max(people, last.count))
            return None
        since = max(since, last.task.completed_at if last.task and last.task.completed_at else last.raised_at)
    people = _people(meeting, topic, since)
    if people < needed:
        return None
    first = (
        Answer.objects.filter(meeting=meeting, topic=topic, created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    minutes = int(window.total_seconds() // 60)
    owner = meeting.owner
    try:
        with transaction.atomic():
            surge = Surge.objects.create(
                meeting=meeting, topic=topic, day=day, number=(last.number + 1) if last else 1, count=people,
                window=minutes, first_at=first or now, raised_at=now,
            )  # fmt: skip
    except IntegrityError:
        return None  # raised by another answer a moment ago

    def title() -> str:
        return gettext(
            "Frequent request: %(topic)s (%(people)s people within %(minutes)s minutes) — act on it today"
        ) % {"topic": topic.name, "people": people, "minutes": minutes}

    # in the PM's language (the answer came from an attendee's phone, in theirs)
    with translation.override((owner.language if owner else "") or settings.LANGUAGE_CODE):
        task = create_task(meeting=meeting, actor=None, title=title()[:200], due=day, assignee=owner)
    if owner is None:  # no project manager: the meeting's planners hear of it
        for user in members_with(meeting.org, Perm.EDIT_MEETINGS):
            notify(user=user, org=meeting.org, title=in_language(user, title)[:200], url=task_url(task))
    Surge.objects.filter(pk=surge.pk).update(task=task)
    surge.task = task
    log_action("feedback.surge.raised", target=meeting, actor=None, org=meeting.org,
               data={"topic": topic.name, "people": people, "window": minutes, "task": task.pk})  # fmt: skip
    realtime.publish(f"org:{meeting.org_id}", {"type": "command.alerts", "meeting": meeting.pk},
                     coalesce=f"command-alerts:{meeting.pk}")  # fmt: skip
    said = {"meeting": meeting.pk, "topic": topic.name, "people": people, "window": minutes, "task": task.pk}
    emit(meeting.org, "feedback.frequent_request", said)
    return surge


def _people(meeting: Meeting, topic: Topic, since: dt.datetime) -> int:
    """How many people (answers: one per badge or phone a day) asked about ``topic`` since ``since``."""
    asked = Answer.objects.filter(meeting=meeting, topic=topic, created_at__gte=since)
    return asked.values("attendee_id", "device").distinct().count()
