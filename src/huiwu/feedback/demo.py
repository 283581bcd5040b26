"""The reference summit's feedback station for the demo organisation: the tea-break area's station and the
AI zone's, answers through the day (most 4 or 5 of 5), and the crowded tea-break area — the reference
case's complaint, about one answer in seven — raised as a frequent request in the morning break: the PM's
task, in progress. The satisfaction survey is ready to go at T+1; the VIPs' follow-up calls are listed."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee
from huiwu.events.enums import TaskStatus
from huiwu.events.models import Meeting, Task
from huiwu.orgs.models import Membership

from . import calls, services, surveys
from .models import Station, Surge, Topic

COMMENTS = (
    "嘉宾分享很有启发，希望会后能拿到讲稿",
    "签到很快，电子胸卡方便",
    "主会场空调有点冷",
    "AI 互动区的体验很有意思，排了一会儿队",
    "分会场的话筒有时听不清",
    "",
    "",
    "",
)
CROWDED = ("茶歇区太挤了，座位不够", "茶歇排队太久", "茶歇区太拥挤，建议分流", "没座位，站着吃点心")


def load(summit: Meeting, users: dict) -> None:
    if Station.objects.filter(meeting=summit).exists():
        return
    pm = Membership.objects.get(org=summit.org, user=users["zhangwei"])
    tea = services.make_station(meeting=summit, membership=pm, name="茶歇区反馈站")
    services.make_station(meeting=summit, membership=pm, name="AI 互动区反馈站")
    topics = list(Topic.objects.filter(org=summit.org))
    crowded = next((t for t in topics if "拥挤" in t.words), None)
    badges = list(Attendee.objects.filter(meeting=summit, status=Status.CONFIRMED).order_by("pk")[:40])
    rng = random.Random(2023)  # noqa: S311 (demo data, not secrets)
    now = timezone.now()
    start = now - dt.timedelta(hours=3)
    break_at = now - dt.timedelta(hours=2)  # the morning tea break
    moments = sorted(start + dt.timedelta(minutes=rng.uniform(0, 170)) for _ in range(46))
    plan: list[tuple[dt.datetime, str, Topic | None]] = []
    for n, at in enumerate(moments):
        plan.append((at, rng.choice(COMMENTS), None if n % 5 else rng.choice(topics)))
    for n, text in enumerate(CROWDED * 2):  # seven people on the crowded tea break within 20 minutes
        plan.append((break_at + dt.timedelta(minutes=3 * n), text, crowded if n % 2 else None))
    plan.sort(key=lambda p: p[0])
    for n, (at, text, topic) in enumerate(plan):
        badge = badges[n] if n < len(badges) and n % 3 == 0 else None
        data = services.AnswerInput(
            rating=rng.choice((3, 4, 4, 5, 5, 5)), topic=topic.pk if topic else None, text=text
        )
        services.answer(station=tea, data=data, attendee=badge, device=f"demo-phone-{n}", now=at)
    surge = Surge.objects.filter(meeting=summit).select_related("task").first()
    if surge is not None and surge.task is not None:  # the catering lead is adding tables
        Task.objects.filter(pk=surge.task.pk).update(status=TaskStatus.DOING)
    # the survey for T+1 with the usual questions (a session each), opened; the VIPs' calls listed
    survey = surveys.make_survey(meeting=summit, membership=pm, title="2023新经济产业峰会 满意度调查")
    surveys.open_survey(survey=survey, membership=pm, version=survey.version)
    calls.make_list(meeting=summit, membership=pm)
