from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "huiwu.budgets"
    verbose_name = "Budgets"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (the guard on contracts' money; the stage gate)
