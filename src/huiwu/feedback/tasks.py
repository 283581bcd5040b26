from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import calls, surveys


@db_periodic_task(crontab(minute="*/5"))
def send_surveys() -> None:
    """Surveys whose time has come go out; the reminders fall due."""
    surveys.send_due()


@db_periodic_task(crontab(minute="*/15"))
def watch_calls() -> None:
    """Follow-up calls past their 48 hours: the caller told once."""
    calls.watch()
