from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "huiwu.contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from . import receivers, tasks  # noqa: F401  (a new organisation's library and CA; the reminders)
