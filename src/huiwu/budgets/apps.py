from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "huiwu.budgets"
    verbose_name = "Budgets"
