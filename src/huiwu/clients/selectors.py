from django.db.models import Count

from huiwu.orgs.access import scoped

from .models import Client


def clients_for_org(org):
    return scoped(Client, org).annotate(meeting_count=Count("meetings")).order_by("name")
