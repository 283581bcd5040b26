"""``huiwu seed-checkin --attendees N``: a benchmark meeting with N confirmed attendees, their badges,
one gate and a device token paired to that gate. Idempotent (the meeting grows to N when asked for
more); prints JSON with the meeting, the gate, a new token and a file of badge payloads, one per line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from huiwu.accounts.models import User
from huiwu.attendees import badges
from huiwu.attendees.models import Attendee, new_token
from huiwu.attendees.services import registration_of
from huiwu.checkin import devices
from huiwu.checkin.models import Gate
from huiwu.events.models import Meeting
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.services import add_member, create_organization

SLUG = "bench-checkin"
NAME = "Check-in benchmark"


class Command(BaseCommand):
    help = (
        "Create (idempotently) a check-in benchmark meeting; print its gate, a device token and the badges."
    )

    def add_arguments(self, parser):
        parser.add_argument("--attendees", type=int, default=20_000)

    def handle(self, *args, **options):
        n = max(1, min(options["attendees"], 500_000))
        owner = User.objects.filter(username="bench-owner").first() or User.objects.create_user(
            username="bench-owner", password=None, name="Bench owner"
        )
        org = Organization.objects.filter(slug=SLUG).first() or create_organization(
            name="Check-in benchmark", slug=SLUG, owner=owner
        )
        scanner = User.objects.filter(username="bench-scanner").first() or User.objects.create_user(
            username="bench-scanner", password=None, name="Bench scanner"
        )
        if not Membership.objects.filter(org=org, user=scanner).exists():
            add_member(org=org, user=scanner, role=Role.ONSITE, actor=owner)
        today = timezone.localdate()
        meeting = Meeting.objects.filter(org=org, name=NAME).first() or create_meeting(
            org=org,
            actor=owner,
            with_playbook=False,
            data=MeetingInput(name=NAME, start_date=today, end_date=today + dt.timedelta(days=1)),
        )
        if not meeting.start_date <= today <= meeting.end_date:  # gates admit on the meeting's days only
            Meeting.objects.filter(pk=meeting.pk).update(
                start_date=today, end_date=today + dt.timedelta(days=1)
            )
        gate = Gate.objects.filter(meeting=meeting, name="Gate 1").first() or Gate.objects.create(
            org=org, meeting=meeting, name="Gate 1"
        )
        have = Attendee.objects.filter(meeting=meeting).count()
        with transaction.atomic():
            for start in range(have, n, 5000):
                rows = [
                    Attendee(
                        org=org,
                        meeting=meeting,
                        name=f"Guest {i:06d}",
                        mobile=f"+86135{i:08d}",
                        organisation=f"Company {i % 400}",
                        token=new_token(),
                        badge_secret=new_token(),
                    )
                    for i in range(start, min(n, start + 5000))
                ]
                Attendee.objects.bulk_create(rows, batch_size=1000)
        key = registration_of(meeting).badge_key
        path = Path(settings.MEDIA_ROOT) / "bench" / f"checkin-badges-{meeting.pk}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as out:
            for secret in (
                Attendee.objects.filter(meeting=meeting)
                .order_by("id")
                .values_list("badge_secret", flat=True)[:n]
            ):
                out.write(badges.sign(key, secret) + "\n")
        _device, code = devices.add(gate=gate, name="seed-checkin", actor=owner)
        _device, raw = devices.pair(code)
        self.stdout.write(
            json.dumps(
                {"meeting": meeting.pk, "gate": gate.pk, "token": raw, "badges": str(path), "attendees": n}
            )
        )
