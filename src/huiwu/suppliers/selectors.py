"""Reads of the supplier records: the list with filters, one supplier, the tier rules as the catalogue
holds them, what a tier rests on in words, the score history, documents coming to their end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.accounts.models import User
from huiwu.events.models import Meeting, Task
from huiwu.orgs.models import Organization
from huiwu.standards.selectors import Standard, standards

from . import tiers
from .enums import CRITICAL, Dimension, Standing
from .models import (
    Candidate,
    Case,
    Contact,
    Document,
    Duty,
    Failure,
    Kickoff,
    Need,
    PortalInvitation,
    PortalUser,
    Quote,
    Rating,
    ScoreWeights,
    Supplier,
    default_weights,
)


def plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def suppliers(
    org: Organization,
    *,
    search: str = "",
    category: str = "",
    tier: str = "",
    city: str = "",
    blacklisted: bool | None = False,
) -> QuerySet[Supplier]:
    """The organisation's suppliers; ``blacklisted`` None: with and without; ``tier``: as it stands,
    a tier set by hand before the computed one."""
    found = Supplier.objects.filter(org=org)
    if blacklisted is not None:
        found = found.filter(blacklisted=blacklisted)
    if search:
        words = search.strip()
        found = found.filter(
            Q(name__icontains=words)
            | Q(credit_code__icontains=words.upper())
            | Q(contacts__name__icontains=words)
        ).distinct()
    if category:
        found = found.filter(categories_text__contains=f",{category},")
    if city:
        found = found.filter(cities_text__contains=f",{city.strip()},")
    if tier:
        found = found.filter(Q(manual_tier=tier) | Q(manual_tier="", tier=tier))
    return found.prefetch_related("contacts")


def supplier_detail(org: Organization, pk: int) -> Supplier:
    from huiwu.orgs.access import get_scoped

    found: Supplier = get_scoped(
        Supplier.objects.prefetch_related(
            "contacts",
            "documents",
            "cases",
            Prefetch("failures", queryset=Failure.objects.select_related("case")),
            Prefetch("ratings", queryset=Rating.objects.select_related("meeting", "rated_by")),
        ),
        org,
        pk=pk,
    )
    return found


Child = TypeVar("Child", Contact, Document, Case, Failure, Rating, PortalUser)


def _child(model: type[Child], org: Organization, pk: int) -> Child:
    found = model._default_manager.filter(supplier__org=org, pk=pk).select_related("supplier__org").first()
    if found is None:
        raise Http404
    return found


def contact_of(org: Organization, pk: int) -> Contact:
    return _child(Contact, org, pk)


def document_of(org: Organization, pk: int) -> Document:
    return _child(Document, org, pk)


def case_of(org: Organization, pk: int) -> Case:
    return _child(Case, org, pk)


def failure_of(org: Organization, pk: int) -> Failure:
    return _child(Failure, org, pk)


def rating_of(org: Organization, pk: int) -> Rating:
    return _child(Rating, org, pk)


# --- the tier ---


def _figure(rule: Standard) -> Decimal | None:
    return rule.figure if rule.enabled else None


def tier_rules(org: Organization) -> tiers.Rules:
    found = standards(org)

    def bar(prefix: str) -> tiers.Bar:
        cases = _figure(found[f"supplier.{prefix}_cases"])
        return tiers.Bar(
            cases=None if cases is None else int(cases),
            failure_rate=_figure(found[f"supplier.{prefix}_failure_rate"]),
            score=_figure(found[f"supplier.{prefix}_score"]),
        )

    return tiers.Rules(a=bar("tier_a"), b=bar("tier_b"))


def record_of(supplier: Supplier) -> tiers.Record:
    """What the supplier has shown, read fresh from the database."""
    return records([supplier])[supplier.pk]


def verdict_for(supplier: Supplier, *, attendance: int | None = None) -> tiers.Verdict:
    """The supplier's tier by the rules as they stand (for a meeting of ``attendance`` people)."""
    return tiers.judge(record_of(supplier), tier_rules(supplier.org), attendance=attendance)


