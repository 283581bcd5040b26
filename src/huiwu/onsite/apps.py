from django.apps import AppConfig


class OnsiteConfig(AppConfig):
    name = "huiwu.onsite"
    label = "onsite"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the SLA watch)
