from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from huiwu.api.api import api
from huiwu.checkin import views as checkin_views
from huiwu.core import views as core_views
from huiwu.events.views import calendar as event_calendar
from huiwu.events.views import survey as event_survey
from huiwu.server import views as server_views
from huiwu.webhooks import views as webhook_views
from huiwu.workspace.views import orgs as org_views

org_patterns = [
    path("", include("huiwu.workspace.urls.orgs")),
    path("clients/", include("huiwu.clients.urls")),
    path("meetings/", include("huiwu.events.urls")),
    path("meetings/", include("huiwu.reports.urls")),
    path("tasks/", include("huiwu.events.urls_tasks")),
    path("playbooks/", include("huiwu.events.urls_playbooks")),
    path("venues/", include("huiwu.venues.urls")),
    path("risks/", include("huiwu.risks.urls")),
    path("standards/", include("huiwu.standards.urls")),
    path("staff/", include("huiwu.staff.urls")),
    path("suppliers/", include("huiwu.suppliers.urls")),
    path("agenda/", include("huiwu.agenda.urls")),
    path("attendees/", include("huiwu.attendees.urls")),
    path("checkin/", include("huiwu.checkin.urls")),
    path("onsite/", include("huiwu.onsite.urls")),
    path("contracts/", include("huiwu.contracts.urls")),
    path("budgets/", include("huiwu.budgets.urls")),
    path("inspections/", include("huiwu.inspections.urls")),
    path("feedback/", include("huiwu.feedback.urls")),
    path("wrapup/", include("huiwu.wrapup.urls")),
    path("interaction/", include("huiwu.interaction.urls")),
    path("jobs/", include("huiwu.jobs.urls")),
    path("notifications/", include("huiwu.workspace.urls.notifications")),
    path("webhooks/", include("huiwu.webhooks.urls")),
    path("", include("huiwu.areas.urls")),
]

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", server_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("accounts/", include("huiwu.workspace.urls.accounts")),
    path("o/<slug:org>/", include(org_patterns)),
    path("api/v1/", api.urls),
    path("s/<str:token>/", event_survey.survey_public, name="public-survey"),
    path("p/<str:token>/", include("huiwu.agenda.urls_public")),
    # under "a/", not "": Django shares one converters dict among the "" includes
    path("a/", include("huiwu.attendees.urls_public")),
    path("f/", include("huiwu.feedback.urls_public")),
    path("i/", include("huiwu.interaction.urls_public")),
    path("portal/", include("huiwu.portal.urls")),
    path("c/", include("huiwu.checkin.urls_device")),
    path("scanner-sw.js", checkin_views.service_worker, name="scanner-sw"),
    path("feeds/<str:token>/deadlines.ics", event_calendar.deadlines_feed, name="feed-deadlines"),
    path("hooks/inbox/<int:endpoint>/", webhook_views.inbox, name="webhook-inbox"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

handler400 = "huiwu.core.views.error_400"
handler403 = "huiwu.core.views.error_403"
handler404 = "huiwu.core.views.error_404"
handler500 = "huiwu.core.views.error_500"

if settings.HUIWU_ADMIN:
    urlpatterns.append(path("django-admin/", admin.site.urls))