def explain(supplier: Supplier) -> list[str]:
    """What the tier rests on, in words: "A for meetings up to 800 people: 7 cases, 5 of ≥ 800 people;
    failure rate 1.2%; score 4.5", and what keeps it from the tier above."""
    basis = supplier.tier_basis or {}
    rules = tier_rules(supplier.org)
    lines = []
    if supplier.manual_tier:
        lines.append(
            _("Set by hand to %(tier)s: %(reason)s (computed: %(computed)s)")
            % {"tier": supplier.manual_tier, "reason": supplier.manual_reason, "computed": supplier.tier}
        )
    facts = [_("%(n)s cases") % {"n": basis.get("cases", 0)}]
    if supplier.tier == "A" and basis.get("level"):
        facts = [
            _("%(n)s cases, %(k)s of ≥ %(level)s people")
            % {"n": basis.get("cases", 0), "k": basis.get("counted", 0), "level": basis["level"]}
        ]
    rate = basis.get("failure_rate")
    facts.append(
        _("failure rate %(rate)s%%") % {"rate": rate} if rate is not None else _("no equipment supplied")
    )
    score = basis.get("score")
    facts.append(_("score %(score)s of 5") % {"score": score} if score is not None else _("not rated yet"))
    head = (
        _("A for meetings up to %(level)s people") % {"level": basis["level"]}
        if supplier.tier == "A" and basis.get("level")
        else supplier.tier
    )
    lines.append(f"{head}: " + "; ".join(facts))
    above = rules.a if supplier.tier in ("B", "C") else None
    if supplier.tier == "C":
        above = rules.b
    if above is not None:
        need = {
            "cases": _("%(n)s cases of the same level") % {"n": above.cases}
            if supplier.tier == "B"
            else _("%(n)s cases") % {"n": above.cases},
            "failures": _("a failure rate of at most %(rate)s%%") % {"rate": plain(above.failure_rate)},
            "score": _("a score of at least %(score)s") % {"score": plain(above.score)},
        }
        wanted = [need[k] for k in basis.get("short", []) if k in need]
        if wanted:
            target = "A" if supplier.tier == "B" else "B"
            lines.append(_("%(tier)s needs %(what)s") % {"tier": target, "what": ", ".join(wanted)})
    return lines


# --- ratings ---


def weights(org: Organization) -> dict[str, int]:
    found = ScoreWeights.objects.filter(org=org).first()
    stored = found.weights if found else default_weights()
    return {d: int(stored.get(d, 0)) for d in Dimension.values}


def history(supplier: Supplier) -> dict[str, list[object]]:
    """The supplier's ratings in time order, for the chart: dates, weighted scores, incidents."""
    rows = (
        Rating.objects.filter(supplier=supplier)
        .select_related("meeting")
        .order_by("meeting__start_date", "id")
    )
    return {
        "labels": [f"{r.meeting.start_date:%Y-%m} {r.meeting.name}"[:40] for r in rows],
        "values": [float(r.score) for r in rows],
        "incidents": [r.incidents for r in rows],
    }


# --- documents ---


def notice_days(org: Organization) -> int | None:
    """``supplier.document_expiry_notice`` in days (None: not in force, only ended ones are listed)."""
    notice = standards(org)["supplier.document_expiry_notice"]
    return int(notice.figure) if notice.enabled else None


def expiring(org: Organization, *, today: dt.date, days: int) -> QuerySet[Document]:
    """Documents ending within ``days`` from ``today`` or ended (the soonest first), of suppliers not
    blacklisted."""
    return (
        Document.objects.filter(supplier__org=org, supplier__blacklisted=False, expires_on__isnull=False)
        .filter(expires_on__lte=today + dt.timedelta(days=days))
        .select_related("supplier")
        .order_by("expires_on", "id")
    )


