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


def running_today(meeting) -> None:
    """Move a meeting so that it runs from yesterday to tomorrow (in its time zone): a scan made now
    falls on one of its days, whatever the date the suite runs on."""
    import zoneinfo

    from django.utils import timezone

    today = timezone.now().astimezone(zoneinfo.ZoneInfo(meeting.timezone)).date()
    meeting.start_date, meeting.end_date = (
        today - datetime.timedelta(days=1),
        today + datetime.timedelta(days=1),
    )
    Meeting.objects.filter(pk=meeting.pk).update(start_date=meeting.start_date, end_date=meeting.end_date)
