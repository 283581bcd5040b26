from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .payments import remind_overdue


@db_periodic_task(crontab(hour="9", minute="0"))
def overdue_payments() -> None:
    """Every morning: the payment milestones past due, told to finance, the PM and the webhooks."""
    remind_overdue()