# --- selection for a meeting ---


def records(suppliers: list[Supplier]) -> dict[int, tiers.Record]:
    """What each supplier has shown, in four queries whatever their number."""
    ids = [s.pk for s in suppliers]
    sizes: dict[int, list[int]] = {pk: [] for pk in ids}
    units: dict[int, int] = dict.fromkeys(ids, 0)
    for supplier_id, attendance, equipment in Case.objects.filter(supplier_id__in=ids).values_list(
        "supplier_id", "attendance", "equipment_units"
    ):
        sizes[supplier_id].append(attendance)
        units[supplier_id] += equipment
    failed = dict(
        Failure.objects.filter(supplier_id__in=ids)
        .values("supplier_id")
        .annotate(n=Sum("units"))
        .values_list("supplier_id", "n")
    )
    scores: dict[int, list[Decimal]] = {pk: [] for pk in ids}
    for supplier_id, score in Rating.objects.filter(supplier_id__in=ids).values_list("supplier_id", "score"):
        scores[supplier_id].append(score)
    return {
        pk: tiers.Record(
            attendances=sizes[pk],
            units=units[pk],
            failed=failed.get(pk) or 0,
            score=(sum(scores[pk], Decimal(0)) / len(scores[pk])).quantize(Decimal("0.01"))
            if scores[pk]
            else None,
            ratings=len(scores[pk]),
        )
        for pk in ids
    }


@dataclass(frozen=True)
class Option:
    """A supplier as it stands for one meeting: its tier for the meeting's size, score, whether it serves
    the meeting's city."""

    supplier: Supplier
    verdict: tiers.Verdict
    serves_city: bool

    @property
    def tier(self) -> str:
        return self.supplier.manual_tier or self.verdict.tier


def _rank(option: Option) -> tuple[str, bool, Decimal, str]:
    return (option.tier, not option.serves_city, -(option.verdict.score or Decimal(0)), option.supplier.name)


def options(meeting: Meeting, suppliers: list[Supplier]) -> dict[int, Option]:
    rules = tier_rules(meeting.org)
    found = records(suppliers)
    city = (meeting.city or "").strip()
    return {
        s.pk: Option(
            supplier=s,
            verdict=tiers.judge(found[s.pk], rules, attendance=meeting.expected_attendance or None),
            serves_city=not city or not s.cities or city in s.cities or "全国" in s.cities,
        )
        for s in suppliers
    }


def shortlist(need: Need) -> list[Option]:
    """The suppliers of the need's category not yet candidates and not blacklisted, best first: tier for
    this meeting's size, serving its city, score."""
    taken = need.candidates.values_list("supplier_id", flat=True)
    found = list(
        Supplier.objects.filter(
            org=need.meeting.org, blacklisted=False, categories_text__contains=f",{need.category},"
        )
        .exclude(pk__in=taken)
        .order_by("name")[:200]
    )
    return sorted(options(need.meeting, found).values(), key=_rank)


def needs_of(meeting: Meeting) -> list[Need]:
    return list(
        Need.objects.filter(meeting=meeting).prefetch_related(
            Prefetch(
                "candidates",
                queryset=Candidate.objects.select_related("supplier")
                .prefetch_related("quotes__lines")
                .order_by("id"),
            )
        )
    )


@dataclass(frozen=True)
class Row:
    """One candidate in the side-by-side comparison of a need."""

    candidate: Candidate
    option: Option
    quote: Quote | None  # the latest answered quote (valid or not)
    valid: bool
    missing: list[str]


EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def comparison(need: Need) -> list[Row]:
    from .services.selection import missing_to_choose

    today = timezone.localdate()
    candidates = list(
        Candidate.objects.filter(need=need)
        .select_related("supplier")
        .prefetch_related("quotes__lines")
        .order_by("id")
    )
    found = options(need.meeting, [c.supplier for c in candidates])
    rows = []
    for c in candidates:
        answered = [q for q in c.quotes.all() if q.answered_at is not None]
        quote = max(answered, key=lambda q: (q.answered_at or EPOCH, q.pk)) if answered else None
        rows.append(
            Row(
                candidate=c,
                option=found[c.supplier_id],
                quote=quote,
                valid=quote is not None and quote.valid_until is not None and quote.valid_until >= today,
                missing=missing_to_choose(c, today) if c.standing != Standing.CHOSEN else [],
            )
        )
    return rows


@dataclass(frozen=True)
class Gap:
    need: Need
    text: str


def gaps(meeting: Meeting) -> list[Gap]:
    """A critical need (venue, AV, catering, streaming) without a chosen supplier or without a backup."""
    found = []
    for need in Need.objects.filter(meeting=meeting, category__in=list(CRITICAL)).prefetch_related(
        "candidates"
    ):
        standings = {c.standing for c in need.candidates.all()}
        if Standing.CHOSEN not in standings:
            found.append(Gap(need, _("No supplier chosen for %(need)s") % {"need": need.title}))
        if Standing.BACKUP not in standings:
            found.append(Gap(need, _("No backup supplier for %(need)s") % {"need": need.title}))
    return found


def need_of(org: Organization, pk: int) -> Need:
    found = Need.objects.filter(meeting__org=org, pk=pk).select_related("meeting__org").first()
    if found is None:
        raise Http404
    return found


def candidate_of(org: Organization, pk: int) -> Candidate:
    found = (
        Candidate.objects.filter(need__meeting__org=org, pk=pk)
        .select_related("need__meeting__org", "supplier")
        .prefetch_related("quotes__lines")
        .first()
    )
    if found is None:
        raise Http404
    return found


