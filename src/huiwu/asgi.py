"""ASGI entry: Django for HTTP, Channels for the live WebSocket."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwu.settings")

from huiwu.core.asgi import get_asgi_application  # Django's handler, synchronous chain

django_asgi = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the app registry)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from huiwu.server.consumers import InteractionConsumer, LiveConsumer, ScreenConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi,
        "websocket": AllowedHostsOriginValidator(
            URLRouter(
                [
                    # a participant's phone and the screens: no session to load, only a signed token
                    path("ws/i/<str:code>/", InteractionConsumer.as_asgi()),
                    path("ws/screen/<str:token>/", ScreenConsumer.as_asgi()),
                    path("ws/live/", AuthMiddlewareStack(LiveConsumer.as_asgi())),
                ]
            )
        ),
    }
)
