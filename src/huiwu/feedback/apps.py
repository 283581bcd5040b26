from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "huiwu.feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from . import jobs, receivers  # noqa: F401  (the survey's job; what feedback answers)
