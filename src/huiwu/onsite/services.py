"""Incidents: report, respond, decide, update, activate the contingency plan, resolve, close; and the SLA
watch that escalates lapsed timers. Every write locks the incident row, so two people changing it at once
both land in order (nothing lost); the clock is a parameter, so tests move time by hand."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huiwu.core import realtime, uploads
from huiwu.core.audit import log_action, register_actions
from huiwu.core.idempotency import once
from huiwu.core.text import clean_fields
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.selectors import members_with, require_member
from huiwu.standards.selectors import standards
from huiwu.webhooks.services import emit

from . import policies
from .enums import Category, IncidentStatus, Stage, Tier
from .errors import (
    CauseRequired,
    IncidentClosed,
    IncidentIncomplete,
    IncidentResolved,
    NotResolved,
    NumberBusy,
    PlanOfAnotherMeeting,
    UpdateEmpty,
)
from .models import Incident, IncidentUpdate, SlaPolicy, UpdateKind

register_actions(
    {
        "onsite.incident.reported": gettext_lazy("reported an incident"),
        "onsite.incident.resolved": gettext_lazy("resolved an incident"),
        "onsite.incident.closed": gettext_lazy("closed an incident"),
        "onsite.policy.changed": gettext_lazy("changed the duty manager"),
    }
)

OPEN = (IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, IncidentStatus.DECIDED)


def policy_of(org) -> SlaPolicy:
    policy, _created = SlaPolicy.objects.get_or_create(org=org)
    return policy


@transaction.atomic
def set_duty_manager(*, org, actor, duty_manager) -> SlaPolicy:
    """The member the second escalation tells (``None``: nobody beyond the meeting's coordinator)."""
    if duty_manager is not None:
        require_member(
            org,
            duty_manager,
            field="duty_manager",
            message=_("The duty manager must be a member of the organisation."),
        )
    policy = SlaPolicy.objects.select_for_update().get(pk=policy_of(org).pk)
    before = policy.duty_manager_id
    policy.duty_manager = duty_manager
    policy.save()
    log_action(
        "onsite.policy.changed",
        target=policy,
        actor=actor,
        org=org,
        changes={"duty_manager": [before, policy.duty_manager_id]},
    )
    return policy


def _note(incident, kind, actor, now, text="") -> IncidentUpdate:
    return IncidentUpdate.objects.create(incident=incident, at=now, kind=kind, text=text[:5000], user=actor)


def _text(value: str) -> str:
    """An update's or a decision's words, by the project's text policy (checked before any change)."""
    return clean_fields(IncidentUpdate, {"text": value or ""})["text"]


def _emit(incident, event: str, **extra) -> None:
    emit(incident.org_id, event, {
        "meeting": {"id": incident.meeting_id}, "incident": {
            "id": incident.pk, "number": incident.number, "tier": incident.tier,
            "category": incident.category, "title": incident.title, "status": incident.status,
            "escalation": incident.escalation,
            "reported_at": incident.reported_at, "resolved_at": incident.resolved_at,
        }, **extra,
    })  # fmt: skip


def _changed(incident) -> None:
    realtime.publish(
        f"org:{incident.org_id}",
        {"type": "incident.changed", "meeting": incident.meeting_id, "incident": incident.pk},
        coalesce=f"incident:{incident.meeting_id}",
    )


def report(*, meeting, actor, tier: str, title: str, category: str = "other", description: str = "",
           location: str = "", photo=None, now: dt.datetime | None = None,
           request_key: str = "", supplier=None) -> Incident:  # fmt: skip
    """Report an incident; its timers start now. The same ``request_key`` twice (a double tap on a
    phone) reports it once."""
    return once(
        scope=f"incident:{meeting.pk}",
        key=request_key,
        model=Incident,
        create=lambda: _report(meeting=meeting, actor=actor, tier=tier, title=title, category=category,
                               description=description, location=location, photo=photo, now=now,
                               supplier=supplier),
    )  # fmt: skip


def _report(
    *, meeting, actor, tier, title, category, description, location, photo, now, supplier
) -> Incident:
    if tier not in Tier.values:
        raise IncidentIncomplete(
            _("Unknown tier: use general, important or major."), details={"field": "tier"}
        )
    if category not in Category.values:
        raise IncidentIncomplete(_("Unknown category."), details={"field": "category"})
    if not (title or "").strip():
        raise IncidentIncomplete(details={"field": "title"})
    if supplier is not None and supplier.org_id != meeting.org_id:
        raise IncidentIncomplete(_("Choose a supplier of the organisation."), details={"field": "supplier"})
    texts = clean_fields(Incident, {"title": title, "description": description, "location": location})
    title, description, location = texts["title"], texts["description"], texts["location"]
    if photo:
        uploads.accept_image(photo)  # checked by content and size, stored under a name of ours
    now = now or timezone.now()
    rules = standards(meeting.org, meeting=meeting)  # the timers as the standards hold them now
    minutes, update_every = policies.table(rules), policies.update_every(rules)
    for _attempt in range(5):  # two reports at once may pick the same number: the second tries the next
        try:
            with transaction.atomic():
                number = (Incident.objects.filter(meeting=meeting).aggregate(n=Max("number"))["n"] or 0) + 1
                incident = Incident.objects.create(
                    org=meeting.org, meeting=meeting, number=number, tier=tier, category=category,
                    title=title.strip()[:200], description=description, location=location[:200],
                    photo=photo or "", reported_at=now, reported_by=actor, minutes=minutes,
                    update_every=update_every, last_update_at=now, supplier=supplier,
                )  # fmt: skip
                _note(incident, UpdateKind.REPORTED, actor, now, description)
                log_action("onsite.incident.reported", target=incident, actor=actor, org=meeting.org,
                           data={"tier": tier, "number": number})  # fmt: skip
                _changed(incident)
                _alert_reported(incident)
                _emit(incident, "incident.reported")
                return incident
        except IntegrityError:
            continue
    raise NumberBusy()


def _locked(incident) -> Incident:
    row = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .order_by()
        .get(pk=incident.pk)
    )
    if row.status == IncidentStatus.CLOSED:
        raise IncidentClosed
    return row


