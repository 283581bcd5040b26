"""What the risk register does when other apps tell it something."""

from django.dispatch import receiver
from django.utils.translation import gettext

from huiwu.events.services.gates import Missing
from huiwu.events.signals import gate_checked, meeting_created

from . import deadlines
from .services import suggest_risks


@receiver(meeting_created, dispatch_uid="risks.suggest_for_new_meeting")
def suggest_for_new_meeting(sender, *, meeting, actor, **kwargs) -> None:
    """A new meeting starts with the risks the rule table suggests (like its tasks from the playbook)."""
    suggest_risks(meeting=meeting, actor=actor)


@receiver(gate_checked, dispatch_uid="risks.watched_deadlines_in_gate")
def watched_deadlines_in_gate(sender, *, meeting, **kwargs) -> list[Missing]:
    """A watched deadline not met yet is missing from the gate of the stage its due date falls in (and
    of every later stage)."""
    return [
        Missing(
            "check",
            gettext("%(what)s (due by %(day)s)") % {"what": d.label, "day": d.due_on.isoformat()},
            d.url,
        )
        for d in deadlines.of_meeting(meeting)
        if not d.met and d.stage <= meeting.stage
    ]
