"""What the risk register does when other apps tell it something."""

from django.dispatch import receiver

from huiwu.events.signals import meeting_created

from .services import suggest_risks


@receiver(meeting_created, dispatch_uid="risks.suggest_for_new_meeting")
def suggest_for_new_meeting(sender, *, meeting, actor, **kwargs) -> None:
    """A new meeting starts with the risks the rule table suggests (like its tasks from the playbook)."""
    suggest_risks(meeting=meeting, actor=actor)
