"""Reads of the staff records: the list with this year's training, certificates coming to their end,
people short of the year's training hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404

from huiwu.core.text import mask_mobile
from huiwu.orgs.models import Organization
from huiwu.standards.selectors import standards

from .models import Certificate, Person, Training


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def people(org: Organization) -> QuerySet[Person]:
    return Person.objects.filter(org=org).select_related("member").prefetch_related("certificates")


def masked(person: Person) -> str:
    return mask_mobile(person.mobile)


def training_hours(org: Organization, year: int) -> dict[int, Decimal]:
    """Hours of training per person of ``org`` taken in ``year``."""
    rows = (
        Training.objects.filter(person__org=org, taken_on__year=year)
        .values("person")
        .annotate(total=Sum("hours"))
    )
    return {r["person"]: r["total"] or Decimal(0) for r in rows}


def short_of_training(org: Organization, *, year: int, need: Decimal) -> list[tuple[Person, Decimal]]:
    """Everyone on the staff with fewer than ``need`` hours in ``year``, fewest first."""
    done = training_hours(org, year)
    short = [(p, done.get(p.pk, Decimal(0))) for p in Person.objects.filter(org=org).select_related("member")]
    return sorted([(p, h) for p, h in short if h < need], key=lambda row: (row[1], row[0].name))


def expiring(org: Organization, *, today: dt.date, days: int) -> QuerySet[Certificate]:
    """Certificates ending within ``days`` from ``today`` or ended already (the soonest first)."""
    return (
        Certificate.objects.filter(person__org=org, expires_on__isnull=False)
        .filter(Q(expires_on__lte=today + dt.timedelta(days=days)))
        .select_related("person", "person__member")
        .order_by("expires_on", "id")
    )


def person_detail(org: Organization, pk: int) -> Person:
    from huiwu.orgs.access import get_scoped

    return get_scoped(
        Person.objects.select_related("member").prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("kind", "expires_on", "id")),
            "trainings",
        ),
        org,
        pk=pk,
    )


def certificate_of(org: Organization, pk: int) -> Certificate:
    found = Certificate.objects.filter(person__org=org, pk=pk).select_related("person__org").first()
    if found is None:
        raise Http404
    return found


def training_of(org: Organization, pk: int) -> Training:
    found = Training.objects.filter(person__org=org, pk=pk).select_related("person__org").first()
    if found is None:
        raise Http404
    return found


def of_member(org: Organization, user) -> Person | None:
    """The staff record of a member (None for someone not on the staff list)."""
    if user is None:
        return None
    return Person.objects.filter(org=org, member=user).prefetch_related("certificates").first()


@dataclass(frozen=True)
class Attention:
    """What the staff list shows first: certificates ending within ``notice_days`` (or ended) and
    people short of ``need`` hours of training this year (None: the standard is not in force)."""

    notice_days: int | None
    need: Decimal | None
    expiring: list[Certificate]
    short: list[tuple[Person, Decimal]]


def notice_days(org: Organization) -> int | None:
    """``personnel.certificate_expiry_notice`` in days (None: not in force, only ended ones are shown)."""
    notice = standards(org)["personnel.certificate_expiry_notice"]
    return int(notice.figure) if notice.enabled else None


def ending(org: Organization, today: dt.date) -> list[Certificate]:
    return list(expiring(org, today=today, days=notice_days(org) or 0))


def training_need(org: Organization) -> Decimal | None:
    """``personnel.training_hours`` (None: not in force)."""
    hours = standards(org)["personnel.training_hours"]
    return hours.figure if hours.enabled else None


def attention(org: Organization, today: dt.date) -> Attention:
    need = training_need(org)
    return Attention(
        notice_days=notice_days(org),
        need=need,
        expiring=ending(org, today),
        short=short_of_training(org, year=today.year, need=need) if need is not None else [],
    )
