"""What feedback answers when other apps ask."""

from django.dispatch import receiver
from django.utils.translation import gettext

from huiwu.onsite.signals import command_alerts

from . import selectors


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
