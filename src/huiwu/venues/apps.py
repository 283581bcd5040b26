from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "huiwu.venues"
    label = "venues"

    def ready(self) -> None:
        from . import excel  # noqa: F401  (registers the catalogue import job)
