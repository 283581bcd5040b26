"""The one WebSocket a page opens: ``/ws/live/?org=<slug>``.

It subscribes the socket to the signed-in user's topic and, when the user is an active member,
to the organisation's topic; the per-process hub (``core/realtime.py``) writes events to it.
"""

import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from huiwu.core.realtime import get_hub


@database_sync_to_async
def _org_topic(user, slug: str) -> str | None:
    from huiwu.orgs.models import Membership

    m = Membership.objects.filter(user=user, org__slug=slug, is_active=True).values("org_id").first()
    return f"org:{m['org_id']}" if m else None


class LiveConsumer(AsyncWebsocketConsumer):
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
        if live and await _moderates(user, live):
            topics += [f"live:{live}:screens", f"live:{live}:moderators"]
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


@database_sync_to_async
def _live_by_code(code: str) -> int | None:
    from huiwu.interaction.models import Live

    return Live.objects.filter(code=code.upper()).values_list("pk", flat=True).first()


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
def _moderates(user, live_id: str) -> bool:
    from huiwu.events.selectors import is_planner
    from huiwu.interaction.models import Live
    from huiwu.orgs.models import Membership

    live = (
        Live.objects.filter(pk=int(live_id)).select_related("meeting").first() if live_id.isdigit() else None
    )
    if live is None:
        return False
    m = Membership.objects.filter(user=user, org_id=live.org_id, is_active=True).first()
    return is_planner(m, live.meeting)


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


MESSAGE_LIMIT = 4096  # a vote is small; a bigger frame is refused unread


class InteractionConsumer(AsyncWebsocketConsumer):
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
        if not text_data or len(text_data) > MESSAGE_LIMIT:
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(message, dict) or message.get("t") != "vote":
            return
        await self.send(text_data=json.dumps(await self._vote(message), ensure_ascii=False))

    async def _vote(self, message: dict) -> dict:
        from django.utils import translation

        from huiwu.core.errors import DomainError
        from huiwu.interaction import voting

        ref = message.get("ref")
        ref = ref if isinstance(ref, str | int) and len(str(ref)) <= 40 else None
        poll = message.get("poll")
        if not isinstance(poll, int) or isinstance(poll, bool):
            return {"type": "ack", "ref": ref, "ok": False, "code": "interaction_poll_closed"}
        try:
            done = await voting.acast(
                live_id=self.live_id,
                participant=self.participant,
                poll_id=poll,
                choice=message.get("choice"),
                address=self.address,
            )
        except DomainError as exc:
            with translation.override(self.language):
                text = str(exc.message)
            return {
                "type": "ack",
                "ref": ref,
                "poll": poll,
                "ok": False,
                "code": str(exc.code),
                "message": text,
            }
        return {
            "type": "ack",
            "ref": ref,
            "poll": poll,
            "ok": True,
            "outcome": done.outcome,
            "choice": done.choice,
        }


class ScreenConsumer(AsyncWebsocketConsumer):
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
