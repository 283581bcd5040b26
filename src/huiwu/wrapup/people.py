"""A person's rights over their data (PIPL): found by phone, e-mail or ID number across the
organisation's meetings; their data exported on request; erased on request — their records
de-identified as a meeting's are, their own words removed —, with what the law asks to keep listed.
Seen and done by those who may see personal data (erasing: also manage the organisation); audited by
record ids, never with the personal data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.attendees import crypto
from huiwu.attendees.models import Attendee
from huiwu.attendees.validation import normalise_email, normalise_id_number
from huiwu.checkin.models import CheckIn, Scan
from huiwu.core.audit import log_action
from huiwu.core.text import clean_text, normalise_mobile
from huiwu.events.archived import unlocked
from huiwu.feedback.models import Answer, Call, Reply
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.rules import can

from .errors import AlreadyErased, NotPersonal, PersonInvalid
from .models import Erasure
from .privacy import Scrubber, bound, forget, org_wide, pseudonym, replacements, scrub

KEPT = {
    "consent": gettext_lazy(
        "the consent record (when, how and what for) — proof that the data was held lawfully"
    ),
    "attendance": gettext_lazy("check-ins under the pseudonym — the meeting's attendance figures"),
    "accounts": gettext_lazy(
        "contracts, invoices and payments naming the person — kept as the accounting law asks"
    ),
}


def _personal(membership: Membership | None, org: Organization, *, erase: bool = False) -> Membership:
    if membership is None or membership.org_id != org.pk or not can(membership, Perm.VIEW_PERSONAL):
        raise NotPersonal()
    if erase and not can(membership, Perm.MANAGE_ORG):
        raise NotPersonal()
    return membership


def find(*, org: Organization, membership: Membership | None, query: str) -> list[Attendee]:
    """The attendee records (in every meeting) with this phone, e-mail or ID number."""
    _personal(membership, org)
    text = clean_text(query, max_length=254).strip() if isinstance(query, str) else ""
    where = Q()
    for normalise, build in (
        (normalise_mobile, lambda v: Q(mobile=v)),
        (normalise_email, lambda v: Q(email__iexact=v)),
        (normalise_id_number, lambda v: Q(id_number_digest=crypto.digest(v))),
    ):
        try:
            value = normalise(text)
        except ValidationError:
            continue
        if value:
            where |= build(value)
    if not where:
        raise PersonInvalid()
    return list(
        Attendee.objects.filter(where, org=org).select_related("meeting").order_by("meeting__start_date")
    )


def export(*, org: Organization, membership: Membership | None, attendees: list[Attendee]) -> dict[str, Any]:
    """Everything the organisation holds of the person, as data they can take away."""
    who = _personal(membership, org)
    records = []
    for a in attendees:
        if a.org_id != org.pk:
            continue
        records.append(
            {
                "meeting": a.meeting.name,
                "first_day": a.meeting.start_date.isoformat(),
                "name": a.name,
                "organisation": a.organisation,
                "title": a.title,
                "mobile": a.mobile,
                "email": a.email,
                "id_number": crypto.decrypt(a.id_number_encrypted),
                "category": a.category,
                "status": a.status,
                "diets": a.diets,
                "allergies": a.allergies,
                "accessibility": a.accessibility,
                "language": a.language,
                "arrival": [
                    a.arrival_mode,
                    a.arrival_number,
                    a.arrival_at.isoformat() if a.arrival_at else "",
                ],
                "departure": [
                    a.departure_mode,
                    a.departure_number,
                    a.departure_at.isoformat() if a.departure_at else "",
                ],
                "hotel": a.hotel,
                "consent": {
                    "scope": a.consent_scope,
                    "at": a.consent_at.isoformat() if a.consent_at else "",
                    "method": a.consent_method,
                },
                "checkins": [
                    {"day": c.day.isoformat(), "at": c.at.isoformat(), "gate": c.gate.name}
                    for c in CheckIn.objects.filter(attendee=a).select_related("gate")
                ],
                "scans": Scan.objects.filter(attendee=a).count(),
                "feedback": list(Answer.objects.filter(attendee=a).values_list("text", flat=True)),
                "survey": list(
                    Reply.objects.filter(response__recipient__attendee=a)
                    .exclude(text="")
                    .values_list("text", flat=True)
                ),
                "calls": list(Call.objects.filter(attendee=a).values_list("outcome", flat=True)),
            }
        )
    log_action(
        "wrapup.person.exported",
        target=org,
        actor=who.user,
        org=org,
        data={"attendees": [a.pk for a in attendees]},
    )
    return {"organisation": org.name, "exported_at": timezone.now().isoformat(), "records": records}


@transaction.atomic
def erase(*, membership: Membership | None, attendee: Attendee, reference: str = "") -> Erasure:
    """The person's record de-identified everywhere, their own comments and answers removed; once."""
    org = attendee.org
    who = _personal(membership, org, erase=True)
    ref = clean_text(reference, max_length=100) if isinstance(reference, str) else ""
    person = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if Erasure.objects.filter(attendee=person).exists():
        raise AlreadyErased()
    alias = pseudonym(org.pk, person)
    scrubber = Scrubber(replacements([person], org.pk))
    with unlocked():
        forget(person, alias)
        Answer.objects.filter(attendee=person).update(text="")
        Reply.objects.filter(response__recipient__attendee=person).update(text="")
        Call.objects.filter(attendee=person).update(outcome="")
        for rows in bound(person.meeting):
            scrub(rows, scrubber, patterns=False)
        for rows, patterns in org_wide(org.pk, person.created_at, [person]):
            scrub(rows, scrubber, patterns=patterns)
        made = Erasure.objects.create(
            org=org, attendee=person, pseudonym=alias, by=who.user, reference=ref, kept=list(KEPT)
        )
    person.refresh_from_db()
    log_action("wrapup.person.erased", target=person, actor=who.user, org=org, data={"pseudonym": alias})
    return made


def kept_labels(erasure: Erasure) -> list[str]:
    return [str(KEPT[k]) for k in erasure.kept if k in KEPT] or [gettext("nothing")]
