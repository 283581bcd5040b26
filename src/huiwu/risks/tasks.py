from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .deadlines import watch


@db_periodic_task(crontab(minute="*/15"))
def deadline_watch() -> None:
    """Tell the meetings' owners of watched deadlines due soon or missed, every 15 minutes."""
    watch()
