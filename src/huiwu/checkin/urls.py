from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("for/<int:meeting>/", views.gates, name="gates"),
    path("gates/<int:gate>/", views.gate_edit, name="gate-edit"),
    path("gates/<int:gate>/scanner/", views.scanner, name="scanner"),
    path("gates/<int:gate>/scan/", views.scan, name="scan"),
    path("gates/<int:gate>/sync/", views.sync, name="sync"),
    path("gates/<int:gate>/list/", views.offline_list, name="list"),
    path("gates/<int:gate>/devices/", views.device_add, name="device-add"),
    path("devices/<int:device>/revoke/", views.device_revoke, name="device-revoke"),
]
