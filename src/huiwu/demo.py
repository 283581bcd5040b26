"""The demo organisation: the reference case of DOMAIN.md plus meetings in every other stage.

``load_demo()`` is idempotent: records are found by natural keys and created only when missing,
so running ``huiwu demo`` twice gives the same data. Each area adds its demo records here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huiwu.agenda import demo as agenda_demo
from huiwu.attendees import demo as attendee_demo
from huiwu.budgets import demo as budgets_demo
from huiwu.checkin import demo as checkin_demo
from huiwu.clients.models import Channel, Client, Contact, ContactRole
from huiwu.clients.services import (
    ClientInput,
    CommunicationInput,
    ContactInput,
    create_client,
    log_communication,
    save_contact,
)
from huiwu.contracts import demo as contracts_demo
from huiwu.events.enums import Dimension, KPIKind, MeetingMode, MeetingType, Priority, Stage, TaskStatus
from huiwu.events.models import Meeting, PlaybookTemplate, ProfileResponse, Task
from huiwu.events.models.survey import AgeBand
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.events.services.meetings import KPIInput, RequirementInput, save_kpi, save_requirement
from huiwu.events.services.playbook import (
    TemplateTaskInput,
    copy_playbook,
    create_default_playbook,
    save_template_task,
)
from huiwu.events.services.report import approve_report
from huiwu.events.services.survey import survey_for
from huiwu.feedback import demo as feedback_demo
from huiwu.inspections import demo as inspections_demo
from huiwu.interaction import demo as interaction_demo
from huiwu.notifications.models import Notification
from huiwu.notifications.services import notify
from huiwu.onsite import demo as onsite_demo
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.services import add_member, create_organization
from huiwu.risks.models import IssuedReport, Plan
from huiwu.risks.services import (
    DrillInput,
    PlanInput,
    RiskInput,
    Step,
    add_drill,
    add_plan,
    add_risk,
    change_risk,
    confirm_backup_plan,
    issue_report,
)
from huiwu.staff import demo as staff_demo
from huiwu.standards.models import Identity, Override, Rule
from huiwu.standards.services import FigureInput, IdentityInput, choose_variant, set_identity, set_override
from huiwu.suppliers import demo as suppliers_demo
from huiwu.venues.models import Evaluation, Hold, Venue
from huiwu.venues.services.availability import reserve
from huiwu.venues.services.catalogue import (
    CandidateInput,
    RoomInput,
    VenueInput,
    add_candidate,
    choose,
    save_room,
    save_venue,
)
from huiwu.webhooks import services as webhooks
from huiwu.webhooks.models import Endpoint
from huiwu.wrapup import demo as wrapup_demo

# the suppliers' people of the supplier portal: user name, full name (the summit's AV and catering)
VENDORS = (("demo-av", "王工（声光视听）"), ("demo-catering", "陈经理（味和餐饮）"))
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
        16,
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


EMAILS = {"刘洋": "liu.yang@xinjingji.example.cn"}  # the summit client's signer of the service agreement
CONTACTS = {
    "新经济产业联盟": [
        ("刘洋", ContactRole.MEETING_OWNER, "秘书长"),
        ("高峰", ContactRole.THEME_TEAM, "研究部主任"),
        ("马超", ContactRole.TECH_CONTACT, "信息中心"),
    ],
    "星辰科技有限公司": [
        ("林静", ContactRole.MEETING_OWNER, "市场总监"),
        ("韩冰", ContactRole.TECH_CONTACT, "产品经理"),
    ],
    "华东智能制造集团": [
        ("周强", ContactRole.MEETING_OWNER, "培训中心主任"),
        ("吴敏", ContactRole.FINANCE, "财务经理"),
    ],
    "明德大学": [("郑教授", ContactRole.MEETING_OWNER, "学术委员会")],
    "市商务局": [("钱处长", ContactRole.MEETING_OWNER, "外资处")],
}

ROLE_USERS = {
    Role.PROJECT_MANAGER: "zhangwei",
    Role.PLANNER: "lina",
    Role.FINANCE: "wangfang",
    Role.ONSITE: "zhaoqiang",
}


def _progress_tasks(meeting: Meeting, users: dict, today: date) -> None:
    """Earlier stages finished; in the current stage what was due before today mostly done."""
    now = timezone.now()
    tasks = list(meeting.tasks.all())
    for i, task in enumerate(tasks):
        task.assignee = (
            users[ROLE_USERS.get(task.role, meeting.owner.username)] if task.role else meeting.owner
        )
        if task.stage < meeting.stage or (task.stage == meeting.stage and task.due_at < now and i % 4):
            task.status, task.completed_at = TaskStatus.DONE, min(task.due_at, now)
            task.checklist = [{**item, "done": True} for item in task.checklist]
        elif task.stage == meeting.stage and task.due_at < now + timedelta(days=3):
            task.status = TaskStatus.DOING
    Task.objects.bulk_update(tasks, ["assignee", "status", "completed_at", "checklist"])


SUMMIT_REQUIREMENTS = [
    (Dimension.GOAL, "打造“AI + 产业变革”品牌影响力，促成产业合作签约", Priority.MUST, "刘洋"),
    (Dimension.GOAL, "发布年度新经济产业白皮书", Priority.MUST, "高峰"),
    (Dimension.SCENARIO, "800 人规模，主论坛 + 3 个分论坛，会期 2 天", Priority.MUST, "刘洋"),
    (Dimension.SCENARIO, "预算紧张：总预算控制在 120 万元以内", Priority.MUST, "刘洋"),
    (Dimension.SCENARIO, "灯光秀签到与 AI 互动体验区", Priority.FLEXIBLE, "高峰"),
    (Dimension.SPECIAL, "全程视频直播，延迟不超过 5 秒", Priority.MUST, "马超"),
    (Dimension.SPECIAL, "中英同传，外宾耳机与专车", Priority.MUST, "刘洋"),
    (Dimension.SPECIAL, "无障碍通道与轮椅", Priority.FLEXIBLE, "刘洋"),
]
SUMMIT_KPIS = [
    (KPIKind.ATTENDANCE, "", 800, "人", "签到系统实到人数"),
    (KPIKind.OTHER, "AI 互动区参与率", 90, "%", "互动区扫码人数 / 实到人数"),
    (KPIKind.WATCH_TIME, "", 4, "小时/人", "直播平台人均观看时长"),
    (KPIKind.SATISFACTION, "", 9, "分（满分 10）", "会后满意度问卷"),
]
INTERESTS = ["大模型应用", "智能制造", "产业数字化", "投融资", "政策解读"]
INDUSTRIES = ["制造业", "信息技术", "金融", "政府机关", "高校科研", "咨询服务"]
ROLES = ["企业高管", "技术负责人", "投资人", "研究人员", "政府官员"]


def _details(meeting: Meeting, users: dict, contacts: dict, today: date) -> None:
    """Requirements, KPIs, conversations and questionnaire answers for the meetings that need them."""
    planner = users["lina"]
    if meeting.name == "新经济产业峰会":
        Meeting.objects.filter(pk=meeting.pk).update(
            budget_min=Decimal(1_000_000), budget_max=Decimal(1_200_000)
        )
        for dim, title, prio, who in SUMMIT_REQUIREMENTS:
            save_requirement(
                meeting=meeting,
                actor=planner,
                data=RequirementInput(
                    dimension=dim, title=title, detail="", priority=prio, requested_by=contacts[who]
                ),
            )
        for kind, name, target, unit, how in SUMMIT_KPIS:
            save_kpi(
                meeting=meeting,
                actor=planner,
                data=KPIInput(
                    kind=kind, name=name, target=Decimal(target), unit=unit, measured_by=how, actual=None
                ),
            )
        for days_ago, channel, people, notes, outcome in [
            (
                58,
                Channel.MEETING,
                "刘洋、高峰、马超",
                "三方需求访谈：目标、规模、预算与技术要求。",
                "确认 800 人规模与直播需求。",
            ),
            (46, Channel.WECHAT, "刘洋", "需求分析报告初稿沟通。", "客户确认报告，预算上限 120 万元。"),
        ]:
            log_communication(
                client=meeting.client,
                actor=users["zhangwei"],
                data=CommunicationInput(
                    meeting=meeting,
                    channel=channel,
                    participants=people,
                    notes=notes,
                    outcome=outcome,
                    happened_at=timezone.make_aware(
                        datetime.combine(today - timedelta(days=days_ago), time(10, 0))
                    ),
                ),
            )
        approve_report(meeting=meeting, contact=contacts["刘洋"], actor=users["zhangwei"])
        _answers(meeting, 64)
    elif meeting.name == "星辰科技新品发布会":
        save_requirement(
            meeting=meeting,
            actor=planner,
            data=RequirementInput(
                dimension=Dimension.GOAL,
                title="新品曝光与媒体报道",
                detail="",
                priority=Priority.MUST,
                requested_by=contacts["林静"],
            ),
        )
        save_requirement(
            meeting=meeting,
            actor=planner,
            data=RequirementInput(
                dimension=Dimension.SPECIAL,
                title="线上直播同步发布",
                detail="",
                priority=Priority.FLEXIBLE,
                requested_by=contacts["韩冰"],
            ),
        )
        log_communication(
            client=meeting.client,
            actor=users["zhangwei"],
            data=CommunicationInput(
                meeting=meeting,
                channel=Channel.CALL,
                participants="林静",
                notes="首次需求沟通：发布会形式与媒体邀约。",
                outcome="约定下周面谈。",
                happened_at=timezone.now() - timedelta(days=1),
                follow_up="准备媒体邀约名单",
                follow_up_due=today + timedelta(days=5),
                follow_up_assignee=planner,
            ),
        )
        _answers(meeting, 12)


VENUES = [
    # name, city, airport, rail, day rate, overtime/h, cleaning, power, build-up days, indoor backup, rooms
    (
        "上海国际会议中心",
        "上海",
        45,
        20,
        90000,
        4000,
        6000,
        3000,
        1,
        "二层室内连廊（可容纳 300 人）",
        [
            ("明珠大厅", 1300, 1000, 600, 700, 0, 1200, True, 8000, 35, 2, 1000, True),
            ("浦江厅", 400, 300, 180, 200, 60, 350, False, 5000, 20, 0, 500, False),
            ("滨江厅", 320, 250, 150, 160, 50, 280, False, 5000, 18, 0, 300, False),
        ],
    ),
    (
        "滨江假日酒店",
        "上海",
        60,
        35,
        45000,
        2500,
        3000,
        1500,
        0,
        "",
        [
            ("宴会厅", 900, 700, 420, 560, 0, 900, False, 4500, 25, 0, 300, False),
        ],
    ),
]


def _book_chosen_rooms(org, actor) -> None:
    for evaluation in Evaluation.objects.filter(meeting__org=org, chosen=True).select_related(
        "room", "meeting"
    ):
        if not Hold.objects.filter(meeting=evaluation.meeting, room=evaluation.room).exists():
            reserve(room=evaluation.room, meeting=evaluation.meeting, kind=Hold.Kind.BOOKED, actor=actor)


def _summit_risks(summit: Meeting, users: dict) -> None:
    """The reference case's Plan B: the rainstorm moved the AI zone into the indoor corridor."""
    if Plan.objects.filter(risk__meeting=summit).exists():
        return
    pm = users["zhangwei"]
    rain = add_risk(
        meeting=summit,
        actor=pm,
        data=RiskInput(
            category="weather",
            title="暴雨导致户外 AI 互动区关闭",
            likelihood=3,
            impact=4,
            owner=users["zhaoqiang"],
            status="mitigated",
            mitigation="二层室内连廊作为雨天备用，15 分钟内完成切换",
            review_date=summit.start_date - timedelta(days=15),
        ),
    )
    plan = add_plan(
        risk=rain,
        actor=pm,
        data=PlanInput(
            title="户外 AI 互动区转入室内连廊",
            trigger="气象台发布暴雨预警",
            steps=(
                Step(text="AI 互动设备移至二层室内连廊", owner="赵强", minutes=10),
                Step(text="短信与小程序推送新议程和路线", owner="李娜", minutes=5),
                Step(text="引导员就位指引参会者", owner="赵强", minutes=10),
            ),
            resources="室内连廊、移动电源、引导牌 6 块",
            notify="客户刘洋、场地、AV 供应商",
        ),
    )
    add_drill(
        plan=plan,
        actor=pm,
        data=DrillInput(
            held_on=summit.start_date - timedelta(days=2),
            participants="现场组、应急组、AV 供应商",
            findings="切换用时 9 分钟，引导牌需提前印制",
        ),
    )
    owners = [users["zhaoqiang"], users["lina"], pm]
    for n, risk in enumerate(summit.risks.filter(owner__isnull=True).order_by("id")):
        change_risk(risk=risk, actor=pm, data=RiskInput.of(risk).but(owner=owners[n % len(owners)]))
    report = issue_report(meeting=summit, actor=pm)  # issued on T-16, a day before it was due
    issued_on = datetime.combine(summit.start_date - timedelta(days=16), time(17), tzinfo=summit.tz)
    IssuedReport.objects.filter(pk=report.pk).update(issued_at=issued_on)
    confirm_backup_plan(
        meeting=summit, contact=Contact.objects.get(client=summit.client, name="刘洋"), actor=pm
    )


