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

from . import lottery, qa, recorder, services
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
    services.change_live(
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
    _questions(live, pm, people, rng)
    _lottery(summit, pm)


QUESTIONS = (
    ("数据要素市场化明年有哪些新的试点城市？", 46, "approved"),
    ("大模型在制造业落地，中小企业的门槛怎么降下来？", 38, "approved"),
    ("会后能拿到各位嘉宾的演讲材料吗？", 21, "answered"),
    ("出海企业如何应对各地的数据合规要求？", 17, "approved"),
    ("能否透露一下合作方的股价预期？", 0, "pending"),  # held: a sensitive word of the organisation
)


def _questions(live: Live, pm: Membership, people: list[Participant], rng: random.Random) -> None:
    qa.save_words(membership=pm, org_id=live.org_id, words="股价\n内幕", version=1)
    for text, ups, status in QUESTIONS:
        asker = rng.choice(people)
        q = qa.ask(
            live=live, participant=asker.pk, text=text, anonymous=rng.random() < 0.3, address="10.20.0.1"
        )
        if status in ("approved", "answered") and q.status == "pending":
            q = qa.decide(question=q, membership=pm, action="approve")
        if ups:
            recorder.write([recorder.Upvoting(q.pk, live.pk, p.pk) for p in rng.sample(people, ups)])
        if status == "answered":
            qa.decide(question=q, membership=pm, action="answered")


def _lottery(summit: Meeting, pm: Membership) -> None:
    """The first prize drawn among the checked-in attendees (its proof recomputable), the second waiting."""
    first = lottery.save_prize(
        meeting=summit, membership=pm, data=lottery.PrizeInput(tier=1, name="一等奖 · 智能手表", quantity=3)
    )
    if lottery.eligible(first):  # the demo loaded before the meeting's day has no one checked in yet
        lottery.freeze(prize=first, membership=pm)
        lottery.draw(prize=first, membership=pm)
    lottery.save_prize(
        meeting=summit, membership=pm, data=lottery.PrizeInput(tier=2, name="二等奖 · 无线耳机", quantity=10)
    )
