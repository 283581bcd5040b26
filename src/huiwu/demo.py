"""The demo organisation: the reference case of DOMAIN.md plus meetings in every other stage.

``load_demo()`` is idempotent: records are found by natural keys and created only when missing,
so running ``huiwu demo`` twice gives the same data. Each area adds its demo records here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from huiwu.clients.models import Client
from huiwu.clients.services import create_client
from huiwu.events.enums import MeetingMode, MeetingType, Stage
from huiwu.events.models import Meeting
from huiwu.events.services import create_meeting
from huiwu.notifications.models import Notification
from huiwu.notifications.services import notify
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.services import add_member, create_organization

DEMO_ORG = "demo"
DEMO_USER = "demo"
DEMO_PASSWORD = "huiwu-demo-2026"  # noqa: S105  (a published demo login, printed by `huiwu demo`)

PEOPLE = [
    # user name, full name, role in the demo organisation
    (DEMO_USER, "陈晓 Chen Xiao", Role.OWNER),
    ("zhangwei", "张伟 Zhang Wei", Role.PROJECT_MANAGER),
    ("lina", "李娜 Li Na", Role.PLANNER),
    ("wangfang", "王芳 Wang Fang", Role.FINANCE),
    ("zhaoqiang", "赵强 Zhao Qiang", Role.ONSITE),
    ("sunli", "孙丽 Sun Li", Role.VIEWER),
]

CLIENTS = [
    ("新经济产业联盟", "行业协会", "500+"),
    ("星辰科技有限公司", "人工智能", "200-500"),
    ("华东智能制造集团", "制造业", "5000+"),
    ("明德大学", "高等教育", "5000+"),
    ("市商务局", "政府机关", "100-200"),
]


@dataclass(frozen=True)
class DemoMeeting:
    name: str
    client: str
    theme: str
    meeting_type: str
    mode: str
    stage: int
    offset_days: int  # day T relative to today
    days: int
    city: str
    attendance: int
    owner: str


MEETINGS = [
    # The reference case of DOMAIN.md: on site now, 800 attendees, tight budget.
    DemoMeeting(
        "新经济产业峰会",
        "新经济产业联盟",
        "AI + 产业变革",
        MeetingType.SUMMIT,
        MeetingMode.HYBRID,
        Stage.ONSITE,
        0,
        2,
        "上海",
        800,
        "zhangwei",
    ),
    DemoMeeting(
        "星辰科技新品发布会",
        "星辰科技有限公司",
        "智启未来",
        MeetingType.BRAND_LAUNCH,
        MeetingMode.HYBRID,
        Stage.INTAKE,
        52,
        1,
        "杭州",
        300,
        "zhangwei",
    ),
    DemoMeeting(
        "营商环境政策宣讲会",
        "市商务局",
        "优化营商环境",
        MeetingType.GOVERNMENT,
        MeetingMode.ONSITE,
        Stage.INTAKE,
        58,
        1,
        "南京",
        500,
        "lina",
    ),
    DemoMeeting(
        "智能制造年度培训",
        "华东智能制造集团",
        "数字化车间实战",
        MeetingType.TRAINING,
        MeetingMode.ONSITE,
        Stage.PLANNING,
        38,
        3,
        "苏州",
        120,
        "lina",
    ),
    DemoMeeting(
        "明德大学学术年会",
        "明德大学",
        "交叉学科前沿",
        MeetingType.ACADEMIC,
        MeetingMode.HYBRID,
        Stage.CONTRACTS,
        25,
        2,
        "北京",
        450,
        "zhangwei",
    ),
    DemoMeeting(
        "年度客户答谢晚宴",
        "华东智能制造集团",
        "感恩同行",
        MeetingType.GALA,
        MeetingMode.ONSITE,
        Stage.WRAPUP,
        -4,
        1,
        "苏州",
        200,
        "lina",
    ),
]


def _user(username: str, name: str):
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=username, defaults={"name": name, "email": f"{username}@demo.huiwu.local"}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo(today: date | None = None) -> Organization:
    today = today or timezone.localdate()
    users = {username: _user(username, name) for username, name, _role in PEOPLE}
    owner = users[DEMO_USER]

    org = Organization.objects.filter(slug=DEMO_ORG).first()
    if org is None:
        org = create_organization(name="华章会务服务有限公司", slug=DEMO_ORG, owner=owner)
    for username, _name, role in PEOPLE:
        if not Membership.objects.filter(org=org, user=users[username]).exists():
            add_member(org=org, user=users[username], role=role, actor=owner)

    # A second organisation the demo user also belongs to, so the switcher has somewhere to go.
    partner = Organization.objects.filter(slug="demo-partner").first()
    if partner is None:
        partner_owner = _user("partner", "周敏 Zhou Min")
        partner = create_organization(name="长三角会展合作社", slug="demo-partner", owner=partner_owner)
        add_member(org=partner, user=owner, role=Role.PLANNER, actor=partner_owner)

    clients = {}
    for name, industry, size in CLIENTS:
        client = Client.objects.filter(org=org, name=name).first()
        clients[name] = client or create_client(
            org=org, actor=owner, name=name, industry=industry, size=size, notes=""
        )

    for m in MEETINGS:
        if Meeting.objects.filter(org=org, name=m.name).exists():
            continue
        start = today + timedelta(days=m.offset_days)
        create_meeting(
            org=org,
            actor=users[m.owner],
            name=m.name,
            client=clients[m.client],
            theme=m.theme,
            meeting_type=m.meeting_type,
            mode=m.mode,
            stage=m.stage,
            start_date=start,
            end_date=start + timedelta(days=m.days - 1),
            city=m.city,
            expected_attendance=m.attendance,
            owner=users[m.owner],
        )

    if not Notification.objects.filter(user=owner, org=org).exists():
        summit = Meeting.objects.get(org=org, name="新经济产业峰会")
        notify(
            user=owner,
            org=org,
            title="新经济产业峰会今日开幕：暴雨预警，户外区启用B计划",
            body="气象台发布暴雨预警。户外AI互动区改至室内连廊，10分钟内完成切换，请现场组确认。",
            url=f"/o/{org.slug}/meetings/{summit.pk}/",
        )
    return org