def _venues(org, owner, users) -> None:
    """Two venues, and the summit's evaluation: the hotel ballroom fails the 1.15 rule."""
    if Venue.objects.filter(org=org).exists():
        return
    rooms = {}
    for name, city, air, rail, day, ot, clean, power, build, backup, room_rows in VENUES:
        venue = save_venue(
            org=org,
            actor=owner,
            data=VenueInput(
                name=name,
                city=city,
                address="",
                contact_name="",
                contact_phone="",
                airport_minutes=air,
                rail_minutes=rail,
                step_free=True,
                lifts=True,
                accessible_toilets=bool(backup),
                indoor_backup=backup,
                atmosphere="",
                day_rate=Decimal(day),
                overtime_per_hour=Decimal(ot),
                cleaning_fee=Decimal(clean),
                power_fee=Decimal(power),
                build_up_days=build,
                notes="",
            ),
        )
        for (
            rname,
            area,
            theatre,
            classroom,
            banquet,
            u_shape,
            reception,
            k4,
            lumens,
            radius,
            booths,
            mbps,
            redundant,
        ) in room_rows:
            rooms[rname] = save_room(
                venue=venue,
                actor=owner,
                data=RoomInput(
                    name=rname,
                    area=area,
                    ceiling_height=None,
                    theatre=theatre,
                    classroom=classroom,
                    banquet=banquet,
                    u_shape=u_shape,
                    reception=reception,
                    projector_lumens=lumens,
                    projector_4k=k4,
                    sound_radius_m=radius,
                    wired_mics=2,
                    wireless_mics=4,
                    interpretation_booths=booths,
                    interpretation_languages=["中文", "English"] if booths else [],
                    bandwidth_mbps=mbps,
                    network_redundant=redundant,
                    led_screen=k4,
                ),
            )
    summit = Meeting.objects.get(org=org, name="新经济产业峰会")
    pm = users["zhangwei"]
    chosen = add_candidate(
        meeting=summit,
        actor=pm,
        data=CandidateInput(room=rooms["明珠大厅"], layout="theatre", atmosphere_score=9, overtime_hours=2),
    )
    add_candidate(
        meeting=summit,
        actor=pm,
        data=CandidateInput(room=rooms["宴会厅"], layout="theatre", atmosphere_score=6, overtime_hours=0),
    )
    choose(
        evaluation=chosen, actor=pm, reason="容量满足 1.15 倍规则，同传与网络冗余齐备，室内连廊可作雨天备用"
    )


