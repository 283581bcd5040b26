"""The doors of the live interaction: the participant's page and its socket (join by code, the vote
answered after it is kept, a forged cookie refused), the big screen's socket receiving the results, the
form fallback, and the moderator's console (planners only)."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.testing import ApplicationCommunicator
from django.urls import reverse

from huiwu.interaction import presence, services, store
from huiwu.interaction.models import Participant, Poll, Vote
from huiwu.interaction.public import COOKIE
from huiwu.interaction.services import PollInput
from huiwu.orgs.enums import Role
from tests.conftest import member
from tests.factories.events import MeetingFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def live(db):
    meeting = MeetingFactory()
    owner = member(meeting.org, Role.OWNER)
    made = services.set_up(meeting=meeting, membership=owner)
    made.owner = owner
    return made


def open_poll(live, **kw):
    data = PollInput(**{"question": "最期待哪个环节？", "options": ["主论坛", "AI 互动区"], **kw})
    poll = services.create_poll(meeting=live.meeting, membership=live.owner, data=data)
    return services.open_poll(poll=poll, membership=live.owner)


def test_the_code_leads_to_the_page_which_joins_once(client, live):
    assert client.post("/i/", {"code": "NOPE99"}).status_code == 200
    assert client.post("/i/", {"code": live.code.lower()})["Location"] == f"/i/{live.code}/"
    open_poll(live)
    page = client.get(f"/i/{live.code}/")
    assert page.status_code == 200 and COOKIE in page.cookies
    assert "最期待哪个环节？" in page.content.decode()
    client.get(f"/i/{live.code}/")
    assert Participant.objects.filter(live=live).count() == 1
    assert client.get("/i/ZZZZZZ/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_form_votes_when_there_is_no_socket(client):
    meeting = MeetingFactory()
    owner = member(meeting.org, Role.OWNER)
    live = services.set_up(meeting=meeting, membership=owner)
    live.owner = owner
    poll = open_poll(live)
    client.get(f"/i/{live.code}/")
    url = reverse("interaction-public:vote", kwargs={"code": live.code, "poll": poll.pk})
    assert client.post(url, {"choice": "9"}).status_code == 302
    assert not Vote.objects.exists()
    page = client.post(url, {"choice": "1"}, follow=True).content.decode()
    assert Vote.objects.get().choice == ["1"]
    again = client.post(url, {"choice": "2"}, follow=True).content.decode()
    assert 'class="msg error"' in again
    assert Vote.objects.get().choice == ["1"] and 'class="msg success"' in page


class WebsocketCommunicator(ApplicationCommunicator):
    """A WebSocket client of the ASGI application (as Channels' own, which needs Daphne installed)."""

    def __init__(self, application, path, headers):
        scope = {"type": "websocket", "path": path, "raw_path": path.encode(), "query_string": b"",
                 "headers": headers, "subprotocols": [], "client": ["127.0.0.1", 50000],
                 "server": ["localhost", 80]}  # fmt: skip
        super().__init__(application, scope)

    async def connect(self, timeout=3):
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout)
        if answer["type"] == "websocket.close":
            return False, answer.get("code", 1000)
        return True, answer.get("subprotocol")

    async def send_to(self, text_data):
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def receive_from(self, timeout=3):
        answer = await self.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return answer["text"]

    async def disconnect(self, code=1000, timeout=3):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


