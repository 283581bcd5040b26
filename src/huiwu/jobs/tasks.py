import time

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from .services import execute_job

HEARTBEAT_KEY = "huiwu:worker-heartbeat"


@db_task()
def run_job(job_id: int) -> None:
    execute_job(job_id)


def beat() -> None:
    HUEY.put(HEARTBEAT_KEY, time.time())


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Tell /healthz the worker is alive (the queue's own store carries the timestamp)."""
    beat()


def last_heartbeat() -> float | None:
    return HUEY.get(HEARTBEAT_KEY, peek=True)


@HUEY.on_shutdown()
def close_db_connections() -> None:
    """A worker thread that stops closes its database connections (kept open between tasks)."""
    from django.db import connections

    connections.close_all()