def _standards(org, summit: Meeting, users: dict) -> None:
    """The agency takes document 001's incident response (5 minutes), and the summit's client wants
    its main hall at 23 °C (the contract's 24 ± 1 °C otherwise)."""
    respond = Rule.objects.get(org=org, key="incident.respond")
    if respond.variant != "001":
        choose_variant(
            rule=respond,
            actor=users["zhangwei"],
            variant="001",
            reason="现场组 5 分钟响应、决策组 10 分钟决策，与我司 SLA 一致",
            version=respond.version,
        )
    if not Identity.objects.filter(org=org).exists():  # the agency's colours, within the standards
        set_identity(
            org=org,
            actor=users["zhangwei"],
            data=IdentityInput(
                primary="#9f1239", on_primary="#ffffff", text="#1f2937", background="#fffbf5", signage_font=40
            ),
            version=0,
        )
    hall = Rule.objects.get(org=org, key="contract.hall_temperature")
    if not Override.objects.filter(meeting=summit, rule=hall).exists():
        set_override(
            meeting=summit,
            rule=hall,
            actor=users["zhangwei"],
            data=FigureInput(low=23, high=23),
            reason="客户要求主会场恒温 23 °C（科技感灯光秀设备散热）",
        )


def _answers(meeting: Meeting, n: int) -> None:
    survey = survey_for(meeting)
    survey.interests = INTERESTS
    survey.save(update_fields=["interests"])
    bands = [b for b, _label in AgeBand.choices]
    ProfileResponse.objects.bulk_create(
        ProfileResponse(
            survey=survey,
            age_band=bands[(i * 7) % 5 if i % 3 else 1],
            industry=INDUSTRIES[(i * 5) % len(INDUSTRIES)],
            role=ROLES[(i * 3) % len(ROLES)],
            interests=[INTERESTS[i % 5], INTERESTS[(i * 2 + 1) % 5]] if i % 2 else [INTERESTS[0]],
        )
        for i in range(n)
    )


