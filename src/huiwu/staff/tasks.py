from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="9", minute="0"))
def remind_staff() -> int:
    """Certificates coming to their end, training short of the year's hours: told once each."""
    return services.remind()
