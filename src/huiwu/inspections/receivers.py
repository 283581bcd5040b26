"""What inspections answer when other apps ask."""

from django.dispatch import receiver
from django.utils.translation import gettext

from huiwu.onsite.signals import command_alerts
from huiwu.standards.selectors import label

from . import selectors


@receiver(command_alerts, dispatch_uid="inspections.open_failures")
def open_failures(sender, *, meeting, now, **kwargs) -> list[tuple[str, str, object]]:
    """Every inspection item whose last check failed is an alert of the command centre."""
    return [
        (
            "inspection",
            gettext("%(what)s at %(place)s") % {"what": label(i.key), "place": i.inspection.place},
            i.checked_at,
        )
        for i in selectors.open_failures(meeting)
    ]
