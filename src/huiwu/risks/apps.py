from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "huiwu.risks"
    label = "risks"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (listens to events.signals.meeting_created)
