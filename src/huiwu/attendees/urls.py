from django.urls import path

from . import views

app_name = "attendees"

urlpatterns = [
    path("badge-templates/", views.badge_templates, name="badge-templates"),
    path("for/<int:meeting>/", views.attendee_list, name="list"),
    path("for/<int:meeting>/new/", views.attendee_new, name="new"),
    path("for/<int:meeting>/export.xlsx", views.export, name="export"),
    path("for/<int:meeting>/import/", views.import_start, name="import"),
    path("for/<int:meeting>/import/<str:upload>/", views.import_map, name="import-map"),
    path("for/<int:meeting>/badges/", views.badges, name="badges"),
    path("for/<int:meeting>/invite/", views.invite, name="invite"),
    path("for/<int:meeting>/registration/", views.registration, name="registration"),
    path("imports/<int:run>/", views.import_report, name="import-report"),
    path("<int:attendee>/", views.attendee_edit, name="edit"),
    path("<int:attendee>/delete/", views.attendee_delete, name="delete"),
    path("<int:attendee>/status/", views.set_status, name="status"),
    path("<int:attendee>/reissue/", views.reissue, name="reissue"),
    path("<int:attendee>/profile/", views.profile, name="profile"),
    path("<int:attendee>/photo", views.photo, name="photo"),
    path("<int:attendee>/badge.pdf", views.badge_pdf, name="badge-pdf"),
    path("<int:attendee>/reveal/<str:field>/", views.reveal, name="reveal"),
]
