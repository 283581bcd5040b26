"""The on-site team: the default structure of DOMAIN.md scaled to the meeting, posts filled by members or
named people with phone, radio channel and shift; the gaps; the emergency contact sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.records import create_record, update_record
from huiwu.core.text import normalise_phone
from huiwu.orgs.selectors import require_member
from huiwu.staff import qualifications
from huiwu.staff.models import Person
from huiwu.staff.selectors import of_member
from huiwu.standards.selectors import standards
from huiwu.venues.services.sizing import Figures, check_in_lanes, staff_plan

from .enums import PostRole
from .errors import ReasonRequired, Unqualified
from .models import Post

register_actions(
    {
        "onsite.post.created": gettext_lazy("Post added to the on-site team"),
        "onsite.post.changed": gettext_lazy("On-site post changed"),
        "onsite.post.deleted": gettext_lazy("On-site post removed"),
    }
)

EMERGENCY_NUMBERS = (
    ("110", gettext_lazy("Police")),
    ("119", gettext_lazy("Fire")),
    ("120", gettext_lazy("Ambulance")),
)


ROLE_OF_PLAN = {  # the team of ``venues.services.sizing.staff_plan`` as posts
    "coordinator": PostRole.COORDINATOR,
    "venue_lead": PostRole.VENUE,
    "tech_lead": PostRole.TECH,
    "reception": PostRole.RECEPTION,
    "emergency": PostRole.EMERGENCY,
    "catering_lead": PostRole.CATERING,
    "check_in_guides": PostRole.CHECKIN,
}


def default_counts(attendance: int, figures: Figures) -> list[tuple[str, int]]:
    """The posts of the team ``sizing.staff_plan`` sizes for ``attendance`` (the organisation's
    standards: DOMAIN.md's team, scaled, and a check-in guide per lane)."""
    people = max(0, attendance)
    lanes = check_in_lanes(people, figures).lanes if people else 1
    return [(ROLE_OF_PLAN[role], n) for role, n in staff_plan(people, lanes, figures).items()]


@transaction.atomic
def create_team(*, meeting) -> int:
    """Add the posts the default structure still lacks (existing posts, filled or not, are kept)."""
    have: dict[str, int] = {}
    for role in Post.objects.filter(meeting=meeting).values_list("role", flat=True):
        have[role] = have.get(role, 0) + 1
    made = 0
    position = Post.objects.filter(meeting=meeting).count()
    figures = Figures.of(standards(meeting.org, meeting=meeting))
    for role, count in default_counts(meeting.expected_attendance, figures):
        for _i in range(count - have.get(role, 0)):
            position += 1
            Post.objects.create(org=meeting.org, meeting=meeting, role=role, position=position)
            made += 1
    return made


# What each post requires of the one who fills it (DOMAIN.md's personnel standards; the figures and
# whether each is in force are the catalogue's). Suppliers' contacts answer to their own company.
ON_SITE = ("personnel.health_certificate", "personnel.first_aid_certificate")
REQUIRES: dict[str, tuple[str, ...]] = {
    **{role: ON_SITE for role in PostRole.values if role != PostRole.SUPPLIER},
    PostRole.TECH: (*ON_SITE, "personnel.tech_experience", "personnel.tech_vendor_certification"),
    PostRole.RECEPTION: (*ON_SITE, "personnel.reception_etiquette", "personnel.reception_languages"),
}
REFUSE = "personnel.refuse_unqualified"


def staff_record(post: Post) -> Person | None:
    """The staff record behind a post: its crew, or the record of its member."""
    if post.crew_id:
        return post.crew
    return of_member(post.org, post.member) if post.member_id else None


def lacking(post: Post, rules: dict | None = None) -> list[qualifications.Missing]:
    """What the one filling ``post`` lacks today for the meeting's days (nothing for an empty post)."""
    if not post.filled or post.role not in REQUIRES:
        return []
    meeting = post.meeting
    rules = rules if rules is not None else standards(meeting.org, meeting=meeting)
    return qualifications.missing(
        staff_record(post), REQUIRES[post.role], first=meeting.start_date, last=meeting.end_date, rules=rules
    )


def qualification_of(meeting, posts: list[Post]) -> dict[int, list[qualifications.Missing]]:
    """Each filled post's missing qualifications as they stand now (a certificate may have ended)."""
    rules = standards(meeting.org, meeting=meeting)
    return {p.pk: lacking(p, rules) for p in posts}


@dataclass(frozen=True, kw_only=True)
class PostInput(RecordInput):
    """A post as pages and the API send it: a member of the organisation or a named person."""

    role: str
    title: str = ""
    member: Any = None  # a User with an active membership of the meeting's organisation
    crew: Any = None  # or a staff record of the organisation (``staff.Person``)
    person: str = ""
    phone: str = ""
    radio: str = ""
    shift_start: dt.time | None = None
    shift_end: dt.time | None = None
    notes: str = ""
    unqualified_reason: str = ""


def _fields(meeting, data: PostInput, post: Post | None = None) -> dict[str, Any]:
    """The post's fields, with the qualification rule: someone who lacks what the post requires is
    refused, or, when the organisation's rule is not in force, assigned with the reason given (kept
    with what was missing). Checked when who fills the post or the post itself changes."""
    require_member(meeting.org, data.member, field="member")
    if data.crew is not None and data.crew.org_id != meeting.org_id:
        raise ValidationError({"crew": gettext_lazy("Choose someone of the organisation's staff.")})
    fields = data.values()
    try:
        fields["phone"] = normalise_phone(data.phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    if data.crew is not None and data.crew.member_id:
        if data.member is not None and data.member.pk != data.crew.member_id:
            raise ValidationError({"crew": gettext_lazy("This staff record is another member's.")})
        fields["member"] = data.crew.member  # the staff record of a member: the member fills the post
    elif data.crew is None and data.member is not None:
        fields["crew"] = of_member(meeting.org, data.member)  # the member's record, when there is one
    draft = Post(
        org=meeting.org, meeting=meeting, role=data.role, member=fields["member"], crew=fields["crew"],
        person=data.person.strip(),
    )  # fmt: skip
    same = post is not None and (post.role, post.member_id, post.crew_id, post.person.strip()) == (
        draft.role, draft.member_id, draft.crew_id, draft.person,
    )  # fmt: skip
    if post is not None and same:
        fields["unqualified_reason"] = (data.unqualified_reason or "").strip() or post.unqualified_reason
        return fields
    missing = lacking(draft)
    fields["unqualified"] = [m.key for m in missing]
    if not missing:
        fields["unqualified_reason"] = ""
        return fields
    who = draft.who or gettext_lazy("This person")
    if standards(meeting.org, meeting=meeting)[REFUSE].enabled:
        field = "crew" if draft.crew_id else ("member" if draft.member_id else "person")
        raise Unqualified(who=str(who), missing=missing, field=field)
    if not (data.unqualified_reason or "").strip():
        raise ReasonRequired(who=str(who), missing=missing)
    return fields


@transaction.atomic
def add_post(*, meeting, actor, data: PostInput) -> Post:
    """Add a post at the end of the meeting's team (the shift rule is the model's)."""
    fields = _fields(meeting, data)
    position = Post.objects.filter(meeting=meeting).count() + 1
    return create_record(
        Post, org=meeting.org, actor=actor, action="onsite.post.created",
        fields={"meeting": meeting, "position": position, **fields},
    )  # fmt: skip


def change_post(*, post: Post, actor, data: PostInput) -> Post:
    return update_record(
        post, actor=actor, action="onsite.post.changed", fields=_fields(post.meeting, data, post)
    )


@transaction.atomic
def remove_post(*, post: Post, actor) -> None:
    log_action("onsite.post.deleted", target=post, actor=actor, org=post.meeting.org, data={"was": str(post)})
    post.delete()


def gaps(meeting) -> list[Post]:
    return [p for p in Post.objects.filter(meeting=meeting).exclude(role=PostRole.SUPPLIER) if not p.filled]


def contact_sheet(meeting) -> dict:
    """Everyone to call on the day: the team, the suppliers chosen and kept as backup (their contacts from
    the supplier records, emergency contacts first) and supplier contacts added as posts, the venue, the
    client, public emergency numbers."""
    from huiwu.suppliers.selectors import day_contacts
    from huiwu.venues.models import Evaluation

    posts = list(Post.objects.filter(meeting=meeting).select_related("member", "crew"))
    chosen = Evaluation.objects.filter(meeting=meeting, chosen=True).select_related("room__venue").first()
    venue = chosen.room.venue if chosen else None
    client_contacts = list(meeting.client.contacts.exclude(phone="")) if meeting.client_id else []
    return {
        "meeting": meeting,
        "team": [p for p in posts if p.role != PostRole.SUPPLIER],
        "suppliers": [p for p in posts if p.role == PostRole.SUPPLIER],
        "supplier_contacts": day_contacts(meeting),
        "venue": venue,
        "client_contacts": client_contacts,
        "emergency": EMERGENCY_NUMBERS,
    }


def contact_sheet_pdf(meeting) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("onsite/contacts_pdf.html", contact_sheet(meeting))).write_pdf()
