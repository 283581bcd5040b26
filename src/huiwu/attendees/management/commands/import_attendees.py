"""``huiwu import-attendees FILE --org ORG (--meeting ID | --new-meeting NAME)``: the web import from
the command line. Prints one JSON line; exits non-zero only when the whole file is refused."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huiwu.attendees.importing import FileRejected, run_import
from huiwu.core.audit import log_action
from huiwu.events.models import Meeting
from huiwu.orgs.models import Organization


class Command(BaseCommand):
    help = "Import attendees from an Excel (.xlsx) or CSV file into a meeting."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organisation's slug")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--meeting", type=int, help="the meeting's id")
        target.add_argument("--new-meeting", help="create a meeting with this name (day T in 60 days)")

    def handle(self, *args, **options):
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organisation {options['org']!r}")
        path = Path(options["file"])
        if not path.is_file():
            return self._fail(None, f"no such file: {path}")
        if options["meeting"] is not None:
            meeting = Meeting.objects.filter(org=org, pk=options["meeting"]).first()
            if meeting is None:
                raise CommandError(f"no meeting {options['meeting']} in {org.slug}")
        else:
            from huiwu.events.services.meetings import MeetingInput, create_meeting

            day = timezone.localdate() + dt.timedelta(days=60)
            meeting = create_meeting(
                org=org,
                actor=None,
                data=MeetingInput(name=options["new_meeting"][:200], start_date=day, end_date=day),
            )
        try:
            outcome = run_import(meeting=meeting, path=path, filename=path.name)
        except FileRejected as exc:
            return self._fail(meeting.pk, exc.message)
        log_action(
            "attendees.imported",
            target=meeting,
            actor=None,
            org=org,
            data={"file": path.name, "imported": outcome.imported, "updated": outcome.updated, "via": "cli"},
        )
        self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))

    def _fail(self, meeting, message: str):
        self.stdout.write(
            json.dumps(
                {
                    "meeting": meeting,
                    "imported": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "errors": [{"row": None, "field": None, "message": message}],
                },
                ensure_ascii=False,
            )
        )
        sys.exit(1)
