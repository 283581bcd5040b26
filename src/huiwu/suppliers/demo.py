"""The demo agency's suppliers for the summit: AV (tier A: seven cases, six of 800+, a 1.1% failure rate),
catering (tier B, its food permit ending within the notice), streaming (B), interpretation (new: C), a
backup AV company (B), and one on the blacklist; rated after last week's gala."""

from __future__ import annotations

import datetime as dt

from huiwu.events.models import Meeting

from . import services
from .enums import Review
from .models import Need, Supplier
from .services import kickoff, selection

SCORES = ("punctuality", "quality", "responsiveness", "compliance", "cooperation")

SUPPLIERS = [
    {
        "name": "声光视听科技（上海）有限公司", "credit_code": "91310101MA1FP3K2XY", "categories": ["av"],
        "cities": "上海、杭州、苏州、南京", "website": "https://example.com/shengguang",
        "contacts": [("陈明", "项目经理", "13816620001", True),
                     ("林涛", "现场技术主管", "13816620002", False)],
        "documents": [("licence", "营业执照", "91310101MA1FP3K2XY", -1900, None),
                      ("certification", "ISO 9001 质量管理体系认证", "CQC-2024-0412", -600, 495)],
        "cases": [("2025 长三角数字经济论坛", "长三角数字经济联盟", 2025, 1500, 160),
                  ("2025 智能汽车年会", "汽车工程学会", 2025, 1200, 140),
                  ("2024 新经济产业峰会", "新经济产业联盟", 2024, 900, 120),
                  ("2024 金融科技大会", "金融科技协会", 2024, 860, 110),
                  ("2024 医药创新论坛", "医药创新联盟", 2024, 820, 100),
                  ("2023 数字政府论坛", "市大数据中心", 2023, 800, 90),
                  ("2023 星辰科技发布会", "星辰科技有限公司", 2023, 300, 80)],
        "failures": [("2025 智能汽车年会", "无线手持话筒", 4, "电池仓接触不良，当场换备用"),
                     ("2024 金融科技大会", "LED 屏接收卡", 5, "两块箱体黑屏，15 分钟修复")],
        "rating": {"punctuality": 5, "quality": 5, "responsiveness": 4, "compliance": 5, "cooperation": 4},
    },
    {
        "name": "华音演艺设备租赁有限公司", "credit_code": "91310115MA1H7UQ5R2", "categories": ["av"],
        "cities": "上海、苏州", "contacts": [("赵磊", "业务经理", "13916630001", True)],
        "documents": [("licence", "营业执照", "91310115MA1H7UQ5R2", -1500, None)],
        "cases": [("2025 区县招商推介会", "市商务局", 2025, 400, 60),
                  ("2024 高校校友大会", "明德大学", 2024, 600, 70),
                  ("2024 新品发布会", "星辰科技有限公司", 2024, 300, 40)],
        "failures": [("2024 高校校友大会", "音频处理器", 1, "")],
    },
    {
        "name": "味和餐饮管理有限公司", "credit_code": "91330106MA2CF1W8LY", "categories": ["catering"],
        "cities": "上海、杭州", "contacts": [("周敏", "宴会经理", "13616640001", True)],
        "documents": [("licence", "营业执照", "91330106MA2CF1W8LY", -2100, None),
                      ("permit", "食品经营许可证", "JY13301060012345", -1800, 20)],
        "cases": [("2025 年度客户答谢晚宴", "华东智能制造集团", 2025, 200, 0),
                  ("2024 行业年会茶歇", "新经济产业联盟", 2024, 800, 0),
                  ("2024 校庆午宴", "明德大学", 2024, 500, 0)],
        "rating": {"punctuality": 4, "quality": 4, "responsiveness": 4, "compliance": 5, "cooperation": 4},
    },
    {
        "name": "云视互动直播技术有限公司", "credit_code": "91310104MA1FR6N3T8", "categories": ["streaming"],
        "cities": "全国", "contacts": [("吴昊", "直播导演", "13516650001", True)],
        "documents": [("licence", "营业执照", "91310104MA1FR6N3T8", -1200, None),
                      ("permit", "信息网络传播视听节目许可证", "1310578", -700, 400)],
        "cases": [("2025 金融机构年会（线上分会场，峰值 10 万人次）", "某金融机构", 2025, 1000, 30),
                  ("2024 发布会直播", "星辰科技有限公司", 2024, 300, 20)],
    },
    {
        "name": "译通同传会议服务有限公司", "credit_code": "91310112MA1GB9E0KG",
        "categories": ["translation"],
        "cities": "上海、北京", "contacts": [("郑洁", "译员协调", "13716660001", True)],
        "documents": [("licence", "营业执照", "91310112MA1GB9E0KG", -400, None)],
        "cases": [("2025 国际医学论坛（中英日韩）", "医学会", 2025, 600, 200)],
    },
    {
        "name": "速达会展设备有限公司", "credit_code": "91310118MA1JL2C7PP",
        "categories": ["av", "transport"],
        "cities": "上海", "contacts": [("钱斌", "销售", "13316670001", False)],
        "cases": [("2023 展会搭建", "会展中心", 2023, 2000, 300)],
        "failures": [("2023 展会搭建", "调音台与功放", 21, "开幕前 1 小时整套音响失效")],
        "blacklist": "2023 展会开幕前整套音响失效，事后拒绝赔付",
    },
]  # fmt: skip


