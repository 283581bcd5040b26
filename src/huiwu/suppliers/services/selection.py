"""Choosing a meeting's suppliers: what it needs of each category (derived from its requirements, size
and mode, or opened by a feasibility gap), candidates from the catalogue with their tier for this
meeting, requests for quotes and their answers, the site inspection, the qualification review and the
on-site trial, the choice with its reason, and backups — a critical category (venue, AV, catering,
streaming) without a chosen supplier and a backup is a gap of the stage gate (``receivers``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.money import decimal_of
from huiwu.core.text import check_year, clean_fields
from huiwu.events.enums import MeetingMode
from huiwu.events.languages import languages
from huiwu.events.models import Meeting

from ..enums import Category, NeedSource, Result, Review, Standing, Trial
from ..errors import (
    AlreadyCandidate,
    Blacklisted,
    ChosenNotBackup,
    NotReady,
    Price,
    QuoteAnswered,
    QuoteDates,
    QuoteLines,
    ReasonRequired,
    Stale,
    WrongCategory,
)
from ..models import Candidate, Need, Quote, QuoteLine, Supplier

register_actions(
    {
        "suppliers.need.added": gettext_lazy("Supplier need added"),
        "suppliers.need.removed": gettext_lazy("Supplier need removed"),
        "suppliers.candidate.added": gettext_lazy("Supplier shortlisted"),
        "suppliers.candidate.checked": gettext_lazy("Supplier candidate checked"),
        "suppliers.candidate.chosen": gettext_lazy("Supplier chosen"),
        "suppliers.candidate.standing": gettext_lazy("Supplier candidate's standing changed"),
        "suppliers.quote.requested": gettext_lazy("Quote requested"),
        "suppliers.quote.answered": gettext_lazy("Quote answered"),
    }
)

MAX_LINES = 200
CENT = Decimal("0.01")

# what the requirements' words ask of which category (Chinese and English, as feasibility reads them)
WORDS = {
    Category.TRANSLATION: ("同传", "同声传译", "翻译", "口译", "interpret", "translat"),
    Category.STREAMING: ("直播", "stream", "live broadcast"),
    Category.PHOTOGRAPHY: ("摄影", "摄像", "photograph", "video record"),
    Category.TRANSPORT: ("接送", "接机", "专车", "班车", "shuttle", "pick-up", "transfer"),
    Category.SECURITY: ("安保", "安检", "security"),
    Category.ETIQUETTE: ("礼仪", "etiquette", "hostess"),
    Category.DESIGN: ("物料", "印刷", "设计", "print", "signage"),
}


@dataclass(frozen=True)
class Derived:
    category: str
    title: str
    quantity: int | None
    unit: str
    source: str


def derived_needs(meeting: Meeting) -> list[Derived]:
    """What the meeting asks of suppliers, from its requirements, size, days and mode, and from its
    agenda once sessions are there (which then says it more exactly: the meals and tea breaks it holds,
    the languages its sessions are interpreted into, the sessions streamed)."""
    out = _from_meeting(meeting)
    found = _from_agenda(meeting)
    precise = {d.category for d in found}

    # the agenda's figure replaces the estimate from the size (and the languages counted in a requirement);
    # a requirement's own words (halal meals, a backup line) stay
    def replaced(d: Derived) -> bool:
        counted = d.category == Category.TRANSLATION and d.quantity is not None
        return d.category in precise and (d.source == NeedSource.MEETING or counted)

    return [d for d in out if not replaced(d)] + found


# the agenda's words for what suppliers serve (``agenda.enums.SessionType``/``SessionFormat`` values;
# the agenda sits above this app, so its sessions are read through the meeting)
MEAL, TEA_BREAK, STREAMED = "meal", "tea-break", ("hybrid", "online")


def _from_agenda(meeting: Meeting) -> list[Derived]:
    sessions = list(meeting.sessions.all().only("session_type", "format", "languages", "audience"))
    if not sessions:
        return []
    people = meeting.expected_attendance
    out: list[Derived] = []
    meals = [s for s in sessions if s.session_type == MEAL]
    breaks = [s for s in sessions if s.session_type == TEA_BREAK]
    if meals or breaks:
        portions = sum(s.audience or people for s in meals + breaks)
        words = {"m": len(meals), "b": len(breaks), "n": people}
        title = gettext("%(m)s meals and %(b)s tea breaks of the agenda, for up to %(n)s people") % words
        out.append(
            Derived(Category.CATERING, title, portions or None, gettext("portions"), NeedSource.AGENDA)
        )
    spoken: list[str] = []
    interpreted = 0
    for s in sessions:
        names = [str(x).strip() for x in (s.languages or []) if str(x).strip()]
        if names:
            interpreted += 1
            spoken += [n for n in names if n not in spoken]
    if len(spoken) > 1:
        said = {"n": len(spoken), "names": "、".join(spoken), "s": interpreted}
        title = gettext("Interpretation for %(n)s languages (%(names)s), %(s)s sessions") % said
        out.append(Derived(Category.TRANSLATION, title, len(spoken), gettext("languages"), NeedSource.AGENDA))
    streamed = [s for s in sessions if s.format in STREAMED]
    if streamed:
        title = gettext("Live stream of %(n)s sessions of the agenda") % {"n": len(streamed)}
        out.append(Derived(Category.STREAMING, title, len(streamed), gettext("sessions"), NeedSource.AGENDA))
    return out


def _from_meeting(meeting: Meeting) -> list[Derived]:
    people = meeting.expected_attendance
    days = (meeting.end_date - meeting.start_date).days + 1
    out = [
        Derived(
            Category.VENUE,
            gettext("Venue for %(n)s people, %(d)s days") % {"n": people, "d": days},
            people,
            gettext("people"),
            NeedSource.MEETING,
        ),
        Derived(
            Category.AV,
            gettext("Sound, projection and stage for the main hall"),
            None,
            "",
            NeedSource.MEETING,
        ),
        Derived(
            Category.CATERING,
            gettext("Lunch and two tea breaks for %(n)s people a day, %(d)s days") % {"n": people, "d": days},
            people * days,
            gettext("portions"),
            NeedSource.MEETING,
        ),
    ]
    if meeting.mode in (MeetingMode.HYBRID, MeetingMode.ONLINE):
        out.append(
            Derived(Category.STREAMING, gettext("Live stream of the meeting"), None, "", NeedSource.MEETING)
        )
    for requirement in meeting.requirements.all():
        text = f"{requirement.title} {requirement.detail}"
        lower = text.lower()
        for category, words in WORDS.items():
            if not any(w in lower for w in words):
                continue
            if category == Category.STREAMING and any(d.category == category for d in out):
                continue
            if category == Category.TRANSLATION:
                spoken = languages(text)
                if len(spoken) > 1:
                    title = gettext("Interpretation for %(n)s languages (%(names)s)") % {
                        "n": len(spoken),
                        "names": "、".join(n for n in spoken if not n.startswith("#")) or "—",
                    }
                    out.append(
                        Derived(category, title, len(spoken), gettext("languages"), NeedSource.REQUIREMENTS)
                    )
                    continue
            out.append(Derived(category, requirement.title[:200], None, "", NeedSource.REQUIREMENTS))
    return out


@transaction.atomic
def derive_needs(*, meeting: Meeting, actor: User | None) -> list[Need]:
    """Add the needs the meeting asks that it does not have yet (a need of the same category and title)."""
    made = []
    for d in derived_needs(meeting):
        need, created = Need.objects.get_or_create(
            meeting=meeting,
            category=d.category,
            title=d.title,
            defaults={"quantity": d.quantity, "unit": d.unit, "source": d.source},
        )
        if created:
            made.append(need)
    if made:
        log_action(
            "suppliers.need.added",
            target=meeting,
            actor=actor,
            org=meeting.org,
            data={"needs": [n.title for n in made]},
        )
    return made


@dataclass(frozen=True, kw_only=True)
class NeedInput(RecordInput):
    category: str
    title: str
    quantity: int | None = None
    unit: str = ""
    note: str = ""


@transaction.atomic
def add_need(
    *, meeting: Meeting, actor: User | None, data: NeedInput, source: str = NeedSource.MANUAL
) -> Need:
    if data.category not in Category.values:
        raise ValidationError({"category": gettext("Choose a category.")})
    if data.quantity is not None and (not isinstance(data.quantity, int) or data.quantity <= 0):
        raise ValidationError({"quantity": gettext("Give a quantity above 0, or none.")})
    fields = clean_fields(Need, data.values())
    if not fields["title"]:
        raise ValidationError({"title": gettext("Say what is needed.")})
    need, created = Need.objects.get_or_create(
        meeting=meeting,
        category=fields["category"],
        title=fields["title"],
        defaults={
            "quantity": fields["quantity"],
            "unit": fields["unit"],
            "note": fields["note"],
            "source": source,
        },
    )
    if created:
        log_action(
            "suppliers.need.added",
            target=meeting,
            actor=actor,
            org=meeting.org,
            data={"needs": [need.title], "source": source},
        )
    return need


@transaction.atomic
def remove_need(*, need: Need, actor: User | None) -> None:
    meeting = need.meeting
    log_action(
        "suppliers.need.removed", target=meeting, actor=actor, org=meeting.org, data={"need": need.title}
    )
    need.delete()


# --- candidates ---


@transaction.atomic
def add_candidate(*, need: Need, supplier: Supplier, actor: User | None) -> Candidate:
    """Shortlist a supplier of the need's category (not blacklisted, of the meeting's organisation)."""
    if supplier.org_id != need.meeting.org_id:
        raise ValidationError({"supplier": gettext("Choose one of your suppliers.")})
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)  # as it stands now
    if supplier.blacklisted:
        raise Blacklisted(details={"field": "supplier"})
    if need.category not in supplier.categories:
        raise WrongCategory(details={"field": "supplier"})
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(need=need, supplier=supplier)
    except IntegrityError:
        raise AlreadyCandidate(details={"field": "supplier"}) from None
    log_action(
        "suppliers.candidate.added",
        target=need.meeting,
        actor=actor,
        org=need.meeting.org,
        data={"need": need.title, "supplier": supplier.name},
    )
    return candidate


def _locked(candidate: Candidate, version: int | None) -> Candidate:
    locked = (
        Candidate.objects.select_for_update()
        .select_related("need__meeting__org", "supplier")
        .get(pk=candidate.pk)
    )
    if version is not None and locked.version != version:
        raise Stale()
    return locked


def _save(
    locked: Candidate, actor: User | None, action: str, data: dict[str, Any], fields: list[str]
) -> Candidate:
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    meeting = locked.need.meeting
    log_action(
        action,
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"need": locked.need.title, "supplier": locked.supplier.name, **data},
    )
    return locked


@transaction.atomic
def record_inspection(
    *,
    candidate: Candidate,
    actor: User | None,
    on: dt.date,
    result: str,
    notes: str = "",
    version: int | None = None,
) -> Candidate:
    """The site inspection: the day (not ahead), passed or failed, what was seen."""
    if result not in Result.values:
        raise ValidationError({"inspection": gettext("Say whether the inspection passed.")})
    try:
        check_year(on)
    except ValidationError as exc:
        raise ValidationError({"inspected_on": exc.messages}) from None
    if on > timezone.localdate():
        raise ValidationError({"inspected_on": gettext("This day has not come yet.")})
    locked = _locked(candidate, version)
    cleaned = clean_fields(Candidate, {"inspection_notes": notes or ""})
    locked.inspected_on, locked.inspection, locked.inspection_notes = on, result, cleaned["inspection_notes"]
    return _save(
        locked,
        actor,
        "suppliers.candidate.checked",
        {"inspection": result, "on": on.isoformat()},
        ["inspected_on", "inspection", "inspection_notes"],
    )


@transaction.atomic
def review(
    *, candidate: Candidate, actor: User | None, items: list[str], version: int | None = None
) -> Candidate:
    """The qualification review: the items the team confirms now (each kept with who and when); an
    item not sent is no longer confirmed."""
    unknown = set(items) - set(Review.values)
    if unknown:
        raise ValidationError({"review": gettext("Unknown review item.")})
    locked = _locked(candidate, version)
    now = timezone.now().isoformat(timespec="seconds")
    who = actor.get_username() if actor is not None and actor.pk else ""
    locked.review = {i: locked.review.get(i) or {"by": who, "at": now} for i in Review.values if i in items}
    return _save(locked, actor, "suppliers.candidate.checked", {"review": sorted(locked.review)}, ["review"])


@transaction.atomic
def record_trial(
    *, candidate: Candidate, actor: User | None, result: str, notes: str = "", version: int | None = None
) -> Candidate:
    """The on-site trial: passed, failed, or not needed (then the notes say why)."""
    if result not in Trial.values:
        raise ValidationError({"trial": gettext("Say how the trial went.")})
    if result == Trial.WAIVED and not (notes or "").strip():
        raise ReasonRequired(details={"field": "trial_notes"})
    locked = _locked(candidate, version)
    locked.trial, locked.trial_notes = (
        result,
        clean_fields(Candidate, {"trial_notes": notes or ""})["trial_notes"],
    )
    return _save(locked, actor, "suppliers.candidate.checked", {"trial": result}, ["trial", "trial_notes"])


def missing_to_choose(candidate: Candidate, today: dt.date | None = None) -> list[str]:
    """What keeps a candidate from being chosen, in words (empty: it may be)."""
    today = today or timezone.localdate()
    missing = []
    if candidate.supplier.blacklisted:
        missing.append(gettext("the supplier is blacklisted"))
    if not candidate.reviewed:
        missing.append(gettext("the qualification review is not complete"))
    if candidate.trial not in (Trial.PASS, Trial.WAIVED):
        missing.append(gettext("the on-site trial has not passed"))
    if candidate.inspection == Result.FAIL:
        missing.append(gettext("the site inspection failed"))
    quote = valid_quote(candidate, today)
    if quote is None:
        missing.append(gettext("no answered quote is valid today"))
    return missing


def valid_quote(candidate: Candidate, today: dt.date) -> Quote | None:
    return (
        candidate.quotes.filter(answered_at__isnull=False, valid_until__gte=today)
        .prefetch_related("lines")
        .order_by("-answered_at")
        .first()
    )


@transaction.atomic
def choose(*, candidate: Candidate, actor: User | None, reason: str, version: int | None = None) -> Candidate:
    """The choice for the need, with its reason: once reviewed, trialled and quoted. A supplier chosen
    before for the same need becomes its backup."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(details={"field": "reason"})
    locked = _locked(candidate, version)
    missing = missing_to_choose(locked)
    if missing:
        raise NotReady(missing)
    before = (
        Candidate.objects.select_for_update()
        .filter(need=locked.need, standing=Standing.CHOSEN)
        .exclude(pk=locked.pk)
    )
    for other in before:
        other.standing = Standing.BACKUP
        _save(other, actor, "suppliers.candidate.standing", {"standing": Standing.BACKUP}, ["standing"])
    locked.standing, locked.reason = Standing.CHOSEN, clean_fields(Candidate, {"reason": reason})["reason"]
    quote = valid_quote(locked, timezone.localdate())
    total = str(quote.total) if quote is not None and quote.total is not None else ""
    return _save(
        locked,
        actor,
        "suppliers.candidate.chosen",
        {"reason": locked.reason, "total": total},
        ["standing", "reason"],
    )


