"""The reference summit's attendees for the demo organisation: the client's list imported from Excel
(with the rows a real list always has wrong), VIPs with butlers and service packages, the speakers,
media and staff, invitations at every stage of their answer, and an open registration page."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook

from huiwu.agenda.models import Speaker

from . import services
from .enums import Category, Rsvp, Source, Status
from .importing import run_import
from .models import Attendee, BadgeTemplate, ImportRun

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "华",
    "建国",
    "志强",
    "晓东",
    "雪",
    "琳",
    "海燕",
    "文",
    "鑫",
    "宇",
    "欣怡",
]
COMPANIES = [
    "星辰科技",
    "蓝鲸资本",
    "华东智造",
    "云帆数据",
    "海岳物流",
    "青禾医疗",
    "启明汽车",
    "同舟能源",
    "长风传媒",
    "锦程金融",
    "新材研究院",
    "东方航空服务",
    "明德大学",
    "智联工业互联网",
]
TITLES = [
    "总经理",
    "副总裁",
    "技术总监",
    "产品经理",
    "投资经理",
    "研究员",
    "市场总监",
    "工程师",
    "教授",
    "采购经理",
]

VIPS = [
    # name, organisation, title, diets, allergies, services, arrival, hotel, butler
    (
        "刘建华",
        "新经济产业联盟",
        "副理事长",
        ["low_sugar"],
        "",
        ["driver"],
        ("CA1501", 1, "15:20"),
        "外滩华尔道夫",
        "zhangwei",
    ),
    ("马晓燕", "市工业和信息化局", "副局长", [], "", ["driver"], ("", 0, ""), "", "zhangwei"),
    (
        "Hans Becker",
        "Rheinwerk GmbH",
        "CEO",
        [],
        "shellfish allergy",
        ["headset", "driver"],
        ("LH728", 1, "09:45"),
        "外滩华尔道夫",
        "lina",
    ),
    (
        "阿卜杜拉·哈桑",
        "海湾投资",
        "合伙人",
        ["halal"],
        "",
        ["headset"],
        ("EK302", 1, "13:10"),
        "静安香格里拉",
        "lina",
    ),
    (
        "王立群",
        "星辰科技",
        "董事长",
        ["vegetarian"],
        "花生过敏",
        [],
        ("G7", 1, "11:30"),
        "静安香格里拉",
        "zhaoqiang",
    ),
    (
        "赵敏",
        "明德大学",
        "校长",
        ["low_fat"],
        "",
        ["wheelchair"],
        ("", 0, ""),
        "明德大学专家公寓",
        "zhaoqiang",
    ),
]


def _person(rnd: random.Random, i: int) -> tuple[str, str, str, str]:
    name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
    return name, f"139{20000000 + i:08d}", rnd.choice(COMPANIES), rnd.choice(TITLES)


def _client_list(path: Path, rnd: random.Random) -> None:
    """The list the client sent: a title row, Chinese headers, 140 people and four rows with the usual
    mistakes (a short phone, a formula pasted in, a duplicate, an impossible date)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["新经济产业峰会 参会名单（客户提供）"])
    ws.merge_cells("A1:H1")
    ws.append(["姓名", "手机", "邮箱", "单位", "职务", "类别", "饮食禁忌", "到达时间"])
    for i in range(140):
        name, mobile, company, title = _person(rnd, i)
        diet = rnd.choice(["", "", "", "", "清真", "素食", "低糖", "海鲜过敏"])
        email = f"guest{i:03d}@example.com" if i % 3 else ""
        ws.append([name, mobile, email, company, title, "普通参会者" if i % 9 else "媒体", diet, ""])
    ws.append(["何强", "1391234", "", "同舟能源", "工程师", "", "", ""])
    ws.append(['=HYPERLINK("http://example.com","点击")', "13920009999", "", "", "", "", "", ""])
    ws.append(["重复者", "13920000005", "", "", "", "", "", ""])
    ws.append(["韩雪", "13920009998", "", "长风传媒", "记者", "媒体", "", "2026-02-30 10:00"])
    wb.save(path)


