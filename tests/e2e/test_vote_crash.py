"""A server killed (SIGKILL) while phones vote: every vote it acknowledged is in the database — the
acknowledgement comes only after the batch that holds the vote is committed. On PostgreSQL + Redis the
server checks votes in Redis; on the embedded default, in its memory."""

import asyncio
import json

import pytest
from django.conf import settings
from websockets.asyncio.client import connect

from huiwu.interaction import services, voting
from huiwu.interaction.models import Participant, Vote
from huiwu.interaction.public import COOKIE
from huiwu.interaction.services import PollInput
from huiwu.orgs.models import Membership
from tests.conftest import make_tenant

pytestmark = pytest.mark.e2e

PHONES = 60


def test_every_acknowledged_vote_survives_a_kill(start_server, transactional_db):
    tenant = make_tenant()
    owner = Membership.objects.get(org=tenant.org, user=tenant.owner)
    live = services.set_up(meeting=tenant.meeting, membership=owner)
    data = PollInput(question="选哪个？", options=["甲", "乙", "丙"])
    poll = services.open_poll(poll=services.create_poll(meeting=tenant.meeting, membership=owner, data=data),
                              membership=owner)  # fmt: skip
    people = Participant.objects.bulk_create([Participant(live=live) for _ in range(PHONES)])
    server = start_server(worker=False, redis_url=settings.REDIS_URL)
    url = server.url.replace("http", "ws") + f"/ws/i/{live.code}/"
    acked: list[int] = []

    async def phone(person, go: asyncio.Event):
        headers = {"Cookie": f"{COOKIE}={voting.token_for(live.pk, person.pk)}", "Origin": server.url}
        try:
            async with connect(url, additional_headers=headers, open_timeout=20) as ws:
                await ws.recv()  # hello
                await go.wait()
                await ws.send(json.dumps({"t": "vote", "ref": person.pk, "poll": poll.pk, "choice": "2"}))
                while True:
                    event = json.loads(await ws.recv())
                    if event.get("type") == "ack" and event.get("ok"):
                        acked.append(person.pk)
                        if len(acked) == PHONES // 3:
                            server.proc.kill()  # SIGKILL: no chance to flush anything
                        return
        except Exception:
            return  # the server died under this phone: its vote was never acknowledged

    async def run():
        go = asyncio.Event()
        tasks = [asyncio.ensure_future(phone(p, go)) for p in people]
        await asyncio.sleep(1.5)  # the sockets open
        go.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 60)

    asyncio.run(run())
    server.proc.wait(10)
    assert len(acked) >= PHONES // 3
    kept = set(Vote.objects.filter(poll=poll).values_list("participant_id", flat=True))
    assert set(acked) <= kept, f"acknowledged but lost: {set(acked) - kept}"
    poll.refresh_from_db()
    assert (
        poll.voters == len(kept) == sum(poll.counts.values())
    )  # the counts moved with the votes, atomically
