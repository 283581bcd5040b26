"""What meetings do when other apps tell them something."""

from django.dispatch import receiver

from huiwu.clients.signals import follow_up_requested

from .services.tasks import create_task


@receiver(follow_up_requested, dispatch_uid="events.task_for_follow_up")
def task_for_follow_up(sender, *, meeting, actor, title, due, assignee, **kwargs) -> None:
    """A follow-up promised to a client becomes a task on the meeting, due at the end of its day."""
    create_task(meeting=meeting, actor=actor, title=title, due=due, assignee=assignee)