def load(summit, users) -> None:
    if Attendee.objects.filter(meeting=summit).exists():
        return
    rnd = random.Random(2023)  # noqa: S311  (reproducible demo data, not security)
    org, actor = summit.org, users["zhangwei"]
    tz = timezone.get_default_timezone()

    colours = {"vip": "#b91c1c", "speaker": "#7c3aed", "media": "#047857", "staff": "#374151"}
    roles = {
        "vip": "贵宾 VIP",
        "speaker": "演讲嘉宾 SPEAKER",
        "media": "媒体 MEDIA",
        "staff": "工作人员 STAFF",
    }
    for category, colour in colours.items():
        BadgeTemplate.objects.get_or_create(
            org=org,
            category=category,
            defaults={"colour": colour, "role_label": roles[category], "show_table": True},
        )

    reg = services.registration_of(summit)
    services.save_registration(
        registration=reg,
        actor=actor,
        data=services.RegistrationInput.of(reg).but(
            is_open=True, capacity=800, waitlist=True, intro="AI+产业变革 · 欢迎报名"
        ),
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "新经济产业峰会参会名单.xlsx"
        _client_list(path, rnd)
        outcome = run_import(meeting=summit, path=path, filename=path.name)
    ImportRun.objects.create(
        org=org,
        meeting=summit,
        created_by=users["lina"],
        filename="新经济产业峰会参会名单.xlsx",
        rows=outcome.rows,
        imported=outcome.imported,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        errors=outcome.errors,
    )

    for i, (name, company, title, diets, allergies, service, arrival, hotel, butler) in enumerate(VIPS):
        number, day, time = arrival
        arrival_at = (
            dt.datetime.combine(
                summit.start_date - dt.timedelta(days=day), dt.time.fromisoformat(time), tzinfo=tz
            )
            if time
            else None
        )
        services.save_attendee(
            meeting=summit,
            actor=actor,
            data=services.AttendeeInput(
                name=name,
                organisation=company,
                title=title,
                mobile=f"+86138{10000000 + i:08d}",
                email=f"vip{i}@example.com",
                category=Category.VIP,
                diets=diets,
                allergies=allergies,
                services=service,
                arrival_number=number,
                arrival_mode="train" if number.startswith("G") else ("flight" if number else ""),
                arrival_at=arrival_at,
                hotel=hotel,
                pickup=bool(number),
                butler=users[butler],
                language="en" if name.isascii() else "zh-hans",
                table_number=str(1 + i // 3),
                consent_scope="由客户提供，用于本次会议接待",
                consent_at=timezone.now(),
                consent_method="client",
                note="座位安排在主桌，入场走贵宾通道。" if i < 2 else "",
            ),
        )

    for i, sp in enumerate(Speaker.objects.filter(meeting=summit)):
        services.save_attendee(
            meeting=summit,
            actor=actor,
            data=services.AttendeeInput(
                name=sp.name,
                organisation=sp.organisation,
                title=sp.title,
                email=sp.email or f"speaker{i}@example.com",
                category=Category.SPEAKER,
                language="en" if sp.name.isascii() else "zh-hans",
                consent_scope="演讲嘉宾确认函",
                consent_at=timezone.now(),
                consent_method="email",
            ),
        )
    for username in ("zhangwei", "lina", "zhaoqiang"):
        user = users[username]
        services.save_attendee(
            meeting=summit,
            actor=actor,
            data=services.AttendeeInput(
                name=user.name.split(" ")[0],
                email=user.email or f"{username}@example.com",
                category=Category.STAFF,
                organisation=org.name,
            ),
        )

    # Invitations went out to the list two weeks ago; most answered, some need a reminder.
    now = timezone.now()
    for a in Attendee.objects.filter(meeting=summit).exclude(category=Category.STAFF).order_by("id"):
        a.invited_at = now - dt.timedelta(days=14)
        roll = rnd.random()
        if a.category in (Category.VIP, Category.SPEAKER) or roll < 0.7:
            a.rsvp, a.answered_at = Rsvp.ACCEPTED, now - dt.timedelta(days=rnd.randint(1, 12))
        elif roll < 0.78:
            a.rsvp, a.answered_at, a.status = Rsvp.DECLINED, now - dt.timedelta(days=3), Status.CANCELLED
        else:
            a.rsvp, a.reminders, a.reminded_at = Rsvp.INVITED, 1, now - dt.timedelta(days=4)
        a.save(update_fields=["invited_at", "rsvp", "answered_at", "status", "reminders", "reminded_at"])

    # A few registered on the public page, and one brought a colleague.
    for i in range(6):
        name, mobile, company, title = _person(rnd, 500 + i)
        services.register(
            registration=reg,
            data=services.AttendeeInput(name=name, mobile="+86" + mobile, organisation=company, title=title),
        )
    host = Attendee.objects.filter(meeting=summit, source=Source.REGISTRATION).first()
    if host:
        services.register(
            registration=reg,
            data=services.AttendeeInput(name="林晓", mobile="+8613920000777", organisation=host.organisation),
            invited_by=host,
        )
