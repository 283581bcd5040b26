from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServerConfig(AppConfig):
    """The running site, above every domain: ``huiwu serve``, ``huiwu demo``, ``/healthz`` and the
    live WebSocket (its tenancy check)."""

    name = "huiwu.server"
    label = "server"
    verbose_name = _("Server")
