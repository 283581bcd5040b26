"""What feedback answers when other apps ask."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext

from huiwu.attendees.signals import badge_links
from huiwu.onsite.signals import command_alerts

from . import selectors
from .models import Recipient, Station, SurveyStatus


@receiver(command_alerts, dispatch_uid="feedback.frequent_requests")
def frequent_requests(sender, *, meeting, now, **kwargs) -> list[tuple[str, str, object]]:
    """Every frequent request whose task is open is an alert of the command centre."""
    return [
        (
            "feedback",
            gettext("Frequent request: %(topic)s (%(people)s people)")
            % {"topic": s.topic.name, "people": s.count},
            s.raised_at,
        )
        for s in selectors.open_surges(meeting)
    ]


@receiver(badge_links, dispatch_uid="feedback.badge_links")
def on_the_badge(sender, *, attendee, **kwargs) -> list[tuple[str, str, str]]:
    """The e-badge offers the meeting's open feedback stations and, once sent, the person's survey."""
    links = [
        (gettext("Feedback: %(station)s") % {"station": s.name},
         reverse("feedback_public:station", kwargs={"token": s.token}), f"ebadge-station-{s.pk}")
        for s in Station.objects.filter(meeting_id=attendee.meeting_id, is_open=True)
    ]  # fmt: skip
    mine = (
        Recipient.objects.filter(
            attendee=attendee, answered_at__isnull=True, survey__status=SurveyStatus.OPEN
        )
        .exclude(sent_at=None)
        .first()
    )
    if mine is not None:
        url = reverse("feedback_public:survey", kwargs={"token": mine.token})
        links.append((gettext("Tell us how it went (survey)"), url, "ebadge-survey"))
    return links
