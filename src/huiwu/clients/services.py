"""Clients, their contacts and the log of conversations with them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.records import create_record, update_record
from huiwu.core.text import clean_fields, normalise_phone

from .errors import DuplicateClient, check_follow_up
from .models import Channel, Client, CommunicationLog, Contact, ContactRole
from .signals import follow_up_requested

register_actions(
    {"clients.client.created": _("created the client"), "clients.client.changed": _("changed the client")}
)


def _check_unique_name(org, name: str | None, exclude_pk=None) -> None:
    if name is not None and Client.objects.filter(org=org, name=name).exclude(pk=exclude_pk).exists():
        raise DuplicateClient(details={"field": "name"})


@dataclass(frozen=True, kw_only=True)
class ClientInput(RecordInput):
    name: str
    industry: str = ""
    size: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""


def create_client(*, org, actor, data: ClientInput) -> Client:
    fields = clean_fields(Client, data.values())
    _check_unique_name(org, fields["name"])
    return create_record(Client, org=org, actor=actor, action="clients.client.created", fields=fields)


def update_client(*, client: Client, actor, data: ClientInput) -> Client:
    fields = clean_fields(Client, data.values())
    _check_unique_name(client.org, fields["name"], exclude_pk=client.pk)
    return update_record(client, actor=actor, action="clients.client.changed", fields=fields)


register_actions(
    {
        "clients.contact.created": _("added a contact"),
        "clients.contact.changed": _("changed a contact"),
        "clients.communicationlog.created": _("logged a conversation"),
    }
)


@dataclass(frozen=True, kw_only=True)
class ContactInput(RecordInput):
    name: str
    role: str = ContactRole.MEETING_OWNER
    title: str = ""
    phone: str = ""
    email: str = ""
    wechat: str = ""


def save_contact(*, client: Client, actor, contact: Contact | None = None, data: ContactInput) -> Contact:
    """Add or change a contact. A phone is a mobile or a landline with its area code, digit by digit."""
    fields = data.values()
    if fields["phone"]:
        try:
            fields["phone"] = normalise_phone(fields["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    if contact is None:
        return create_record(
            Contact,
            org=client.org,
            actor=actor,
            action="clients.contact.created",
            fields={"client": client, **fields},
        )
    return update_record(contact, actor=actor, action="clients.contact.changed", fields=fields)


@dataclass(frozen=True, kw_only=True)
class CommunicationInput(RecordInput):
    """A conversation with the client, and what to do next: a follow-up becomes a task on the meeting."""

    happened_at: dt.datetime
    meeting: Any = None  # a Meeting of the client's organisation
    channel: str = Channel.MEETING
    participants: str = ""
    notes: str = ""
    outcome: str = ""
    follow_up: str = ""
    follow_up_due: dt.date | None = None
    follow_up_assignee: Any = None  # a member of the organisation


FOLLOW_UP = ("follow_up", "follow_up_due", "follow_up_assignee")


@transaction.atomic
def log_communication(*, client: Client, actor, data: CommunicationInput) -> CommunicationLog:
    """Record a conversation; a follow-up on a meeting is sent as ``signals.follow_up_requested``
    (``events`` makes it a task on the meeting, due at the end of its day)."""
    check_follow_up(follow_up=data.follow_up, meeting=data.meeting, due=data.follow_up_due)
    fields = data.values(without=FOLLOW_UP)
    entry = create_record(
        CommunicationLog,
        org=client.org,
        actor=actor,
        action="clients.communicationlog.created",
        fields={"client": client, "created_by": actor, **fields},
    )
    if data.follow_up and data.meeting is not None:
        follow_up_requested.send(
            sender=CommunicationLog, entry=entry, meeting=data.meeting, actor=actor, title=data.follow_up,
            due=data.follow_up_due, assignee=data.follow_up_assignee,
        )  # fmt: skip
    return entry
