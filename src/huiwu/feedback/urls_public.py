from django.urls import path

from . import public

app_name = "feedback_public"

urlpatterns = [
    path("<str:token>/", public.station, name="station"),
]
