"""The risk register: suggested risks from an editable rule table, plans, drills, the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from huiwu.clients.errors import require_contact_of
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.records import refuse_nulls
from huiwu.core.text import clean_fields, clean_text
from huiwu.orgs.selectors import require_member
from huiwu.standards.selectors import standard

from .enums import Category, RiskStatus
from .errors import BadSteps, RegisterEmpty, ReportIncomplete
from .models import BackupConfirmation, Drill, IssuedReport, Plan, Risk, RiskRule

register_actions(
    {
        "risks.risk.created": _("added a risk"),
        "risks.risk.changed": _("changed a risk"),
        "risks.plan.created": _("added a contingency plan"),
        "risks.drill.created": _("recorded a drill"),
        "risks.backup.confirmed": _("recorded the client's confirmation of the backup plan"),
        "risks.report.issued": _("issued the risk assessment report"),
        "risks.rule.created": _("added a risk rule"),
        "risks.rule.changed": _("changed a risk rule"),
        "risks.rule.deleted": _("removed a risk rule"),
    }
)

RAINY_MONTHS = [5, 6, 7, 8, 9]  # plum rains and summer storms in east and south China
TYPHOON_MONTHS = [7, 8, 9]
COASTAL_CITIES = [
    "上海",
    "宁波",
    "温州",
    "舟山",
    "福州",
    "厦门",
    "广州",
    "深圳",
    "珠海",
    "汕头",
    "湛江",
    "海口",
    "三亚",
    "青岛",
    "天津",
    "大连",
]
PEAK_MONTHS = [3, 4, 5, 9, 10, 11, 12]

# category, hazard, measure, likelihood, impact, conditions — DOMAIN.md's risk pre-assessment.
DEFAULT_RULES: list[tuple[str, str, str, int, int, dict[str, Any]]] = [
    (
        Category.WEATHER,
        gettext_noop("Rainstorm or typhoon closes outdoor areas"),
        gettext_noop(
            "Indoor backup space; move outdoor parts indoors within 15 minutes; push the new agenda and "
            "route by SMS and mini-program."
        ),
        3,
        4,
        {"months": RAINY_MONTHS},
    ),
    (
        Category.WEATHER,
        gettext_noop("Heat, cold or wind at the outdoor parts"),
        gettext_noop(
            "Shade, water and warm shelter; a weather check the day before; an indoor place for each "
            "outdoor part."
        ),
        2,
        3,
        {"when_requirement_mentions": ["户外", "室外", "outdoor"]},
    ),
    (
        Category.WEATHER,
        gettext_noop("Typhoon stops travel to and from the city"),
        gettext_noop(
            "Watch the typhoon warnings from T-7; flexible tickets; a go/no-go call with the client at T-2; "
            "an online fallback for speakers."
        ),
        3,
        5,
        {"months": TYPHOON_MONTHS, "cities": COASTAL_CITIES},
    ),
    (
        Category.TECHNICAL,
        gettext_noop("Main microphone or projector fails"),
        gettext_noop(
            "Wired main mic with wireless backup; equipment tested 2 hours before; UPS for 30 minutes."
        ),
        2,
        4,
        {},
    ),
    (
        Category.CYBER,
        gettext_noop("Live stream interrupted or attacked"),
        gettext_noop(
            "5G + wired uplinks, a standby encoder, a rehearsed switch-over; access control on the stream."
        ),
        2,
        4,
        {"modes": ["online", "hybrid"]},
    ),
    (
        Category.STAFFING,
        gettext_noop("Staff shortage in peak season"),
        gettext_noop("Book crew early; a reserve list of trained temporary staff."),
        3,
        3,
        {"months": PEAK_MONTHS},
    ),
    (
        Category.PUBLIC_OPINION,
        gettext_noop("Negative public opinion"),
        gettext_noop("Agreed messages, a spokesperson, social media watch during the meeting."),
        2,
        4,
        {"meeting_types": ["government", "brand_launch"]},
    ),
    (
        Category.MEDICAL,
        gettext_noop("Medical emergency"),
        gettext_noop("First-aid kit with AED on site, trained first aiders, route for ambulances (120)."),
        2,
        5,
        {"min_attendance": 300},
    ),
    (
        Category.CROWDING,
        gettext_noop("Crowding at check-in and tea breaks"),
        gettext_noop("Check-in lanes sized for the peak; tea-break seats by the standard; guides."),
        3,
        3,
        {"min_attendance": 500},
    ),
    (
        Category.SECURITY,
        gettext_noop("Foreign guests: security, interpretation and transport"),
        gettext_noop("Dedicated driver and interpreter; security briefing; headsets."),
        2,
        3,
        {"when_requirement_mentions": ["外宾", "foreign"]},
    ),
]


@transaction.atomic
def seed_rules(*, org) -> None:
    """The organisation's rule table, from the defaults, the first time it is needed."""
    if RiskRule.objects.filter(org=org).exists():
        return
    for category, title, mitigation, likelihood, impact, conditions in DEFAULT_RULES:
        RiskRule.objects.create(
            org=org,
            category=category,
            title=gettext(title),
            mitigation=gettext(mitigation),
            likelihood=likelihood,
            impact=impact,
            **conditions,
        )


