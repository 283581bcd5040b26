from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import register_actions
from huiwu.core.records import create_record, update_record

from .models import Client

register_actions(
    {"clients.client.created": _("created the client"), "clients.client.changed": _("changed the client")}
)


def create_client(*, org, actor, **fields) -> Client:
    return create_record(Client, org=org, actor=actor, action="clients.client.created", fields=fields)


def update_client(*, client: Client, actor, **fields) -> Client:
    return update_record(client, actor=actor, action="clients.client.changed", fields=fields)