@transaction.atomic
def set_standing(
    *, candidate: Candidate, actor: User | None, standing: str, version: int | None = None
) -> Candidate:
    """A candidate made the need's backup, back to the shortlist, or dropped (the chosen one is changed
    by choosing another)."""
    if standing not in (Standing.BACKUP, Standing.SHORTLISTED, Standing.DROPPED):
        raise ValidationError({"standing": gettext("Choose backup, shortlisted or dropped.")})
    locked = _locked(candidate, version)
    if locked.standing == Standing.CHOSEN:
        raise ChosenNotBackup()
    if standing == Standing.BACKUP and locked.supplier.blacklisted:
        raise Blacklisted()
    locked.standing = standing
    return _save(locked, actor, "suppliers.candidate.standing", {"standing": standing}, ["standing"])


# --- quotes ---


@dataclass(frozen=True, kw_only=True)
class LineInput:
    item: str
    quantity: Any
    unit: str = ""
    unit_price: Any = None


def _decimal(value: Any, error: Exception) -> Decimal:
    number = decimal_of(value)
    if number is None:
        raise error
    return number


def _price(value: Any) -> Decimal:
    price = _decimal(value, Price(details={"field": "lines"}))
    if price < 0 or price != price.quantize(CENT) or price >= Decimal("1e10"):
        raise Price(details={"field": "lines"})
    return price.quantize(CENT)