def load(org, users: dict, today: dt.date) -> None:
    if Supplier.objects.filter(org=org).exists():
        return
    actor = users["zhangwei"]
    gala = Meeting.objects.filter(org=org, start_date__lt=today).order_by("-start_date").first()
    for spec in SUPPLIERS:
        data = services.SupplierInput(
            name=spec["name"], credit_code=spec["credit_code"], categories=spec["categories"],
            cities=spec["cities"], website=spec.get("website", ""),
        )  # fmt: skip
        supplier = services.add_supplier(org=org, actor=actor, data=data)
        for name, role, mobile, emergency in spec["contacts"]:
            services.add_contact(supplier=supplier, actor=actor, data=services.ContactInput(
                name=name, role=role, mobile=mobile, emergency=emergency))  # fmt: skip
        for kind, title, number, issued, expires in spec.get("documents", []):
            services.add_document(supplier=supplier, actor=actor, data=services.DocumentInput(
                kind=kind, title=title, number=number, issued_on=today + dt.timedelta(days=issued),
                expires_on=today + dt.timedelta(days=expires) if expires is not None else None))  # fmt: skip
        cases = {}
        for title, client, year, attendance, units in spec["cases"]:
            cases[title] = services.add_case(supplier=supplier, actor=actor, data=services.CaseInput(
                title=title, client=client, year=year, attendance=attendance, equipment_units=units,
                reference=f"{client} 会务负责人"))  # fmt: skip
        for title, equipment, units, note in spec.get("failures", []):
            case = cases[title]
            services.add_failure(supplier=supplier, actor=actor, data=services.FailureInput(
                happened_on=dt.date(case.year, 6, 15), equipment=equipment, units=units, note=note,
                case_id=case.pk))  # fmt: skip
        if spec.get("rating") and gala is not None:
            services.rate(supplier=supplier, actor=actor, data=services.RatingInput(
                meeting=gala, scores=spec["rating"], comment="会后复盘评分"))  # fmt: skip
        if spec.get("blacklist"):
            services.blacklist(supplier=supplier, actor=actor, reason=spec["blacklist"])
    summit = Meeting.objects.filter(org=org, name="新经济产业峰会").first()
    if summit is not None:
        _selection(summit, actor, today)
        _kickoff(summit, users, today)