def _user(username: str, name: str):
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=username, defaults={"name": name, "email": f"{username}@demo.huiwu.local"}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _webhook(org, owner) -> None:
    """An endpoint that hears the summit's events, pointed at the app's own receiver (which checks the
    signature), so the webhook pages show real deliveries once `huiwu serve` runs its queue."""
    if Endpoint.objects.filter(org=org).exists():
        return
    endpoint = webhooks.create_endpoint(
        org=org, actor=owner, url=settings.SITE_URL + "/hooks/inbox/0/", description="演示：内置接收端",
        events=["agenda.published", "checkin.accepted", "incident.reported", "incident.resolved",
                "job.finished", "webhook.ping"],
    )  # fmt: skip
    inbox = settings.SITE_URL + reverse("webhook-inbox", kwargs={"endpoint": endpoint.pk})
    webhooks.update_endpoint(endpoint=endpoint, actor=owner, url=inbox)
    webhooks.forget_subscriptions()
    webhooks.send_ping(endpoint=endpoint, actor=owner)


@transaction.atomic
def load_demo(today: date | None = None) -> Organization:
    today = today or timezone.localdate()
    users = {username: _user(username, name) for username, name, _role in PEOPLE}
    owner = users[DEMO_USER]
    # two suppliers' people, for the supplier portal (no membership of the agency)
    vendors = {username: _user(username, name) for username, name in VENDORS}

    org = Organization.objects.filter(slug=DEMO_ORG).first()
    if org is None:
        org = create_organization(
            name="华章会务服务有限公司", slug=DEMO_ORG, owner=owner, two_factor_required=False
        )  # its login is printed for anyone to try
    for username, _name, role in PEOPLE:
        if not Membership.objects.filter(org=org, user=users[username]).exists():
            add_member(org=org, user=users[username], role=role, actor=owner)

    # A second organisation the demo user also belongs to, so the switcher has somewhere to go.
    partner = Organization.objects.filter(slug="demo-partner").first()
    if partner is None:
        partner_owner = _user("partner", "周敏 Zhou Min")
        partner = create_organization(
            name="长三角会展合作社", slug="demo-partner", owner=partner_owner, two_factor_required=False
        )
        add_member(org=partner, user=owner, role=Role.PLANNER, actor=partner_owner)

    clients = {}
    for name, industry, size in CLIENTS:
        client = Client.objects.filter(org=org, name=name).first()
        clients[name] = client or create_client(
            org=org, actor=owner, data=ClientInput(name=name, industry=industry, size=size, notes="")
        )

    contacts = {}
    for client_name, people in CONTACTS.items():
        client = clients[client_name]
        for name, role, title in people:
            contact = Contact.objects.filter(client=client, name=name).first()
            contacts[name] = contact or save_contact(
                client=client,
                actor=owner,
                data=ContactInput(
                    name=name, role=role, title=title, phone="", email=EMAILS.get(name, ""), wechat=""
                ),
            )

    # A playbook of its own for trainings: the default plus grouping and a pre-course test.
    default = create_default_playbook(org=org, actor=owner)
    if not PlaybookTemplate.objects.filter(org=org, meeting_type=MeetingType.TRAINING).exists():
        training = copy_playbook(
            template=default, meeting_type=MeetingType.TRAINING, name="培训会流程", actor=owner
        )
        save_template_task(
            template=training,
            actor=owner,
            data=TemplateTaskInput(
                title="学员分组与课前测评",
                stage=Stage.PLANNING,
                anchor="start",
                offset=-10,
                unit="days",
                duration_days=1,
                role=Role.PLANNER,
                deliverable="分组名单",
                checklist=["课前测评问卷", "分组名单"],
                depends_on=[training.tasks.get(key="agenda")],
            ),
        )

    for m in MEETINGS:
        if Meeting.objects.filter(org=org, name=m.name).exists():
            continue
        start = today + timedelta(days=m.offset_days)
        meeting = create_meeting(
            org=org,
            actor=users[m.owner],
            data=MeetingInput(
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
            ),
        )
        _progress_tasks(meeting, users, today)
        _details(meeting, users, contacts, today)

    _venues(org, owner, users)
    _summit_risks(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    _standards(org, Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    _book_chosen_rooms(org, users["zhangwei"])
    _webhook(org, owner)  # before the agenda, check-in and incidents: their events are delivered to it
    agenda_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    attendee_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    checkin_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    staff_demo.load(org, users, today)
    suppliers_demo.load(org, users, today)
    onsite_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users, vendors)
    inspections_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    contracts_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    budgets_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    feedback_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    interaction_demo.load(Meeting.objects.get(org=org, name="新经济产业峰会"), users)
    wrapup_demo.load(org, users, owner)

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
