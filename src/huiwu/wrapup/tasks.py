from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import followup, summary


@db_periodic_task(crontab(minute="*/15"))
def watch_summary_reports() -> None:
    """Summary reports due soon or missed, photos not mailed in time: the PM told once."""
    summary.watch()
    followup.watch()


@db_periodic_task(crontab(hour="3", minute="10"))
def retention() -> None:
    """Meetings past the organisation's retention period: their attendees de-identified, owners told."""
    from . import privacy

    privacy.run_retention()
