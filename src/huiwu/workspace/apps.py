from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The pages of a person and of their organisation, above every domain: sign-in, security and
    invitations (URL namespace ``accounts``), home, members, tokens, audit trail and settings
    (``orgs``), notifications (``notifications``). The rules they apply live in ``accounts``,
    ``orgs`` and ``notifications``; this app only adapts them to pages."""

    name = "huiwu.workspace"
    label = "workspace"
    verbose_name = _("Workspace")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the organisation's job kinds)
