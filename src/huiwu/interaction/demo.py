"""The reference summit's live interaction for the demo organisation: its join code and big screen, the
AI-zone poll closed with its results (votes from checked-in attendees' phones and from viewers of the
stream, written by the same batch writer a live vote goes through), a word cloud still open, and the
stream's player address."""

from __future__ import annotations

import random

from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee
from huiwu.events.models import Meeting
from huiwu.orgs.models import Membership

from . import recorder, services
from .models import Live, Participant
from .services import PollInput
from .tally import PollRules

AI_ZONE = ("大模型对话体验", "数字人主播", "智能翻译同传", "机器人咖啡师")
WORDS = ("数字经济", "大模型", "算力", "出海", "人才", "绿色低碳", "数据要素", "智能制造")


def _votes(poll, live: Live, people: list[Participant], pick) -> None:
    rules = PollRules.of(poll, live.pk)
    recorder.write([recorder.Pending(rules, p.pk, pick()) for p in people])


def load(summit: Meeting, users: dict) -> None:
    if Live.objects.filter(meeting=summit).exists():
        return
    rng = random.Random(22)  # noqa: S311  (the demo's votes, the same every time)
    pm = Membership.objects.get(org=summit.org, user=users["zhangwei"])
    live = services.set_up(meeting=summit, membership=pm)
    services.change_stream(
        live=live, membership=pm, stream_url="https://live.example.com/summit/main.m3u8", stream_kind="hls",
        version=live.version,
    )  # fmt: skip
    badges = list(Attendee.objects.filter(meeting=summit, status=Status.CONFIRMED).order_by("pk")[:160])
    people = [services.join(live=live, attendee=a) for a in badges]
    people += [services.join(live=live) for _ in range(90)]  # viewers of the stream
    ai = services.create_poll(
        meeting=summit,
        membership=pm,
        data=PollInput(question="AI 互动区最吸引您的是哪一项？", kind="single", options=list(AI_ZONE)),
    )
    ai = services.open_poll(poll=ai, membership=pm)
    weights = (44, 27, 18, 11)
    _votes(ai, live, rng.sample(people, 212), lambda: [rng.choices(["1", "2", "3", "4"], weights=weights)[0]])
    services.close_poll(poll=ai, membership=pm)
    cloud = services.create_poll(
        meeting=summit,
        membership=pm,
        data=PollInput(question="用一个词形容明年的产业关键词", kind="words", max_choices=2),
    )
    cloud = services.open_poll(poll=cloud, membership=pm)
    _votes(cloud, live, rng.sample(people, 80), lambda: sorted(set(rng.sample(WORDS, rng.choice((1, 2))))))
    services.create_poll(
        meeting=summit,
        membership=pm,
        data=PollInput(question="今天的主论坛您打几分？", kind="rating", scale=5, show_results="closed"),
    )
