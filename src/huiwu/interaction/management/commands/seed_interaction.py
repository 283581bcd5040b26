"""``huiwu seed-interaction --participants N --polls K``: a benchmark meeting with its live interaction,
N participants (their signed cookies in a file, one per line) and K open single-choice polls of four
answers. Prints JSON: the join code, the live interaction, the polls, the screen's token and the file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from huiwu.accounts.models import User
from huiwu.events.models import Meeting
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.interaction import services, voting
from huiwu.interaction.models import Participant
from huiwu.interaction.services import PollInput
from huiwu.orgs.models import Membership, Organization
from huiwu.orgs.services import create_organization

SLUG = "bench-interaction"
NAME = "Interaction benchmark"


class Command(BaseCommand):
    help = "Create a live-interaction benchmark meeting; print its code, polls and participants' cookies."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=10_000)
        parser.add_argument("--polls", type=int, default=4)

    def handle(self, *args, **options):
        n = max(1, min(options["participants"], 500_000))
        owner = User.objects.filter(username="bench-owner").first() or User.objects.create_user(
            username="bench-owner", password=None, name="Bench owner"
        )
        org = Organization.objects.filter(slug=SLUG).first() or create_organization(
            name=NAME, slug=SLUG, owner=owner
        )
        who = Membership.objects.get(org=org, user=owner)
        today = timezone.localdate()
        meeting = Meeting.objects.filter(org=org, name=NAME).first() or create_meeting(
            org=org,
            actor=owner,
            with_playbook=False,
            data=MeetingInput(name=NAME, start_date=today, end_date=today + dt.timedelta(days=1)),
        )
        live = services.set_up(meeting=meeting, membership=who)
        have = Participant.objects.filter(live=live).count()
        for start in range(have, n, 5000):
            Participant.objects.bulk_create(
                [Participant(live=live) for _ in range(start, min(n, start + 5000))], batch_size=1000
            )
        polls = []
        for k in range(max(1, options["polls"])):
            data = PollInput(question=f"Bench poll {k + 1}", options=["A", "B", "C", "D"])
            poll = services.create_poll(meeting=meeting, membership=who, data=data)
            polls.append(services.open_poll(poll=poll, membership=who).pk)
        path = Path(settings.MEDIA_ROOT) / "bench" / f"interaction-cookies-{live.pk}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        ids = Participant.objects.filter(live=live).order_by("pk").values_list("pk", flat=True)[:n]
        path.write_text("".join(f"{pk} {voting.token_for(live.pk, pk)}\n" for pk in ids))
        self.stdout.write(
            json.dumps(
                {
                    "code": live.code,
                    "live": live.pk,
                    "polls": polls,
                    "screen": live.screen_token,
                    "cookies": str(path),
                    "participants": n,
                }
            )
        )
