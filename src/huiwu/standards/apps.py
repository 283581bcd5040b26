from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "huiwu.standards"
    label = "standards"

    def ready(self) -> None:
        from . import excel, receivers  # noqa: F401  (the import job; a new organisation's catalogue)