async def _receive(socket, kind, timeout=3.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        event = json.loads(await socket.receive_from(timeout=max(left, 0.01)))
        if event.get("type") == kind:
            return event


@pytest.mark.django_db(transaction=True)
def test_a_phone_votes_over_its_socket_and_the_screen_hears_the_result(client):
    from huiwu.asgi import application

    meeting = MeetingFactory()
    owner = member(meeting.org, Role.OWNER)
    live = services.set_up(meeting=meeting, membership=owner)
    live.owner = owner
    poll = open_poll(live)
    client.get(f"/i/{live.code}/")
    cookie = f"{COOKIE}={client.cookies[COOKIE].value}".encode()
    origin = (b"origin", b"http://localhost")

    async def scenario():
        screen = WebsocketCommunicator(application, f"/ws/screen/{live.screen_token}/", headers=[origin])
        assert (await screen.connect())[0]
        await _receive(screen, "hello")
        forged = WebsocketCommunicator(
            application, f"/ws/i/{live.code}/", headers=[origin, (b"cookie", cookie[:-3] + b"abc")]
        )
        connected, code = await forged.connect()
        assert not connected or code == 4403
        phone = WebsocketCommunicator(
            application, f"/ws/i/{live.code}/", headers=[origin, (b"cookie", cookie)]
        )
        assert (await phone.connect())[0]
        await _receive(phone, "hello")
        await phone.send_to(text_data=json.dumps({"t": "vote", "ref": "r1", "poll": poll.pk, "choice": "7"}))
        refused = await _receive(phone, "ack")
        assert refused["ok"] is False and refused["code"] == "interaction_choice" and refused["message"]
        await phone.send_to(text_data=json.dumps({"t": "vote", "ref": "r2", "poll": poll.pk, "choice": "2"}))
        kept = await _receive(phone, "ack")
        assert (
            kept["ok"] is True and kept["ref"] == "r2" and (kept["outcome"], kept["choice"]) == ("new", ["2"])
        )
        result = await _receive(screen, "poll.results")
        assert result["voters"] == 1 and result["counts"] == {"2": 1}
        seen = await _receive(phone, "poll.results")  # "always": the phones see it too
        assert seen["seq"] == result["seq"]
        await phone.send_to(text_data="x" * 20000)  # too big: refused unread, the socket stays
        assert (await _receive(phone, "ack"))["code"] == "interaction_too_long"
        ask = {"t": "ask", "ref": "askq", "text": "问" * 10000}  # a 10 KB question: a clear refusal
        await phone.send_to(text_data=json.dumps(ask, ensure_ascii=False))
        refused = await _receive(phone, "ack")
        assert refused["ok"] is False and refused["code"] == "interaction_question_invalid"
        ask = {"t": "ask", "ref": "askq2", "text": "<script>x</script>\u8bf7\u95ee", "anonymous": True}
        await phone.send_to(text_data=json.dumps(ask))
        asked = await _receive(phone, "ack")
        assert asked["ok"] and asked["asked"]["status"] == "pending" and asked["asked"]["name"] == ""
        await phone.send_to(text_data=json.dumps({"t": "up", "ref": "up1", "question": asked["asked"]["id"]}))
        assert (await _receive(phone, "ack"))["code"] == "interaction_poll_closed"  # not shown yet
        await phone.send_to(text_data="ping")
        assert json.loads(await phone.receive_from(timeout=2)) == {"type": "pong"}
        await phone.disconnect()
        await screen.disconnect()
        await store.get_store().aclose()  # this loop's Redis client (a server's loop lives as long as it)
        presence.get_presence().stop()  # its heartbeats written now, not into a later test

    asyncio.run(scenario())
    assert Poll.objects.get(pk=poll.pk).voters == 1


def test_the_console_is_for_planners(client, live):
    viewer = member(live.org, Role.VIEWER)
    url = reverse("interaction:console", kwargs={"org": live.org.slug, "meeting": live.meeting_id})
    client.force_login(viewer.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "create", "question": "x", "options": "a\nb"}).status_code == 403
    client.force_login(live.owner.user)
    form = {
        "action": "create",
        "question": "哪个话题？",
        "kind": "single",
        "options": "甲\n乙",
        "show_results": "always",
    }
    done = client.post(url, form)
    assert done.status_code == 302
    poll = Poll.objects.get(meeting=live.meeting)
    assert [o["label"] for o in poll.options] == ["甲", "乙"]
    client.post(url, {"action": "open", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "open"
    page = client.get(url).content.decode()
    assert live.code in page and 'data-testid="screen-link"' in page
    bad = client.post(url, {**form, "question": ""}, follow=True)
    assert 'class="msg error"' in bad.content.decode()
    assert Poll.objects.filter(meeting=live.meeting).count() == 1
    screen = client.get(reverse("interaction-public:screen", kwargs={"token": live.screen_token}))
    assert screen.status_code == 200 and "<svg" in screen.content.decode()
    assert client.get(reverse("interaction-public:screen", kwargs={"token": "nope"})).status_code == 404
