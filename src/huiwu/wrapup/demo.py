"""The reference case after the fact, for the demo organisation: last year's edition of the summit
(ended some 40 days ago), wrapped up — the AI zone's 92% participation from its gate's scans, 15% of the
feedback station's comments about the crowded tea break, which the retrospective's fishbone traces and a
lesson turns into the 20% tea-break seating rule (accepted by the owner), the KPI review, the count
signed off, the summary report accepted by the client, the photos mailed, the client called a month on,
and the meeting archived with its attendees de-identified."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn, Gate, Scan
from huiwu.clients.models import Client
from huiwu.events.enums import KPIKind, MeetingMode, MeetingType, Stage
from huiwu.events.models import KPI, Meeting
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.events.services.meetings import KPIInput, save_kpi
from huiwu.feedback import services as feedback
from huiwu.feedback.models import Topic
from huiwu.orgs.models import Membership
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, update_rule

from . import archive, count, facts, followup, kpis, retro, summary
from .models import Bone, CountItem, ItemState, LessonKind

NAME = "2023新经济产业峰会（上届）"
CAME, CONFIRMED, ZONE = 100, 108, 92  # 92 of the 100 who came were scanned in the AI zone
OTHER = (
    "议程很充实",
    "嘉宾演讲精彩",
    "AI 互动区体验很好",
    "签到很快",
    "直播清晰",
    "希望多些交流时间",
    "会场指引清楚",
    "茶点不错",
    "资料袋很实用",
    "灯光秀震撼",
)
CROWDED = (
    "茶歇区太挤了，座位不够",
    "茶歇排队太久",
    "茶歇区太拥挤",
    "没座位，站着吃点心",
    "茶歇区拥挤",
    "排队太久",
)


def load(org, users: dict, owner_user) -> None:
    if Meeting.objects.filter(org=org, name=NAME).exists():
        return
    pm = users["zhangwei"]
    me = Membership.objects.get(org=org, user=pm)
    owner = Membership.objects.get(org=org, user=owner_user)
    today = timezone.localdate()
    start = today - dt.timedelta(days=41)
    client = Client.objects.get(org=org, name="新经济产业联盟")
    meeting = create_meeting(
        org=org,
        actor=pm,
        with_playbook=False,
        data=MeetingInput(
            name=NAME,
            client=client,
            theme="AI + 产业变革",
            meeting_type=MeetingType.SUMMIT,
            mode=MeetingMode.HYBRID,
            stage=Stage.WRAPUP,
            start_date=start,
            end_date=start + dt.timedelta(days=1),
            city="上海",
            expected_attendance=CAME,
            owner=pm,
        ),
    )
    for kind, name, target, unit in (
        (KPIKind.ATTENDANCE, "", 100, "人"),
        (KPIKind.OTHER, "AI 互动区参与率", 90, "%"),
        (KPIKind.SATISFACTION, "", 9, "分（满分 10）"),
    ):
        save_kpi(
            meeting=meeting,
            actor=pm,
            data=KPIInput(
                kind=kind, name=name, target=Decimal(target), unit=unit, measured_by="", actual=None
            ),
        )
    _people(meeting)
    _station(meeting, me)
    figures = None
    for kpi in KPI.objects.filter(meeting=meeting):
        found = kpis.suggest(kpi, figures)
        if kpi.kind == KPIKind.SATISFACTION:
            kpis.record_actual(
                kpi=kpi, membership=me, actual="9.2", unit=kpi.unit, explanation="会后问卷与 VIP 回访"
            )
        elif found is not None:
            kpis.record_actual(
                kpi=kpi,
                membership=me,
                actual=found.value,
                unit=kpi.unit,
                source=found.source,
                explanation="签到与扫码数据",
            )
    tally = count.start(meeting=meeting, membership=me)
    for item in ("LED 屏", "无线话筒 8 支", "同传耳机 120 副", "易拉宝 6 个"):
        count.add_item(count=tally, membership=me, name=item)
    for item in CountItem.objects.filter(count=tally):
        count.count_item(
            item=item,
            membership=me,
            state=ItemState.RETURNED if "耳机" in item.name else ItemState.REUSABLE,
            version=item.version,
        )
    count.sign_off(count=tally, membership=me)
    count.record_restoration(
        count=tally, membership=me, venue_person="会展中心 王经理", note="地毯与隔断已复原"
    )
    _retro(meeting, me, owner, users)
    report = summary.start(meeting=meeting, membership=me)
    report = summary.save(
        summary=report,
        membership=me,
        version=report.version,
        sections={
            "highlights": report.highlights
            + "\n- 暴雨预案 10 分钟内将户外 AI 互动区移至室内连廊，活动未中断。"
        },
    )
    contact = client.contacts.exclude(email="").first()
    report = summary.send(
        summary=report,
        membership=me,
        version=report.version,
        to=contact.email if contact else "liuyang@example.cn",
    )
    summary.record_answer(
        summary=report,
        membership=me,
        accepted=True,
        person=contact.name if contact else "刘洋",
        note="报告内容完整，同意验收。",
        version=report.version,
    )
    follow = followup.start(meeting=meeting, membership=me)
    follow = followup.save(
        follow=follow,
        membership=me,
        version=follow.version,
        photos_url="https://photos.example.cn/2023-summit",
        video_url="https://video.example.cn/2023-summit-highlights",
    )
    followup.send(follow=follow, what=followup.MEDIA)
    follow.refresh_from_db()
    followup.record_call(
        follow=follow,
        membership=me,
        version=follow.version,
        satisfaction="9",
        outcome="客户对本届满意，希望明年继续合作并扩大 AI 互动区",
        next_business="2024 届峰会",
    )
    archive.archive(meeting=meeting, actor=pm)


def _people(meeting: Meeting) -> None:
    org = meeting.org
    people = Attendee.objects.bulk_create(
        Attendee(org=org, meeting=meeting, name=f"参会者{n + 1:03d}", status=Status.CONFIRMED)
        for n in range(CONFIRMED)
    )
    main = Gate.objects.create(org=org, meeting=meeting, name="主入口")
    zone = Gate.objects.create(org=org, meeting=meeting, name="AI 互动区", kind="custom")
    opened = dt.datetime.combine(meeting.start_date, dt.time(8, 40), tzinfo=meeting.tz)
    for n, person in enumerate(people[:CAME]):
        at = opened + dt.timedelta(seconds=20 * n)
        scan = Scan.objects.create(
            org=org,
            meeting=meeting,
            gate=main,
            scan_id=f"past-{meeting.pk}-{n}",
            attendee=person,
            status="accepted",
            scanned_at=at,
            badge_digest="demo",
        )
        CheckIn.objects.create(
            meeting=meeting, attendee=person, day=meeting.start_date, gate=main, scan=scan, at=at
        )
        if n < ZONE:
            Scan.objects.create(
                org=org,
                meeting=meeting,
                gate=zone,
                scan_id=f"past-{meeting.pk}-z{n}",
                attendee=person,
                status="accepted",
                scanned_at=at + dt.timedelta(hours=3),
                badge_digest="demo",
            )


def _station(meeting: Meeting, me: Membership) -> None:
    """40 comments at the tea break, 6 of them (15%) about the crowded area."""
    station = feedback.make_station(meeting=meeting, membership=me, name="茶歇区反馈站")
    rng = random.Random(2023)  # noqa: S311 (demo data)
    texts = [rng.choice(OTHER) for _ in range(34)] + list(CROWDED)
    rng.shuffle(texts)
    at = dt.datetime.combine(meeting.start_date, dt.time(10, 0), tzinfo=meeting.tz)
    for n, text in enumerate(texts):
        data = feedback.AnswerInput(rating=rng.choice((3, 4, 4, 5, 5)), topic=None, text=text)
        feedback.answer(
            station=station, data=data, device=f"past-phone-{n}", now=at + dt.timedelta(minutes=n * 7)
        )
    feedback.set_open(station=station, membership=me, is_open=False)


def _retro(meeting: Meeting, me: Membership, owner: Membership, users: dict) -> None:
    rule = Rule.objects.get(org=meeting.org, key="venue.tea_break_seats")
    if rule.low != Decimal(15):  # the agency's figure before this lesson
        rule = update_rule(
            rule=rule,
            actor=owner.user,
            reason="沿用往年的 15% 茶歇座位配置",
            version=rule.version,
            data=FigureInput(low=Decimal(15), unit=rule.unit, enabled=True),
        )
    found = retro.start(meeting=meeting, membership=me)
    found = retro.save(
        retro=found,
        membership=me,
        held_on=meeting.end_date + dt.timedelta(days=2),
        departments="项目部、策划部、现场执行部、餐饮供应商",
        problem="茶歇区拥挤",
        notes="15% 的反馈集中在茶歇区拥挤；AI 互动区参与率 92%，超出目标。",
        version=found.version,
    )
    crowded = Topic.objects.filter(org=meeting.org, words__contains="拥挤").first()
    theme = f"theme:{crowded.name}" if crowded else ""
    cause = retro.add_cause(
        retro=found,
        membership=me,
        bone=Bone.ENVIRONMENT,
        text="茶歇区座位只按 15% 配置",
        evidence=theme if theme and facts.find(meeting, theme) else "",
    )
    retro.add_cause(retro=found, membership=me, bone=Bone.METHOD, text="茶歇时段所有会场同时散场")
    retro.add_cause(retro=found, membership=me, bone=Bone.PEOPLE, text="茶歇区引导人员不足")
    retro.add_action(
        retro=found,
        membership=me,
        title="茶歇分两批错峰，并在议程中标注",
        assignee=users["lina"],
        due=timezone.localdate() + dt.timedelta(days=10),
        cause=cause,
    )
    lesson = retro.propose(
        retro=found,
        membership=me,
        text="茶歇区座位按参会人数的 20% 配置",
        kind=LessonKind.STANDARD,
        rule_key=rule.key,
        low="20",
        cause=cause,
    )
    retro.decide(lesson=lesson, membership=owner, accept=True, reason="")
