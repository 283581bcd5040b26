"""The one WebSocket a page opens: ``/ws/live/?org=<slug>``.

It subscribes the socket to the signed-in user's topic and, when the user is an active member,
to the organisation's topic; the per-process hub (``core/realtime.py``) writes events to it.
"""

import json
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from huiwu.core.realtime import get_hub
from huiwu.interaction.presence import get_presence


@database_sync_to_async
def _org_topic(user, slug: str) -> str | None:
    from huiwu.orgs.models import Membership

    m = Membership.objects.filter(user=user, org__slug=slug, is_active=True).values("org_id").first()
    return f"org:{m['org_id']}" if m else None


class Socket(AsyncWebsocketConsumer):
    """A consumer whose messages go straight to their handler. Channels' own dispatch first hops to the
    one synchronous thread to close old database connections — for every frame: with thousands of
    phones voting, that hop is the queue everyone waits in. These consumers touch the database only
    through ``database_sync_to_async``, which closes old connections around each call itself."""

    async def dispatch(self, message):
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)


class LiveConsumer(Socket):
    # Fed by this process's hub, not by the channel layer: no per-socket channel or Redis receive to keep.
    channel_layer_alias = None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        topics = [f"user:{user.pk}"]
        query = parse_qs(self.scope.get("query_string", b"").decode())
        slug = query.get("org", [""])[0]
        if slug and (org_topic := await _org_topic(user, slug)):
            topics.append(org_topic)
        # the moderator's console: the interaction's screens and what only moderators see
        live = query.get("live", [""])[0]
        if live and len(live) < 19:
            topics += await _watches(user, live)
        await self.accept()
        # the socket only receives from now on: what the page's HTTP request carried is not kept per socket
        for key in ("session", "cookies", "headers"):
            self.scope.pop(key, None)
        self.sender = self._send_frame
        await get_hub().attach(self.sender, topics)
        await self.send(text_data=json.dumps({"type": "hello", "topics": topics}))

    async def _send_frame(self, frame: str) -> None:
        await self.send(text_data=frame)

    async def disconnect(self, code):
        if hasattr(self, "sender"):
            get_hub().detach(self.sender)

    async def receive(self, text_data=None, bytes_data=None):
        if text_data == "ping":
            await self.send(text_data='{"type":"pong"}')


# --- the live interaction: a participant's phone, and the screens


_codes: dict[str, int] = {}  # join code -> live interaction: a code never changes, a storm of joins asks once


async def _live_by_code(code: str) -> int | None:
    key = code.upper()[:8]
    if key not in _codes:
        found = await _live_of_code(key)
        if found is None:
            return None
        if len(_codes) > 10_000:
            _codes.clear()
        _codes[key] = found
    return _codes[key]


@database_sync_to_async
def _live_of_code(code: str) -> int | None:
    from huiwu.interaction.models import Live

    return Live.objects.filter(code=code).values_list("pk", flat=True).first()


@database_sync_to_async
def _live_by_token(token: str) -> int | None:
    from django.db.models import Q

    from huiwu.interaction.models import Live

    return (
        Live.objects.filter(Q(screen_token=token) | Q(client_token=token))
        .values_list("pk", flat=True)
        .first()
    )


@database_sync_to_async
def _watches(user, live_id: str) -> list[str]:
    """The console's topics: the screens' for the organisation's members, and what only moderators
    see (open answers and questions waiting) for the meeting's planners."""
    from huiwu.events.selectors import is_planner
    from huiwu.interaction.models import Live
    from huiwu.orgs.models import Membership

    live = (
        Live.objects.filter(pk=int(live_id)).select_related("meeting").first()
        if live_id.isdecimal()
        else None
    )
    member = (
        Membership.objects.filter(user=user, org_id=live.org_id, is_active=True).first() if live else None
    )
    if live is None or member is None:
        return []
    topics = [f"live:{live.pk}:screens"]
    if is_planner(member, live.meeting):
        topics.append(f"live:{live.pk}:moderators")
    return topics


@database_sync_to_async
def _ask(live_id: int, participant: int, message: dict, address: str) -> dict:
    from huiwu.interaction import qa
    from huiwu.interaction.models import Live

    session = message.get("session")
    asked = qa.ask(
        live=Live.objects.select_related("meeting").get(pk=live_id),
        participant=participant,
        text=message.get("text") if isinstance(message.get("text"), str) else "",
        anonymous=message.get("anonymous") is True,
        address=address,
        session_id=session if isinstance(session, int) and not isinstance(session, bool) else None,
    )
    return qa.payload(asked)


def _cookie(scope, name: str) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v.strip('"')
    return ""


def _language(scope) -> str:
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant

    wanted = _cookie(scope, settings.LANGUAGE_COOKIE_NAME)
    try:
        return get_supported_language_variant(wanted) if wanted else settings.LANGUAGE_CODE
    except LookupError:
        return settings.LANGUAGE_CODE


