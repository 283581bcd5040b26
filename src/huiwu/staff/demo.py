"""The demo agency's staff: its project manager and tech lead (members) and two freelancers, with their
certificates (the tech lead's health certificate ends within the notice) and this year's training (the
tech lead is short of the year's hours)."""

from __future__ import annotations

import datetime as dt

from . import services
from .models import Person


def _day(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def _this_year(today: dt.date, days_ago: int) -> dt.date:
    return max(dt.date(today.year, 1, 1), today - dt.timedelta(days=days_ago))


def load(org, users: dict, today: dt.date) -> None:
    if Person.objects.filter(org=org).exists():
        return
    actor = users["zhangwei"]
    people = [
        ({"member": users["zhangwei"], "mobile": "13801230001", "working_since": _day(today, -9 * 365)}, [
            ("health", "", "沪健证2026-018832", "上海市黄浦区疾病预防控制中心", -200, 165),
            ("first_aid", "", "RC-SH-2025-44871", "上海市红十字会", -300, 430),
        ], [("大型活动安全管理", 16, 120), ("会务项目管理进阶", 16, 60), ("应急预案演练", 12, 20)]),
        ({"member": users["zhaoqiang"], "mobile": "13801230002", "working_since": _day(today, -6 * 365)}, [
            ("health", "", "沪健证2025-097214", "上海市静安区疾病预防控制中心", -345, 20),
            ("first_aid", "", "RC-SH-2024-31065", "上海市红十字会", -500, 230),
            ("vendor", "Shure 无线话筒系统", "SHURE-CN-77120", "Shure 中国", -400, 330),
            ("vendor", "Barco 工程投影", "BARCO-ECP-2291", "Barco", -250, 480),
        ], [("音视频系统调试", 16, 90), ("现场网络保障", 8, 30)]),
        ({"name": "孙丽", "mobile": "13912345678", "working_since": _day(today, -4 * 365),
          "notes": "自由职业礼仪接待，英语流利"}, [
            ("health", "", "沪健证2026-020417", "上海市徐汇区疾病预防控制中心", -120, 245),
            ("first_aid", "", "RC-SH-2026-10233", "上海市红十字会", -150, 580),
            ("etiquette", "", "LY-2025-0915", "上海礼仪培训中心", -420, None),
            ("language", "英语", "CET6-2019-3382", "全国大学英语四六级考试委员会", -2000, None),
        ], [("商务礼仪与贵宾接待", 24, 100), ("会议注册与引导服务", 16, 45)]),
        ({"name": "周杰", "mobile": "13912345679", "working_since": _day(today, -5 * 365),
          "notes": "应急保障，持红十字救护员证"}, [
            ("health", "", "沪健证2026-031190", "上海市浦东新区疾病预防控制中心", -90, 275),
            ("first_aid", "", "RC-SH-2026-20877", "上海市红十字会", -60, 670),
        ], [("红十字救护员复训", 16, 70), ("消防器材使用与疏散", 8, 25), ("应急预案演练", 16, 20)]),
    ]  # fmt: skip
    for fields, certificates, trainings in people:
        person = services.add_person(org=org, actor=actor, data=services.PersonInput(**fields))
        for kind, detail, number, issuer, issued, expires in certificates:
            data = services.CertificateInput(
                kind=kind, detail=detail, number=number, issuer=issuer, issued_on=_day(today, issued),
                expires_on=_day(today, expires) if expires is not None else None,
            )  # fmt: skip
            services.add_certificate(person=person, actor=actor, data=data)
        for course, hours, days_ago in trainings:
            data = services.TrainingInput(course=course, hours=hours, taken_on=_this_year(today, days_ago),
                                          provider="华章会务培训部")  # fmt: skip
            services.add_training(person=person, actor=actor, data=data)
