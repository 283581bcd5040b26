from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import watch


@db_periodic_task(crontab(minute="*"))
def sla_watch() -> None:
    """Escalate lapsed incident timers and ask for major incidents' updates, every minute."""
    watch()
