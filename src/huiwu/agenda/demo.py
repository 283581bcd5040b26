"""The reference summit's agenda for the demo organisation: two days in the three halls of the chosen
venue, modules, speakers with windows and rehearsals, most sessions placed and published, a few left
in the tray for the solver."""

from __future__ import annotations

import datetime as dt

from . import services
from .enums import ModuleKind, SessionFormat, SessionKind, SessionType, WindowKind
from .models import Session, Slot

SPEAKERS = [
    # name, English name, title, organisation, bio
    (
        "陈明远",
        "Chen Mingyuan",
        "理事长",
        "新经济产业联盟",
        "长期从事产业政策研究，推动多个城市的数字经济示范区建设。",
    ),
    (
        "周晓岚",
        "Zhou Xiaolan",
        "首席科学家",
        "星河智能研究院",
        "机器学习与工业视觉专家，主持国家重点研发计划项目。",
    ),
    (
        "Martin Keller",
        "Martin Keller",
        "VP Industrial AI",
        "Rheinwerk GmbH",
        "Leads industrial AI programmes across 40 plants in Europe and Asia.",
    ),
    ("吴海峰", "Wu Haifeng", "总经理", "长三角智造集团", "带领团队完成 12 家工厂的智能化改造。"),
    ("林佳怡", "Lin Jiayi", "合伙人", "远川资本", "专注硬科技与产业数字化投资。"),
    ("郑国强", "Zheng Guoqiang", "副行长", "浦江数字银行", "负责金融科技与风控体系建设。"),
    ("黄思睿", "Huang Sirui", "主任", "市大数据中心", "数据要素市场化配置改革的实践者。"),
    ("许梦洁", "Xu Mengjie", "产品总监", "云图科技", "负责大模型应用平台产品。"),
    ("高远", "Gao Yuan", "主持人", "财经频道", "资深财经节目主持人。"),
]

# day index, start, room index (0 明珠大厅, 1 浦江厅, 2 滨江厅), module, title, English title, type, kind,
# minutes, audience, speakers (indexes; moderator first when the type is panel), tags
SESSIONS = [
    (0, "09:00", 0, 0, "开幕致辞", "Opening address", "keynote", "core", 30, 780, [0], ["topic:开幕"]),
    (
        0,
        "09:45",
        0,
        0,
        "主旨演讲：AI 重塑产业",
        "Keynote: AI reshapes industry",
        "keynote",
        "core",
        45,
        760,
        [1],
        ["topic:AI"],
    ),
    (
        0,
        "10:30",
        0,
        4,
        "茶歇 · AI 互动体验区",
        "Tea break · AI interactive zone",
        "tea-break",
        "buffer",
        30,
        700,
        [],
        [],
    ),
    (
        0,
        "11:00",
        0,
        0,
        "主旨演讲：工业 AI 的全球实践",
        "Keynote: industrial AI worldwide",
        "keynote",
        "core",
        45,
        720,
        [2],
        ["topic:制造"],
    ),
    (
        0,
        "11:45",
        0,
        3,
        "圆桌：AI + 产业变革",
        "Roundtable: AI + industrial transformation",
        "panel",
        "core",
        45,
        700,
        [8, 1, 3, 4],
        ["topic:投资"],
    ),
    (
        0,
        "14:00",
        1,
        1,
        "智能工厂改造实录",
        "Smart factory retrofit in practice",
        "talk",
        "core",
        45,
        260,
        [3],
        ["topic:制造"],
    ),
    (
        0,
        "14:00",
        2,
        2,
        "数字金融风控新范式",
        "New paradigms in digital risk control",
        "talk",
        "core",
        45,
        220,
        [5],
        ["topic:金融"],
    ),
    (
        0,
        "14:45",
        1,
        1,
        "工业视觉质检落地",
        "Machine vision for quality control",
        "talk",
        "core",
        45,
        240,
        [1],
        ["topic:AI"],
    ),
    (
        0,
        "14:45",
        2,
        2,
        "数据要素与公共数据开放",
        "Data as a factor of production",
        "talk",
        "core",
        45,
        200,
        [6],
        ["topic:数据"],
    ),
    (0, "15:30", 1, 4, "茶歇", "Tea break", "tea-break", "buffer", 30, 250, [], []),
    (0, "15:30", 2, 4, "互动问答", "Q&A", "interaction", "buffer", 30, 200, [], []),
    (
        0,
        "16:00",
        0,
        0,
        "大模型应用平台发布",
        "Launch: the foundation-model platform",
        "keynote",
        "core",
        45,
        650,
        [7],
        ["topic:发布"],
    ),
    (
        1,
        "09:00",
        0,
        0,
        "产业投资趋势报告",
        "Industrial investment trends",
        "keynote",
        "core",
        45,
        600,
        [4],
        ["topic:投资"],
    ),
    (
        1,
        "09:45",
        0,
        0,
        "数据要素市场化",
        "Market allocation of data",
        "talk",
        "core",
        45,
        520,
        [6],
        ["topic:数据"],
    ),
    (1, "10:30", 0, 4, "茶歇 · 展区参观", "Tea break · exhibition", "tea-break", "buffer", 30, 560, [], []),
    (
        1,
        "11:00",
        0,
        3,
        "圆桌：AI 时代的人才",
        "Roundtable: talent in the AI era",
        "panel",
        "core",
        45,
        500,
        [8, 2, 7],
        ["topic:人才"],
    ),
]
UNPLACED = [
    (1, "分论坛：金融科技实践", "Fintech in practice", "forum", "core", 45, 230, [5], ["topic:金融"]),
    (
        1,
        "工作坊：大模型落地方法",
        "Workshop: putting models to work",
        "workshop",
        "core",
        45,
        120,
        [7],
        ["topic:工作坊"],
    ),
    (1, "智能制造案例分享", "Smart manufacturing cases", "talk", "core", 45, 210, [3], ["topic:制造"]),
    (1, "互动：AI 体验分享", "Interaction: AI experiences", "interaction", "buffer", 30, 150, [], []),
]
MODULES = [
    (ModuleKind.MAIN_FORUM, "主论坛", "Main forum", "zhangwei", "演讲 + 直播"),
    (ModuleKind.SUB_FORUM, "分论坛：智能制造", "Sub-forum: smart manufacturing", "lina", "演讲"),
    (ModuleKind.SUB_FORUM, "分论坛：数字金融与数据", "Sub-forum: digital finance and data", "lina", "演讲"),
    (ModuleKind.ROUNDTABLE, "圆桌对话", "Roundtables", "zhangwei", "对话"),
    (
        ModuleKind.TEA_BREAK,
        "茶歇与互动",
        "Tea breaks and interaction",
        "wangfang",
        "茶歇区按参会人数 20% 配座",
    ),
    (ModuleKind.GALA, "欢迎晚宴", "Welcome dinner", "wangfang", "宴会"),
]


