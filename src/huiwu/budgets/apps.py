from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "huiwu.budgets"
    verbose_name = "Budgets"

    def ready(self) -> None:
        from . import importing, receivers  # noqa: F401  (the import job; the guard on contracts' money, the gate)