# the summit's choices: need category → [(supplier's name begins, quote lines, trial, standing, reason)]
CHOICES = {
    "av": [
        ("声光视听", [("线阵音箱系统（含调音台）", 2, "天", "28000"), ("LED 主屏 120 m²", 2, "天", "36000"),
                      ("舞台灯光与技术支持", 2, "天", "18500")], "pass", "chosen",
         "A 级（820 人以内），团队评分 4.65，试用合格，报价在预算内"),
        ("华音演艺", [("线阵音箱系统（含调音台）", 2, "天", "25000"), ("LED 主屏 120 m²", 2, "天", "33000"),
                      ("舞台灯光与技术支持", 2, "天", "17000")], "waived", "backup", ""),
    ],
    "catering": [
        ("味和餐饮", [("自助午餐", 1600, "份", "88"), ("茶歇（每天两次）", 1600, "份", "35")],
         "pass", "chosen", "B 级，食品经营许可证在有效期内，试餐合格"),
    ],
    "streaming": [
        ("云视互动", [("多机位直播（含导播）", 2, "天", "42000"), ("双链路推流保障", 2, "天", "6000")],
         "pass", "chosen", "曾承接 10 万人次线上会场，双链路推流"),
    ],
    "translation": [
        ("译通同传", [("同传译员（中英）", 4, "人·天", "6800"), ("同传设备与 300 副耳机", 2, "天", "15000")],
         "pass", "chosen", "本地唯一可提供中英同传加外宾耳机的供应商，试译合格"),
    ],
}  # fmt: skip


def _selection(summit: Meeting, actor, today: dt.date) -> None:
    """The summit's needs, with its suppliers compared on quotes and chosen (a backup for AV; the caterer
    and the stream still lack one: the gaps the page shows)."""
    selection.derive_needs(meeting=summit, actor=actor)
    for category, options in CHOICES.items():
        need = Need.objects.filter(meeting=summit, category=category).order_by("id").first()
        if need is None:
            continue
        for start, lines, trial, standing, reason in options:
            supplier = Supplier.objects.get(org=summit.org, name__startswith=start)
            candidate = selection.add_candidate(need=need, supplier=supplier, actor=actor)
            quote = selection.request_quote(
                candidate=candidate, actor=actor, answer_by=today - dt.timedelta(days=40),
                lines=[selection.LineInput(item=i, quantity=str(q), unit=u) for i, q, u, _p in lines],
            )  # fmt: skip
            prices = [p for *_rest, p in lines]
            selection.answer_quote(
                quote=quote, actor=actor, prices=prices, issued_on=today - dt.timedelta(days=42),
                valid_until=today + dt.timedelta(days=20), notes="含税价",
            )  # fmt: skip
            selection.record_inspection(candidate=candidate, actor=actor, on=today - dt.timedelta(days=38),
                                        result="pass", notes="仓库与设备实地查看")  # fmt: skip
            selection.review(candidate=candidate, actor=actor, items=list(Review.values))
            notes = "同型号设备已在 2024 年峰会使用" if trial == "waived" else ""
            selection.record_trial(candidate=candidate, actor=actor, result=trial, notes=notes)
            if standing == "chosen":
                selection.choose(candidate=candidate, actor=actor, reason=reason)
            else:
                selection.set_standing(candidate=candidate, actor=actor, standing=standing)


def _kickoff(summit: Meeting, users: dict, today: dt.date) -> None:
    """The kickoff four weeks before: every chosen supplier and the core team, the split, two actions."""
    pm = users["zhangwei"]
    held = dt.datetime.combine(summit.start_date - dt.timedelta(days=28), dt.time(14), tzinfo=summit.tz)
    suppliers = kickoff.meeting_suppliers(summit)
    team = [u for key, u in users.items() if key in ("zhangwei", "zhaoqiang", "lina")]
    made = kickoff.save_kickoff(meeting=summit, actor=pm, data=kickoff.KickoffInput(
        held_at=held, place="华章会务 3 楼会议室", suppliers=suppliers, members=team,
        agenda="1. 峰会流程与时间节点\n2. 各供应商责任分工\n3. 进场、彩排与应急联络",
        minutes="确认 T-1 14:00 进场搭建；设备会前 2 小时调试完毕；直播双链路；茶歇分两批出餐并留样。",
    ))  # fmt: skip
    kickoff.propose_duties(meeting=summit, actor=pm)
    av = next((s for s in suppliers if s.name.startswith("声光")), None)
    if av is not None:
        kickoff.add_duty(meeting=summit, actor=pm, supplier=av, text="主会场 LED 屏与分会场投影备用机各 1 套")
    for title, owner, days in (
        ("供应商提交进场人员名单与车辆信息", "zhaoqiang", 7),
        ("同传供应商提交术语表与译员简历", "lina", 10),
    ):
        due = summit.start_date - dt.timedelta(days=days)
        kickoff.add_action(kickoff=made, actor=pm, title=title, owner=users[owner], due=due)