@transaction.atomic
def respond(*, incident, actor, now=None) -> Incident:
    now = now or timezone.now()
    row = _locked(incident)
    if row.responded_at is None:
        row.responded_at, row.owner = now, row.owner or actor
        if row.status == IncidentStatus.OPEN:
            row.status = IncidentStatus.ACKNOWLEDGED
        row.save(update_fields=["responded_at", "owner", "status", "updated_at"])
        _note(row, UpdateKind.RESPONDED, actor, now)
        _changed(row)
    return row


@transaction.atomic
def decide(*, incident, actor, text: str, now=None) -> Incident:
    now, text = now or timezone.now(), _text(text)
    row = _locked(incident)
    if row.resolved_at:
        raise IncidentResolved()
    row.responded_at = row.responded_at or now
    if row.decided_at is None:
        row.decided_at = now
    row.status, row.last_update_at = IncidentStatus.DECIDED, now
    row.save(update_fields=["responded_at", "decided_at", "status", "last_update_at", "updated_at"])
    _note(row, UpdateKind.DECIDED, actor, now, text)
    _changed(row)
    return row


@transaction.atomic
def add_update(*, incident, actor, text: str, now=None) -> Incident:
    now, text = now or timezone.now(), _text(text)
    if not (text or "").strip():
        raise UpdateEmpty(details={"field": "text"})
    row = _locked(incident)
    row.last_update_at = now
    row.save(update_fields=["last_update_at", "updated_at"])
    _note(row, UpdateKind.NOTE, actor, now, text)
    _changed(row)
    return row


@transaction.atomic
def activate_plan(*, incident, actor, plan, now=None) -> Incident:
    now = now or timezone.now()
    row = _locked(incident)
    if plan.risk.meeting_id != row.meeting_id:
        raise PlanOfAnotherMeeting(details={"field": "plan"})
    row.plan, row.plan_activated_at, row.last_update_at = plan, now, now
    row.save(update_fields=["plan", "plan_activated_at", "last_update_at", "updated_at"])
    steps = "\n".join(f"{i}. {s.get('text', '')}" for i, s in enumerate(plan.steps or [], start=1))
    _note(row, UpdateKind.PLAN, actor, now, f"{plan.title}\n{steps}".strip())
    _changed(row)
    return row


@transaction.atomic
def resolve(
    *,
    incident,
    actor,
    cause: str = "",
    fix: str = "",
    compensation: str = "",
    interrupted: bool | None = None,
    now=None,
) -> Incident:
    now = now or timezone.now()
    texts = clean_fields(Incident, {"cause": cause, "fix": fix, "compensation": compensation})
    cause, fix, compensation = texts["cause"], texts["fix"], texts["compensation"]
    row = _locked(incident)
    if row.resolved_at is None:
        row.responded_at = row.responded_at or now
        if Stage.DECIDE in row.minutes.get(row.tier, {}):
            row.decided_at = row.decided_at or now
        row.resolved_at = now
    row.status, row.last_update_at = IncidentStatus.RESOLVED, now
    row.cause, row.fix, row.compensation = (
        cause or row.cause,
        fix or row.fix,
        compensation or row.compensation,
    )
    if interrupted is not None:  # the meeting was interrupted: the supplier concerned's penalty follows
        row.interrupted = interrupted
    row.save()
    _note(row, UpdateKind.RESOLVED, actor, now, fix)
    log_action("onsite.incident.resolved", target=row, actor=actor, org=row.meeting.org)
    _changed(row)
    _emit(row, "incident.resolved")
    return row


