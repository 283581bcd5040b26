import datetime

import factory

from huiwu.clients.models import Client
from huiwu.events.models import Meeting

from .orgs import OrganizationFactory


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    org = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"客户{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    org = factory.SubFactory(OrganizationFactory)
    client = factory.SubFactory(ClientFactory, org=factory.SelfAttribute("..org"))
    name = factory.Sequence(lambda n: f"会议{n}")
    start_date = datetime.date(2026, 12, 1)
    end_date = datetime.date(2026, 12, 2)
    expected_attendance = 300