def rule_matches(rule: RiskRule, meeting, requirement_text: str) -> bool:
    return (
        (not rule.meeting_types or meeting.meeting_type in rule.meeting_types)
        and (not rule.modes or meeting.mode in rule.modes)
        and (not rule.months or meeting.start_date.month in rule.months)
        and (not rule.cities or meeting.city in rule.cities)
        and meeting.expected_attendance >= rule.min_attendance
        and (
            not rule.when_requirement_mentions
            or any(w.lower() in requirement_text for w in rule.when_requirement_mentions)
        )
    )


@transaction.atomic
def suggest_risks(*, meeting, actor=None) -> list[Risk]:
    """Add the risks the rule table suggests for this meeting (each hazard once)."""
    seed_rules(org=meeting.org)
    text = " ".join(f"{r.title} {r.detail}" for r in meeting.requirements.all()).lower()
    have = set(meeting.risks.values_list("title", flat=True))
    report_due = meeting.start_date - standard(meeting.org, "safety.risk_report", meeting=meeting).duration()
    added = []
    for rule in RiskRule.objects.filter(org=meeting.org):
        if rule.title not in have and rule_matches(rule, meeting, text):
            added.append(
                Risk.objects.create(
                    meeting=meeting,
                    category=rule.category,
                    title=rule.title,
                    mitigation=rule.mitigation,
                    likelihood=rule.likelihood,
                    impact=rule.impact,
                    suggested=True,
                    review_date=report_due,
                )
            )
    if added:
        log_action(
            "risks.risk.created", target=meeting, actor=actor, data={"suggested": [r.title for r in added]}
        )
    return added


@dataclass(frozen=True, kw_only=True)
class RiskInput(RecordInput):
    """A risk as pages, the API and the demo send it."""

    category: str
    title: str
    likelihood: int = 3
    impact: int = 3
    owner: Any = None  # a User with an active membership of the meeting's organisation, or None
    mitigation: str = ""
    review_date: dt.date | None = None
    status: str = RiskStatus.OPEN


def _risk_fields(meeting, data: RiskInput) -> dict[str, Any]:
    require_member(meeting.org, data.owner, field="owner")
    fields = data.values()
    refuse_nulls(Risk, {k: v for k, v in fields.items() if k not in ("owner", "review_date")})
    return clean_fields(Risk, fields)


def _save_risk(risk: Risk, actor, fields: dict[str, Any], *, created: bool) -> Risk:
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.full_clean()
    risk.save()
    log_action(
        "risks.risk.created" if created else "risks.risk.changed",
        target=risk.meeting,
        actor=actor,
        data={"risk": risk.title, "score": risk.score},
    )
    return risk


@transaction.atomic
def add_risk(*, meeting, actor, data: RiskInput) -> Risk:
    return _save_risk(Risk(meeting=meeting), actor, _risk_fields(meeting, data), created=True)


@transaction.atomic
def change_risk(*, risk: Risk, actor, data: RiskInput) -> Risk:
    fields = _risk_fields(risk.meeting, data)
    row = Risk.objects.select_for_update().select_related("meeting").get(pk=risk.pk)
    return _save_risk(row, actor, fields, created=False)


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of a contingency plan: what to do, who does it, within how many minutes."""

    text: str
    owner: str = ""
    minutes: int


@dataclass(frozen=True, kw_only=True)
class PlanInput:
    title: str
    trigger: str
    steps: tuple[Step, ...]
    resources: str = ""
    notify: str = ""


def parse_steps(text: str) -> tuple[Step, ...]:
    """The page's lines "move the AI zone indoors | 赵强 | 15" → steps (a format, checked by add_plan)."""
    steps = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) != 3 or not parts[2].isdecimal():
            raise BadSteps(details={"line": line})
        steps.append(Step(text=parts[0], owner=parts[1], minutes=int(parts[2])))
    return tuple(steps)


def _check_steps(steps: tuple[Step, ...]) -> list[dict[str, Any]]:
    """Every plan has steps; each says what to do (at most 200 characters), its owner (60) and a
    time limit of 1 minute to 24 hours."""
    if not steps:
        raise BadSteps(details={"field": "steps"})
    out = []
    for step in steps:
        line = f"{step.text} | {step.owner} | {step.minutes}"
        try:
            text = clean_text(step.text, max_length=200)
            owner = clean_text(step.owner, max_length=60)
        except ValidationError:
            raise BadSteps(details={"field": "steps", "line": line}) from None
        if not text or not 1 <= step.minutes <= 24 * 60:
            raise BadSteps(details={"field": "steps", "line": line})
        out.append({"text": text, "owner": owner, "minutes": step.minutes})
    return out


