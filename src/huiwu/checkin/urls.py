from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("for/<int:meeting>/", views.gates, name="gates"),
    path("gates/<int:gate>/", views.gate_edit, name="gate-edit"),
    path("gates/<int:gate>/scanner/", views.scanner, name="scanner"),
    path("gates/<int:gate>/scan/", views.scan, name="scan"),
]
