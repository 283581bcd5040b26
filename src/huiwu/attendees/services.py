"""Writes for attendees: records, personal data shown in full, badges, registration, invitations.

Every write is atomic and audited; personal values never enter the audit trail in full. Mail goes
out after commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core import uploads
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_fields
from huiwu.core.tokens import hash_secret
from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm
from huiwu.standards.errors import BelowStandard
from huiwu.standards.selectors import contrast_check
from huiwu.standards.visual import is_colour
from huiwu.webhooks.services import emit

from . import badges, crypto
from .enums import Category, Language, Rsvp, Source, Status
from .errors import (
    AlreadyReceived,
    DuplicateAttendee,
    DuplicateIdNumber,
    RegistrationClosed,
    RegistrationFull,
    TooManyRegistrations,
)
from .models import Attendee, BadgeTemplate, Registration, RevokedBadge, new_token
from .validation import mask_email, mask_id, mask_mobile

register_actions(
    {
        "attendees.attendee.created": _("Attendee added"),
        "attendees.attendee.changed": _("Attendee changed"),
        "attendees.attendee.deleted": _("Attendee removed"),
        "attendees.attendee.revealed": _("Personal data shown in full"),
        "attendees.badge.reissued": _("Badge re-issued"),
        "attendees.registration.changed": _("Registration settings changed"),
        "attendees.status.changed": _("Attendee status changed"),
        "attendees.invited": _("Invitations sent"),
        "attendees.imported": _("Attendees imported"),
        "attendees.exported": _("Attendee list exported"),
    }
)

PERSONAL = ("mobile", "email", "id_number")


def masked(attendee: Attendee, field: str) -> str:
    if field == "mobile":
        return mask_mobile(attendee.mobile)
    if field == "email":
        return mask_email(attendee.email)
    if field == "id_number":
        return mask_id(attendee.id_number_hint)
    raise ValueError(field)


def _audit_value(field: str, value):
    if field == "mobile":
        return mask_mobile(value)
    if field == "email":
        return mask_email(value)
    if field == "butler":
        return str(value or "")
    if field == "photo":
        return getattr(value, "name", "") or ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _set_id_number(attendee: Attendee, id_number: str) -> None:
    attendee.id_number_encrypted = crypto.encrypt(id_number)
    attendee.id_number_hint = id_number[-4:] if id_number else ""
    attendee.id_number_digest = crypto.digest(id_number)


def _same_id_number(attendee: Attendee):
    return Attendee.objects.filter(
        meeting_id=attendee.meeting_id, id_number_digest=attendee.id_number_digest
    ).exclude(pk=attendee.pk)


@dataclass(frozen=True, kw_only=True)
class AttendeeInput(RecordInput):
    """An attendee as the pages, the API, the desk, the registration page and the demo send it."""

    name: str
    organisation: str = ""
    title: str = ""
    mobile: str = ""
    email: str = ""
    category: str = Category.REGULAR
    custom_category: str = ""
    diets: list[str] = dataclasses.field(default_factory=list)
    allergies: str = ""
    diet_note: str = ""
    accessibility: str = ""
    language: str = Language.ZH
    arrival_mode: str = ""
    arrival_number: str = ""
    arrival_at: dt.datetime | None = None
    departure_mode: str = ""
    departure_number: str = ""
    departure_at: dt.datetime | None = None
    hotel: str = ""
    pickup: bool = False
    butler: Any = None  # a member of the organisation
    services: list[str] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    table_number: str = ""
    photo: Any = None  # None: unchanged; an upload (checked by its content); False or "": none
    note: str = ""
    consent_scope: str = ""
    consent_at: dt.datetime | None = None
    consent_method: str = ""
    id_number: str | None = None  # in clear; None: unchanged ("" clears it)

    @classmethod
    def of(cls, obj: Any) -> AttendeeInput:
        names = [f.name for f in dataclasses.fields(cls) if f.name not in ("photo", "id_number")]
        return cls(**{name: getattr(obj, name) for name in names})


@transaction.atomic
def save_attendee(
    *, meeting, actor, data: AttendeeInput, attendee: Attendee | None = None, source=Source.MANUAL
) -> Attendee:
    """Create or change an attendee (``id_number`` in clear, optional).

    Holds the rules of every door (page, API, demo): the project's text policy and date range
    (core/text.py), departure not before arrival (the model), one person per mobile, e-mail and ID
    card number in a meeting."""
    id_number = data.id_number
    fields = clean_fields(Attendee, data.values(without=("id_number",)))
    creating = attendee is None
    if attendee is None:
        attendee = Attendee(org=meeting.org, meeting=meeting, source=source)
        before = {}
    else:
        attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
        before = {f: _audit_value(f, getattr(attendee, f)) for f in fields}
    for field_name, value in fields.items():
        if field_name == "photo":
            if value is None:
                continue
            if isinstance(value, UploadedFile):
                uploads.accept_image(value)  # a new photo: checked by content, renamed by us
            value = value or ""  # False: the form's "clear" box
        setattr(attendee, field_name, value)
    if id_number is not None and (id_number or not creating):
        _set_id_number(attendee, id_number)
    attendee.full_clean(
        exclude=["token", "badge_secret", "photo"], validate_unique=False, validate_constraints=False
    )
    if attendee.id_number_digest and _same_id_number(attendee).exists():
        raise DuplicateIdNumber(details={"field": "id_number"})
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError:
        if attendee.id_number_digest and _same_id_number(attendee).exists():
            raise DuplicateIdNumber(details={"field": "id_number"}) from None
        raise DuplicateAttendee() from None
    after = {f: _audit_value(f, getattr(attendee, f)) for f in fields}
    changes = {
        f: [before.get(f), after[f]]
        for f in fields
        if before.get(f) != after[f] and not (creating and after[f] in ("", None, [], False))
    }
    if id_number is not None and (id_number or not creating):
        changes["id_number"] = ["", mask_id(attendee.id_number_hint)]
    if creating or changes:
        action = "attendees.attendee.created" if creating else "attendees.attendee.changed"
        log_action(action, target=attendee, actor=actor, org=meeting.org, changes=changes)
    return attendee


@transaction.atomic
def delete_attendee(*, attendee: Attendee, actor) -> None:
    log_action(
        "attendees.attendee.deleted",
        target=attendee,
        actor=actor,
        org=attendee.org,
        data={"name": attendee.name},
    )
    attendee.delete()


def reveal(*, attendee: Attendee, membership, field: str) -> str:
    """The full value of a personal field, for a role that may see it; every look is audited."""
    require(membership, Perm.VIEW_PERSONAL)
    if field not in PERSONAL:
        raise ValueError(field)
    value = crypto.decrypt(attendee.id_number_encrypted) if field == "id_number" else getattr(attendee, field)
    log_action(
        "attendees.attendee.revealed",
        target=attendee,
        actor=membership.user,
        org=attendee.org,
        data={"field": field},
    )
    return value


# --- badges ---


def badge_code(attendee: Attendee) -> str:
    return badges.sign(registration_of(attendee.meeting).badge_key, attendee.badge_secret)


def find_badge(meeting, code: str) -> tuple[Attendee | None, str]:
    """(attendee, state) for a scanned code: "ok", "revoked", "forged", "malformed" or "unknown"."""
    reading = badges.read(registration_of(meeting).badge_key, code)
    if not reading.ok:
        return None, reading.reason
    attendee = Attendee.objects.filter(meeting=meeting, badge_secret=reading.secret).first()
    if attendee:
        return attendee, "ok"
    revoked = (
        RevokedBadge.objects.filter(meeting=meeting, secret=reading.secret).select_related("attendee").first()
    )
    if revoked:
        return revoked.attendee, "revoked"
    return None, "unknown"


@transaction.atomic
def reissue_badge(*, attendee: Attendee, actor) -> Attendee:
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    RevokedBadge.objects.create(
        meeting_id=attendee.meeting_id, attendee=attendee, secret=attendee.badge_secret
    )
    attendee.badge_secret = new_token()
    attendee.badge_issued_at = timezone.now()
    attendee.save(update_fields=["badge_secret", "badge_issued_at", "updated_at"])
    log_action("attendees.badge.reissued", target=attendee, actor=actor, org=attendee.org)
    return attendee


# --- registration ---


def registration_of(meeting) -> Registration:
    registration, _created = Registration.objects.get_or_create(meeting=meeting)
    return registration


@dataclass(frozen=True, kw_only=True)
class RegistrationInput(RecordInput):
    """The public registration page's settings: open or not, places, waiting list, approval, closing
    time, texts, and which fields it asks for (``fields``: name -> hidden | optional | required)."""

    is_open: bool = False
    capacity: int = 0  # 0: no limit
    waitlist: bool = True
    approval: bool = False
    closes_at: dt.datetime | None = None
    intro: str = ""
    consent_text: str = ""
    fields: dict[str, str] | None = None  # None: unchanged


@transaction.atomic
def save_registration(*, registration: Registration, actor, data: RegistrationInput) -> Registration:
    values = data.values()
    if values["fields"] is None:
        del values["fields"]
    before = {f: getattr(registration, f) for f in values}
    for name, value in values.items():
        setattr(registration, name, value)
    registration.full_clean()
    registration.save()
    changes = {
        f: [str(before[f]), str(getattr(registration, f))]
        for f in values
        if before[f] != getattr(registration, f)
    }
    if changes:
        log_action(
            "attendees.registration.changed",
            target=registration.meeting,
            actor=actor,
            org=registration.meeting.org,
            changes=changes,
        )
    return registration


HOLDING = (Status.CONFIRMED, Status.PENDING)


def places_taken(meeting) -> int:
    return Attendee.objects.filter(meeting=meeting, status__in=HOLDING).count()


def _arrival_status(registration: Registration) -> str:
    """The status of a new registration: pending approval, confirmed, or on the waiting list."""
    if registration.capacity and places_taken(registration.meeting) >= registration.capacity:
        if not registration.waitlist:
            raise RegistrationFull()
        return Status.WAITLISTED
    return Status.PENDING if registration.approval else Status.CONFIRMED


PUBLIC_PER_ADDRESS_PER_HOUR = 10


def register(
    *, registration: Registration, data: AttendeeInput, invited_by: Attendee | None = None, address: str = ""
) -> Attendee:
    """A registration from the public page (or a colleague brought along): capacity, waiting list and
    approval decide the status; the consent is recorded. From the public page at most
    PUBLIC_PER_ADDRESS_PER_HOUR an hour per client address; someone already on the list gets the
    neutral AlreadyReceived (and their link by e-mail), never "this number is registered"."""
    if invited_by is None and address:
        from django.core.cache import cache

        key = f"huiwu:register:{registration.pk}:" + hash_secret(address)[:32]
        cache.add(key, 0, 3600)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 3600)
            count = 1
        if count > PUBLIC_PER_ADDRESS_PER_HOUR:
            raise TooManyRegistrations()
    try:
        return _register(registration=registration, data=data, invited_by=invited_by)
    except DuplicateAttendee:
        if invited_by is not None:
            raise
        _send_link_again(registration.meeting_id, data)
        raise AlreadyReceived() from None


def _send_link_again(meeting_id: int, data: AttendeeInput) -> None:
    keys = [k for k in ("mobile", "email") if getattr(data, k)]
    for key in keys:
        found = (
            Attendee.objects.filter(meeting_id=meeting_id, **{key: getattr(data, key)})
            .select_related("meeting")
            .first()
        )
        if found is not None:
            _mail_status(found)
            return


@transaction.atomic
def _register(*, registration: Registration, data: AttendeeInput, invited_by: Attendee | None) -> Attendee:
    registration = Registration.objects.select_for_update().select_related("meeting").get(pk=registration.pk)
    meeting = registration.meeting
    if invited_by is None and (
        not registration.is_open or (registration.closes_at and registration.closes_at <= timezone.now())
    ):
        raise RegistrationClosed()
    status = _arrival_status(registration)
    now = timezone.now()
    data = data.but(consent_scope=registration.consent_wording[:600], consent_at=now, consent_method="online")
    attendee = save_attendee(
        meeting=meeting,
        actor=None,
        data=data,
        source=Source.COLLEAGUE if invited_by else Source.REGISTRATION,
    )
    attendee.status = status
    attendee.invited_by = invited_by
    if invited_by:
        attendee.rsvp, attendee.answered_at = Rsvp.ACCEPTED, now
    attendee.save(update_fields=["status", "invited_by", "rsvp", "answered_at"])
    _mail_status(attendee)
    emit(meeting.org_id, "attendee.registered", {
        "meeting": {"id": meeting.pk, "name": meeting.name},
        "attendee": {"id": attendee.pk, "name": attendee.name, "category": attendee.category,
                     "status": attendee.status, "source": attendee.source},
    })  # fmt: skip
    return attendee


def _link(name: str, attendee: Attendee) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": attendee.token})


def _mail_status(attendee: Attendee) -> None:
    if not attendee.email:
        return
    with translation.override(attendee.language if attendee.language in ("zh-hans", "en") else "zh-hans"):
        subject = gettext("%(meeting)s: %(status)s") % {
            "meeting": attendee.meeting.name,
            "status": attendee.get_status_display(),
        }
        lines: dict[str, str] = {
            Status.CONFIRMED: gettext("Your place is confirmed. Your e-badge: %(link)s"),
            Status.PENDING: gettext("We received your registration; the organiser will confirm it. %(link)s"),
            Status.WAITLISTED: gettext("All places are taken; you are on the waiting list. %(link)s"),
            Status.REJECTED: gettext("We are sorry: your registration could not be accepted. %(link)s"),
            Status.CANCELLED: gettext("Your registration is cancelled. %(link)s"),
        }
        body = lines[attendee.status] % {"link": _link("attendees_public:badge", attendee)}
    email = attendee.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))


@transaction.atomic
def set_status(*, attendee: Attendee, status: str, actor) -> Attendee:
    """Approve, reject, confirm or cancel; a place that frees up goes to the first on the waiting list."""
    if status not in Status.values:
        raise ValidationError({"status": gettext("Unknown status.")})
    attendee = Attendee.objects.select_for_update().select_related("meeting").get(pk=attendee.pk)
    before = attendee.status
    if before == status:
        return attendee
    if status in HOLDING and before not in HOLDING:
        registration = Registration.objects.select_for_update().get(pk=registration_of(attendee.meeting).pk)
        if registration.capacity and places_taken(attendee.meeting) >= registration.capacity:
            raise RegistrationFull(
                gettext("All places are taken: cancel someone first or raise the capacity.")
            )
    attendee.status = status
    attendee.save(update_fields=["status", "updated_at"])
    log_action(
        "attendees.status.changed",
        target=attendee,
        actor=actor,
        org=attendee.org,
        changes={"status": [before, status]},
    )
    _mail_status(attendee)
    if before in HOLDING and status not in HOLDING:
        promote_waitlist(attendee.meeting, actor=actor)
    return attendee


def promote_waitlist(meeting, *, actor) -> list[Attendee]:
    registration = Registration.objects.select_for_update().get(pk=registration_of(meeting).pk)
    promoted = []
    while not registration.capacity or places_taken(meeting) < registration.capacity:
        nxt = (
            Attendee.objects.select_for_update(of=("self",))
            .filter(meeting=meeting, status=Status.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if nxt is None:
            break
        new = Status.PENDING if registration.approval else Status.CONFIRMED
        nxt.status = new
        nxt.save(update_fields=["status", "updated_at"])
        log_action(
            "attendees.status.changed",
            target=nxt,
            actor=actor,
            org=meeting.org,
            changes={"status": [Status.WAITLISTED, new]},
            data={"reason": "waiting list"},
        )
        _mail_status(nxt)
        promoted.append(nxt)
    return promoted


# --- invitations ---


def _mail_invitation(attendee: Attendee, *, reminder: bool) -> None:
    with translation.override(attendee.language if attendee.language in ("zh-hans", "en") else "zh-hans"):
        meeting = attendee.meeting
        subject = (
            gettext("Reminder: will you attend %(meeting)s?")
            if reminder
            else gettext("Invitation: %(meeting)s")
        ) % {"meeting": meeting.name}
        body = gettext(
            "Dear %(name)s,\n\nyou are invited to %(meeting)s on %(date)s in %(city)s.\n"
            "Please answer here (accept, decline, or bring a colleague): %(link)s\n"
        ) % {
            "name": attendee.name,
            "meeting": meeting.name,
            "date": meeting.start_date.isoformat(),
            "city": meeting.city or "—",
            "link": _link("attendees_public:rsvp", attendee),
        }
    send_mail(subject, body, None, [attendee.email], fail_silently=False)


def send_invitations(attendees, *, actor, reminder: bool = False, progress=None) -> dict:
    """Invite (or remind) each attendee with an e-mail address; each send is saved as it happens."""
    attendees = list(attendees)
    sent, skipped = 0, []
    for i, attendee in enumerate(attendees, start=1):
        if not attendee.email:
            skipped.append(attendee.name)
        elif not reminder or attendee.rsvp == Rsvp.INVITED:
            _mail_invitation(attendee, reminder=reminder)
            now = timezone.now()
            if reminder:
                Attendee.objects.filter(pk=attendee.pk).update(
                    reminded_at=now, reminders=attendee.reminders + 1
                )
            else:
                Attendee.objects.filter(pk=attendee.pk).update(
                    invited_at=now,
                    rsvp=Rsvp.INVITED if attendee.rsvp in ("", Rsvp.INVITED) else attendee.rsvp,
                )
            sent += 1
        if progress:
            progress(i, len(attendees))
    if attendees:
        log_action(
            "attendees.invited",
            target=attendees[0].meeting,
            actor=actor,
            org=attendees[0].org,
            data={"sent": sent, "reminder": reminder},
        )
    return {"sent": sent, "skipped": skipped}


@transaction.atomic
def answer(*, attendee: Attendee, accept: bool) -> Attendee:
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    before = attendee.rsvp
    attendee.rsvp = Rsvp.ACCEPTED if accept else Rsvp.DECLINED
    attendee.answered_at = timezone.now()
    attendee.save(update_fields=["rsvp", "answered_at", "updated_at"])
    log_action(
        "attendees.attendee.changed",
        target=attendee,
        actor=None,
        org=attendee.org,
        changes={"rsvp": [before, attendee.rsvp]},
    )
    if not accept and attendee.status in HOLDING:
        set_status(attendee=attendee, status=Status.CANCELLED, actor=None)
    return attendee


@dataclass(frozen=True, kw_only=True)
class BadgeTemplateInput:
    """How one category's badges look: the colour band, the role printed, the layout, the table."""

    category: str
    colour: str
    text_colour: str = "#ffffff"
    role_label: str = ""
    layout: str = "A6"
    show_table: bool = False


@transaction.atomic
def save_badge_templates(*, org, actor, templates: list[BadgeTemplateInput]) -> list[BadgeTemplate]:
    """Save the organisation's badge templates together (all or none), with one audit entry. The text on
    each band must stand out from it by the standards' contrast (``visual.contrast``)."""
    saved = []
    for data in templates:
        if is_colour(data.colour) and is_colour(data.text_colour):
            check = contrast_check(
                org, field="colour", what=str(Category(data.category).label),
                foreground=data.text_colour, background=data.colour,
            )  # fmt: skip
            if not check.holds:
                raise BelowStandard(check.text(), details={"field": "colour", "category": data.category})
        row = BadgeTemplate.objects.filter(org=org, category=data.category).first() or BadgeTemplate(
            org=org, category=data.category
        )
        fields = clean_fields(BadgeTemplate, {"role_label": data.role_label})
        row.colour, row.text_colour, row.role_label, row.layout, row.show_table = (
            data.colour, data.text_colour, fields["role_label"], data.layout, data.show_table,
        )  # fmt: skip
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()
        saved.append(row)
    log_action(
        "attendees.registration.changed", target=org, actor=actor, org=org, data={"badge_templates": True}
    )
    return saved
