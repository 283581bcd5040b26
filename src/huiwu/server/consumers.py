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
        slug = parse_qs(self.scope.get("query_string", b"").decode()).get("org", [""])[0]
        if slug and (org_topic := await _org_topic(user, slug)):
            topics.append(org_topic)
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