@transaction.atomic
def request_quote(
    *, candidate: Candidate, actor: User | None, lines: list[LineInput], answer_by: dt.date | None = None
) -> Quote:
    """Ask a candidate for a quote: the items and quantities (the supplier answers the unit prices)."""
    if not lines or len(lines) > MAX_LINES:
        raise QuoteLines(details={"field": "lines"})
    rows = []
    for line in lines:
        quantity = _decimal(line.quantity, QuoteLines(details={"field": "lines"}))
        if quantity <= 0 or quantity != quantity.quantize(CENT) or quantity >= Decimal("1e8"):
            raise QuoteLines(details={"field": "lines"})
        fields = clean_fields(QuoteLine, {"item": line.item or "", "unit": line.unit or ""})
        if not fields["item"]:
            raise QuoteLines(details={"field": "lines"})
        rows.append((fields, quantity))
    if answer_by is not None:
        try:
            check_year(answer_by)
        except ValidationError as exc:
            raise ValidationError({"answer_by": exc.messages}) from None
    quote = Quote.objects.create(candidate=candidate, answer_by=answer_by)
    QuoteLine.objects.bulk_create([QuoteLine(quote=quote, quantity=q, **f) for f, q in rows])
    meeting = candidate.need.meeting
    log_action(
        "suppliers.quote.requested",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"supplier": candidate.supplier.name, "lines": len(rows)},
    )
    return quote


