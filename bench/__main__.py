"""Run every benchmark in a throw-away data directory and print the figures."""

import os
import sys
import tempfile

os.environ["HUIWU_DATA_DIR"] = tempfile.mkdtemp(prefix="huiwu-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ["HUIWU_FAST_PASSWORD_HASHING"] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwu.settings")

import django

django.setup()

from bench import agenda, attendees, checkin, command, live, meetings, pages

if __name__ == "__main__":
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    only = sys.argv[1:] or ["pages", "meetings", "live", "agenda", "attendees", "checkin", "command"]
    if "pages" in only:
        pages.run()
    if "meetings" in only:
        meetings.run()
    if "live" in only:
        live.run()
    if "agenda" in only:
        agenda.run()
    if "agenda" in only or "agenda-families" in only:
        agenda.families()
    if "attendees" in only:
        attendees.run()
    if "checkin" in only:
        checkin.run()
    if "command" in only:
        command.run()
