"""The demo agency's suppliers for the summit: AV (tier A: seven cases, six of 800+, a 1.1% failure rate),
catering (tier B, its food permit ending within the notice), streaming (B), interpretation (new: C), a
backup AV company (B), and one on the blacklist; rated after last week's gala."""

from __future__ import annotations

import datetime as dt

from huiwu.events.models import Meeting

from . import services
from .models import Supplier

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