def load(summit, users) -> None:
    if Session.objects.filter(meeting=summit).exists():
        return
    actor = users["zhangwei"]
    rooms = services.venue_rooms(summit)[:3]
    if not rooms:
        return
    services.add_default_grid(meeting=summit, actor=actor)
    services.add_slot(
        meeting=summit, actor=actor, date=summit.start_date, start=dt.time(18, 30), duration=120
    )
    modules = [
        services.save_module(
            meeting=summit,
            actor=actor,
            data=services.ModuleInput(kind=k, name=n, name_en=e, owner=users[o], format=f, order=i),
        )
        for i, (k, n, e, o, f) in enumerate(MODULES)
    ]
    days = [summit.start_date + dt.timedelta(days=i) for i in range(2)]
    speakers = []
    for i, (name, en, title, org, bio) in enumerate(SPEAKERS):
        windows = []
        if i == 2:  # flies in on the evening before day 2's afternoon
            windows.append((WindowKind.UNAVAILABLE, days[1], dt.time(13, 0), dt.time(18, 0)))
        if i in (4, 6):
            windows.append((WindowKind.PREFERRED, days[1], dt.time(9, 0), dt.time(12, 30)))
        speakers.append(
            services.save_speaker(
                meeting=summit,
                actor=actor,
                data=services.SpeakerInput(
                    windows=windows,
                    name=name,
                    name_en=en,
                    title=title,
                    organisation=org,
                    bio=bio,
                    email=f"speaker{i + 1}@example.com",
                    travel="" if i != 2 else "MU 552 法兰克福 → 浦东，T-1 20:35 到达；接机：王芳",
                    rehearsal_date=days[0] if i != 6 else days[1],
                    rehearsal_start=dt.time(7, 30) if i % 2 else dt.time(8, 15),
                ),
            )
        )
    slots = {(s.date, s.start.strftime("%H:%M")): s for s in Slot.objects.filter(meeting=summit)}
    for day, start, room, module, title, en, kind_type, kind, minutes, audience, people, tags in SESSIONS:
        chosen = [speakers[i] for i in people]
        panel = kind_type == "panel"
        services.save_session(
            meeting=summit,
            actor=actor,
            data=services.SessionInput(
                speakers=chosen[1:] if panel else chosen,
                moderators=chosen[:1] if panel else [],
                module=modules[module],
                title=title,
                title_en=en,
                session_type=kind_type,
                kind=kind,
                duration=minutes,
                audience=audience,
                room=rooms[min(room, len(rooms) - 1)],
                slot=slots[days[day], start],
                owner=users["lina"] if module in (1, 2) else users["zhangwei"],
                format=SessionFormat.HYBRID if room == 0 else SessionFormat.ONSITE,
                languages=["中文", "English"] if room == 0 else [],
                tags=tags,
            ),
        )
    services.save_session(
        meeting=summit,
        actor=actor,
        data=services.SessionInput(
            module=modules[5],
            title="欢迎晚宴",
            title_en="Welcome dinner",
            session_type=SessionType.MEAL,
            kind=SessionKind.BUFFER,
            duration=120,
            audience=600,
            room=rooms[0],
            slot=slots[days[0], "18:30"],
            owner=users["wangfang"],
            pinned=True,
        ),
    )
    services.publish(meeting=summit, actor=actor)
    for _day, title, en, kind_type, kind, minutes, audience, people, tags in UNPLACED:
        services.save_session(
            meeting=summit,
            actor=actor,
            data=services.SessionInput(
                speakers=[speakers[i] for i in people],
                module=modules[2 if "金融" in title else 1],
                title=title,
                title_en=en,
                session_type=kind_type,
                kind=kind,
                duration=minutes,
                audience=audience,
                owner=users["lina"],
                tags=tags,
            ),
        )
