from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "huiwu.interaction"
    verbose_name = _("Live interaction")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (the run-of-show's cues open and close polls)
