from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="9", minute="5"))
def remind_supplier_documents() -> int:
    """Qualification documents coming to their end: told once each."""
    return services.remind()