@transaction.atomic
def close(*, incident, actor, now=None) -> Incident:
    now = now or timezone.now()
    row = _locked(incident)
    if row.resolved_at is None:
        raise NotResolved()
    if row.tier == Tier.MAJOR and not row.cause.strip():
        raise CauseRequired(details={"field": "cause"})
    row.status, row.closed_at = IncidentStatus.CLOSED, now
    row.save(update_fields=["status", "closed_at", "updated_at"])
    _note(row, UpdateKind.CLOSED, actor, now)
    log_action("onsite.incident.closed", target=row, actor=actor, org=row.meeting.org)
    _changed(row)
    return row


# --- who is told ---


def _url(incident) -> str:
    return reverse("onsite:incident", kwargs={"org": incident.meeting.org.slug, "incident": incident.pk})


def _tell(users, incident, title: str, *, email: bool = False) -> None:
    from huiwu.notifications.services import notify

    for user in {u.pk: u for u in users if u is not None}.values():
        notify(
            user=user,
            org=incident.meeting.org,
            title=title,
            body=incident.title,
            url=_url(incident),
            email=email,
        )


def _alert_reported(incident) -> None:
    meeting = incident.meeting
    label = Tier(incident.tier).label
    title = _("%(tier)s incident #%(n)s: %(title)s") % {
        "tier": label,
        "n": incident.number,
        "title": incident.title,
    }
    if incident.tier == Tier.MAJOR:  # every post and on-site member, and the client
        posts = [p.member for p in meeting.posts.select_related("member") if p.member_id]
        _tell(
            [*posts, *members_with(meeting.org, Perm.OPERATE_ONSITE), meeting.owner],
            incident,
            title,
            email=True,
        )
        emails = [c.email for c in meeting.client.contacts.all() if c.email] if meeting.client_id else []
        if emails:
            text = _("%(meeting)s: %(title)s. Our coordinator will update you at least every %(n)s minutes.")
            body = text % {
                "meeting": meeting.name, "title": incident.title, "n": incident.update_every,
            }  # fmt: skip
            transaction.on_commit(lambda: send_mail(title, body, None, emails, fail_silently=True))
    else:
        _tell([meeting.owner], incident, title)


# --- the SLA watch ---


def watch(now: dt.datetime | None = None, *, meeting=None) -> dict:
    """Escalate incidents whose timers lapsed; ask for the 30-minute update of major incidents.
    Safe to run in several processes at once: each step is claimed by a conditional UPDATE."""
    now = now or timezone.now()
    escalated = reminded = 0
    rows = Incident.objects.filter(status__in=OPEN)
    if meeting is not None:
        rows = rows.filter(meeting=meeting)
    for incident in rows.select_related("meeting__org", "meeting__owner"):
        level = policies.escalation_level(incident.timers(), now)
        if level > incident.escalation and Incident.objects.filter(
            pk=incident.pk, escalation__lt=level, status__in=OPEN
        ).update(escalation=level):
            _escalate(incident, level, now)
            escalated += 1
        if incident.tier == Tier.MAJOR and incident.update_every:
            due = (incident.last_update_at or incident.reported_at) + dt.timedelta(
                minutes=incident.update_every
            )
            if now >= due and Incident.objects.filter(
                pk=incident.pk, last_update_at=incident.last_update_at
            ).update(last_update_at=now):
                with transaction.atomic():
                    _note(incident, UpdateKind.UPDATE_DUE, None, now)
                    title = _("Update due for major incident #%(n)s") % {"n": incident.number}
                    _tell([incident.meeting.owner], incident, title, email=True)
                reminded += 1
    return {"escalated": escalated, "reminded": reminded}


def _escalate(incident, level: int, now) -> None:
    with transaction.atomic():
        lapsed = [t.stage for t in incident.timers() if t.done_at is None and t.lapsed(now)]
        stages = ", ".join(str(Stage(s).label) for s in lapsed)
        if level == 1:
            who = [incident.meeting.owner]
            text = _("Timer lapsed (%(stages)s): the coordinator is told.") % {"stages": stages}
        else:
            manager = policy_of(incident.meeting.org).duty_manager
            owners = Membership.objects.filter(org=incident.meeting.org, role="owner", is_active=True)
            who = [manager] if manager else [m.user for m in owners.select_related("user")]
            text = _("Still overdue (%(stages)s): the duty manager is told.") % {"stages": stages}
        _note(incident, UpdateKind.ESCALATED, None, now, text)
        title = _("Incident #%(n)s overdue: %(title)s") % {"n": incident.number, "title": incident.title}
        _tell(who, incident, title, email=True)
        _changed(incident)
        _emit(incident, "incident.escalated", level=level)