@transaction.atomic
def add_plan(*, risk: Risk, actor, data: PlanInput) -> Plan:
    texts = clean_fields(
        Plan,
        {"title": data.title, "trigger": data.trigger, "resources": data.resources, "notify": data.notify},
    )
    plan = Plan(risk=risk, steps=_check_steps(data.steps), **texts)
    plan.full_clean()
    plan.save()
    log_action("risks.plan.created", target=risk.meeting, actor=actor, data={"plan": plan.title})
    return plan


@dataclass(frozen=True, kw_only=True)
class DrillInput:
    held_on: dt.date
    participants: str
    findings: str = ""


@transaction.atomic
def add_drill(*, plan: Plan, actor, data: DrillInput) -> Drill:
    fields = clean_fields(
        Drill, {"held_on": data.held_on, "participants": data.participants, "findings": data.findings}
    )
    drill = Drill(plan=plan, **fields)
    drill.full_clean()
    drill.save()
    log_action("risks.drill.created", target=plan.risk.meeting, actor=actor, data={"plan": plan.title})
    return drill


@transaction.atomic
def confirm_backup_plan(*, meeting, contact, actor) -> BackupConfirmation:
    require_contact_of(contact, meeting)
    confirmation, _created = BackupConfirmation.objects.update_or_create(
        meeting=meeting, defaults={"contact": contact, "recorded_by": actor}
    )
    log_action("risks.backup.confirmed", target=meeting, actor=actor, data={"contact": str(contact)})
    return confirmation


def heat_map(risks) -> list[list[dict]]:
    """Rows impact 5 → 1, columns likelihood 1 → 5; each cell its score, level and risks."""
    grid = []
    for impact in range(5, 0, -1):
        row = []
        for likelihood in range(1, 6):
            score = impact * likelihood
            level = "high" if score >= 15 else "mid" if score >= 8 else "low"
            row.append(
                {
                    "score": score,
                    "level": level,
                    "risks": [r for r in risks if r.impact == impact and r.likelihood == likelihood],
                }
            )
        grid.append(row)
    return grid


def report_pdf(meeting, *, issue: IssuedReport | None = None) -> bytes:
    """The risk assessment report: a draft to read, or ``issue`` as it is sent to the client."""
    from weasyprint import HTML

    risks = list(meeting.risks.select_related("owner").prefetch_related("plans"))
    rule = standard(meeting.org, "safety.risk_report", meeting=meeting)
    context = {
        "meeting": meeting,
        "risks": risks,
        "due": meeting.start_date - rule.duration(),
        "standards_version": rule.version,  # the catalogue version the report was drawn against
        "issue": issue,
    }
    html = render_to_string("risks/report_pdf.html", context)
    return HTML(string=html).write_pdf()


@transaction.atomic
def issue_report(*, meeting, actor) -> IssuedReport:
    """Issue the risk assessment report to the client (due by T-15, ``safety.risk_report``): every open
    risk names its measure, owner and deadline; the PDF is kept as sent, numbered, with the catalogue
    version it was drawn against. The first issue meets the watched deadline (``deadlines``)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from huiwu.events.models import Meeting

    meeting = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    risks = list(meeting.risks.all())
    if not risks:
        raise RegisterEmpty()
    incomplete = [
        r.title
        for r in risks
        if r.status == RiskStatus.OPEN and not (r.mitigation.strip() and r.owner_id and r.review_date)
    ]
    if incomplete:
        raise ReportIncomplete(incomplete)
    last = meeting.issued_reports.order_by("-number").values_list("number", flat=True).first() or 0
    issue = IssuedReport(
        meeting=meeting,
        number=last + 1,
        issued_at=timezone.now(),
        issued_by=actor,
        standards_version=standard(meeting.org, "safety.risk_report", meeting=meeting).version,
        risks=len(risks),
    )
    pdf = report_pdf(meeting, issue=issue)
    issue.file.save(f"risk-report-{meeting.pk}-{issue.number}.pdf", ContentFile(pdf), save=False)
    issue.save()
    log_action(
        "risks.report.issued",
        target=meeting,
        actor=actor,
        data={"number": issue.number, "risks": issue.risks, "standards_version": issue.standards_version},
    )
    return issue


@dataclass(frozen=True, kw_only=True)
class RuleInput(RecordInput):
    """A rule of the organisation's risk library: the hazard it suggests, and the meetings it fits
    (an empty list matches everything)."""

    category: str
    title: str
    mitigation: str = ""
    likelihood: int = 3
    impact: int = 3
    meeting_types: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    min_attendance: int = 0
    when_requirement_mentions: list[str] = field(default_factory=list)


@transaction.atomic
def save_rule(*, org, actor, rule: RiskRule | None = None, data: RuleInput) -> RiskRule:
    seed_rules(org=org)
    created = rule is None
    rule = rule or RiskRule(org=org)
    for name, value in data.values().items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    log_action(
        "risks.rule.created" if created else "risks.rule.changed",
        target=org,
        actor=actor,
        org=org,
        data={"rule": rule.title},
    )
    return rule


@transaction.atomic
def delete_rule(*, rule: RiskRule, actor) -> None:
    log_action("risks.rule.deleted", target=rule.org, actor=actor, org=rule.org, data={"rule": rule.title})
    rule.delete()
