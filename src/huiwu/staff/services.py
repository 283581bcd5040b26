"""Staff records: people, their certificates and training. Keyword-only commands, each checked in full,
atomic and audited; the reveal of a phone number is audited; ``remind`` (daily, ``tasks``) tells of
certificates coming to their end and of training short of the year's hours, once each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core import uploads
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.records import create_record, update_record
from huiwu.core.text import check_year, clean_fields, normalise_phone
from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Organization
from huiwu.orgs.selectors import members_with, require_member

from . import selectors
from .enums import CertificateKind
from .errors import CertificateDates, DetailRequired, OnStaff, Stale, TrainingAhead, TrainingHours
from .models import Certificate, Person, Training

register_actions(
    {
        "staff.person.created": gettext_lazy("Staff record added"),
        "staff.person.changed": gettext_lazy("Staff record changed"),
        "staff.person.deleted": gettext_lazy("Staff record removed"),
        "staff.person.revealed": gettext_lazy("Staff phone number shown in full"),
        "staff.certificate.added": gettext_lazy("Certificate recorded"),
        "staff.certificate.removed": gettext_lazy("Certificate removed"),
        "staff.certificate.scan_viewed": gettext_lazy("Certificate scan opened"),
        "staff.training.added": gettext_lazy("Training recorded"),
        "staff.training.removed": gettext_lazy("Training removed"),
    }
)

MAX_TRAINING_HOURS = Decimal(200)  # one course; a year of them adds up in ``selectors.training_hours``


@dataclass(frozen=True, kw_only=True)
class PersonInput(RecordInput):
    name: str = ""
    member: Any = None  # a User with an active membership of the organisation
    mobile: str = ""
    working_since: dt.date | None = None
    notes: str = ""


def _person_fields(org: Organization, data: PersonInput, *, person: Person | None = None) -> dict[str, Any]:
    require_member(org, data.member, field="member")
    fields = data.values()
    if not (data.name or "").strip() and data.member is not None:
        fields["name"] = data.member.name or data.member.get_username()
    try:
        fields["mobile"] = normalise_phone(data.mobile)
    except ValidationError as exc:
        raise ValidationError({"mobile": exc.messages}) from None
    try:
        check_year(data.working_since)
    except ValidationError as exc:
        raise ValidationError({"working_since": exc.messages}) from None
    if data.working_since and data.working_since > timezone.localdate():
        raise ValidationError({"working_since": gettext("This day has not come yet.")})
    if data.member is not None:
        others = Person.objects.filter(org=org, member=data.member)
        if person is not None:
            others = others.exclude(pk=person.pk)
        if others.exists():
            raise OnStaff(details={"field": "member"})
    return fields


@transaction.atomic
def add_person(*, org: Organization, actor, data: PersonInput) -> Person:
    fields = _person_fields(org, data)
    try:
        with transaction.atomic():
            return create_record(Person, org=org, actor=actor, action="staff.person.created", fields=fields)
    except IntegrityError:  # the same member added twice at once
        raise OnStaff(details={"field": "member"}) from None


@transaction.atomic
def change_person(*, person: Person, actor, data: PersonInput, version: int) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != version:
        raise Stale()
    fields = _person_fields(locked.org, data, person=locked)
    fields["version"] = locked.version + 1
    return update_record(locked, actor=actor, action="staff.person.changed", fields=fields)


@transaction.atomic
def remove_person(*, person: Person, actor) -> None:
    log_action("staff.person.deleted", target=person, actor=actor, org=person.org, data={"was": person.name})
    person.delete()


def reveal(*, person: Person, membership) -> str:
    """The full phone number, for a role that may see personal data; every look is audited."""
    require(membership, Perm.VIEW_PERSONAL)
    log_action("staff.person.revealed", target=person, actor=membership.user, org=person.org,
               data={"field": "mobile"})  # fmt: skip
    return person.mobile


def scan_viewed(*, certificate: Certificate, membership) -> None:
    """A scanned certificate is personal data: opened by a role that may see it, and audited."""
    require(membership, Perm.VIEW_PERSONAL)
    log_action("staff.certificate.scan_viewed", target=certificate.person, actor=membership.user,
               org=certificate.person.org, data={"certificate": certificate.pk})  # fmt: skip


# --- certificates ---


@dataclass(frozen=True, kw_only=True)
class CertificateInput(RecordInput):
    kind: str
    detail: str = ""
    number: str = ""
    issuer: str = ""
    issued_on: dt.date
    expires_on: dt.date | None = None


@transaction.atomic
def add_certificate(*, person: Person, actor, data: CertificateInput, scan=None) -> Certificate:
    """Record a certificate: issued on a past day, expiring after it, naming its vendor or language;
    the scan an image (checked by content, stored under our name)."""
    if data.kind not in CertificateKind.values:
        raise ValidationError({"kind": gettext("Choose a kind of certificate.")})
    fields = clean_fields(Certificate, data.values())
    for name in ("issued_on", "expires_on"):
        try:
            check_year(fields[name])
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from None
    if fields["issued_on"] > timezone.localdate():
        raise ValidationError({"issued_on": gettext("This day has not come yet.")})
    if fields["expires_on"] is not None and fields["expires_on"] <= fields["issued_on"]:
        raise CertificateDates(details={"field": "expires_on"})
    if data.kind in (CertificateKind.VENDOR, CertificateKind.LANGUAGE) and not fields["detail"]:
        raise DetailRequired(details={"field": "detail"})
    if scan is not None:
        uploads.accept_image(scan)
    certificate = Certificate(person=person, scan=scan or "", **fields)
    certificate.full_clean(exclude=["scan"])
    certificate.save()
    said = {"certificate": str(certificate), "expires_on": str(certificate.expires_on or "")}
    log_action("staff.certificate.added", target=person, actor=actor, org=person.org, data=said)
    return certificate


@transaction.atomic
def remove_certificate(*, certificate: Certificate, actor) -> None:
    person = certificate.person
    log_action("staff.certificate.removed", target=person, actor=actor, org=person.org,
               data={"certificate": str(certificate)})  # fmt: skip
    if certificate.scan:
        certificate.scan.delete(save=False)
    certificate.delete()


# --- training ---


@dataclass(frozen=True, kw_only=True)
class TrainingInput(RecordInput):
    course: str
    hours: Any
    taken_on: dt.date
    provider: str = ""


@transaction.atomic
def add_training(*, person: Person, actor, data: TrainingInput) -> Training:
    try:
        hours = Decimal(str(data.hours))
    except (InvalidOperation, ValueError):
        raise TrainingHours(details={"field": "hours"}) from None
    if not hours.is_finite() or not Decimal(0) < hours <= MAX_TRAINING_HOURS or hours != round(hours, 1):
        raise TrainingHours(details={"field": "hours"})
    fields = clean_fields(Training, {**data.values(), "hours": hours})
    try:
        check_year(fields["taken_on"])
    except ValidationError as exc:
        raise ValidationError({"taken_on": exc.messages}) from None
    if fields["taken_on"] > timezone.localdate():
        raise TrainingAhead(details={"field": "taken_on"})
    if not fields["course"]:
        raise ValidationError({"course": gettext("Name the course.")})
    training = Training.objects.create(person=person, **fields)
    said = {"course": training.course, "hours": str(hours), "on": training.taken_on.isoformat()}
    log_action("staff.training.added", target=person, actor=actor, org=person.org, data=said)
    return training


@transaction.atomic
def remove_training(*, training: Training, actor) -> None:
    person = training.person
    log_action("staff.training.removed", target=person, actor=actor, org=person.org,
               data={"course": training.course, "on": training.taken_on.isoformat()})  # fmt: skip
    training.delete()


# --- reminders ---


def remind(today: dt.date | None = None) -> int:
    """Tell once of each certificate entering ``personnel.certificate_expiry_notice`` (the person, when a
    member, and the organisation's managers) and, once a month, of each person short of
    ``personnel.training_hours`` for the year. Returns the reminders sent."""
    from huiwu.notifications.services import claim, in_language, notify

    today = today or timezone.localdate()
    sent = 0
    for org in Organization.objects.all():
        managers = None
        days, need = selectors.notice_days(org), selectors.training_need(org)
        if days is not None:
            for certificate in selectors.expiring(org, today=today, days=days):
                if not claim(org.pk, f"staff:certificate:{certificate.pk}:{certificate.expires_on}"):
                    continue
                managers = managers if managers is not None else members_with(org, Perm.MANAGE_MEMBERS)
                url = reverse("staff:person", kwargs={"org": org.slug, "person": certificate.person_id})

                def words(c: Certificate = certificate) -> tuple[str, str]:
                    title = gettext("Certificate ending: %(what)s of %(who)s") % {"what": c, "who": c.person}
                    return title, gettext("Valid until %(day)s") % {"day": str(c.expires_on)}

                for user in _told(certificate.person, managers):
                    title, body = in_language(user, words)
                    notify(user=user, org=org, title=title, body=body, url=url, email=True)
                sent += 1
        if need is not None:
            for person, done in selectors.short_of_training(org, year=today.year, need=need):
                if not claim(org.pk, f"staff:training:{person.pk}:{today:%Y-%m}"):
                    continue
                managers = managers if managers is not None else members_with(org, Perm.MANAGE_MEMBERS)
                url = reverse("staff:person", kwargs={"org": org.slug, "person": person.pk})

                def training_words(
                    p: Person = person, done: Decimal = done, need: Decimal = need
                ) -> tuple[str, str]:
                    title = gettext("Training short for %(year)s: %(who)s") % {"year": today.year, "who": p}
                    body = gettext("%(done)s of %(need)s hours recorded") % {
                        "done": selectors.plain(done), "need": selectors.plain(need),
                    }  # fmt: skip
                    return title, body

                for user in _told(person, managers):
                    title, body = in_language(user, training_words)
                    notify(user=user, org=org, title=title, body=body, url=url)
                sent += 1
    return sent


def _told(person: Person, managers: list) -> list:
    users = list(managers)
    if person.member_id and person.member not in users:
        users.append(person.member)
    return users
