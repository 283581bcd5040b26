from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "huiwu.portal"
    verbose_name = "Supplier portal"
