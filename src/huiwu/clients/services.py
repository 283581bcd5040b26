from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import register_actions
from huiwu.core.errors import Conflict
from huiwu.core.records import create_record, update_record

from .models import Client

register_actions(
    {"clients.client.created": _("created the client"), "clients.client.changed": _("changed the client")}
)


class DuplicateClient(Conflict):
    code = "duplicate_client"
    default_message = _("A client with this name already exists.")


def _check_unique_name(org, name: str | None, exclude_pk=None) -> None:
    if name is not None and Client.objects.filter(org=org, name=name).exclude(pk=exclude_pk).exists():
        raise DuplicateClient(details={"field": "name"})


def create_client(*, org, actor, **fields) -> Client:
    _check_unique_name(org, fields.get("name"))
    return create_record(Client, org=org, actor=actor, action="clients.client.created", fields=fields)


def update_client(*, client: Client, actor, **fields) -> Client:
    _check_unique_name(client.org, fields.get("name"), exclude_pk=client.pk)
    return update_record(client, actor=actor, action="clients.client.changed", fields=fields)