@transaction.atomic
def answer_quote(
    *,
    quote: Quote,
    actor: User | None,
    prices: list[Any],
    issued_on: dt.date,
    valid_until: dt.date,
    notes: str = "",
) -> Quote:
    """The supplier's answer: a unit price per line (yuan, two decimals at most, not negative), the day
    it was issued (not ahead) and valid until (that day or later). Answered once; a new price is a new
    request."""
    locked = (
        Quote.objects.select_for_update()
        .select_related("candidate__need__meeting__org", "candidate__supplier")
        .get(pk=quote.pk)
    )
    if locked.answered_at is not None:
        raise QuoteAnswered()
    lines = list(locked.lines.order_by("id"))
    if len(prices) != len(lines):
        raise Price(details={"field": "lines"})
    checked = [_price(p) for p in prices]
    for name, day in (("issued_on", issued_on), ("valid_until", valid_until)):
        try:
            check_year(day)
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from None
    if issued_on > timezone.localdate():
        raise QuoteDates(details={"field": "issued_on"})
    if valid_until < issued_on:
        raise QuoteDates(details={"field": "valid_until"})
    for line, price in zip(lines, checked, strict=True):
        line.unit_price = price
    QuoteLine.objects.bulk_update(lines, ["unit_price"])
    locked.issued_on, locked.valid_until = issued_on, valid_until
    locked.notes = clean_fields(Quote, {"notes": notes or ""})["notes"]
    locked.answered_at = timezone.now()
    locked.save(update_fields=["issued_on", "valid_until", "notes", "answered_at", "updated_at"])
    meeting = locked.candidate.need.meeting
    log_action(
        "suppliers.quote.answered",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"supplier": locked.candidate.supplier.name, "total": str(locked.total)},
    )
    return locked
