"""``huiwu serve``: the ASGI server (HTTP + WebSocket) and the task worker, together.

By default the worker runs as threads inside the server process, so a laptop needs one command
and live updates from jobs reach the sockets without Redis. ``--no-worker`` serves only (when
workers run as their own processes with ``huiwu run_huey``, which needs ``REDIS_URL`` for their
live updates to reach the web processes).
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Huiwu (ASGI server and task worker)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HUIWU_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("HUIWU_PORT", "8000")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker.")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("HUIWU_WORKER_THREADS", "2")))
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply migrations first.")

    def handle(self, *args, **opts):
        import uvicorn
        from django.core.management import call_command

        from huiwu.core.sqlite import base as sqlite_backend

        sqlite_backend.SERIALISE_WRITERS = True  # many request threads write: they take turns
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        consumer = None
        if not opts["no_worker"]:
            consumer = self._start_worker(opts["workers"])
        self.stdout.write(
            f"Huiwu serving on http://{opts['host']}:{opts['port']}/ (database: "
            f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
            f"redis: {'on' if settings.REDIS_URL else 'off'})"
        )
        try:
            uvicorn.run(
                "huiwu.asgi:application",
                host=opts["host"],
                port=opts["port"],
                ws_per_message_deflate=False,
                lifespan="off",
                log_level=os.environ.get("HUIWU_SERVER_LOG_LEVEL", "warning"),
            )
        finally:
            if consumer is not None:
                consumer.stop(graceful=False)

    def _start_worker(self, workers: int):
        from huey.contrib.djhuey import HUEY

        from huiwu.jobs.tasks import beat

        consumer = HUEY.create_consumer(workers=workers, worker_type="thread", periodic=True)
        # start() runs workers and the scheduler in threads and returns; uvicorn then installs its
        # own signal handlers over the consumer's, so Ctrl-C stops the server and we stop the worker.
        consumer.start()
        beat()
        return consumer
