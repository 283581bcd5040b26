from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.tasks import send_task_reminders


@db_periodic_task(crontab(minute="*/15"))
def task_reminders() -> None:
    """Due-soon and overdue reminders, every 15 minutes."""
    send_task_reminders()
