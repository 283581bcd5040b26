from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "huiwu.suppliers"
    verbose_name = "Suppliers"

    def ready(self) -> None:
        from . import excel, receivers  # noqa: F401  (the import job; tiers follow the catalogue)
