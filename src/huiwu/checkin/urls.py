from django.urls import path

from . import desk, views

app_name = "checkin"

urlpatterns = [
    path("for/<int:meeting>/", views.gates, name="gates"),
    path("for/<int:meeting>/figures.json", views.figures_json, name="figures"),
    path("for/<int:meeting>/remind/", views.remind_missing, name="remind"),
    path("scans/<int:scan>/review/", views.review, name="review"),
    path("gates/<int:gate>/", views.gate_edit, name="gate-edit"),
    path("gates/<int:gate>/scanner/", views.scanner, name="scanner"),
    path("gates/<int:gate>/desk/", desk.desk, name="desk"),
    path("gates/<int:gate>/desk/search/", desk.search, name="desk-search"),
    path("gates/<int:gate>/desk/walk-in/", desk.walk_in, name="desk-walk-in"),
    path("gates/<int:gate>/desk/<int:attendee>/admit/", desk.admit, name="desk-admit"),
    path("gates/<int:gate>/desk/<int:attendee>/badge.pdf", desk.badge, name="desk-badge"),
    path("gates/<int:gate>/desk/<int:attendee>/replace/", desk.replace, name="desk-replace"),
    path("gates/<int:gate>/devices/", views.device_add, name="device-add"),
    path("devices/<int:device>/revoke/", views.device_revoke, name="device-revoke"),
]
