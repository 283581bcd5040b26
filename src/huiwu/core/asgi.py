"""Django's ASGI handler, run the way our code is written: synchronously, in one thread per request.

Every view and middleware of Huiwu is synchronous (the live WebSocket is Channels', beside this).
Django's own ASGI handler builds an asynchronous middleware chain and then crosses between the event
loop and a worker thread several times per request (into the middleware, back out for the inner
handler, in again for the view). Here the whole chain runs in the worker thread in one crossing,
as under WSGI; reading the request and sending the response stay on the event loop. Measured on a
check-in scan under ``huiwu serve``: see ``python -m bench checkin``.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.http import FileResponse


class SyncASGIHandler(ASGIHandler):
    def __init__(self):
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)

    async def run_get_response(self, request):
        response = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):  # the ASGI server does the chunking
            response.block_size = self.chunk_size
        return response


def get_asgi_application() -> SyncASGIHandler:
    import django

    django.setup(set_prefix=False)
    return SyncASGIHandler()
