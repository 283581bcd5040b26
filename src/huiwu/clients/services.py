from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import register_actions
from huiwu.core.records import create_record, update_record
from huiwu.core.text import clean_fields, normalise_phone

from .errors import DuplicateClient, check_follow_up
from .models import Client, CommunicationLog, Contact
from .signals import follow_up_requested

register_actions(
    {"clients.client.created": _("created the client"), "clients.client.changed": _("changed the client")}
)


def _check_unique_name(org, name: str | None, exclude_pk=None) -> None:
    if name is not None and Client.objects.filter(org=org, name=name).exclude(pk=exclude_pk).exists():
        raise DuplicateClient(details={"field": "name"})


def create_client(*, org, actor, **fields) -> Client:
    fields = clean_fields(Client, fields)
    _check_unique_name(org, fields.get("name"))
    return create_record(Client, org=org, actor=actor, action="clients.client.created", fields=fields)


def update_client(*, client: Client, actor, **fields) -> Client:
    fields = clean_fields(Client, fields)
    _check_unique_name(client.org, fields.get("name"), exclude_pk=client.pk)
    return update_record(client, actor=actor, action="clients.client.changed", fields=fields)


register_actions(
    {
        "clients.contact.created": _("added a contact"),
        "clients.contact.changed": _("changed a contact"),
        "clients.communicationlog.created": _("logged a conversation"),
    }
)


def save_contact(*, client: Client, actor, contact: Contact | None = None, **fields) -> Contact:
    """Add or change a contact. A phone is a mobile or a landline with its area code, digit by digit."""
    if fields.get("phone"):
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


@transaction.atomic
def log_communication(
    *, client: Client, actor, follow_up: str = "", follow_up_due=None, follow_up_assignee=None, **fields
) -> CommunicationLog:
    """Record a conversation; a follow-up on a meeting is sent as ``signals.follow_up_requested``
    (``events`` makes it a task on the meeting, due at the end of its day)."""
    check_follow_up(follow_up=follow_up, meeting=fields.get("meeting"), due=follow_up_due)
    entry = create_record(
        CommunicationLog,
        org=client.org,
        actor=actor,
        action="clients.communicationlog.created",
        fields={"client": client, "created_by": actor, **fields},
    )
    meeting = fields.get("meeting")
    if follow_up and meeting is not None:
        follow_up_requested.send(
            sender=CommunicationLog, entry=entry, meeting=meeting, actor=actor, title=follow_up,
            due=follow_up_due, assignee=follow_up_assignee,
        )  # fmt: skip
    return entry
