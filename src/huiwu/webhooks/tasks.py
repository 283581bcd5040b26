from huey.contrib.djhuey import db_task

from .services import attempt


@db_task()
def deliver(delivery_id: int) -> None:
    """One delivery attempt; the next one, after a failure, is scheduled by ``attempt`` itself."""
    attempt(delivery_id)
