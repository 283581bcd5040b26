from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "huiwu.standards"
    label = "standards"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (a new organisation gets its catalogue)