def quote_of(org: Organization, pk: int) -> Quote:
    found = (
        Quote.objects.filter(candidate__need__meeting__org=org, pk=pk)
        .select_related("candidate__need__meeting__org", "candidate__supplier")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- kickoff and the contacts of the day ---


def kickoff_of(meeting: Meeting) -> Kickoff | None:
    return (
        Kickoff.objects.filter(meeting=meeting)
        .prefetch_related(
            "suppliers", "members", Prefetch("tasks", queryset=Task.objects.select_related("assignee"))
        )
        .first()
    )


def duties_of(meeting: Meeting) -> QuerySet[Duty]:
    return Duty.objects.filter(meeting=meeting).select_related("supplier")


def duty_of(org: Organization, pk: int) -> Duty:
    found = Duty.objects.filter(meeting__org=org, pk=pk).select_related("meeting__org", "supplier").first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class DayContact:
    """A supplier's contact for the day's contact sheet: what it was chosen for, and whether it is the
    backup."""

    supplier: Supplier
    contact: Contact
    needs: list[str]
    backup: bool


def day_contacts(meeting: Meeting) -> list[DayContact]:
    """The contacts of the suppliers chosen (then those kept as backup) for the meeting, emergency
    contacts first."""
    rows = (
        Candidate.objects.filter(need__meeting=meeting, standing__in=[Standing.CHOSEN, Standing.BACKUP])
        .select_related("need", "supplier")
        .prefetch_related("supplier__contacts")
        .order_by("supplier__name")
    )
    by_supplier: dict[int, tuple[Supplier, list[str], bool]] = {}
    for c in rows:
        supplier, needs, backup = by_supplier.get(c.supplier_id, (c.supplier, [], True))
        needs.append(c.need.title)
        by_supplier[c.supplier_id] = (supplier, needs, backup and c.standing == Standing.BACKUP)
    found = [
        DayContact(supplier=s, contact=contact, needs=needs, backup=backup)
        for s, needs, backup in by_supplier.values()
        for contact in s.contacts.all()
    ]
    return sorted(found, key=lambda d: (d.backup, not d.contact.emergency, d.supplier.name, d.contact.name))


# --- the supplier portal: what a supplier's person may see (everything else is "not found") ---


def portal_accesses(user: User | AnonymousUser) -> list[PortalUser]:
    """The suppliers a person may act for in the portal."""
    if not isinstance(user, User):  # signed out
        return []
    return list(
        PortalUser.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("supplier__org")
        .order_by("supplier__name")
    )


def portal_access(user: User | AnonymousUser, supplier_id: int) -> PortalUser:
    """The person's access for one supplier, or 404: not theirs is "not found"."""
    if not isinstance(user, User):
        raise Http404
    try:
        return PortalUser.objects.select_related("supplier__org").get(
            user=user, supplier_id=supplier_id, revoked_at__isnull=True
        )
    except (PortalUser.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def portal_meetings(supplier: Supplier) -> QuerySet[Meeting]:
    """The meetings the supplier is part of: asked for a quote, shortlisted, chosen or kept as backup,
    or with a duty (a dropped candidacy alone is not)."""
    asked = Candidate.objects.filter(supplier=supplier).exclude(standing=Standing.DROPPED)
    with_duty = Duty.objects.filter(supplier=supplier)
    return (
        Meeting.objects.filter(org_id=supplier.org_id)
        .filter(Q(pk__in=asked.values("need__meeting_id")) | Q(pk__in=with_duty.values("meeting_id")))
        .order_by("start_date", "pk")
    )


def portal_meeting(supplier: Supplier, pk: int) -> Meeting:
    try:
        return portal_meetings(supplier).select_related("org").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def portal_quotes(supplier: Supplier, meeting: Meeting) -> list[Quote]:
    """The quotes asked of the supplier for the meeting (its own lines and prices only)."""
    return list(
        Quote.objects.filter(candidate__supplier=supplier, candidate__need__meeting=meeting)
        .exclude(candidate__standing=Standing.DROPPED)
        .select_related("candidate__need")
        .prefetch_related("lines")
        .order_by("-created_at", "-id")
    )


def portal_quote(supplier: Supplier, pk: int) -> Quote:
    try:
        return (
            Quote.objects.filter(candidate__supplier=supplier)
            .exclude(candidate__standing=Standing.DROPPED)
            .select_related("candidate__need__meeting__org", "candidate__supplier")
            .get(pk=pk)
        )
    except (Quote.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def portal_people(supplier: Supplier) -> dict[str, list[Any]]:
    """Who has the portal for a supplier, and the invitations still open (the team's page)."""
    return {
        "users": list(supplier.portal_users.filter(revoked_at__isnull=True).select_related("user")),
        "invitations": [i for i in PortalInvitation.objects.filter(supplier=supplier) if i.is_pending],
    }


def portal_user_of(org: Organization, pk: int) -> PortalUser:
    return _child(PortalUser, org, pk)


def accepted_quotes(meeting: Meeting, suppliers: set[int], *, backups: bool = False) -> dict[int, Quote]:
    """Each supplier's quote the meeting accepted: the newest answered one of its chosen candidacy (or,
    with ``backups``, of its backup one when it has no chosen). One query, whatever the number."""
    standings = [Standing.CHOSEN, Standing.BACKUP] if backups else [Standing.CHOSEN]
    found: dict[int, Quote] = {}
    rows = (
        Quote.objects.filter(
            candidate__need__meeting=meeting,
            candidate__supplier_id__in=suppliers,
            candidate__standing__in=standings,
            answered_at__isnull=False,
        )
        .select_related("candidate__need", "candidate__supplier")
        .prefetch_related("lines")
        .order_by("-answered_at", "-id")
    )
    for quote in rows:
        supplier = quote.candidate.supplier_id
        held = found.get(supplier)
        if held is None or (
            held.candidate.standing != Standing.CHOSEN and quote.candidate.standing == Standing.CHOSEN
        ):
            found[supplier] = quote
    return found
