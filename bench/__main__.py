"""Run every benchmark in a throw-away data directory and print the figures."""

import os
import sys
import tempfile

os.environ["HUIWU_DATA_DIR"] = tempfile.mkdtemp(prefix="huiwu-bench-")
# The in-process benchmarks run on the embedded default; HUIWU_BENCH_INPROCESS_DATABASE_URL (and
# _REDIS_URL) point them at PostgreSQL (and Redis) instead, e.g. `python -m bench budgets`.
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
if os.environ.get("HUIWU_BENCH_INPROCESS_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["HUIWU_BENCH_INPROCESS_DATABASE_URL"]
if os.environ.get("HUIWU_BENCH_INPROCESS_REDIS_URL"):
    os.environ["REDIS_URL"] = os.environ["HUIWU_BENCH_INPROCESS_REDIS_URL"]
os.environ["HUIWU_FAST_PASSWORD_HASHING"] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwu.settings")

import django

django.setup()

from bench import agenda, attendees, budgets, checkin, command, interaction, live, meetings, pages

if __name__ == "__main__":
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    only = sys.argv[1:] or [
        "pages",
        "meetings",
        "live",
        "agenda",
        "attendees",
        "checkin",
        "command",
        "budgets",
        "interaction",
    ]
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
    if "budgets" in only:
        budgets.run()
    if "interaction" in only:
        interaction.run()
