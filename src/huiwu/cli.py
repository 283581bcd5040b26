"""The ``huiwu`` command: Django's management commands plus ours (serve, demo, token, schedule, ...)."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["schedule"]:  # the solver needs no web application: skip loading Django
        from huiwu.agenda.scheduling.cli import main as schedule

        sys.exit(schedule(sys.argv[2:]))
    if sys.argv[1:2] in (["import-attendees"], ["seed-checkin"], ["seed-interaction"]):
        sys.argv[1] = sys.argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
