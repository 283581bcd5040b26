"""The summit's tight budget (DOMAIN.md: venue 40%, equipment 20% as the example; here as the agency
set it for a 1,000,000 yuan meeting): its lines with the chosen suppliers (their accepted quotes are
the commitments), the baseline approved by the client, two weekly reviews — the first with nothing
over plan, the last with the AV line 6% over once its contract was signed, decided by moving money
from the contingency — both signed off."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huiwu.contracts.models import Contract
from huiwu.events.models import Meeting
from huiwu.orgs.models import Membership
from huiwu.suppliers.models import Supplier

from . import reviews, revisions, services
from .enums import DecisionKind
from .models import Budget, Review

CATEGORIES = [
    ("venue", "场地", "36"),
    ("equipment", "设备与技术", "26"),
    ("catering", "餐饮", "20"),
    ("travel", "差旅与住宿", "4"),
    ("design", "设计与物料", "4"),
    ("staff", "人员与服务", "8"),
    ("contingency", "不可预见费", "2"),
]

# category, item, quantity, unit, unit price, supplier's name begins (its accepted quote commits it)
LINES = [
    ("venue", "主会场及两个分会场租赁（2 天）", "1", "项", "320000", ""),
    ("venue", "场地加时费与清洁费（隐性成本）", "1", "项", "40000", ""),
    ("equipment", "AV 设备租赁（含 3 天技术支持）", "1", "项", "155660", ""),
    ("equipment", "多机位直播与双链路推流", "1", "项", "96000", "云视"),
    ("catering", "自助午餐", "1600", "份", "88", "味和"),
    ("catering", "茶歇（每天两次）", "1600", "份", "35", "味和"),
    ("travel", "嘉宾差旅与住宿", "1", "项", "38000", ""),
    ("design", "主视觉设计与物料印刷", "1", "项", "36000", ""),
    ("staff", "同声传译（中英）及设备", "1", "项", "57200", "译通"),
    ("staff", "礼仪与现场服务人员", "1", "项", "20000", ""),
]


def load(summit: Meeting, users: dict) -> None:
    if Budget.objects.filter(meeting=summit).exists():
        return
    finance = Membership.objects.get(org=summit.org, user=users["wangfang"])
    pm = Membership.objects.get(org=summit.org, user=users["zhangwei"])
    budget = services.create(meeting=summit, membership=pm, total="1000000")
    rows = [services.CategoryInput(key=k, name=n, share=s) for k, n, s in CATEGORIES]
    budget = services.set_categories(budget=budget, membership=pm, rows=rows, version=budget.version)
    categories = {c.key: c for c in budget.categories.all()}
    av = None
    for key, item, quantity, unit, price, supplier_name in LINES:
        supplier = (
            Supplier.objects.filter(org=summit.org, name__startswith=supplier_name).first()
            if supplier_name
            else None
        )
        data = services.LineInput(
            category=categories[key], name=item, quantity=quantity, unit=unit, unit_price=price,
            tax_rate="0", supplier=supplier,
        )  # fmt: skip
        made = services.save_line(budget=budget, membership=pm, data=data)
        if item.startswith("AV"):
            av = made
    now = timezone.now()
    contact = summit.client.contacts.order_by("role", "id").first() if summit.client_id else None
    base = revisions.propose(
        budget=budget,
        membership=finance,
        reason="按客户确认的需求分析报告编制的基线预算",
        version=budget.version,
    )
    revisions.approve(
        revision=base, membership=finance, approver=contact.name if contact else "客户方会务负责人",
        approved_on=timezone.localdate(),
    )  # fmt: skip
    first = reviews.open_review(budget=budget, membership=finance)
    reviews.sign_off(
        review=first, membership=finance, notes="各项均在计划内；餐饮、直播、同传按已接受报价计入承诺。"
    )
    Review.objects.filter(pk=first.pk).update(
        created_at=now - dt.timedelta(days=7, hours=2), signed_off_at=now - dt.timedelta(days=7)
    )
    contract = Contract.objects.filter(meeting=summit, supplier__name__startswith="声光").first()
    if av is None or contract is None:
        return
    data = services.LineInput(
        category=av.category, name=av.name, quantity=av.quantity, unit=av.unit, unit_price=av.unit_price,
        tax_rate=av.tax_rate, supplier=contract.supplier, contract=contract,
        notes="合同含第 3 天技术支持与 LED 备用机，较计划高 6%",
    )  # fmt: skip
    av = services.save_line(budget=budget, membership=pm, data=data, line=av, version=av.version)
    last = reviews.open_review(budget=budget, membership=finance)
    reviews.decide(
        review=last,
        membership=finance,
        data=reviews.DecisionInput(
            line=av,
            kind=DecisionKind.MOVE,
            amount="9340",
            source=categories["contingency"],
            reason="LED 备用机为客户要求新增，超支由不可预见费调剂；供应商已确认不再加价",
        ),
    )
    reviews.sign_off(
        review=last, membership=finance, notes="AV 超计划 6%，已由不可预见费调剂，总额在 ±5% 内。"
    )
