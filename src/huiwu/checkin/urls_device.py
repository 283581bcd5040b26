from django.urls import path

from . import device_views

app_name = "checkin-device"

urlpatterns = [
    path("", device_views.scanner, name="scanner"),
    path("pair/<str:code>/", device_views.pair, name="pair"),
]
