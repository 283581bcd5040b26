"""Ids in API bodies become objects of the caller's organisation (another's, or none, is a 404)."""

from django.http import Http404

from huiwu.accounts.models import User
from huiwu.clients.errors import UnknownClient
from huiwu.clients.models import Client
from huiwu.orgs.models import Membership
from huiwu.staff.models import Person
from huiwu.venues.models import Room

from .errors import UnknownMember, UnknownStaff


def member(request, user_id: int | None) -> User | None:
    """The user of an active membership of the caller's organisation (None stays None)."""
    if user_id is None:
        return None
    found = Membership.objects.filter(org=request.org, user_id=user_id, is_active=True).select_related("user")
    row = found.first()
    if row is None:
        raise UnknownMember()
    return row.user


def client(request, client_id: int | None) -> Client | None:
    """A client of the caller's organisation (None stays None)."""
    if client_id is None:
        return None
    row = Client.objects.filter(org=request.org, pk=client_id).first()
    if row is None:
        raise UnknownClient(details={"field": "client_id"})
    return row


def room(request, room_id: int) -> Room:
    """A room of one of the organisation's venues."""
    row = Room.objects.select_related("venue").filter(pk=room_id, venue__org=request.org).first()
    if row is None:
        raise Http404
    return row


def crew(request, person_id: int | None) -> Person | None:
    """A staff record of the caller's organisation (None stays None)."""
    if person_id is None:
        return None
    row = Person.objects.filter(org=request.org, pk=person_id).first()
    if row is None:
        raise UnknownStaff(details={"field": "crew_id"})
    return row