MESSAGE_LIMIT = 16384  # a vote or a question is small; a bigger frame is refused unread


class InteractionConsumer(Socket):
    """A participant's phone: ``/ws/i/<code>/``, with the participant's signed cookie. It receives the
    interaction's events (the per-process hub writes them) and sends votes; each vote is answered with
    an ``ack`` once it is committed, or with the reason it was refused."""

    channel_layer_alias = None

    async def connect(self):
        from huiwu.interaction import voting
        from huiwu.interaction.errors import ParticipantInvalid
        from huiwu.interaction.public import COOKIE

        code = self.scope["url_route"]["kwargs"]["code"]
        live_id = await _live_by_code(code)
        try:
            token_live, participant = voting.participant_of(_cookie(self.scope, COOKIE))
        except ParticipantInvalid:
            token_live, participant = None, None
        if live_id is None or token_live != live_id:
            await self.close(code=4403)
            return
        self.live_id, self.participant = live_id, participant
        self.address = (self.scope.get("client") or ("", 0))[0]
        self.language = _language(self.scope)
        await self.accept()
        for key in ("session", "cookies", "headers"):
            self.scope.pop(key, None)
        self.sender = self._send_frame
        await get_hub().attach(self.sender, [f"live:{live_id}"])
        get_presence().beat(live_id, participant, False)
        await self.send(text_data='{"type":"hello"}')

    async def _send_frame(self, frame: str) -> None:
        await self.send(text_data=frame)

    async def disconnect(self, code):
        if hasattr(self, "sender"):
            get_hub().detach(self.sender)

    async def receive(self, text_data=None, bytes_data=None):
        if text_data == "ping":
            await self.send(text_data='{"type":"pong"}')
            return
        if not text_data:
            return
        if len(text_data) > MESSAGE_LIMIT:
            from django.utils import translation
            from django.utils.translation import gettext

            with translation.override(self.language):
                text = gettext("This message is too long: nothing was kept.")
            await self.send(text_data=json.dumps({"type": "ack", "ok": False, "code": "interaction_too_long",
                                                  "message": text}, ensure_ascii=False))  # fmt: skip
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if message.get("t") == "hb":  # a heartbeat: memory only, no answer
            get_presence().beat(self.live_id, self.participant, message.get("watching") is True)
            return
        if message.get("t") not in ("vote", "up", "ask"):
            return
        await self.send(text_data=json.dumps(await self._act(message), ensure_ascii=False))

    async def _act(self, message: dict) -> dict:
        """A vote, an upvote or a question, answered with an ``ack`` (kept, or why not)."""
        from django.utils import translation

        from huiwu.core.errors import DomainError
        from huiwu.interaction import qa, voting

        ref = message.get("ref")
        ack = {"type": "ack", "ref": ref if isinstance(ref, str | int) and len(str(ref)) <= 40 else None}
        target = message.get("poll") if message["t"] == "vote" else message.get("question")
        if message["t"] != "ask" and (not isinstance(target, int) or isinstance(target, bool)):
            return {**ack, "ok": False, "code": "interaction_poll_closed"}
        try:
            if message["t"] == "vote":
                done = await voting.acast(
                    live_id=self.live_id,
                    participant=self.participant,
                    poll_id=target,
                    choice=message.get("choice"),
                    address=self.address,
                )
                return {
                    **ack,
                    "poll": target,
                    "ok": True,
                    "outcome": done.outcome,
                    "choice": done.choice,
                    "seq": done.seq,
                }
            if message["t"] == "up":
                outcome = await qa.aupvote(
                    live_id=self.live_id, participant=self.participant, question=target, address=self.address
                )
                return {**ack, "question": target, "ok": True, "outcome": outcome}
            asked = await _ask(self.live_id, self.participant, message, self.address)
            return {**ack, "ok": True, "asked": asked}
        except DomainError as exc:
            with translation.override(self.language):
                text = str(exc.message)
            where = {"poll": target} if message["t"] == "vote" else {"question": target}
            return {**ack, **where, "ok": False, "code": str(exc.code), "message": text}


class ScreenConsumer(Socket):
    """The big screen and the client's live view: ``/ws/screen/<token>/`` (the screen's or the client's
    secret link). They only receive."""

    channel_layer_alias = None

    async def connect(self):
        live_id = await _live_by_token(self.scope["url_route"]["kwargs"]["token"])
        if live_id is None:
            await self.close(code=4403)
            return
        await self.accept()
        for key in ("session", "cookies", "headers"):
            self.scope.pop(key, None)
        self.sender = self._send_frame
        await get_hub().attach(self.sender, [f"live:{live_id}:screens"])
        await self.send(text_data='{"type":"hello"}')

    async def _send_frame(self, frame: str) -> None:
        await self.send(text_data=frame)

    async def disconnect(self, code):
        if hasattr(self, "sender"):
            get_hub().detach(self.sender)
