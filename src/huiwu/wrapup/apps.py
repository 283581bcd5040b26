from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WrapupConfig(AppConfig):
    name = "huiwu.wrapup"
    verbose_name = _("Wrap-up")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (the follow-up's mailing job)
