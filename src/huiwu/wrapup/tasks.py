from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import summary


@db_periodic_task(crontab(minute="*/15"))
def watch_summary_reports() -> None:
    """Summary reports due soon or missed: the PM told once per state."""
    summary.watch()
