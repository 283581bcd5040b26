"""An attendee's phone: opening one's e-badge on a phone remembers the badge there (a signed cookie), so the
public pages of the meeting (the feedback station, later the live interaction) know one person as one
participant without an account. Nothing personal is in the cookie: the attendee's id, signed."""

from __future__ import annotations

from django.core import signing

from .enums import Status
from .models import Attendee

COOKIE = "huiwu-badge"
SALT = "huiwu.attendees.phone"
AGE = 60 * 60 * 24 * 120  # a season of meetings


def remember(request, response, attendee: Attendee) -> None:
    """This phone holds ``attendee``'s badge (a confirmed place only)."""
    if attendee.status != Status.CONFIRMED:
        return
    response.set_signed_cookie(
        COOKIE, str(attendee.pk), salt=SALT, max_age=AGE, path="/", httponly=True, samesite="Lax",
        secure=request.is_secure(),
    )  # fmt: skip


def attendee_on(request, meeting) -> Attendee | None:
    """The confirmed attendee of ``meeting`` whose e-badge this phone opened, else None (another
    meeting's badge, a forged or expired cookie, a place since cancelled)."""
    try:
        raw = request.get_signed_cookie(COOKIE, salt=SALT, max_age=AGE)
    except (KeyError, signing.BadSignature):
        return None
    if not raw.isdecimal():
        return None
    return Attendee.objects.filter(pk=int(raw), meeting=meeting, status=Status.CONFIRMED).first()
