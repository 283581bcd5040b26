from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "huiwu.inspections"
    label = "inspections"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (answers onsite.signals.command_alerts)
