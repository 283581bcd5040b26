from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import watch


@db_periodic_task(crontab(minute="*"))
def sla_watch() -> None:
    """Escalate lapsed incident timers and ask for major incidents' updates, every minute."""
    watch()


@db_periodic_task(crontab(minute="*"))
def cue_reminders() -> None:
    """Remind the responsible person and the speaker before each cue, every minute."""
    from .cues import remind_due

    remind_due()
