from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "huiwu.orgs"
    label = "orgs"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the organisation's job kinds)
