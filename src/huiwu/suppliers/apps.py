from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "huiwu.suppliers"
    verbose_name = "Suppliers"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
